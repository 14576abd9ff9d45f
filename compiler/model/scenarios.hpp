#pragma once
// Scenarios: steps resolved against a layer's nodes and connections, laid on a timeline.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/diagram.hpp"
#include "syntax/ast.hpp"

namespace archc::model {

// Node ids to their index in Diagram::nodes.
using NodeIndex = std::unordered_map<std::string, std::size_t>;

// An end of a step as written: a node, or a group that a group connection names.
struct StepEnd {
  NodeId node = kNone;
  GroupId group = kNone;
  bool valid() const { return node != kNone || group != kNone; }
};

// The connections by (dialer, listener), over every layer: a step finds the one its layer
// holds. A group connection is there by its pairs' nodes and by the names written.
// Built once for all scenarios.
class ConnectionIndex {
 public:
  explicit ConnectionIndex(const Diagram& diagram);
  // The connection from `from` to `to` in `layer`, or kNone.
  EdgeId find(StepEnd from, StepEnd to, LayerId layer) const;

 private:
  static std::uint64_t part(StepEnd e) {
    return e.group != kNone ? (std::uint64_t{1} << 31) | e.group.index() : e.node.index();
  }
  static std::uint64_t key(StepEnd from, StepEnd to) { return (part(from) << 32) | part(to); }
  const Diagram& d_;
  std::unordered_map<std::uint64_t, std::vector<EdgeId>> edges_;
};

// Resolves `decl` against the diagram's layers (already resolved). Returns nullopt when the
// scenario cannot be placed at all (unknown layer); bad steps are reported and left out.
// Duplicate scenario ids are the caller's to find.
std::optional<Scenario> build_scenario(const syntax::ScenarioDecl& decl, const Diagram& diagram,
                                       const NodeIndex& nodes, const ConnectionIndex& connections,
                                       source::Diagnostics& diags);

}  // namespace archc::model
