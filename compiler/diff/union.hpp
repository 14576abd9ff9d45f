#pragma once
// The picture of `archc diff -o diff.html|svg`: both versions as one diagram, laid out once,
// so that nothing moves between the versions or the layers. Every layer of either version;
// each element in the layers where either version has it, taken from the new version where
// it exists there; marks that say where it is added, removed or changed.

#include "model/diagram.hpp"
#include "render/svg.hpp"

namespace archc::diff {

struct Union {
  model::Diagram diagram;      // no scenarios, no rules: what the picture draws
  render::VersionMarks marks;  // parallel to diagram's groups, nodes and edges
};

Union union_of(const model::Diagram& before, const model::Diagram& after);

}  // namespace archc::diff
