#include "compile/compile.hpp"

#include <algorithm>

#include <map>

#include "check/check.hpp"
#include "diff/union.hpp"
#include "model/suggest.hpp"
#include "raster/raster.hpp"
#include "render/animation.hpp"
#include "render/folder.hpp"
#include "model/views.hpp"
#include "render/html.hpp"
#include "render/json.hpp"
#include "render/svg.hpp"

namespace archc::compile {

namespace fs = std::filesystem;
using source::Code;

namespace {

std::string describe(std::chrono::milliseconds d) {
  if (d.count() % 1000 != 0) return std::to_string(d.count()) + " ms";
  return std::to_string(d.count() / 1000) + " s";
}

// Reads the main file; false (with the reason as a diagnostic) when it cannot be.
bool read_main(const Request& request, const std::string& name, std::string& text, source::Diagnostics& diags) {
  if (request.text) {
    text = *request.text;
    return true;
  }
  // The file named by the user may be a pipe (`archc check <(generate)`, /dev/stdin).
  source::FileText file = request.workspace.read(request.path, source::Allow::RegularFilesAndPipes);
  if (file.ok()) {
    text = std::move(file.text);
    return true;
  }
  diags.error(Code::IoError, {}, "cannot read `" + name + "`: " + file.reason());
  return false;
}

// The layer that `--layer` names, or the last; kNone (with a diagnostic) when there is none.
model::LayerId chosen_layer(const model::Diagram& d, const std::string& name, source::Diagnostics& diags) {
  if (name.empty()) return model::LayerId(d.layers.size() - 1);
  model::LayerId layer = d.find_layer(name);
  if (layer != model::kNone) return layer;
  std::vector<std::string_view> names;
  for (const auto& l : d.layers) names.push_back(l.id);
  std::string near = model::closest(name, names);
  diags.error(Code::BadOption, {}, "`--layer " + name + "`: the diagram has no such layer",
              d.find_view(name)  ? "`" + name + "` is a view: `--view " + name + "`"
              : near.empty()     ? ""
                                 : "a layer with a similar name exists: `" + near + "`");
  return model::kNone;
}

// The scenario that `--scenario` names; for a GIF without one, the diagram's only scenario.
// kNone (with a diagnostic) when there is none; also kNone, quietly, when none is needed.
model::ScenarioId chosen_scenario(const model::Diagram& d, const Request& request, bool& failed,
                                  source::Diagnostics& diags) {
  failed = false;
  if (request.scenario.empty()) {
    if (request.format != Format::Gif) return model::kNone;
    if (d.scenarios.size() == 1) return model::ScenarioId(0);
    std::string names;
    for (const auto& s : d.scenarios) names += (names.empty() ? "`" : ", `") + s.id + "`";
    diags.error(Code::BadOption, {}, "a GIF draws one scenario: say which with `--scenario ID`",
                d.scenarios.empty() ? "the diagram has no scenario; write a `scenario` block, or draw a picture with `-o FILE.png`"
                                    : "the diagram's scenarios: " + names);
    failed = true;
    return model::kNone;
  }
  for (model::ScenarioId i : d.scenarios.ids()) {
    if (d.scenarios[i].id == request.scenario) return i;
  }
  std::vector<std::string_view> names;
  for (const auto& s : d.scenarios) names.push_back(s.id);
  std::string near = model::closest(request.scenario, names);
  diags.error(Code::BadOption, {}, "`--scenario " + request.scenario + "`: the diagram has no such scenario",
              near.empty() ? "" : "a scenario with a similar name exists: `" + near + "`");
  failed = true;
  return model::kNone;
}

// The view that `--view` names; nullptr (with a diagnostic) when there is none or the format
// draws no single picture.
const model::View* chosen_view(const model::Diagram& d, const Request& request, source::Diagnostics& diags) {
  if (request.format != Format::Svg && request.format != Format::Png && request.format != Format::Pdf) {
    diags.error(Code::BadOption, {}, "`--view` draws one picture: an SVG, PNG or PDF",
                request.format == Format::Gif ? "a GIF plays a scenario in its layer's picture: leave out `--view`"
                                              : "a page (`-o out.html`), a folder and the JSON hold every view already");
    return nullptr;
  }
  if (!request.layer.empty() || request.diff) {
    diags.error(Code::BadOption, {}, "`--view` draws its view's own layer; `--layer` and `--diff` do not apply",
                "leave them out, or draw the layer without `--view`");
    return nullptr;
  }
  if (!request.scenario.empty()) {
    diags.error(Code::BadOption, {}, "`--view` and `--scenario` do not go together",
                "a scenario plays in its layer's picture: drop `--view`");
    return nullptr;
  }
  if (const model::View* v = d.find_view(request.view)) return v;
  std::vector<std::string_view> names;
  for (const auto& v : d.views) names.push_back(v.id);
  std::string near = model::closest(request.view, names);
  diags.error(Code::BadOption, {}, "`--view " + request.view + "`: the diagram has no such view",
              !near.empty()        ? "a view with a similar name exists: `" + near + "`"
              : d.views.empty()    ? "the diagram has no view; write one: `view ID \"title\" of LAYER { include … }`"
                                   : "");
  return nullptr;
}

// Each view of `d` (or only `only`) as a picture of its own, laid out on its own.
std::optional<render::ViewPictures> lay_out_views(const model::Diagram& d, const model::View* only,
                                                  const layout::LayoutOptions& options, source::Diagnostics& diags) {
  render::ViewPictures out;
  for (const model::View& v : d.views) {
    if (only && only != &v) continue;
    render::ViewPicture p{&v, model::view_diagram(d, v), {}};
    p.layout = layout::compute_layout(p.diagram, options);
    if (!p.layout.error.empty()) {
      diags.error(p.layout.timed_out ? Code::LayoutTimeout : Code::LayoutFailed, v.span,
                  "the layout of view `" + v.id + "` failed: " + p.layout.error);
      return std::nullopt;
    }
    out.push_back(std::move(p));
  }
  return out;
}

// What the raster stage could not draw, as a diagnostic.
bool drawn(const raster::Picture& p, source::Diagnostics& diags) {
  if (p.ok()) return true;
  if (p.over_budget) {
    diags.error(Code::OutputBudget, {}, p.error, p.help);
  } else {
    diags.error(Code::RasterFailed, {}, p.error);
  }
  return false;
}

std::vector<Artifact> render(const Request& request, const model::Diagram& d, const layout::Layout& l,
                             model::LayerId layer, model::ScenarioId scenario, const render::ViewPictures& views,
                             source::Diagnostics& diags) {
  // `--view`: the view's own diagram, drawn as the picture of its one layer.
  if (!request.view.empty() && !views.empty()) {
    Request picture = request;
    picture.view.clear();
    picture.layer.clear();
    return render(picture, views[0].diagram, views[0].layout, model::LayerId(0), model::kNone, {}, diags);
  }
  render::SvgOptions svg;
  svg.visible_layer = layer;
  svg.diff = request.diff;
  auto picture = [&](raster::Picture p) -> std::vector<Artifact> {
    if (!drawn(p, diags)) return {};
    return {{"", std::move(p.bytes)}};
  };
  switch (*request.format) {
    case Format::Html: return {{"", render::render_html(d, l, layer, request.diff, nullptr, &views)}};
    case Format::Json: return {{"", render::render_json(d, &l, &views)}};
    case Format::Svg:
      if (scenario != model::kNone) return {{"", render::render_scenario_svg(d, l, scenario) + "\n"}};
      return {{"", render::render_svg(d, l, svg) + "\n"}};
    // Without `--scale`, a diagram too large for 2× is drawn as large as archc draws.
    case Format::Png:
      return picture(raster::png(render::render_svg(d, l, svg), request.scale > 0 ? request.scale : 2, request.scale <= 0));
    case Format::Pdf: {
      std::string title = d.display_title() + (d.layers.size() > 1 ? " — " + d.layers[layer].id : "");
      return picture(raster::pdf(render::render_svg(d, l, svg), title));
    }
    case Format::Gif: {
      raster::GifOptions options;
      options.fps = request.fps;
      options.scale = request.scale > 0 ? request.scale : 1;
      options.shrink = request.scale <= 0;
      return picture(raster::gif(render::ScenarioFrames(d, l, scenario), options));
    }
    case Format::Folder: {
      std::vector<Artifact> out;
      std::vector<render::FolderFile> files = render::render_folder(d, l, views);
      // The layers' SVGs come first, the views' after the scenarios': each of those gets its
      // PNG beside it, on request.
      const std::size_t views_from = d.layers.size() + d.scenarios.size();
      for (std::size_t i = 0; i < files.size(); ++i) {
        const bool picture = i < d.layers.size() || (i >= views_from && i < views_from + views.size());
        if (request.folder_png && picture) {
          raster::Picture p = raster::png(files[i].content, request.scale > 0 ? request.scale : 2, request.scale <= 0);
          if (!drawn(p, diags)) return {};
          std::string name = files[i].name.substr(0, files[i].name.size() - 4) + ".png";
          out.push_back({std::move(name), std::move(p.bytes)});
        }
        out.push_back({std::move(files[i].name), std::move(files[i].content)});
      }
      return out;
    }
  }
  return {};
}

}  // namespace

Workspace memory_workspace(std::vector<std::pair<fs::path, std::string>> files, std::vector<fs::path> roots) {
  auto by_path = std::make_shared<std::map<std::string, std::string>>();
  for (auto& [path, text] : files) (*by_path)[path.lexically_normal().generic_string()] = std::move(text);
  Workspace w;
  w.roots = std::move(roots);
  w.read = [by_path](const fs::path& path, source::Allow) {
    auto it = by_path->find(path.lexically_normal().generic_string());
    if (it == by_path->end()) return source::FileText{{}, source::ReadError::NotFound, {}};
    return source::FileText{it->second, source::ReadError::None, {}};
  };
  return w;
}

std::size_t layout_node_count(const model::Diagram& diagram) {
  return static_cast<std::size_t>(std::count_if(diagram.nodes.begin(), diagram.nodes.end(),
                                                [](const model::Node& n) { return !n.layers.empty(); }));
}

Request text_request(std::string text, fs::path path, std::string name) {
  Request r;
  r.path = std::move(path);
  r.name = std::move(name);
  r.text = std::move(text);
  return r;
}

std::size_t layer_memberships(const model::Diagram& diagram) { return diagram.memberships(); }

Result compile(const Request& request) {
  Result r;
  const std::string name = request.name.empty() ? request.path.string() : request.name;
  std::string text;
  if (!read_main(request, name, text, r.diags)) {
    r.request_failed = true;
    return r;
  }
  r.diagram = model::build_model(r.sources, request.path, name, text, request.workspace, r.diags, &r.main_tree);
  if (!r.diags.has_errors() && request.check_rules) check::check_rules(r.diagram, r.diags, &r.sources);
  if ((!request.format && !request.lay_out) || r.diags.has_errors()) return r;

  model::LayerId layer = chosen_layer(r.diagram, request.layer, r.diags);
  if (layer == model::kNone) {
    r.request_failed = true;
    return r;
  }
  bool no_scenario = false;
  model::ScenarioId scenario = chosen_scenario(r.diagram, request, no_scenario, r.diags);
  if (no_scenario) {
    r.request_failed = true;
    return r;
  }
  if (std::size_t listed = layer_memberships(r.diagram); listed > kMaxLayerMemberships) {
    r.diags.error(Code::OutputBudget, {},
                  "the " + std::to_string(r.diagram.layers.size()) + " layers hold " + std::to_string(listed) +
                      " nodes, connections and groups in all, more than the " + std::to_string(kMaxLayerMemberships) +
                      " that an output lists",
                  "each layer repeats what it extends: extend a common base instead of a long chain (`layer v9 <> v1`), "
                  "use fewer layers, or run `archc check`, which writes nothing");
    return r;
  }
  // Said before the layout starts, so that a long wait is never a silent one.
  std::size_t nodes = layout_node_count(r.diagram);
  if (nodes > layout::kLargeLayoutNodes) {
    r.diags.warning(Code::LargeLayout, {},
                    std::to_string(nodes) + " nodes to lay out: Graphviz takes from seconds to minutes at this size",
                    "split the diagram into files of a few hundred nodes (one per group or team), or run `archc check " +
                        name + "`, which needs no layout");
  }
  if (request.before_layout) request.before_layout(r.sources, r.diags);
  r.layout = layout::compute_layout(r.diagram, request.layout);
  if (!r.layout->error.empty()) {
    if (r.layout->timed_out) {
      r.diags.error(Code::LayoutTimeout, {},
                    "the layout of " + std::to_string(r.diagram.nodes.size()) + " nodes and " +
                        std::to_string(r.diagram.edges.size()) + " connections did not finish within " +
                        describe(request.layout.timeout),
                    "allow it more time with `--layout-timeout 10m` (0: no limit), or split the diagram; `archc "
                    "check` needs no layout");
    } else {
      r.diags.error(Code::LayoutFailed, {}, r.layout->error);
    }
    return r;
  }
  if (!request.format) return r;
  const model::View* only = nullptr;
  if (!request.view.empty()) {
    only = chosen_view(r.diagram, request, r.diags);
    if (!only) {
      r.request_failed = true;
      return r;
    }
  }
  // Only the outputs that show views lay them out.
  std::optional<render::ViewPictures> views = render::ViewPictures{};
  if (only || request.format == Format::Html || request.format == Format::Json || request.format == Format::Folder) {
    views = lay_out_views(r.diagram, only, request.layout, r.diags);
    if (!views) return r;
  }
  r.artifacts = render(request, r.diagram, *r.layout, layer, scenario, *views, r.diags);
  return r;
}

namespace {

// No errors but rule violations.
bool compiled_for_diff(const Result& r) {
  if (r.request_failed) return false;
  for (const source::Diagnostic& d : r.diags.all()) {
    if (d.severity == source::Severity::Error && d.code != Code::RuleViolation) return false;
  }
  return true;
}

}  // namespace

DiffResult compile_diff(const DiffRequest& request) {
  DiffResult r;
  Request before = request.before, after = request.after;
  before.format.reset();
  after.format.reset();
  before.check_rules = after.check_rules = true;
  r.before = compile(before);
  r.after = compile(after);
  r.before_compiled = compiled_for_diff(r.before);
  r.after_compiled = compiled_for_diff(r.after);
  if (!r.compiled()) return r;
  r.changes = diff::compare({r.before.diagram, r.before.diags, r.before.sources}, {r.after.diagram, r.after.diags, r.after.sources});
  if (!request.format) return r;

  diff::Union u = diff::union_of(r.before.diagram, r.after.diagram);
  u.marks.before = request.before.name.empty() ? request.before.path.string() : request.before.name;
  u.marks.after = request.after.name.empty() ? request.after.path.string() : request.after.name;
  model::LayerId layer = chosen_layer(u.diagram, request.layer, r.diags);
  if (layer == model::kNone) {
    r.request_failed = true;
    return r;
  }
  layout::Layout l = layout::compute_layout(u.diagram, request.layout);
  if (!l.error.empty()) {
    r.diags.error(l.timed_out ? Code::LayoutTimeout : Code::LayoutFailed, {}, l.error);
    return r;
  }
  if (*request.format == Format::Html) {
    r.artifacts.push_back({"", render::render_html(u.diagram, l, layer, true, &u.marks)});
  } else {
    render::SvgOptions options;
    options.visible_layer = layer;
    options.versions = &u.marks;
    options.title = u.diagram.display_title() + ": " + u.marks.before + " → " + u.marks.after;
    r.artifacts.push_back({"", render::render_svg(u.diagram, l, options) + "\n"});
  }
  return r;
}

}  // namespace archc::compile
