#include "render/animation.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "render/style.hpp"
#include "render/svg.hpp"
#include "render/text.hpp"

namespace archc::render {

namespace {

constexpr double kCaptionLine = 20;
constexpr double kCaptionTop = 30;

// A fraction of the loop, as SMIL keyTimes want it (0..1, fixed precision).
std::string frac(double ms, double total) {
  double f = std::clamp(ms / total, 0.0, 1.0);
  char buf[16];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::fixed, 4);
  return std::string(buf, end);
}

// Attributes shared by every animation of one scenario: the same duration and endless
// repetition keep all of them in step without events or script.
std::string loop_attrs(double total_ms) {
  return "dur=\"" + fmt(total_ms / 1000) + "s\" repeatCount=\"indefinite\"";
}

// Visible only from `from` to `to`.
std::string show_between(double from, double to, double total) {
  return "<animate attributeName=\"opacity\" " + loop_attrs(total) + " calcMode=\"discrete\" keyTimes=\"0;" +
         frac(from, total) + ";" + frac(to, total) + "\" values=\"0;1;0\"/>";
}

// Captions of one slot stack up, one line each: the line of each step's caption (-1: none)
// and the most lines a slot needs.
std::vector<int> caption_lines(const model::Scenario& s, int& max_lines) {
  std::map<int, int> lines_in_slot;
  std::vector<int> line(s.steps.size(), -1);
  max_lines = 1;
  for (std::size_t k = 0; k < s.steps.size(); ++k) {
    if (s.steps[k].caption.empty()) continue;
    line[k] = lines_in_slot[s.steps[k].start]++;
    max_lines = std::max(max_lines, line[k] + 1);
  }
  return line;
}

double caption_y(double base_y, int line) { return base_y + kCaptionTop + kCaptionLine * (line + 1); }

std::string title_text(const model::Scenario& s, double left, double base_y) {
  return "<text class=\"scenario-title\" x=\"" + fmt(left + kMargin) + "\" y=\"" + fmt(base_y + kCaptionTop - 6) +
         "\" font-size=\"16\" font-weight=\"bold\">" + xml_escape(s.title) + "</text>\n";
}

SvgOptions scenario_options(const model::Scenario& s, int max_lines) {
  SvgOptions options;
  options.visible_layer = s.layer;
  options.standalone = true;
  options.id = "archc-scenario-" + s.id;
  options.title = s.title;
  options.extra_height = kCaptionTop + kCaptionLine * (max_lines + 1);
  return options;
}

// A cubic Bézier spline (and the line on to the tip) as a polyline fine enough for a packet,
// in SVG coordinates.
std::vector<layout::Point> packet_line(const layout::EdgeRoute& r) {
  std::vector<layout::Point> out = layout::flatten(r, 16);
  for (layout::Point& p : out) p = layout::Point{p.x + kMargin, p.y + kMargin};
  return out;
}

}  // namespace

std::string render_scenario_svg(const model::Diagram& d, const layout::Layout& l, model::ScenarioId index) {
  const model::Scenario& s = d.scenarios[index];
  model::Timeline t = model::scenario_timeline(s);
  double total = t.total_ms;
  // The captions go below the picture of the scenario's layer, at its left edge.
  const layout::Box view = picture_frame(d, l, scenario_options(s, 1));
  double base_y = view.y + view.height;

  int max_lines = 1;
  std::vector<int> lines = caption_lines(s, max_lines);

  std::string hops, packets, captions;
  for (std::size_t k = 0; k < s.steps.size(); ++k) {
    const model::Step& step = s.steps[k];
    // Stable per step, for deep links: `step-SCENARIO-K`, K its place on the timeline.
    std::string id = "step-" + s.id + "-" + std::to_string(k);
    double from = t.slot_start_ms[static_cast<std::size_t>(step.start)];
    double to = t.slot_start_ms[static_cast<std::size_t>(step.end)];
    bool alert = step.style == "alert";
    if (step.from != model::kNone && step.edge != model::kNone && l.edges[step.edge].placed) {
      std::string path = edge_path(l.edges[step.edge]);
      std::string cls = alert ? " alert" : "";
      // The hop lights up while its packet travels.
      hops += "<path class=\"hop" + cls + "\" d=\"" + path + "\" opacity=\"0\">" + show_between(from, to, total) +
              "</path>\n";
      // Against the dial direction the packet runs the path backwards (a response, a pull).
      std::string points = step.against ? "1;1;0;0" : "0;0;1;1";
      packets += "<circle id=\"" + xml_escape(id) + "\" class=\"packet" + cls + "\" r=\"6\" opacity=\"0\" data-from=\"" +
                 xml_escape(d.nodes[step.from].id) + "\" data-to=\"" + xml_escape(d.nodes[step.to].id) + "\">" +
                 "<animateMotion " + loop_attrs(total) + " calcMode=\"linear\" keyTimes=\"0;" + frac(from, total) +
                 ";" + frac(to, total) + ";1\" keyPoints=\"" + points + "\" path=\"" + path + "\"/>" +
                 show_between(from, to, total) + "</circle>\n";
    }
    if (!step.caption.empty()) {
      double y = caption_y(base_y, lines[k]);
      captions += "<text class=\"caption" + std::string(alert ? " alert" : "") + "\" x=\"" + fmt(view.x + kMargin) +
                  "\" y=\"" + fmt(y) + "\" font-size=\"14\" opacity=\"0\">" + xml_escape(step.caption) +
                  show_between(from, to, total) + "</text>\n";
    }
  }
  std::string overlay = "<g class=\"scenario\" data-scenario=\"" + xml_escape(s.id) + "\">\n";
  overlay += title_text(s, view.x, base_y);
  overlay += hops + packets + captions + "</g>\n";

  SvgOptions options = scenario_options(s, max_lines);
  options.overlay = overlay;
  return render_svg(d, l, options);
}

ScenarioFrames::ScenarioFrames(const model::Diagram& d, const layout::Layout& l, model::ScenarioId index)
    : timeline_(model::scenario_timeline(d.scenarios[index])) {
  const model::Scenario& s = d.scenarios[index];
  const layout::Box view = picture_frame(d, l, scenario_options(s, 1));
  const double base_y = view.y + view.height;
  left_ = view.x;
  top_ = view.y;
  int max_lines = 1;
  std::vector<int> lines = caption_lines(s, max_lines);
  for (std::size_t k = 0; k < s.steps.size(); ++k) {
    const model::Step& step = s.steps[k];
    double from = timeline_.slot_start_ms[static_cast<std::size_t>(step.start)];
    double to = timeline_.slot_start_ms[static_cast<std::size_t>(step.end)];
    bool alert = step.style == "alert";
    if (step.from != model::kNone && step.edge != model::kNone && l.edges[step.edge].placed &&
        l.edges[step.edge].points.size() >= 4) {
      Hop hop{from, to, alert, step.against, edge_path(l.edges[step.edge]), packet_line(l.edges[step.edge]), {}};
      double run = 0;
      for (std::size_t i = 0; i < hop.line.size(); ++i) {
        if (i > 0) run += std::hypot(hop.line[i].x - hop.line[i - 1].x, hop.line[i].y - hop.line[i - 1].y);
        hop.length.push_back(run);
      }
      hops_.push_back(std::move(hop));
    }
    if (!step.caption.empty()) captions_.push_back({from, to, caption_y(base_y, lines[k]), alert, step.caption});
  }
  SvgOptions options = scenario_options(s, max_lines);
  options.overlay = "<g class=\"scenario\" data-scenario=\"" + xml_escape(s.id) + "\">\n" + title_text(s, view.x, base_y) + "</g>\n";
  background_ = render_svg(d, l, options);
  width_ = view.width;
  // The overlay's frame: the background's <svg> element, and the styles it draws with.
  open_ = background_.substr(0, background_.find('>') + 1) + "\n";
  style_ = "<style>\n" + std::string(diagram_css()) + "</style>\n";
}

std::vector<layout::Point> ScenarioFrames::packets_at(double t) const {
  std::vector<layout::Point> out;
  for (const Hop& h : hops_) {
    if (t < h.from_ms || t >= h.to_ms || h.to_ms <= h.from_ms) continue;
    double f = (t - h.from_ms) / (h.to_ms - h.from_ms);
    if (h.against) f = 1 - f;
    double want = f * h.length.back();
    std::size_t i = static_cast<std::size_t>(std::lower_bound(h.length.begin(), h.length.end(), want) - h.length.begin());
    if (i == 0) {
      out.push_back(h.line.front());
      continue;
    }
    if (i >= h.line.size()) i = h.line.size() - 1;
    double piece = h.length[i] - h.length[i - 1];
    double u = piece > 0 ? (want - h.length[i - 1]) / piece : 0;
    out.push_back({h.line[i - 1].x + u * (h.line[i].x - h.line[i - 1].x), h.line[i - 1].y + u * (h.line[i].y - h.line[i - 1].y)});
  }
  return out;
}

layout::Box ScenarioFrames::overlay_box(double t) const {
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  auto take = [&](double ax, double ay, double bx, double by) {
    x0 = std::min(x0, ax), y0 = std::min(y0, ay), x1 = std::max(x1, bx), y1 = std::max(y1, by);
  };
  // A hop's stroke (3) and a packet (radius 6, its outline 1.5) stay within 8 of the path.
  constexpr double kReach = 8;
  for (const Hop& h : hops_) {
    if (t < h.from_ms || t >= h.to_ms || h.to_ms <= h.from_ms) continue;
    for (layout::Point p : h.line) take(p.x - kReach, p.y - kReach, p.x + kReach, p.y + kReach);
  }
  // A caption of 14 pixels from its baseline up, and its descenders; as wide as the picture.
  for (const Caption& c : captions_) {
    if (t < c.from_ms || t >= c.to_ms) continue;
    take(left_, c.y - 16, left_ + width_, c.y + 6);
  }
  if (x1 < x0) return {};
  return {x0 - left_, y0 - top_, x1 - x0, y1 - y0};
}

std::string ScenarioFrames::overlay(double t) const {
  std::string hops, packets, captions;
  std::vector<layout::Point> at = packets_at(t);
  std::size_t next = 0;
  for (const Hop& h : hops_) {
    if (t < h.from_ms || t >= h.to_ms || h.to_ms <= h.from_ms) continue;
    std::string cls = h.alert ? " alert" : "";
    hops += "<path class=\"hop" + cls + "\" d=\"" + h.path + "\"/>\n";
    packets += "<circle class=\"packet" + cls + "\" r=\"6\" cx=\"" + fmt(at[next].x) + "\" cy=\"" + fmt(at[next].y) + "\"/>\n";
    ++next;
  }
  for (const Caption& c : captions_) {
    if (t < c.from_ms || t >= c.to_ms) continue;
    captions += "<text class=\"caption" + std::string(c.alert ? " alert" : "") + "\" x=\"" + fmt(left_ + kMargin) + "\" y=\"" +
                fmt(c.y) + "\" font-size=\"14\">" + xml_escape(c.text) + "</text>\n";
  }
  return open_ + "<defs>\n" + style_ + "</defs>\n" + hops + packets + captions + "</svg>\n";
}

}  // namespace archc::render
