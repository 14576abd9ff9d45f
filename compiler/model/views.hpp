#pragma once
// Views: focused pictures of one layer, each laid out on its own. A view is drawn as a
// diagram of its own (one layer, its shown nodes, the groups around them and the layer's
// connections between them), so that every output stage draws it as it draws a layer.

#include "model/diagram.hpp"

namespace archc::model {

// What view `v` of `d` shows, as a diagram of one layer named by the view (its title the
// view's): nodes, groups and connections keep their ids, labels and props; no rule, no
// scenario.
Diagram view_diagram(const Diagram& d, const View& v);

}  // namespace archc::model
