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

// The connections by (dialer, listener), over every layer: a step finds the one its layer
// holds. Built once for all scenarios.
class ConnectionIndex {
 public:
  explicit ConnectionIndex(const Diagram& diagram);
  // The connection from `from` to `to` in `layer`, or kNone.
  EdgeId find(NodeId from, NodeId to, LayerId layer) const;

 private:
  static std::uint64_t key(NodeId from, NodeId to) {
    return (static_cast<std::uint64_t>(from.index()) << 32) | to.index();
  }
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
