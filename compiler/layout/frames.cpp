#include "layout/frames.hpp"

#include <algorithm>

#include "layout/text_metrics.hpp"

namespace archc::layout {

namespace {

// A box that grows to hold others; empty until the first.
struct Extent {
  bool any = false;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  void take(double ax, double ay, double bx, double by) {
    if (!any) {
      x0 = ax, y0 = ay, x1 = bx, y1 = by;
      any = true;
      return;
    }
    x0 = std::min(x0, ax), y0 = std::min(y0, ay), x1 = std::max(x1, bx), y1 = std::max(y1, by);
  }
  void take(const Box& b) { take(b.x, b.y, b.x + b.width, b.y + b.height); }
  Box box() const { return any ? Box{x0, y0, x1 - x0, y1 - y0} : Box{}; }
};

}  // namespace

double title_width(const model::Group& g) {
  return std::min(text_width(g.label, Sizes::kGroupFont, true), Sizes::kMaxGroupLabelWidth);
}

double title_offset(const Box& box, double width, const std::vector<std::vector<Point>>& lines) {
  const double top = box.y, bottom = box.y + GroupPadding::kTitleBand;
  const double left = box.x + GroupPadding::kTitleInset, right = box.x + box.width - GroupPadding::kTitleInset;
  // The stretches of the band's width that edges cross, a little widened.
  std::vector<std::pair<double, double>> blocked;
  for (const std::vector<Point>& line : lines) {
    // Most lines pass nowhere near: their extent says so at once.
    double ly0 = line.front().y, ly1 = ly0, lx0 = line.front().x, lx1 = lx0;
    for (const Point& p : line) ly0 = std::min(ly0, p.y), ly1 = std::max(ly1, p.y), lx0 = std::min(lx0, p.x), lx1 = std::max(lx1, p.x);
    if (ly1 < top || ly0 > bottom || lx1 < left - 4 || lx0 > right + 4) continue;
    for (std::size_t i = 1; i < line.size(); ++i) {
      Point a = line[i - 1], b = line[i];
      if (std::max(a.y, b.y) < top || std::min(a.y, b.y) > bottom) continue;
      // The segment's part within the band's height.
      auto x_at = [&](double y) { return a.y == b.y ? a.x : a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y); };
      double y0 = std::clamp(std::min(a.y, b.y), top, bottom), y1 = std::clamp(std::max(a.y, b.y), top, bottom);
      double xa = a.y == b.y ? std::min(a.x, b.x) : x_at(y0), xb = a.y == b.y ? std::max(a.x, b.x) : x_at(y1);
      double lo = std::min(xa, xb) - 4, hi = std::max(xa, xb) + 4;
      if (hi < left || lo > right) continue;
      blocked.push_back({lo, hi});
    }
  }
  if (blocked.empty()) return 0;
  std::sort(blocked.begin(), blocked.end());
  auto free_at = [&](double x) {
    for (const auto& [lo, hi] : blocked) {
      if (lo < x + width && hi > x) return false;
    }
    return true;
  };
  if (free_at(left)) return 0;
  for (const auto& b : blocked) {
    double x = b.second;
    if (x + width > right) break;
    if (free_at(x)) return x - left;
  }
  return 0;
}

LayerFrame frame_layer(const model::Diagram& d, const Layout& l, model::LayerId layer, bool bounds) {
  LayerFrame out;
  out.groups.assign(d.groups.size(), GroupBox{});
  const model::LayerOrder& order = d.layer_order;
  auto shown = [&](const model::LayerSet& set) { return order.contains(set, layer); };

  // What each group holds directly in the layer, then groups from the innermost out: a child
  // is declared after its parent, so walking backwards finishes each child first.
  std::vector<Extent> content(d.groups.size());
  for (std::size_t i = 0; i < d.nodes.size(); ++i) {
    const model::Node& n = d.nodes[i];
    if (n.group == model::kNone || !l.node_placed[i] || !shown(n.layers)) continue;
    content[n.group.index()].take(l.nodes[i]);
  }
  for (std::size_t i = d.groups.size(); i-- > 0;) {
    const model::Group& g = d.groups[i];
    const GroupBox& whole = l.groups[i];
    if (!whole.placed || !content[i].any || !shown(g.layers)) continue;
    Extent e = content[i];
    Box b{e.x0 - GroupPadding::kSide, e.y0 - GroupPadding::kTop, e.x1 - e.x0 + 2 * GroupPadding::kSide,
          e.y1 - e.y0 + GroupPadding::kTop + GroupPadding::kSide};
    // The title keeps its room: the box widens to the right for it.
    double title = std::min(title_width(g) + 2 * GroupPadding::kTitleInset, Sizes::kMaxGroupLabelWidth);
    b.width = std::max(b.width, title);
    // Never past the union's box, which dot kept clear of everything else.
    double x0 = std::max(b.x, whole.box.x), y0 = std::max(b.y, whole.box.y);
    double x1 = std::min(b.x + b.width, whole.box.x + whole.box.width);
    double y1 = std::min(b.y + b.height, whole.box.y + whole.box.height);
    out.groups[i] = GroupBox{true, Box{x0, y0, x1 - x0, y1 - y0}};
    if (g.parent != model::kNone) content[g.parent.index()].take(out.groups[i].box);
  }

  // Titles move along their band, past the layer's edges that cross it.
  std::vector<std::vector<Point>> lines;
  for (std::size_t i = 0; i < d.edges.size(); ++i) {
    if (l.edges[i].placed && shown(d.edges[i].drawn_layers())) lines.push_back(flatten(l.edges[i]));
  }
  for (std::size_t i = 0; i < d.groups.size(); ++i) {
    if (out.groups[i].placed) out.groups[i].title_x = title_offset(out.groups[i].box, title_width(d.groups[i]), lines);
  }
  if (!bounds) return out;
  Extent all;
  for (std::size_t i = 0; i < d.nodes.size(); ++i) {
    if (l.node_placed[i] && shown(d.nodes[i].layers)) all.take(l.nodes[i]);
  }
  for (std::size_t i = 0; i < d.edges.size(); ++i) {
    const EdgeRoute& r = l.edges[i];
    if (!r.placed || !shown(d.edges[i].drawn_layers())) continue;
    // A Bézier curve stays inside the hull of its control points.
    for (const Point& p : r.points) all.take(p.x, p.y, p.x, p.y);
    all.take(r.tip.x, r.tip.y, r.tip.x, r.tip.y);
    if (r.has_label) all.take(r.label);
  }
  for (const GroupBox& g : out.groups) {
    if (g.placed) all.take(g.box);
  }
  out.bounds = all.box();
  return out;
}

bool frames_affordable(const model::Diagram& d) {
  return d.layers.size() * (d.nodes.size() + d.edges.size() + d.groups.size()) <= kFrameBudget;
}

model::Table<model::GroupId, std::vector<FramedBox>> group_frames(const model::Diagram& d, const Layout& l) {
  model::Table<model::GroupId, std::vector<FramedBox>> out(d.groups.size());
  if (d.groups.empty()) return out;
  std::vector<model::LayerId> layers;
  for (std::size_t k = 0; k < d.layers.size(); ++k) layers.emplace_back(k);
  if (!frames_affordable(d)) {
    for (std::size_t i = 0; i < d.groups.size(); ++i) {
      if (l.groups[i].placed) out[model::GroupId(i)].push_back({l.groups[i].box, d.layer_order.list(d.groups[i].layers)});
    }
    return out;
  }
  auto same = [](const Box& a, const Box& b) {
    return a.x == b.x && a.y == b.y && a.width == b.width && a.height == b.height;
  };
  for (model::LayerId layer : layers) {
    LayerFrame f = frame_layer(d, l, layer, false);
    for (std::size_t i = 0; i < d.groups.size(); ++i) {
      if (!f.groups[i].placed) continue;
      std::vector<FramedBox>& boxes = out[model::GroupId(i)];
      auto it = std::find_if(boxes.begin(), boxes.end(), [&](const FramedBox& b) {
        return same(b.box, f.groups[i].box) && b.title_x == f.groups[i].title_x;
      });
      if (it == boxes.end()) boxes.push_back({f.groups[i].box, {layer}, f.groups[i].title_x});
      else it->layers.push_back(layer);
    }
  }
  return out;
}

}  // namespace archc::layout
