#include "layout/layout.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "layout/graph.hpp"
#include "layout/isolate.hpp"
#include "layout/text_metrics.hpp"

namespace archc::layout {

double node_width(const model::Node& node) {
  double label = text_width(node.label, Sizes::kLabelFont, true);
  double kind = text_width(node.kind, Sizes::kKindFont);
  return std::ceil(std::clamp(Sizes::kIconSpace + std::max(label, kind) + 2 * Sizes::kPadding,
                             Sizes::kMinNodeWidth, Sizes::kMaxNodeWidth));
}

std::vector<Point> flatten(const EdgeRoute& r, int pieces) {
  std::vector<Point> out;
  if (r.points.empty()) return out;
  out.push_back(r.points[0]);
  for (std::size_t k = 1; k + 2 < r.points.size(); k += 3) {
    Point p0 = r.points[k - 1], p1 = r.points[k], p2 = r.points[k + 1], p3 = r.points[k + 2];
    for (int i = 1; i <= pieces; ++i) {
      double t = static_cast<double>(i) / pieces, u = 1 - t;
      double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, e = t * t * t;
      out.push_back({a * p0.x + b * p1.x + c * p2.x + e * p3.x, a * p0.y + b * p1.y + c * p2.y + e * p3.y});
    }
  }
  out.push_back(r.tip);
  return out;
}

Box edge_label_size(const model::Edge& edge) {
  if (edge.label.empty()) return {};
  double w = std::min(text_width(edge.label, Sizes::kEdgeFont) + 8, Sizes::kMaxEdgeLabelWidth);
  return Box{0, 0, std::ceil(w), Sizes::kEdgeFont + 6};
}

namespace {

Layout layout_here(const model::Diagram& d) {
  // Graphviz prints its complaints to stderr; a stage never prints. What we feed it is
  // sized and named by us, so its messages carry nothing for the user: drop them.
  agusererrf previous_handler = agseterrf([](char*) { return 0; });
  GraphvizGraph g = build_graph(d);
  Layout out;
  {
    // Whatever happens from here (a failed layout, an exception while reading back), the
    // layout's memory goes back to Graphviz before the graph is closed.
    struct FreeLayout {
      GraphvizGraph& g;
      ~FreeLayout() { gvFreeLayout(g.gvc.get(), g.graph.get()); }
    } free_layout{g};
    if (gvLayout(g.gvc.get(), g.graph.get(), "dot") != 0) {
      out.error = "Graphviz could not lay the diagram out";
    } else {
      out = read_back(g, d);
    }
  }
  agseterrf(previous_handler);
  if (!out.error.empty()) {
    out.nodes.assign(d.nodes.size(), Box{});
    out.node_placed.assign(d.nodes.size(), false);
    out.edges.assign(d.edges.size(), EdgeRoute{});
    out.groups.assign(d.groups.size(), GroupBox{});
  }
  return out;
}

}  // namespace

// Graphviz keeps global state (its error handler, its memory pools): one layout at a time in
// a process, whichever thread asks.
std::mutex& graphviz_mutex() {
  static std::mutex m;
  return m;
}

Layout compute_layout(const model::Diagram& d, const LayoutOptions& options) {
  std::unique_lock lock(graphviz_mutex());
  if (options.timeout.count() <= 0) return layout_here(d);
  // The child starts from a Graphviz that no thread is in the middle of; the parent lets the
  // next layout start as soon as the child exists, and only waits for its answer.
  return run_isolated([&] { return layout_here(d); }, options.timeout, [&] { lock.unlock(); });
}

}  // namespace archc::layout
