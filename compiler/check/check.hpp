#pragma once
// The check stage: the diagram's rules (stdlib and user), checked in every layer.
// The semantics are written down in docs/rules.md.

#include "model/diagram.hpp"

namespace archc::check {

// Reports each violation once, at the offending element, naming the layers it breaks in:
//   - `forbid connect(P, Q)`: at each connection from a P to a Q;
//   - `require connect(P, Q)`: at each P that dials no Q in a layer;
//   - `require connect(P, each Q)`: at each Q that no P dials in a layer;
//   - `require A or B`: at each node the line is about that meets neither in a layer.
// An `allow: [rule]` on the connection, on either of its nodes or on a group around them
// suppresses the rule there. With `sources`, a `fix: reverse` keeps the connection's label
// and props in Diagnostic::fix (the replacement for the whole statement); without them the
// fix is only the reversed `connect(…)`.
void check_rules(const model::Diagram& diagram, source::Diagnostics& diags,
                 const source::SourceMap* sources = nullptr);

// Whether a node of kind `kind` matches `pattern` (a role or kind name, `*`, or `!NAME`).
bool matches(const model::Diagram& diagram, const model::Pattern& pattern, const model::Kind* kind);

// How a pattern reads in docs and messages: `broker`, `*`, `!database`, `each function`.
std::string pattern_text(const model::Pattern& pattern);

}  // namespace archc::check
