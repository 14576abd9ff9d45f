#pragma once
// One self-contained HTML page: the diagram as inline SVG, layer pills, and the player's
// script and styles inlined (no network request of any kind).

#include <string>

#include "layout/layout.hpp"
#include "model/diagram.hpp"

namespace archc::render {

// The page opens on `first_layer` (an index into Diagram::layers; past the end: the last).
std::string render_html(const model::Diagram& diagram, const layout::Layout& layout,
                        std::size_t first_layer = static_cast<std::size_t>(-1));

}  // namespace archc::render
