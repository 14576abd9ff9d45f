#pragma once
// The diagram as SVG, drawn by us from the layout (never by Graphviz's renderer).

#include <string>
#include <vector>

#include "layout/layout.hpp"
#include "model/diagram.hpp"

namespace archc::render {

// Where the diagram sits in the SVG: every drawing is offset by the margin.
inline constexpr double kMargin = 24;

// A version diff drawn on the union of two versions (diff/union.hpp): for each element, the
// layers (space-separated ids) where the new version adds it, the old one had it and the new
// one has not, or both have it but differently.
struct ElementMarks {
  std::string added, removed, changed;
};
struct VersionMarks {
  std::string before, after;  // how the two versions are named (file names, REV:PATH)
  std::vector<ElementMarks> groups, nodes, edges;  // parallel to the diagram's tables
};

struct SvgOptions {
  // The layer shown; elements of other layers are left out (standalone) or carry class
  // `off`, hidden by CSS (an HTML page toggles them).
  model::LayerId visible_layer = model::LayerId(0);
  // A standalone SVG carries its own styles and holds only the visible layer's elements.
  bool standalone = true;
  std::string id = "archc-diagram";
  // Put before every element id (`node-ID`…): a page holding several pictures (its views)
  // keeps ids unique. With `page_icons`, the icons are the page's first picture's: this one
  // draws none of its own.
  std::string element_prefix;
  bool page_icons = false;
  // Room below the diagram (scenario captions) and content drawn over it.
  double extra_height = 0;
  std::string overlay;
  std::string title;  // defaults to the diagram's title
  // The layer diff: what the visible layer adds to the layer it extends carries the class
  // `added`; what it removes is drawn in place as a ghost with the class `removed`; a legend
  // below says so. A layer that extends none has nothing to compare.
  bool diff = false;
  // A version diff: each element says where it is added, removed or changed
  // (`data-added`…); a standalone SVG marks the visible layer's and has a legend below.
  const VersionMarks* versions = nullptr;
};

// Every node, edge and group says which layers hold it in `data-layers`, and has a stable
// id (`node-ID`, `edge-FROM--TO`, `group-ID`). Coordinates are the union layout's in every
// picture, so that layers share them; a standalone picture of one layer is framed to what
// that layer shows (its viewBox starts where the layer does), with its groups framing their
// members in that layer. A page holds every layer: the viewBox of the union, and each group
// one box per layer that frames it differently (`g.frame[data-frame]`).
std::string render_svg(const model::Diagram& diagram, const layout::Layout& layout,
                       const SvgOptions& options);

// The viewBox of the picture `options` asks for, without the room below it (extra_height,
// legends): in SVG coordinates, the frame of the visible layer with an even margin.
layout::Box picture_frame(const model::Diagram& diagram, const layout::Layout& layout, const SvgOptions& options);

// The spline of a laid-out edge in SVG coordinates, from the dialer to where the arrowhead
// starts; edge_path goes on to the arrow's tip.
std::string spline_path(const layout::EdgeRoute& route);
std::string edge_path(const layout::EdgeRoute& route);

// Every kind of `stdlib` with its icon, module by module, as one standalone SVG (the sheet
// in docs/stdlib.md; `archc stdlib --format svg`).
std::string render_icon_sheet(const model::Diagram& stdlib);

// A point in SVG coordinates, "x,y".
std::string svg_point(layout::Point p);

}  // namespace archc::render
