#include "render/animation.hpp"

#include <algorithm>
#include <charconv>
#include <map>

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

}  // namespace

std::string render_scenario_svg(const model::Diagram& d, const layout::Layout& l, model::ScenarioId index) {
  const model::Scenario& s = d.scenarios[index];
  model::Timeline t = model::scenario_timeline(s);
  double total = t.total_ms;
  double base_y = l.height + 2 * kMargin;

  // Captions of one slot stack up, one line each.
  std::map<int, int> lines_in_slot;
  int max_lines = 1;
  for (const model::Step& step : s.steps) {
    if (!step.caption.empty()) max_lines = std::max(max_lines, ++lines_in_slot[step.start]);
  }
  lines_in_slot.clear();

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
      int line = lines_in_slot[step.start]++;
      double y = base_y + kCaptionTop + kCaptionLine * (line + 1);
      captions += "<text class=\"caption" + std::string(alert ? " alert" : "") + "\" x=\"" + fmt(kMargin) +
                  "\" y=\"" + fmt(y) + "\" font-size=\"14\" opacity=\"0\">" + xml_escape(step.caption) +
                  show_between(from, to, total) + "</text>\n";
    }
  }
  std::string overlay = "<g class=\"scenario\" data-scenario=\"" + xml_escape(s.id) + "\">\n";
  overlay += "<text class=\"scenario-title\" x=\"" + fmt(kMargin) + "\" y=\"" + fmt(base_y + kCaptionTop - 6) +
             "\" font-size=\"16\" font-weight=\"bold\">" + xml_escape(s.title) + "</text>\n";
  overlay += hops + packets + captions + "</g>\n";

  SvgOptions options;
  options.visible_layer = s.layer;
  options.standalone = true;
  options.id = "archc-scenario-" + s.id;
  options.title = s.title;
  options.extra_height = kCaptionTop + kCaptionLine * (max_lines + 1);
  options.overlay = overlay;
  return render_svg(d, l, options);
}

}  // namespace archc::render
