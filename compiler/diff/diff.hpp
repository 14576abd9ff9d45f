#pragma once
// `archc diff`: what changes between two resolved diagrams, for review. Compared as models,
// never as text: nodes and groups by id, connections by their two ends, scenarios by id and
// their steps in order, views by id and the nodes they show, per layer; a changed label, kind, note, protocol, flow, `stream` or
// group is a change of that element, not a removal and an addition. Also the rule
// violations that the change introduces or fixes.

#include <string>
#include <string_view>
#include <vector>

#include "model/diagram.hpp"
#include "source/diagnostics.hpp"
#include "source/source_map.hpp"

namespace archc::diff {

enum class Change { Added, Removed, Changed };

struct FieldChange {
  std::string field;          // "label", "kind", "group", "note", "flow", "stream", a property…
  std::string before, after;  // as written in a diagram ("" for none)
  friend bool operator==(const FieldChange&, const FieldChange&) = default;
};

// One element of a layer, or a scenario.
struct ElementChange {
  Change change = Change::Changed;
  std::string type;            // "group", "node", "connection", "scenario", "view", "layer"
  std::string id;              // a node's, group's, scenario's or layer's id
  std::string from, to;        // a connection's two ends (the dialer, the listener)
  std::string kind, label;     // what an added or removed node, group or scenario is
  std::vector<FieldChange> fields;  // a changed element's differences, in a fixed order
  std::vector<std::string> steps_removed, steps_added;  // a scenario's steps, as text
  std::vector<std::string> nodes_removed, nodes_added;  // the nodes a view shows
  friend bool operator==(const ElementChange&, const ElementChange&) = default;
};

// A layer's changes. A layer that extends another in both versions lists only what its base
// does not: a node renamed in v1 is listed under v1, not again under every layer built on it.
struct LayerChanges {
  std::string layer;
  Change change = Change::Changed;  // Added: only in the new version; Removed: only in the old
  std::string title, extends;       // the layer's (the new version's, or the old's if removed)
  // For an added layer that extends another, what it adds to and removes from that layer.
  std::vector<ElementChange> elements;
};

struct RuleChange {
  bool introduced = false;  // false: fixed
  std::string name;         // the rule's name or the diagnostic's code
  source::Severity severity = source::Severity::Error;
  std::string message;
  std::string where;        // FILE:LINE:COL in the version that has it
};

struct DiagramDiff {
  std::vector<FieldChange> diagram;  // the title and the description
  std::vector<LayerChanges> layers;  // the new version's layer order, then removed layers
  std::vector<ElementChange> scenarios;
  std::vector<ElementChange> views;  // by id: title, layer, the nodes shown
  std::vector<RuleChange> rules;

  bool empty() const;
};

// One side of the comparison: the diagram, the diagnostics of its compile (rules included)
// and the sources they point into.
struct Side {
  const model::Diagram& diagram;
  const source::Diagnostics& diags;
  const source::SourceMap& sources;
};

DiagramDiff compare(const Side& before, const Side& after);

// Whether one element differs between two versions, by the fields compare() reports (its
// kind, label, group, flow, stream, note, properties…): the picture marks what the text lists.
bool differs(const model::Diagram& a, const model::Node& x, const model::Diagram& b, const model::Node& y);
bool differs(const model::Diagram& a, const model::Edge& x, const model::Diagram& b, const model::Edge& y);
bool differs(const model::Diagram& a, const model::Group& x, const model::Diagram& b, const model::Group& y);

// A name or text from the input as the reports show it: bytes that are not UTF-8 as `\xff`
// (JSON cannot hold them, and two file names that differ only there stay apart), control
// characters as `\u{1b}` (nothing in a name can drive a terminal). Plain text is unchanged,
// so applying it twice changes nothing.
std::string printable(std::string_view text);

// Human text: one block per layer (`+ node kafka (kafka) "Kafka"`, `- connect(metabase,
// redshift)`, `~ connect(airbyte, pg-primary): label "JDBC" → "CDC"`), then scenarios, then
// rule violations. "no changes" when there are none.
std::string to_text(const DiagramDiff& diff, const std::string& before_name, const std::string& after_name);
// JSON with stable keys (docs/diff.md).
std::string to_json(const DiagramDiff& diff, const std::string& before_name, const std::string& after_name);
// A summary table and lists, for a pull-request comment.
std::string to_markdown(const DiagramDiff& diff, const std::string& before_name, const std::string& after_name);

}  // namespace archc::diff
