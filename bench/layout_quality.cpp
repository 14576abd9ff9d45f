// The layout-quality benchmark (issue 25): for each layer of each diagram given (the examples
// and tests/corpus), how its picture compares with dot laying out that layer alone.
//
//   build/bench/archc_layout_quality [--direction down] examples/*.arch tests/corpus/*.arch
//
// `--direction` lays every diagram out in that direction instead of its own (`direction:`).
//
// Per layer:
//   span      the share of the union's canvas the layer's elements span: what a picture of the
//             layer used before pictures were framed to their layer (now each is framed: 100 %);
//   area      the layer's framed area against the area of the same layer laid out alone by the
//             same engine with the same node sizes (its elements only, in one layer): how much
//             room keeping nodes still across layers costs;
//   crossings edge crossings in the layer, and the same laid out alone;
//   titles    edges that cross a group's title band in the layer (the band the title is drawn
//             in, as the group frames its members in that layer);
//   label px  how tall a node label is at first view in a 1440x900 window (the page's fit, or
//             its opening scale).
// Then the median and worst of each over all layers. Not a test: its table goes in
// docs/performance.md and the issue notes.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "compile/compile.hpp"
#include "layout/frames.hpp"
#include "layout/layout.hpp"
#include "layout/text_metrics.hpp"
#include "render/svg.hpp"

namespace fs = std::filesystem;
using namespace archc;

namespace {

using layout::Box;
using layout::Point;

using layout::flatten;

double cross(Point o, Point a, Point b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

// Proper crossing of two segments (touching ends do not count).
bool segments_cross(Point a, Point b, Point c, Point d) {
  double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

bool polylines_cross(const std::vector<Point>& a, const std::vector<Point>& b) {
  for (std::size_t i = 1; i < a.size(); ++i) {
    for (std::size_t j = 1; j < b.size(); ++j) {
      if (segments_cross(a[i - 1], a[i], b[j - 1], b[j])) return true;
    }
  }
  return false;
}

bool polyline_hits(const std::vector<Point>& line, const Box& r) {
  auto inside = [&](Point p) { return p.x > r.x && p.x < r.x + r.width && p.y > r.y && p.y < r.y + r.height; };
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (inside(line[i])) return true;
    if (i == 0) continue;
    Point c[4] = {{r.x, r.y}, {r.x + r.width, r.y}, {r.x + r.width, r.y + r.height}, {r.x, r.y + r.height}};
    for (int k = 0; k < 4; ++k) {
      if (segments_cross(line[i - 1], line[i], c[k], c[(k + 1) % 4])) return true;
    }
  }
  return false;
}

// Edges of a layer that share no end and cross: each pair once.
int crossings(const model::Diagram& d, const layout::Layout& l, const std::vector<model::EdgeId>& edges) {
  std::vector<std::vector<Point>> lines;
  std::vector<model::EdgeId> placed;
  for (model::EdgeId e : edges) {
    if (!l.edges[e].placed) continue;
    lines.push_back(flatten(l.edges[e]));
    placed.push_back(e);
  }
  int n = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      const model::Edge &a = d.edges[placed[i]], &b = d.edges[placed[j]];
      if (a.from == b.from || a.from == b.to || a.to == b.from || a.to == b.to) continue;
      n += polylines_cross(lines[i], lines[j]);
    }
  }
  return n;
}

// The diagram with only `layer`'s elements, in one layer of their own: laid out by the same
// engine, that is dot laying out the layer alone with the same node sizes.
model::Diagram alone(const model::Diagram& d, model::LayerId layer) {
  model::Diagram out = d;
  const std::uint32_t at = d.layer_order.position(layer);
  const model::LayerSet only{model::LayerRun{at, at + 1}};
  auto keep = [&](auto& table) {
    for (auto& item : table) item.layers = model::intersect(item.layers, only);
  };
  keep(out.nodes);
  keep(out.edges);
  keep(out.groups);
  return out;
}

struct Row {
  std::string file, layer;
  int nodes = 0;
  double span = 0, area = 0, canvas = 0;
  int crossings = 0, crossings_alone = 0, titles = 0;
  double label_px = 0;
};

// The page opens on the whole union at fit (a 1440x900 window leaves the diagram about
// 1392x640), never above 100 %.
double label_px(const layout::Layout& l) {
  double w = l.width + 2 * render::kMargin, h = l.height + 2 * render::kMargin;
  return layout::Sizes::kLabelFont * std::min({1.0, 1392 / w, 640 / h});
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Row> rows;
  std::optional<model::Direction> direction;
  int files = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--direction" && i + 1 < argc) {
      const std::string word = argv[++i];
      direction = word == "down" ? model::Direction::Down : word == "left" ? model::Direction::Left
                  : word == "up" ? model::Direction::Up : model::Direction::Right;
      continue;
    }
    ++files;
    compile::Request request;
    request.path = argv[i];
    request.name = fs::path(argv[i]).filename().string();
    request.workspace = compile::disk_workspace({});
    request.check_rules = false;
    compile::Result r = compile::compile(request);
    if (!r.ok()) {
      std::fprintf(stderr, "%s: does not compile\n", argv[i]);
      return 1;
    }
    if (direction) r.diagram.direction = *direction;
    const model::Diagram& d = r.diagram;
    const layout::Layout l = layout::compute_layout(d);
    for (model::LayerId layer : d.layers.ids()) {
      Row row;
      row.file = fs::path(argv[i]).stem().string();
      row.layer = d.layers[layer].id;
      std::vector<model::EdgeId> edges = d.edges_in(layer);
      row.nodes = static_cast<int>(d.nodes_in(layer).size());
      layout::LayerFrame f = layout::frame_layer(d, l, layer);
      const double framed = f.bounds.width * f.bounds.height;
      row.span = std::min(1.0, framed / std::max(1.0, l.width * l.height));
      model::Diagram solo = alone(d, layer);
      layout::Layout ls = layout::compute_layout(solo);
      layout::LayerFrame fs_ = layout::frame_layer(solo, ls, layer);
      const double solo_area = std::max(1.0, fs_.bounds.width * fs_.bounds.height);
      row.area = framed / solo_area;
      row.canvas = l.width * l.height / solo_area;
      row.crossings = crossings(d, l, edges);
      row.crossings_alone = crossings(solo, ls, edges);
      for (model::EdgeId e : edges) {
        if (!l.edges[e].placed) continue;
        std::vector<Point> line = flatten(l.edges[e]);
        for (std::size_t g = 0; g < d.groups.size(); ++g) {
          if (!f.groups[g].placed) continue;
          const Box& b = f.groups[g].box;
          // The title: its text in bold in the band at the top, where the frame put it.
          const double x = b.x + layout::GroupPadding::kTitleInset + f.groups[g].title_x;
          const double w = std::min(layout::title_width(d.groups[g]), b.x + b.width - x);
          if (polyline_hits(line, Box{x, b.y, w, layout::GroupPadding::kTitleBand})) ++row.titles;
        }
      }
      row.label_px = label_px(l);
      rows.push_back(row);
    }
  }
  std::printf("| diagram | layer | nodes | span of the union | union canvas vs alone | framed area vs alone | crossings (alone) | edges through titles | label px at first view |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  std::vector<double> span, area, canvas, extra, titles, px;
  for (const Row& r : rows) {
    std::printf("| %s | %s | %d | %.0f %% | %.2f× | %.2f× | %d (%d) | %d | %.1f |\n", r.file.c_str(), r.layer.c_str(), r.nodes,
                100 * r.span, r.canvas, r.area, r.crossings, r.crossings_alone, r.titles, r.label_px);
    span.push_back(r.span);
    canvas.push_back(r.canvas);
    area.push_back(r.area);
    extra.push_back(r.crossings - r.crossings_alone);
    titles.push_back(r.titles);
    px.push_back(r.label_px);
  }
  auto worst_max = [](const std::vector<double>& v) { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); };
  auto worst_min = [](const std::vector<double>& v) { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); };
  std::printf("\n%zu layers of %d diagrams%s\n\n", rows.size(), files,
              direction ? (std::string(", laid out ") + model::direction_word(*direction)).c_str() : "");
  std::printf("| measure | median | worst |\n|---|---|---|\n");
  std::printf("| span of the union | %.0f %% | %.0f %% |\n", 100 * median(span), 100 * worst_min(span));
  std::printf("| union canvas vs the layer alone (pictures before framing) | %.2f× | %.2f× |\n", median(canvas), worst_max(canvas));
  std::printf("| framed area vs the layer alone | %.2f× | %.2f× |\n", median(area), worst_max(area));
  std::printf("| crossings over the layer alone | %+.0f | %+.0f |\n", median(extra), worst_max(extra));
  std::printf("| edges through group titles | %.0f | %.0f (%.0f in all) |\n", median(titles), worst_max(titles),
              [&] { double s = 0; for (double t : titles) s += t; return s; }());
  std::printf("| label px at first view | %.1f | %.1f |\n", median(px), worst_min(px));
  return 0;
}
