#pragma once
// The check stage: the diagram's rules (stdlib and user), checked in every layer.

#include "model/diagram.hpp"

namespace archc::check {

// Reports each violation once, at the offending element, naming the layers it breaks in.
void check_rules(const model::Diagram& diagram, source::Diagnostics& diags);

// Whether a node of kind `kind` matches `pattern` (a role or kind name, `*`, or `!NAME`).
bool matches(const model::Diagram& diagram, const model::Pattern& pattern, const model::Kind* kind);

}  // namespace archc::check
