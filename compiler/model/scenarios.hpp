#pragma once
// Scenarios: steps resolved against a layer's nodes and connections, laid on a timeline.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/diagram.hpp"
#include "syntax/ast.hpp"

namespace archc::model {

// Node ids to their index in Diagram::nodes.
using NodeIndex = std::unordered_map<std::string, std::size_t>;

// What scenario steps look up in a layer: its nodes, and its connections by (dialer,
// listener). Built once per layer on first use and shared by every scenario of that layer,
// so that many scenarios cost one pass over a large layer, not one pass each.
class LayerLookup {
 public:
  struct Index {
    Table<NodeId, char> in_layer;
    std::unordered_map<std::uint64_t, EdgeId> edges;
    static std::uint64_t key(NodeId from, NodeId to) {
      return (static_cast<std::uint64_t>(from.index()) << 32) | to.index();
    }
  };
  explicit LayerLookup(const Diagram& diagram) : d_(diagram), built_(diagram.layers.size()) {}
  const Index& of(LayerId layer);

 private:
  const Diagram& d_;
  Table<LayerId, std::unique_ptr<Index>> built_;
};

// Resolves `decl` against the diagram's layers (already resolved). Returns nullopt when the
// scenario cannot be placed at all (unknown layer); bad steps are reported and left out.
// Duplicate scenario ids are the caller's to find.
std::optional<Scenario> build_scenario(const syntax::ScenarioDecl& decl, const Diagram& diagram,
                                       const NodeIndex& nodes, LayerLookup& layers, source::Diagnostics& diags);

}  // namespace archc::model
