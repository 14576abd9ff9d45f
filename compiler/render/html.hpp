#pragma once
// One self-contained HTML page: the diagram as inline SVG, layer pills, and the player's
// script and styles inlined (no network request of any kind).

#include <string>

#include "layout/layout.hpp"
#include "model/diagram.hpp"

namespace archc::render {

// The page opens on `first_layer` (none: the last), with the layer diff shown when `changes`.
std::string render_html(const model::Diagram& diagram, const layout::Layout& layout,
                        model::LayerId first_layer = model::kNone, bool changes = false);

}  // namespace archc::render
