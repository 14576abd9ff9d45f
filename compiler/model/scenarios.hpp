#pragma once
// Scenarios: steps resolved against a layer's nodes and connections, laid on a timeline.

#include <optional>
#include <string>
#include <unordered_map>

#include "model/diagram.hpp"
#include "syntax/ast.hpp"

namespace archc::model {

// Node ids to their index in Diagram::nodes.
using NodeIndex = std::unordered_map<std::string, std::size_t>;

// Resolves `decl` against the diagram's layers (already resolved). Returns nullopt when the
// scenario cannot be placed at all (unknown layer); bad steps are reported and left out.
// Duplicate scenario ids are the caller's to find.
std::optional<Scenario> build_scenario(const syntax::ScenarioDecl& decl, const Diagram& diagram,
                                       const NodeIndex& nodes, source::Diagnostics& diags);

}  // namespace archc::model
