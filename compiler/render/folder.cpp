#include "render/folder.hpp"

#include <set>

#include "archc_assets.hpp"
#include "render/animation.hpp"
#include "render/svg.hpp"
#include "render/text.hpp"

namespace archc::render {

namespace {

// Layer and scenario ids become file names: anything but letters, digits, `-`, `_` and `.`
// becomes `_`, and a name never starts with a dot.
std::string file_stem(const std::string& id) {
  std::string out;
  for (char c : id) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    out += ok ? c : '_';
  }
  if (out.empty() || out[0] == '.') out.insert(out.begin(), '_');
  return out;
}

}  // namespace

std::vector<FolderFile> render_folder(const model::Diagram& d, const layout::Layout& l, const ViewPictures& views) {
  std::vector<FolderFile> files;
  std::set<std::string> taken{"index"};
  std::string index_body;
  auto unique = [&](std::string stem, const char* suffix) {
    if (taken.count(stem)) stem += suffix;
    while (taken.count(stem)) stem += "_";
    taken.insert(stem);
    return stem;
  };
  index_body += "<h2>Layers</h2>\n<ul class=\"layers\">\n";
  for (model::LayerId i : d.layers.ids()) {
    SvgOptions options;
    options.visible_layer = i;
    options.id = "archc-layer-" + d.layers[i].id;
    std::string name = unique(file_stem(d.layers[i].id), "-layer") + ".svg";
    files.push_back({name, render_svg(d, l, options) + "\n"});
    index_body += "<li><a href=\"" + xml_escape(name) + "\">" + xml_escape(d.layers[i].id) + "</a>" +
                  (d.layers[i].title.empty() ? "" : " — " + xml_escape(d.layers[i].title)) + "</li>\n";
  }
  index_body += "</ul>\n";
  if (!d.scenarios.empty()) index_body += "<h2>Scenarios</h2>\n<ul class=\"scenarios\">\n";
  for (model::ScenarioId i : d.scenarios.ids()) {
    const model::Scenario& s = d.scenarios[i];
    std::string name = unique(file_stem(s.id), "-scenario") + ".svg";
    files.push_back({name, render_scenario_svg(d, l, i) + "\n"});
    index_body += "<li><a href=\"" + xml_escape(name) + "\">" + xml_escape(s.title) + "</a> (in " +
                  xml_escape(d.layers[s.layer].id) + ")</li>\n";
  }
  if (!d.scenarios.empty()) index_body += "</ul>\n";
  if (!views.empty()) index_body += "<h2>Views</h2>\n<ul class=\"views\">\n";
  for (const ViewPicture& v : views) {
    SvgOptions options;
    options.visible_layer = model::LayerId(0);
    options.id = "archc-view-" + v.view->id;
    std::string name = unique(file_stem(v.view->id), "-view") + ".svg";
    files.push_back({name, render_svg(v.diagram, v.layout, options) + "\n"});
    index_body += "<li><a href=\"" + xml_escape(name) + "\">" + xml_escape(v.view->title) + "</a> (of " +
                  xml_escape(d.layers[v.view->layer].id) + ")</li>\n";
  }
  if (!views.empty()) index_body += "</ul>\n";
  std::string title = d.display_title();
  std::string index = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                      xml_escape(title) + "</title>\n<style>\n" + std::string(generated::assets::k_folder_css) +
                      "</style>\n</head>\n<body>\n<h1>" + xml_escape(title) + "</h1>\n" + index_body;
  for (const FolderFile& f : files) {
    index += "<img src=\"" + xml_escape(f.name) + "\" alt=\"" + xml_escape(f.name) + "\">\n";
  }
  index += "</body>\n</html>\n";
  files.push_back({"index.html", index});
  return files;
}

}  // namespace archc::render
