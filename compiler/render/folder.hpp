#pragma once
// A folder of pictures: one SVG per layer and per scenario, and an index.html that links and
// shows them all (`archc FILE -o DIR/`).

#include <string>
#include <vector>

#include "layout/layout.hpp"
#include "model/diagram.hpp"
#include "render/views.hpp"

namespace archc::render {

struct FolderFile {
  std::string name;  // a plain file name, unique in the folder
  std::string content;
};

// The SVGs first, in layer, scenario then view order, and `index.html` last.
std::vector<FolderFile> render_folder(const model::Diagram& diagram, const layout::Layout& layout,
                                      const ViewPictures& views = {});

}  // namespace archc::render
