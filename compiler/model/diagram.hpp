#pragma once
// The resolved diagram: plain data, in source order, that later stages read.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "source/diagnostics.hpp"
#include "syntax/ast.hpp"
#include "model/ids.hpp"
#include "model/layer_set.hpp"

namespace archc::model {

using source::Span;

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
// kind name, `*`, `!NAME`, or a set `[a, b]` / `![a, b]`.
using syntax::Pattern;
using syntax::RuleClause;
using syntax::RuleConnect;

struct Rule {
  std::string id;
  std::string description;
  std::vector<RuleClause> clauses;
  source::Severity severity = source::Severity::Error;
  bool fix_reverse = false;
  // What to do about a violation when no fix applies (`help: "…"`): which kind or role to
  // use, which property says so.
  std::string help;
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
  GroupId parent = kNone;
  Common props;
  Span span;
  LayerSet layers;  // the layers that hold it (Diagram::layer_order)
};

struct Node {
  std::string id;
  std::string kind;
  std::string label;  // defaults to the id
  GroupId group = kNone;
  Common props;
  Span span;
  LayerSet layers;  // the layers that hold it (Diagram::layer_order)
};

enum class Flow { Forward, Backward, Both };

// What decided which way data flows over a connection, strongest first: `flow:` as written,
// the scenarios (every step over it carries data the same way), the roles at its ends (a
// consumer dialing a broker reads from it), its label when it names a read (`GetObject`,
// "polls", "scrape"), else the default (the dialer sends).
enum class FlowEvidence { Written, Scenario, Roles, Label, Default };

struct Diagram;
// The way data flows over a connection from `from` to `to` with `label` when no `flow:` is
// written and no scenario decides: a write named in the label, then the roles, then a read
// named in the label, then forward (what the model derives; a reverse fix keeps the data's
// way with it).
Flow flow_without_scenarios(const Diagram& diagram, NodeId from, NodeId to, std::string_view label);

// The way data would flow over edge `e` were no `flow:` written on it: the scenarios' way when
// every step over it goes one way, else flow_without_scenarios.
Flow flow_unwritten(const Diagram& diagram, EdgeId e);

struct Edge {
  NodeId from = kNone;  // the dialer
  NodeId to = kNone;    // the listener
  std::string label;
  Flow flow = Flow::Forward;
  bool flow_explicit = false;
  FlowEvidence flow_evidence = FlowEvidence::Default;
  std::string flow_reason;  // in words, for `--explain-flow`: "a `consumer` reads a `broker`"
  bool stream = false;
  Common props;
  Span span;
  Span head;        // `connect(from, to)` in the source, without label and props
  Span flow_value;  // the value of an explicit `flow:`
  LayerSet layers;
  bool listed = false;  // one pair of `connect([a, b], c)`: its statement holds others
  // Written with a group at an end (`connect(shop, otel)`, ARCH_LANGUAGE §2): the statement is
  // one connection per member pair, which the rules and the scenarios see, each naming the
  // groups as written. A picture draws the statement once, as the pair `drawn_by`, in every
  // layer that has any of its pairs (`group_layers`, set on that pair only).
  GroupId from_group = kNone;
  GroupId to_group = kNone;
  EdgeId drawn_by = kNone;
  LayerSet group_layers;
  bool of_group() const { return from_group != kNone || to_group != kNone; }
  // The layers in which a picture draws this edge: its own, or for a group connection, every
  // layer of the statement on the pair that draws it and none on the others.
  const LayerSet& drawn_layers() const { return of_group() ? group_layers : layers; }
};

// The layers in which a picture draws an element (Edge::drawn_layers for connections).
inline const LayerSet& drawn_layers(const Node& n) { return n.layers; }
inline const LayerSet& drawn_layers(const Group& g) { return g.layers; }
inline const LayerSet& drawn_layers(const Edge& e) { return e.drawn_layers(); }

struct Layer {
  std::string id;
  std::string title;
  std::optional<std::string> extends;
  Span span;
};

struct Step {
  // from == kNone for a note (a caption-only pause)
  NodeId from = kNone;
  NodeId to = kNone;
  // A step that names a group (`shop -> otel`) rides one pair of the group's connection:
  // `from`/`to` are that pair's nodes, and these say which names were written.
  GroupId from_group = kNone;
  GroupId to_group = kNone;
  EdgeId edge = kNone;
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
  LayerId layer = kNone;
  std::vector<Step> steps;
  int length = 0;  // the end of the last slot
  Common props;
  Span span;
};

// A focused picture of one layer (`view ID "title" of LAYER { include …; exclude … }`): which
// of the layer's nodes it shows. It changes no model and no rule; its connections are the
// layer's between shown nodes, and each view is laid out on its own (model/views.hpp).
struct View {
  std::string id;
  std::string title;
  LayerId layer = kNone;
  std::vector<NodeId> nodes;  // shown, in id order; never empty
  Common props;
  Span span;
};

// Which way data flows across the picture: the direction of its ranks (`direction:`).
enum class Direction { Right, Down, Left, Up };
const char* direction_word(Direction d);  // "right", "down", …

struct Diagram {
  std::string title;
  std::string description;
  Direction direction = Direction::Right;
  std::vector<Role> roles;
  std::vector<Kind> kinds;
  std::vector<Rule> rules;
  // The union of every layer, in source order; each element says which layers hold it.
  Table<GroupId, Group> groups;
  Table<NodeId, Node> nodes;
  Table<EdgeId, Edge> edges;
  Table<LayerId, Layer> layers;
  // Layers as runs of a walk of the `extends` forest: what each element's `layers` index.
  LayerOrder layer_order;
  Table<ScenarioId, Scenario> scenarios;
  std::vector<View> views;  // in source order
  const View* find_view(std::string_view id) const;
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
  NodeId find_node(std::string_view id) const;
  // The name written at an end of a connection or a step: the group's id when a group stands
  // there, else the node's.
  const std::string& end_name(const Edge& e, bool from) const;
  const std::string& end_name(const Step& s, bool from) const;
  // Every node inside group `g`, nested groups included, in id order.
  std::vector<NodeId> members(GroupId g) const;
  GroupId find_group(std::string_view id) const;
  LayerId find_layer(std::string_view id) const;

  bool in_layer(const LayerSet& set, LayerId layer) const { return layer_order.contains(set, layer); }
  // What one layer holds, in id order: a pass over the table. A group connection is there
  // once, as the pair that draws it.
  std::vector<NodeId> nodes_in(LayerId layer) const;
  std::vector<EdgeId> edges_in(LayerId layer) const;
  std::vector<GroupId> groups_in(LayerId layer) const;
  // How many (layer, element) pairs there are: what outputs that list each layer's contents
  // write, counted without writing them.
  std::size_t memberships() const;
  // The title, or the words every output uses when the file sets none.
  std::string display_title() const { return title.empty() ? "Architecture diagram" : title; }
};

}  // namespace archc::model
