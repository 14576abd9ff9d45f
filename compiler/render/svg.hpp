#pragma once
// The diagram as SVG, drawn by us from the layout (never by Graphviz's renderer).

#include <string>

#include "layout/layout.hpp"
#include "model/diagram.hpp"

namespace archc::render {

struct SvgOptions {
  // The layer shown at first; elements of other layers carry class `off` (hidden by CSS).
  std::size_t visible_layer = 0;
  std::string id = "archc-diagram";
};

// An `<svg>` element with every element of every layer. Each node, edge and group says which
// layers hold it in `data-layers`, so a page can toggle layers without moving anything.
std::string render_svg(const model::Diagram& diagram, const layout::Layout& layout,
                       const SvgOptions& options);

}  // namespace archc::render
