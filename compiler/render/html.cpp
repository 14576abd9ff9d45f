#include "render/html.hpp"

#include "archc_assets.hpp"
#include "render/json.hpp"
#include "render/style.hpp"
#include "render/svg.hpp"
#include "render/text.hpp"

namespace archc::render {

std::string script_safe(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

std::string render_html(const model::Diagram& d, const layout::Layout& layout, model::LayerId first_layer, bool changes,
                        const VersionMarks* versions, const ViewPictures* views) {
  const ViewPictures none;
  const ViewPictures& shown_views = views ? *views : none;
  if (versions) changes = true;
  namespace assets = archc::generated::assets;
  model::LayerId last = first_layer != model::kNone && first_layer.index() < d.layers.size()
                            ? first_layer
                            : model::LayerId(d.layers.size() - 1);
  std::string title = d.display_title();
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Nothing may load from anywhere: the page is self-contained by construction.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n";
  out += "<title>" + xml_escape(title) + "</title>\n";
  out += "<style>\n" + std::string(assets::k_player_css) + std::string(diagram_css()) +
         "</style>\n</head>\n<body>\n";
  out += "<div class=\"archc-page\">\n<header class=\"archc-header\">\n<div class=\"archc-titles\">\n";
  out += "<h1>" + xml_escape(title) + "</h1>\n";
  if (!d.description.empty()) out += "<p class=\"archc-description\">" + xml_escape(d.description) + "</p>\n";
  out += "</div>\n<div class=\"archc-tools\">\n<nav class=\"layers\" aria-label=\"Layers\">\n";
  for (model::LayerId i : d.layers.ids()) {
    const model::Layer& l = d.layers[i];
    out += "<button type=\"button\" class=\"pill\" data-layer=\"" + xml_escape(l.id) + "\" aria-pressed=\"" +
           (i == last ? "true" : "false") + "\"" +
           (l.title.empty() ? "" : " title=\"" + xml_escape(l.title) + "\"") + ">" + xml_escape(l.id) +
           "</button>\n";
  }
  out += "</nav>\n";
  if (d.layers.size() > 1 || versions) {
    out += std::string("<button type=\"button\" class=\"changes\" aria-pressed=\"") + (changes ? "true" : "false") +
           "\" title=\"" + (versions ? std::string("Mark what the new version adds, removes and changes in the shown layer (d)")
                                   : std::string("Highlight what the shown layer adds to the layer it extends, and what it removes (d)")) + "\">"
           "Changes</button>\n";
  }
  if (!shown_views.empty()) {
    // The views: pictures of their own, chosen apart from the layers (views.js).
    out += "<nav class=\"views\" aria-label=\"Views\"><span class=\"views-word\" aria-hidden=\"true\">Views</span>\n";
    for (const ViewPicture& v : shown_views) {
      out += "<button type=\"button\" class=\"pill view-pick\" data-view=\"" + xml_escape(v.view->id) +
             "\" aria-pressed=\"false\" title=\"" + xml_escape(v.view->title) + " (of " + xml_escape(d.layers[v.view->layer].id) +
             ")\">" + xml_escape(v.view->title) + "</button>\n";
    }
    out += "</nav>\n";
  }
  out += "<button type=\"button\" class=\"zoom\" aria-pressed=\"false\" title=\"Show the diagram at its "
         "actual size (scroll to pan) or fitted to the window\">100%</button>\n</div>\n</header>\n";
  out += "<p class=\"layer-title\" aria-live=\"polite\">" +
         xml_escape(d.layers.empty() ? "" : d.layers[last].title) + "</p>\n";
  // The diff's legend, shown with Changes on.
  out += "<p class=\"archc-legend\" aria-live=\"polite\" hidden></p>\n";
  // What a clicked (or focused and Enter-ed) element says: its label, kind and note.
  out += "<p class=\"archc-details\" aria-live=\"polite\"></p>\n";
  if (!d.scenarios.empty()) {
    // The scenario player; player.js brings it to life (buttons start disabled until it does).
    out += "<section class=\"player\" role=\"region\" aria-label=\"AnimationPlayer\">\n<div class=\"player-scenarios\" role=\"group\" "
           "aria-label=\"Scenario\">\n";
    for (const model::Scenario& s : d.scenarios) {
      out += "<button type=\"button\" class=\"scenario-pick\" data-scenario=\"" + xml_escape(s.id) +
             "\" aria-pressed=\"false\">" + xml_escape(s.title) + "<span class=\"layer-tag\">" +
             xml_escape(d.layers[s.layer].id) + "</span></button>\n";
    }
    // Names are the visible words (axe: label-content-name-mismatch); titles say the keys.
    out += "</div>\n<div class=\"player-controls\">\n"
           "<button type=\"button\" class=\"player-prev\" title=\"Previous step (Left arrow)\" disabled>Back</button>\n"
           "<button type=\"button\" class=\"player-play\" title=\"Play or pause (Space)\" disabled>Play</button>\n"
           "<button type=\"button\" class=\"player-next\" title=\"Next step (Right arrow)\" disabled>Next</button>\n"
           "<input type=\"range\" class=\"player-scrub\" min=\"1\" max=\"1\" value=\"1\" step=\"1\" "
           "aria-label=\"Step\" disabled>\n"
           "<label class=\"player-speed-label\">Speed <select class=\"player-speed\" disabled>"
           "<option value=\"0.5\">0.5×</option><option value=\"1\" selected>1×</option>"
           "<option value=\"2\">2×</option><option value=\"4\">4×</option></select></label>\n"
           "<button type=\"button\" class=\"player-loop\" aria-pressed=\"false\" title=\"Play the scenario again and "
           "again\" disabled>Loop</button>\n"
           "<span class=\"player-progress\"></span>\n</div>\n"
           "<p class=\"player-caption\" aria-live=\"polite\"></p>\n"
           // The scenario in words (details.js fills it in), for screen readers and anyone.
           "<details class=\"archc-transcript\" hidden><summary>Transcript</summary><ol></ol></details>\n"
           "</section>\n";
  }
  out += "<main class=\"archc-canvas\">\n";
  SvgOptions options;
  options.visible_layer = last;
  options.standalone = false;
  options.versions = versions;
  out += render_svg(d, layout, options);
  for (const ViewPicture& v : shown_views) {
    SvgOptions view;
    view.visible_layer = model::LayerId(0);
    view.standalone = false;
    view.id = "archc-view-" + v.view->id;
    view.element_prefix = "view-" + v.view->id + "--";
    view.page_icons = true;  // the diagram above holds every icon its nodes use
    view.title = v.view->title;
    out += "\n<div class=\"archc-view\" data-view=\"" + xml_escape(v.view->id) + "\" hidden>\n" +
           render_svg(v.diagram, v.layout, view) + "\n</div>";
  }
  out += "\n</main>\n</div>\n";
  out += "<script type=\"application/json\" id=\"archc-model\">" + script_safe(render_json(d, &layout, views)) +
         "</script>\n";
  out += "<script>\n" + std::string(assets::k_player_js) + std::string(assets::k_view_js) + std::string(assets::k_views_js) +
         std::string(assets::k_page_js) +
         std::string(assets::k_details_js) +
         "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace archc::render
