#include "render/svg.hpp"

#include <cmath>

#include "layout/text_metrics.hpp"
#include "render/text.hpp"

namespace archc::render {

namespace {

using layout::Box;
using layout::Point;
using layout::Sizes;

constexpr double kMargin = 24;

// "v1 v2 v3" for each element, from the layers' membership lists.
std::vector<std::string> memberships(const model::Diagram& d, std::size_t count,
                                     std::vector<std::size_t> model::Layer::*member) {
  std::vector<std::string> out(count);
  for (const model::Layer& layer : d.layers) {
    for (std::size_t i : layer.*member) out[i] += (out[i].empty() ? "" : " ") + layer.id;
  }
  return out;
}

bool in_list(const std::string& list, const std::string& id) {
  std::size_t at = 0;
  while (at <= list.size()) {
    std::size_t end = list.find(' ', at);
    if (end == std::string::npos) end = list.size();
    if (list.compare(at, end - at, id) == 0 && end - at == id.size()) return true;
    at = end + 1;
  }
  return false;
}

std::string point(Point p) { return fmt(p.x + kMargin) + "," + fmt(p.y + kMargin); }

class SvgWriter {
 public:
  SvgWriter(const model::Diagram& d, const layout::Layout& l, const SvgOptions& o)
      : d_(d), l_(l), o_(o) {}
  std::string run();

 private:
  std::string open_g(std::string_view cls, const std::string& layers, std::string attrs);

  const model::Diagram& d_;
  const layout::Layout& l_;
  const SvgOptions& o_;
  std::string visible_;
  std::string out_;
};

std::string SvgWriter::open_g(std::string_view cls, const std::string& layers, std::string attrs) {
  bool off = !in_list(layers, visible_);
  return "<g class=\"" + std::string(cls) + (off ? " off" : "") + "\" " + attrs + " data-layers=\"" +
         xml_escape(layers) + "\">";
}

std::string SvgWriter::run() {
  visible_ = o_.visible_layer < d_.layers.size() ? d_.layers[o_.visible_layer].id : "";
  auto group_layers = memberships(d_, d_.groups.size(), &model::Layer::groups);
  auto node_layers = memberships(d_, d_.nodes.size(), &model::Layer::nodes);
  auto edge_layers = memberships(d_, d_.edges.size(), &model::Layer::edges);
  double width = l_.width + 2 * kMargin;
  double height = l_.height + 2 * kMargin;
  out_ += "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + xml_escape(o_.id) + "\" class=\"archc\" viewBox=\"0 0 " +
          fmt(width) + " " + fmt(height) + "\" width=\"" + fmt(width) + "\" height=\"" + fmt(height) +
          "\" role=\"img\" aria-label=\"" + xml_escape(d_.title.empty() ? "architecture diagram" : d_.title) +
          "\" font-family=\"" + xml_escape(layout::kFontFamily) + "\">\n";
  if (!d_.title.empty()) out_ += "<title>" + xml_escape(d_.title) + "</title>\n";
  if (!d_.description.empty()) out_ += "<desc>" + xml_escape(d_.description) + "</desc>\n";

  // Groups first (behind), parents before children; then edges; then nodes on top.
  for (std::size_t i = 0; i < d_.groups.size(); ++i) {
    const layout::GroupBox& gb = l_.groups[i];
    if (!gb.placed) continue;
    const model::Group& g = d_.groups[i];
    out_ += open_g("group", group_layers[i], "data-id=\"" + xml_escape(g.id) + "\"");
    out_ += "<rect x=\"" + fmt(gb.box.x + kMargin) + "\" y=\"" + fmt(gb.box.y + kMargin) + "\" width=\"" +
            fmt(gb.box.width) + "\" height=\"" + fmt(gb.box.height) + "\" rx=\"10\"/>";
    out_ += "<text x=\"" + fmt(gb.box.x + kMargin + 12) + "\" y=\"" + fmt(gb.box.y + kMargin + 20) +
            "\" font-size=\"" + fmt(Sizes::kGroupFont) + "\" font-weight=\"bold\">" + xml_escape(g.label) +
            "</text>";
    if (!g.props.note.empty()) out_ += "<title>" + xml_escape(g.props.note) + "</title>";
    out_ += "</g>\n";
  }
  for (std::size_t i = 0; i < d_.edges.size(); ++i) {
    const layout::EdgeRoute& r = l_.edges[i];
    if (!r.placed || r.points.size() < 4) continue;
    const model::Edge& e = d_.edges[i];
    std::string cls = e.stream ? "edge stream" : "edge";
    out_ += open_g(cls, edge_layers[i],
                   "id=\"edge-" + std::to_string(i) + "\" data-from=\"" + xml_escape(d_.nodes[e.from].id) +
                       "\" data-to=\"" + xml_escape(d_.nodes[e.to].id) + "\"");
    std::string path = "M" + point(r.points[0]) + " C";
    for (std::size_t k = 1; k < r.points.size(); ++k) path += (k == 1 ? "" : " ") + point(r.points[k]);
    out_ += "<path class=\"wire\" d=\"" + path + "\"/>";
    // The arrowhead: from the spline's end to the tip at the listener.
    Point end = r.points.back();
    double dx = r.tip.x - end.x, dy = r.tip.y - end.y;
    double len = std::hypot(dx, dy);
    if (len > 0.01) {
      double ux = dx / len, uy = dy / len;
      double w = 4.5;
      Point a{end.x - uy * w, end.y + ux * w};
      Point b{end.x + uy * w, end.y - ux * w};
      out_ += "<path class=\"arrow\" d=\"M" + point(r.tip) + " L" + point(a) + " L" + point(b) + " Z\"/>";
    }
    if (r.has_label) {
      out_ += "<rect class=\"label-bg\" x=\"" + fmt(r.label.x + kMargin) + "\" y=\"" + fmt(r.label.y + kMargin) +
              "\" width=\"" + fmt(r.label.width) + "\" height=\"" + fmt(r.label.height) + "\" rx=\"3\"/>";
      out_ += "<text class=\"edge-label\" x=\"" + fmt(r.label.x + kMargin + r.label.width / 2) + "\" y=\"" +
              fmt(r.label.y + kMargin + r.label.height / 2 + Sizes::kEdgeFont * 0.35) +
              "\" text-anchor=\"middle\" font-size=\"" + fmt(Sizes::kEdgeFont) + "\">" + xml_escape(e.label) +
              "</text>";
    }
    if (!e.props.note.empty()) out_ += "<title>" + xml_escape(e.props.note) + "</title>";
    out_ += "</g>\n";
  }
  for (std::size_t i = 0; i < d_.nodes.size(); ++i) {
    if (!l_.node_placed[i]) continue;
    const model::Node& n = d_.nodes[i];
    const Box& b = l_.nodes[i];
    out_ += open_g("node", node_layers[i],
                   "id=\"node-" + std::to_string(i) + "\" data-id=\"" + xml_escape(n.id) + "\" data-kind=\"" +
                       xml_escape(n.kind) + "\"");
    double x = b.x + kMargin, y = b.y + kMargin;
    out_ += "<rect class=\"card\" x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" width=\"" + fmt(b.width) +
            "\" height=\"" + fmt(b.height) + "\" rx=\"10\"/>";
    // A badge where the kind's icon goes (icons are drawn in the SVG issue).
    out_ += "<circle class=\"badge\" cx=\"" + fmt(x + Sizes::kPadding + 12) + "\" cy=\"" + fmt(y + b.height / 2) +
            "\" r=\"12\"/>";
    double tx = x + Sizes::kPadding + Sizes::kIconSpace - 8;
    out_ += "<text class=\"label\" x=\"" + fmt(tx) + "\" y=\"" + fmt(y + 25) + "\" font-size=\"" +
            fmt(Sizes::kLabelFont) + "\" font-weight=\"bold\">" + xml_escape(n.label) + "</text>";
    out_ += "<text class=\"kind\" x=\"" + fmt(tx) + "\" y=\"" + fmt(y + 42) + "\" font-size=\"" +
            fmt(Sizes::kKindFont) + "\">" + xml_escape(n.kind) + "</text>";
    if (!n.props.note.empty()) out_ += "<title>" + xml_escape(n.props.note) + "</title>";
    out_ += "</g>\n";
  }
  out_ += "</svg>";
  return std::move(out_);
}

}  // namespace

std::string render_svg(const model::Diagram& diagram, const layout::Layout& layout,
                       const SvgOptions& options) {
  return SvgWriter(diagram, layout, options).run();
}

}  // namespace archc::render
