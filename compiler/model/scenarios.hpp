#pragma once
// Scenarios: steps resolved against a layer's nodes and connections, laid on a timeline.

#include <optional>

#include "model/diagram.hpp"
#include "syntax/ast.hpp"

namespace archc::model {

// Resolves `decl` against the diagram's layers (already resolved). Returns nullopt when the
// scenario cannot be placed at all (unknown layer, duplicate id); bad steps are reported and
// left out.
std::optional<Scenario> build_scenario(const syntax::ScenarioDecl& decl, const Diagram& diagram,
                                       const source::SourceMap& sources, source::Diagnostics& diags);

}  // namespace archc::model
