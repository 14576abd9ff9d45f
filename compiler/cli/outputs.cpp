#include "cli/outputs.hpp"

#include <filesystem>
#include <set>
#include <vector>

#include "cli/write_file.hpp"
#include "render/animation.hpp"
#include "render/html.hpp"
#include "render/json.hpp"
#include "render/svg.hpp"
#include "render/text.hpp"

namespace archc::cli {

namespace fs = std::filesystem;

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

struct OutFile {
  std::string name;
  std::string content;
};

std::vector<OutFile> folder_files(const model::Diagram& d, const layout::Layout& l) {
  std::vector<OutFile> files;
  std::set<std::string> taken{"index"};
  std::string index_body;
  auto unique = [&](std::string stem, const char* suffix) {
    if (taken.count(stem)) stem += suffix;
    while (taken.count(stem)) stem += "_";
    taken.insert(stem);
    return stem;
  };
  index_body += "<h2>Layers</h2>\n<ul class=\"layers\">\n";
  for (std::size_t i = 0; i < d.layers.size(); ++i) {
    render::SvgOptions options;
    options.visible_layer = i;
    options.id = "archc-layer-" + d.layers[i].id;
    std::string name = unique(file_stem(d.layers[i].id), "-layer") + ".svg";
    files.push_back({name, render::render_svg(d, l, options) + "\n"});
    index_body += "<li><a href=\"" + render::xml_escape(name) + "\">" + render::xml_escape(d.layers[i].id) + "</a>" +
                  (d.layers[i].title.empty() ? "" : " — " + render::xml_escape(d.layers[i].title)) + "</li>\n";
  }
  index_body += "</ul>\n";
  if (!d.scenarios.empty()) index_body += "<h2>Scenarios</h2>\n<ul class=\"scenarios\">\n";
  for (std::size_t i = 0; i < d.scenarios.size(); ++i) {
    const model::Scenario& s = d.scenarios[i];
    std::string name = unique(file_stem(s.id), "-scenario") + ".svg";
    files.push_back({name, render::render_scenario_svg(d, l, i) + "\n"});
    index_body += "<li><a href=\"" + render::xml_escape(name) + "\">" + render::xml_escape(s.title) + "</a> (in " +
                  render::xml_escape(d.layers[s.layer].id) + ")</li>\n";
  }
  if (!d.scenarios.empty()) index_body += "</ul>\n";
  std::string title = d.title.empty() ? "Architecture diagram" : d.title;
  std::string index = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                      render::xml_escape(title) +
                      "</title>\n<style>body{font-family:Helvetica,Arial,'Liberation Sans',sans-serif;margin:24px}"
                      "img{display:block;max-width:100%;margin:8px 0 24px}</style>\n</head>\n<body>\n<h1>" +
                      render::xml_escape(title) + "</h1>\n" + index_body;
  for (const OutFile& f : files) {
    index += "<img src=\"" + render::xml_escape(f.name) + "\" alt=\"" + render::xml_escape(f.name) + "\">\n";
  }
  index += "</body>\n</html>\n";
  files.push_back({"index.html", index});
  return files;
}

}  // namespace

Format format_of(const std::string& out) {
  std::error_code ec;
  if (!out.empty() && (out.back() == '/' || fs::is_directory(out, ec))) return Format::Folder;
  std::string ext = fs::path(out).extension().string();
  for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ext == ".html" || ext == ".htm") return Format::Html;
  if (ext == ".svg") return Format::Svg;
  if (ext == ".json") return Format::Json;
  return Format::Unknown;
}

std::string write_outputs(Format format, const std::string& out, const model::Diagram& d,
                          const layout::Layout& l, std::size_t layer) {
  switch (format) {
    case Format::Html: return write_atomically(out, render::render_html(d, l, layer));
    case Format::Json: return write_atomically(out, render::render_json(d, &l));
    case Format::Svg: {
      render::SvgOptions options;
      options.visible_layer = layer;
      return write_atomically(out, render::render_svg(d, l, options) + "\n");
    }
    case Format::Folder: {
      std::vector<OutFile> files = folder_files(d, l);  // all rendered before anything is written
      std::error_code ec;
      fs::create_directories(out, ec);
      if (ec) return "cannot create the folder: " + ec.message();
      for (const OutFile& f : files) {
        std::string error = write_atomically(fs::path(out) / f.name, f.content);
        if (!error.empty()) return f.name + ": " + error;
      }
      return {};
    }
    case Format::Unknown: break;
  }
  return "unknown output format";
}

}  // namespace archc::cli
