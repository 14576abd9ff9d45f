#pragma once
// The resolved diagram: plain data, in source order, that later stages read.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "source/diagnostics.hpp"
#include "syntax/ast.hpp"

namespace archc::model {

using source::Span;
inline constexpr std::size_t kNone = static_cast<std::size_t>(-1);

struct Role {
  std::string id;
  std::string description;
  // When a node with this role dials a node with one of these roles (or kinds; `*` is any),
  // data flows backward: the dialer reads.
  std::vector<std::string> reads;
  std::string module;  // `std.streaming`, or empty for user files
  Span span;
};

struct Kind {
  std::string id;
  std::vector<std::string> roles;
  std::vector<Span> role_spans;  // parallel to roles
  std::string description;
  std::string icon;
  std::string module;
  Span span;
};

// A rule's lines are kept as written: `forbid connect(FROM, TO)` with each side a role or
// kind name, `*`, or `!NAME`.
using syntax::Pattern;
using syntax::RuleClause;

struct Rule {
  std::string id;
  std::string description;
  std::vector<RuleClause> clauses;
  source::Severity severity = source::Severity::Error;
  bool fix_reverse = false;
  std::string module;
  Span span;
};

// A property that archc does not interpret (`protocol: "pgoutput"`), kept for the outputs.
struct Extra {
  std::string key;
  std::string value;  // as text; lists joined with ", "
};

// Properties every element accepts (ARCH_LANGUAGE §2).
struct Common {
  std::string note;
  std::string icon;
  std::string color;
  std::vector<std::string> tags;
  std::vector<std::string> allow;  // rule names suppressed on this element
  std::vector<Span> allow_spans;   // parallel to allow
  std::vector<Extra> extra;
};

struct Group {
  std::string id;
  std::string label;
  std::size_t parent = kNone;  // index into Diagram::groups
  Common props;
  Span span;
};

struct Node {
  std::string id;
  std::string kind;
  std::string label;  // defaults to the id
  std::size_t group = kNone;
  Common props;
  Span span;
};

enum class Flow { Forward, Backward, Both };

struct Edge {
  std::size_t from = kNone;  // the dialer (index into Diagram::nodes)
  std::size_t to = kNone;    // the listener
  std::string label;
  Flow flow = Flow::Forward;
  bool flow_explicit = false;
  bool stream = false;
  Common props;
  Span span;
  Span head;        // `connect(from, to)` in the source, without label and props
  Span flow_value;  // the value of an explicit `flow:`
};

struct Layer {
  std::string id;
  std::string title;
  std::optional<std::string> extends;
  // Indices into Diagram::nodes, ::edges and ::groups, in source order.
  std::vector<std::size_t> nodes;
  std::vector<std::size_t> edges;
  std::vector<std::size_t> groups;
  Span span;
};

struct Step {
  // from == kNone for a note (a caption-only pause)
  std::size_t from = kNone;
  std::size_t to = kNone;
  std::size_t edge = kNone;
  bool against = false;  // the packet travels from listener to dialer (a response, a pull)
  std::string caption;
  int start = 0;  // slots on the scenario's timeline; `par` branches share their start
  int end = 0;
  double duration_ms = 0;  // 0: the player's default
  std::string style;       // "" or "alert"
  Span span;
};

struct Scenario {
  std::string id;
  std::string title;
  std::size_t layer = kNone;
  std::vector<Step> steps;
  int length = 0;  // the end of the last slot
  Common props;
  Span span;
};

struct Diagram {
  std::string title;
  std::string description;
  std::vector<Role> roles;
  std::vector<Kind> kinds;
  std::vector<Rule> rules;
  // The union of every layer, in source order; layers hold indices into these.
  std::vector<Group> groups;
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::vector<Layer> layers;
  std::vector<Scenario> scenarios;
  // The stdlib modules, in the order loaded (`std.core`, …), with their `description`.
  struct Module {
    std::string id;
    std::string description;
  };
  std::vector<Module> modules;
  // Node ids whose declarations were dropped after a reported error; naming one is not
  // reported again. Sorted.
  std::vector<std::string> dropped_nodes;
  bool was_dropped(std::string_view id) const;

  const Kind* find_kind(std::string_view id) const;
  const Role* find_role(std::string_view id) const;
  std::size_t find_node(std::string_view id) const;
  std::size_t find_layer(std::string_view id) const;
  // The title, or the words every output uses when the file sets none.
  std::string display_title() const { return title.empty() ? "Architecture diagram" : title; }
};

}  // namespace archc::model
