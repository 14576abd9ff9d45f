#include "render/svg.hpp"

#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "archc_assets.hpp"
#include "layout/frames.hpp"
#include "layout/text_metrics.hpp"
#include "render/icons.hpp"
#include "render/style.hpp"
#include "render/text.hpp"

namespace archc::render {

namespace {

using layout::Box;
using layout::Point;
using layout::Sizes;

// "v1 v2 v3" for each element, in source order of the layers.
template <typename Items>
std::vector<std::string> memberships(const model::Diagram& d, const Items& items) {
  std::vector<std::string> out(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    for (model::LayerId l : d.layer_order.list(model::drawn_layers(items[i]))) out[i] += (out[i].empty() ? "" : " ") + d.layers[l].id;
  }
  return out;
}

bool in_list(std::string_view list, std::string_view id) {
  while (!list.empty()) {
    std::size_t end = list.find(' ');
    if (list.substr(0, end) == id) return true;
    if (end == std::string_view::npos) break;
    list.remove_prefix(end + 1);
  }
  return false;
}

std::string icon_of(const model::Diagram& d, const model::Node& n) {
  std::string icon = n.props.icon;
  if (icon.empty()) {
    if (const model::Kind* k = d.find_kind(n.kind)) icon = k->icon;
  }
  return icon_symbol(icon).empty() ? "box" : icon;
}


class SvgWriter {
 public:
  SvgWriter(const model::Diagram& d, const layout::Layout& l, const SvgOptions& o)
      : d_(d), l_(l), o_(o) {}
  std::string run();

 private:
  // Opens an element's <g>; returns false when the element is left out.
  bool open_g(std::string_view cls, const std::string& layers, const std::string& attrs,
              const ElementMarks* marks = nullptr);
  void groups();
  void group_box(const Box& box, double title_x, const std::string& label, const std::string& frame_layers);
  void edges();
  void nodes();

  const model::Diagram& d_;
  const layout::Layout& l_;
  const SvgOptions& o_;
  // Element ids already used: an id that would repeat gets `-2`, `-3`…, in source order.
  std::string unique_id(std::string id);
  std::map<std::string, int> ids_;
  // Below the picture, at its left edge (`left`, the view's x in SVG coordinates).
  void legend(double y, double left);
  void version_legend(double y, double left);

  std::string visible_;
  std::string base_;  // the layer the visible one extends, for the diff
  // A standalone picture of one layer: each group framing its members there (and in the base
  // layer, for the ghosts of the layer diff).
  std::optional<layout::LayerFrame> frame_, base_frame_;
  std::string out_;
};

// "added in v2" and "removed in v2" swatches, or why there is nothing to compare.
void SvgWriter::legend(double y, double left) {
  double x = left + kMargin;
  out_ += "<g class=\"legend\" font-size=\"13\">";
  if (base_.empty()) {
    out_ += "<text class=\"legend-text\" x=\"" + fmt(x) + "\" y=\"" + fmt(y + 14) + "\">" + xml_escape(visible_) +
            " extends no layer: nothing to compare</text></g>\n";
    return;
  }
  out_ += "<rect class=\"legend-added\" " + attr_box(x, y + 2, 16, 14) + " rx=\"3\"/>";
  out_ += "<text class=\"legend-text\" x=\"" + fmt(x + 22) + "\" y=\"" + fmt(y + 14) + "\">added in " +
          xml_escape(visible_) + "</text>";
  x += 40 + layout::text_width("added in " + visible_, 13, false);
  out_ += "<rect class=\"legend-removed\" " + attr_box(x, y + 2, 16, 14) + " rx=\"3\"/>";
  out_ += "<text class=\"legend-text\" x=\"" + fmt(x + 22) + "\" y=\"" + fmt(y + 14) + "\">removed in " +
          xml_escape(visible_) + " (from " + xml_escape(base_) + ")</text></g>\n";
}

std::string SvgWriter::unique_id(std::string id) {
  id = o_.element_prefix + id;
  int& seen = ids_[id];
  if (++seen > 1) id += "-" + std::to_string(seen);
  return id;
}

bool SvgWriter::open_g(std::string_view cls, const std::string& layers, const std::string& attrs,
                       const ElementMarks* marks) {
  bool off = !in_list(layers, visible_);
  // The diff: in the layer and not in its base is added; in the base only, removed.
  bool compared = o_.diff && !base_.empty();
  bool added = compared && !off && !in_list(layers, base_);
  bool removed = compared && off && in_list(layers, base_);
  bool changed = false;
  std::string data;
  if (marks) {
    // A version diff: what the marks say for the visible layer (a page redoes it per pill).
    added = !off && in_list(marks->added, visible_);
    removed = !off && in_list(marks->removed, visible_);
    changed = !off && in_list(marks->changed, visible_);
    data = " data-added=\"" + xml_escape(marks->added) + "\" data-removed=\"" + xml_escape(marks->removed) +
           "\" data-changed=\"" + xml_escape(marks->changed) + "\"";
  }
  if (off && o_.standalone && !removed) return false;
  std::string classes = std::string(cls) + (removed ? " removed" : off ? " off" : "") + (added ? " added" : "") +
                        (changed ? " changed" : "");
  // In a page, elements take the keyboard focus, so their notes can be read without a mouse.
  out_ += "<g class=\"" + classes + "\" " + attrs + " data-layers=\"" + xml_escape(layers) + "\"" + data +
          (o_.standalone ? "" : " tabindex=\"0\"") + ">";
  return true;
}

// The version diff's swatches: added, removed, changed, and which versions.
void SvgWriter::version_legend(double y, double left) {
  double x = left + kMargin;
  out_ += "<g class=\"legend\" font-size=\"13\">";
  const std::pair<const char*, std::string> items[] = {{"legend-added", "added"}, {"legend-removed", "removed"},
                                                       {"legend-changed", "changed"}};
  for (const auto& [cls, word] : items) {
    out_ += "<rect class=\"" + std::string(cls) + "\" " + attr_box(x, y + 2, 16, 14) + " rx=\"3\"/>";
    out_ += "<text class=\"legend-text\" x=\"" + fmt(x + 22) + "\" y=\"" + fmt(y + 14) + "\">" + word + "</text>";
    x += 40 + layout::text_width(word, 13, false);
  }
  std::string versions = o_.versions->before + " → " + o_.versions->after + " (" + visible_ + ")";
  out_ += "<text class=\"legend-text\" x=\"" + fmt(x) + "\" y=\"" + fmt(y + 14) + "\">" + xml_escape(versions) +
          "</text></g>\n";
}

// A group's rectangle and title; in a page, one per distinct box across the layers, each
// saying in `data-frame` which layers show it (the page shows the shown layer's).
void SvgWriter::group_box(const Box& box, double title_x, const std::string& label, const std::string& frame_layers) {
  if (!frame_layers.empty())
    out_ += "<g class=\"frame" + std::string(in_list(frame_layers, visible_) ? "" : " off") + "\" data-frame=\"" +
            xml_escape(frame_layers) + "\">";
  out_ += "<rect " + attr_box(box.x + kMargin, box.y + kMargin, box.width, box.height) + " rx=\"10\"/>";
  out_ += "<text x=\"" + fmt(box.x + kMargin + layout::GroupPadding::kTitleInset + title_x) + "\" y=\"" +
          fmt(box.y + kMargin + 20) + "\" font-size=\"" + fmt(Sizes::kGroupFont) + "\" font-weight=\"bold\">" +
          xml_escape(layout::fit_text(label, Sizes::kGroupFont, true, box.width - 2 * layout::GroupPadding::kTitleInset - title_x)) +
          "</text>";
  if (!frame_layers.empty()) out_ += "</g>";
}

void SvgWriter::groups() {
  auto layers = memberships(d_, d_.groups);
  model::Table<model::GroupId, std::vector<layout::FramedBox>> frames;
  if (!frame_) frames = layout::group_frames(d_, l_);
  for (std::size_t i = 0; i < d_.groups.size(); ++i) {
    const layout::GroupBox& gb = l_.groups[i];
    if (!gb.placed) continue;
    const model::Group& g = d_.groups[i];
    if (frame_) {
      // Framed to the layer (or, for a ghost, to the base layer): a group that holds nothing
      // there is not drawn.
      const layout::GroupBox& in_layer = frame_->groups[i];
      const layout::GroupBox* shown = in_layer.placed ? &in_layer
                                      : base_frame_ && base_frame_->groups[i].placed ? &base_frame_->groups[i]
                                                                                      : nullptr;
      if (!shown) continue;
      if (!open_g("group", layers[i], "id=\"" + xml_escape(unique_id("group-" + g.id)) + "\" data-id=\"" + xml_escape(g.id) + "\"",
                  o_.versions ? &o_.versions->groups[i] : nullptr))
        continue;
      if (!g.props.note.empty()) out_ += "<title>" + xml_escape(g.props.note) + "</title>";
      group_box(shown->box, shown->title_x, g.label, "");
      out_ += "</g>\n";
      continue;
    }
    if (!open_g("group", layers[i], "id=\"" + xml_escape(unique_id("group-" + g.id)) + "\" data-id=\"" + xml_escape(g.id) + "\"",
                o_.versions ? &o_.versions->groups[i] : nullptr))
      continue;
    if (!g.props.note.empty()) out_ += "<title>" + xml_escape(g.props.note) + "</title>";
    const std::vector<layout::FramedBox>& boxes = frames[model::GroupId(i)];
    if (boxes.empty()) {
      group_box(gb.box, gb.title_x, g.label, "");
    } else if (boxes.size() == 1) {
      group_box(boxes[0].box, boxes[0].title_x, g.label, "");
    } else {
      for (const layout::FramedBox& b : boxes) {
        std::string ids;
        for (model::LayerId l : b.layers) ids += (ids.empty() ? "" : " ") + d_.layers[l].id;
        group_box(b.box, b.title_x, g.label, ids);
      }
    }
    out_ += "</g>\n";
  }
}

void SvgWriter::edges() {
  auto layers = memberships(d_, d_.edges);
  for (std::size_t i = 0; i < d_.edges.size(); ++i) {
    const layout::EdgeRoute& r = l_.edges[i];
    if (!r.placed || r.points.size() < 4) continue;
    const model::Edge& e = d_.edges[i];
    if (e.drawn_layers().empty()) continue;  // a pair of a group connection that another draws
    const std::string& from = d_.end_name(e, true);
    const std::string& to = d_.end_name(e, false);
    if (!open_g(e.stream ? "edge stream" : "edge", layers[i],
                "id=\"" + xml_escape(unique_id("edge-" + from + "--" + to)) + "\" data-from=\"" + xml_escape(from) +
                    "\" data-to=\"" + xml_escape(to) + "\"",
                o_.versions ? &o_.versions->edges[i] : nullptr))
      continue;
    if (!e.props.note.empty()) out_ += "<title>" + xml_escape(e.props.note) + "</title>";
    out_ += "<path class=\"wire\" d=\"" + spline_path(r) + "\"/>";
    // The arrowhead at the listener: from the spline's end to the tip.
    Point end = r.points.back();
    double dx = r.tip.x - end.x, dy = r.tip.y - end.y;
    double len = std::hypot(dx, dy);
    if (len > 0.01) {
      double ux = dx / len, uy = dy / len, w = 4.5;
      Point a{end.x - uy * w, end.y + ux * w};
      Point b{end.x + uy * w, end.y - ux * w};
      out_ += "<path class=\"arrow\" d=\"M" + svg_point(r.tip) + " L" + svg_point(a) + " L" + svg_point(b) + " Z\"/>";
    }
    if (r.has_label) {
      const Box& lb = r.label;
      out_ += "<rect class=\"label-bg\" " + attr_box(lb.x + kMargin, lb.y + kMargin, lb.width, lb.height) + " rx=\"3\"/>";
      out_ += "<text class=\"edge-label\" x=\"" + fmt(lb.x + kMargin + lb.width / 2) + "\" y=\"" +
              fmt(lb.y + kMargin + lb.height / 2 + Sizes::kEdgeFont * 0.35) + "\" text-anchor=\"middle\" font-size=\"" +
              fmt(Sizes::kEdgeFont) + "\">" + xml_escape(layout::fit_text(e.label, Sizes::kEdgeFont, false, lb.width - 8)) +
              "</text>";
    }
    out_ += "</g>\n";
  }
}

void SvgWriter::nodes() {
  auto layers = memberships(d_, d_.nodes);
  for (std::size_t i = 0; i < d_.nodes.size(); ++i) {
    if (!l_.node_placed[i]) continue;
    const model::Node& n = d_.nodes[i];
    const Box& b = l_.nodes[i];
    if (!open_g("node", layers[i],
                "id=\"" + xml_escape(unique_id("node-" + n.id)) + "\" data-id=\"" + xml_escape(n.id) + "\" data-kind=\"" +
                    xml_escape(n.kind) + "\"",
                o_.versions ? &o_.versions->nodes[i] : nullptr))
      continue;
    if (!n.props.note.empty()) out_ += "<title>" + xml_escape(n.props.note) + "</title>";
    double x = b.x + kMargin, y = b.y + kMargin;
    out_ += "<rect class=\"card\" " + attr_box(x, y, b.width, b.height) + " rx=\"10\"/>";
    double icon_x = x + Sizes::kPadding, icon_y = y + (b.height - 28) / 2;
    out_ += "<rect class=\"badge\" " + attr_box(icon_x, icon_y, 28, 28) + " rx=\"7\"/>";
    out_ += "<use class=\"icon\" href=\"#icon-" + icon_of(d_, n) + "\" " + attr_box(icon_x + 3, icon_y + 3, 22, 22) + "/>";
    double tx = x + Sizes::kPadding + Sizes::kIconSpace;
    double room = b.width - Sizes::kIconSpace - 2 * Sizes::kPadding;
    out_ += "<text class=\"label\" x=\"" + fmt(tx) + "\" y=\"" + fmt(y + 25) + "\" font-size=\"" +
            fmt(Sizes::kLabelFont) + "\" font-weight=\"bold\">" +
            xml_escape(layout::fit_text(n.label, Sizes::kLabelFont, true, room)) + "</text>";
    out_ += "<text class=\"kind\" x=\"" + fmt(tx) + "\" y=\"" + fmt(y + 42) + "\" font-size=\"" +
            fmt(Sizes::kKindFont) + "\">" + xml_escape(layout::fit_text(n.kind, Sizes::kKindFont, false, room)) +
            "</text>";
    out_ += "</g>\n";
  }
}

std::string SvgWriter::run() {
  const bool shown = o_.visible_layer != model::kNone && o_.visible_layer.index() < d_.layers.size();
  visible_ = shown ? d_.layers[o_.visible_layer].id : "";
  if (shown && d_.layers[o_.visible_layer].extends) base_ = *d_.layers[o_.visible_layer].extends;
  const bool legend_below = (o_.diff || o_.versions) && o_.standalone;
  std::string title = o_.title.empty() ? d_.display_title() : o_.title;
  if (o_.standalone && shown) {
    frame_ = layout::frame_layer(d_, l_, o_.visible_layer);
    if (o_.diff && !base_.empty()) {
      if (model::LayerId base = d_.find_layer(base_); base != model::kNone) base_frame_ = layout::frame_layer(d_, l_, base);
    }
  }
  const Box view = picture_frame(d_, l_, o_);
  double width = view.width;
  double height = view.height + o_.extra_height + (legend_below ? 28 : 0);
  out_ += "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + xml_escape(o_.id) + "\" class=\"archc" + (o_.versions ? " versions" : "") + "\" viewBox=\"" +
          fmt(view.x) + " " + fmt(view.y) + " " + fmt(width) + " " + fmt(height) + "\" width=\"" + fmt(width) + "\" height=\"" + fmt(height) +
          // A picture on its own; in a page a group whose elements take the focus.
          "\"" + (o_.versions ? " data-before=\"" + xml_escape(o_.versions->before) + "\" data-after=\"" + xml_escape(o_.versions->after) + "\"" : std::string()) + " role=\"" + (o_.standalone ? "img" : "group") + "\" aria-labelledby=\"" + xml_escape(o_.id) + "-title\" font-family=\"" +
          xml_escape(layout::kFontFamily) + "\" data-layer=\"" + xml_escape(visible_) + "\">\n";
  out_ += "<title id=\"" + xml_escape(o_.id) + "-title\">" +
          xml_escape(title) +
          (o_.standalone && d_.layers.size() > 1 ? " — " + xml_escape(visible_) : "") + "</title>\n";
  std::string desc = d_.description;
  if (o_.standalone && shown && !d_.layers[o_.visible_layer].title.empty())
    desc = d_.layers[o_.visible_layer].title + (desc.empty() ? "" : ". " + desc);
  if (!desc.empty()) out_ += "<desc>" + xml_escape(desc) + "</desc>\n";
  out_ += "<defs>\n";
  if (o_.standalone) out_ += "<style>\n" + std::string(diagram_css()) + "</style>\n";
  // Only the icons this SVG draws, in name order.
  std::set<std::string> icons;
  for (std::size_t i = 0; i < d_.nodes.size(); ++i) {
    if (l_.node_placed[i]) icons.insert(icon_of(d_, d_.nodes[i]));
  }
  if (!o_.page_icons) {
    for (const std::string& icon : icons) out_ += std::string(icon_symbol(icon)) + "\n";
  }
  out_ += "</defs>\n";
  // The background as a shape, which every renderer paints (librsvg ignores a CSS background).
  if (o_.standalone) out_ += "<rect class=\"background\" " + attr_box(view.x, view.y, width, height) + "/>\n";
  // Groups behind, then edges, then nodes on top.
  groups();
  edges();
  nodes();
  if (legend_below && o_.versions) {
    version_legend(view.y + view.height + o_.extra_height, view.x);
  } else if (legend_below) {
    legend(view.y + view.height + o_.extra_height, view.x);
  }
  out_ += o_.overlay;
  out_ += "</svg>";
  return std::move(out_);
}

}  // namespace

Box picture_frame(const model::Diagram& d, const layout::Layout& l, const SvgOptions& o) {
  const Box whole{0, 0, l.width + 2 * kMargin, l.height + 2 * kMargin};
  if (!o.standalone || o.visible_layer == model::kNone || o.visible_layer.index() >= d.layers.size()) return whole;
  Box b = layout::frame_layer(d, l, o.visible_layer).bounds;
  const model::Layer& layer = d.layers[o.visible_layer];
  if (o.diff && layer.extends) {
    // The layer diff draws what the layer removes in place: its frame holds the base's too.
    if (model::LayerId base = d.find_layer(*layer.extends); base != model::kNone) {
      Box c = layout::frame_layer(d, l, base).bounds;
      if (c.width > 0 || c.height > 0) {
        if (b.width <= 0 && b.height <= 0) {
          b = c;
        } else {
          double x0 = std::min(b.x, c.x), y0 = std::min(b.y, c.y);
          double x1 = std::max(b.x + b.width, c.x + c.width), y1 = std::max(b.y + b.height, c.y + c.height);
          b = Box{x0, y0, x1 - x0, y1 - y0};
        }
      }
    }
  }
  if (b.width <= 0 && b.height <= 0) return whole;
  // The layout's coordinates shifted by the margin, less the margin: even room on every side;
  // whole units, so that a picture's edge pixels are whole background.
  double x0 = std::floor(b.x), y0 = std::floor(b.y);
  double x1 = std::ceil(b.x + b.width), y1 = std::ceil(b.y + b.height);
  return Box{x0, y0, x1 - x0 + 2 * kMargin, y1 - y0 + 2 * kMargin};
}

std::string svg_point(layout::Point p) { return fmt(p.x + kMargin) + "," + fmt(p.y + kMargin); }

std::string spline_path(const layout::EdgeRoute& r) {
  if (r.points.empty()) return {};
  std::string path = "M" + svg_point(r.points[0]) + " C";
  for (std::size_t k = 1; k < r.points.size(); ++k) path += (k == 1 ? "" : " ") + svg_point(r.points[k]);
  return path;
}

std::string edge_path(const layout::EdgeRoute& r) {
  return r.points.empty() ? std::string() : spline_path(r) + " L" + svg_point(r.tip);
}

std::string render_svg(const model::Diagram& diagram, const layout::Layout& layout,
                       const SvgOptions& options) {
  return SvgWriter(diagram, layout, options).run();
}

}  // namespace archc::render
