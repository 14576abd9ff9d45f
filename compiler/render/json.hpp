#pragma once
// The resolved model as JSON (ARCH_LANGUAGE §7), with layout boxes and edge paths.

#include <string>

#include "layout/layout.hpp"
#include "model/diagram.hpp"
#include "render/views.hpp"

namespace archc::render {

// `layout` may be null (no positions: `check` never lays out). `views`, when given, are
// listed under `views`, each with its own boxes.
std::string render_json(const model::Diagram& diagram, const layout::Layout* layout,
                        const ViewPictures* views = nullptr);

}  // namespace archc::render
