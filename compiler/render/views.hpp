#pragma once
// Views drawn: each view of a diagram is a diagram of one layer of its own
// (model::view_diagram), laid out on its own, which every output draws as it draws a layer.

#include <vector>

#include "layout/layout.hpp"
#include "model/diagram.hpp"

namespace archc::render {

struct ViewPicture {
  const model::View* view = nullptr;  // in the diagram the outputs draw
  model::Diagram diagram;             // what it shows
  layout::Layout layout;              // of `diagram`
};
using ViewPictures = std::vector<ViewPicture>;

}  // namespace archc::render
