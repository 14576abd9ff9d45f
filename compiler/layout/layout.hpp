#pragma once
// The layout stage: positions for every node, edge and group of the union of all layers, so
// that a node has one box in every layer that has it. Plain data; Graphviz stays inside.

#include <chrono>
#include <string>
#include <vector>

#include "model/diagram.hpp"

namespace archc::layout {

struct Point {
  double x = 0;
  double y = 0;
};

// Top-left corner and size, in SVG user units, y down.
struct Box {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
};

struct EdgeRoute {
  bool placed = false;  // false for an edge in no layer
  // A cubic Bézier spline from the dialer to the listener: p0, then three points per segment.
  std::vector<Point> points;
  // Where the arrowhead's tip touches the listener; the spline stops short of it.
  Point tip;
  bool has_label = false;
  Box label;
};

struct GroupBox {
  bool placed = false;
  Box box;
  // Where the title starts, from the box's left edge plus its 12-unit inset: moved right along
  // the title band, past the edges that cross it, where there is room (layout/frames).
  double title_x = 0;
};

// A laid-out edge's spline as a polyline (`pieces` segments per Bézier segment), then on to
// the arrow's tip.
std::vector<Point> flatten(const EdgeRoute& route, int pieces = 8);

struct Layout {
  double width = 0;
  double height = 0;
  model::Table<model::NodeId, Box> nodes;  // zero size for a node in no layer
  model::Table<model::NodeId, char> node_placed;
  model::Table<model::EdgeId, EdgeRoute> edges;
  model::Table<model::GroupId, GroupBox> groups;
  std::string error;             // set when Graphviz failed; then nothing is placed
  bool timed_out = false;        // the failure was the time limit
};

// Node and label sizes, decided by us from our text metrics before Graphviz places them.
struct Sizes {
  static constexpr double kNodeHeight = 56;
  static constexpr double kMinNodeWidth = 132;
  static constexpr double kIconSpace = 40;  // icon and gap at the left of a card
  static constexpr double kPadding = 14;
  static constexpr double kLabelFont = 14;
  static constexpr double kKindFont = 11;
  static constexpr double kEdgeFont = 11;
  static constexpr double kGroupFont = 12;
  // Longer labels are cut with an ellipsis: Graphviz refuses sizes past 65535 points, and
  // nobody reads a box wider than a screen.
  static constexpr double kMaxNodeWidth = 640;
  static constexpr double kMaxEdgeLabelWidth = 320;
  static constexpr double kMaxGroupLabelWidth = 640;
};
double node_width(const model::Node& node);
Box edge_label_size(const model::Edge& edge);

struct LayoutOptions {
  // 0: no limit, and Graphviz runs in this process. Otherwise it runs in a child process that
  // is killed when the time is up (Graphviz has no way to be interrupted), and the result
  // says so in `error` and `timed_out`.
  std::chrono::milliseconds timeout{0};
};

Layout compute_layout(const model::Diagram& diagram, const LayoutOptions& options = {});

// The version of the Graphviz library the layout runs ("2.43.0"), as the library says.
std::string graphviz_version();

// The graph the layout hands Graphviz, in the dot language: what `dot -Tsvg` is measured on
// in the benchmarks (the same nodes, sizes, clusters and edges).
std::string graphviz_source(const model::Diagram& diagram);

// Above this many nodes, dot itself takes seconds to minutes (docs/performance.md).
inline constexpr std::size_t kLargeLayoutNodes = 2000;

}  // namespace archc::layout
