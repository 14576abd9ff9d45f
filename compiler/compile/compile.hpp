#pragma once
// The one entry point of the compiler: a main file and a Workspace in; the resolved diagram,
// every diagnostic and, on request, the layout and the rendered files out. The command line,
// the tests and the benchmarks call it (and `archc serve` and `archc lsp` will): none of them
// chains the stages by hand.
//
// No global state: each call owns its sources, diagnostics and results, so calls may run many
// times and on several threads at once.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "diff/diff.hpp"
#include "layout/layout.hpp"
#include "model/diagram.hpp"
#include "model/model.hpp"
#include "source/diagnostics.hpp"
#include "source/source_map.hpp"

namespace archc::compile {

using model::Workspace;

// A workspace over files held in memory (an editor's buffers, a test's files): `read` serves
// them by exact path, and imports may not leave `roots` (the main file's folder is one).
Workspace memory_workspace(std::vector<std::pair<std::filesystem::path, std::string>> files,
                           std::vector<std::filesystem::path> roots = {});
using model::disk_workspace;

// Png, Pdf and Gif are drawn from our SVG by the raster stage (librsvg and cairo), in-process.
enum class Format { Html, Svg, Json, Folder, Png, Pdf, Gif };

struct Request {
  // The main file: relative imports start from its folder.
  std::filesystem::path path;
  // The name diagnostics print for it; its path when empty.
  std::string name;
  // Its text when the caller holds it (a buffer, stdin); otherwise read through `workspace`.
  std::optional<std::string> text;
  Workspace workspace = model::empty_workspace();
  // The rules of the stdlib and the file (`archc check`); run only when the model has no error.
  bool check_rules = true;
  // What to render (a format implies the layout); none: nothing rendered.
  std::optional<Format> format;
  // Lay out even when nothing is rendered (tests and benchmarks of the layout itself).
  bool lay_out = false;
  // HTML and SVG: the layer shown (the page opens on it); empty: the last.
  std::string layer;
  // HTML and SVG: the layer diff (what the layer adds to the one it extends, and ghosts of
  // what it removes); a page opens with Changes on.
  bool diff = false;
  // SVG, PNG and PDF: the view drawn (`--view ID`), laid out on its own.
  std::string view;
  // GIF (required unless the diagram has one scenario) and SVG (the scenario animated): the
  // scenario drawn.
  std::string scenario;
  // PNG and GIF: pixels per CSS pixel; 0 is the format's default (PNG 2, crisp on slides; GIF 1).
  double scale = 0;
  // GIF: frames per second.
  double fps = 20;
  // Folder: a PNG of each layer beside its SVG.
  bool folder_png = false;
  layout::LayoutOptions layout;
  // Called just before the layout starts, with the diagnostics so far (a large-layout warning,
  // say), so that a front end can show them before a long wait.
  std::function<void(const source::SourceMap&, const source::Diagnostics&)> before_layout;
};

// One rendered file. `name` is empty for a single output (HTML, SVG, JSON) and a plain file
// name inside the folder for Format::Folder.
struct Artifact {
  std::string name;
  std::string content;
};

struct Result {
  source::SourceMap sources;
  source::Diagnostics diags;
  model::Diagram diagram;
  std::optional<layout::Layout> layout;
  std::vector<Artifact> artifacts;  // empty unless a format was asked and nothing failed
  // The main file's syntax tree (spans are offsets into its text as `sources` holds it); null
  // when it could not be read.
  std::shared_ptr<const syntax::File> main_tree;
  // The request itself could not be served (the main file unreadable, no such `layer`): a
  // command line reports it as a usage error rather than an error in the input.
  bool request_failed = false;

  bool ok() const { return !request_failed && !diags.has_errors(); }
};

Result compile(const Request& request);

// `archc diff`: two versions compiled with their rules and compared as models; on request,
// the union of both laid out once and drawn (Html or Svg) with what changed marked.
struct DiffRequest {
  Request before, after;         // their formats are ignored
  std::optional<Format> format;  // Html or Svg: the picture
  std::string layer;             // the layer an SVG shows, or a page opens on (default: the last)
  layout::LayoutOptions layout;
};

struct DiffResult {
  Result before, after;
  // Each side compiled: no errors but the rules' (a broken rule is a change to report).
  bool before_compiled = false, after_compiled = false;
  bool compiled() const { return before_compiled && after_compiled; }
  diff::DiagramDiff changes;
  source::SourceMap sources;  // the picture's diagnostics (layout, `--layer`)
  source::Diagnostics diags;
  std::vector<Artifact> artifacts;  // the picture, when asked for and drawn
  bool request_failed = false;      // no such `layer`
};

DiffResult compile_diff(const DiffRequest& request);

// A request for text held in memory (an editor buffer, a test): `path` places it (relative
// imports start from its folder), `name` is what diagnostics print; only the stdlib can be
// imported unless the caller sets a workspace.
Request text_request(std::string text, std::filesystem::path path, std::string name);

// How many distinct nodes a layout of the diagram places: the union of its layers.
std::size_t layout_node_count(const model::Diagram& diagram);

// What each layer holds, counted once per layer (nodes, connections, groups): every output
// lists it per layer (the JSON model's layers, the `data-layers` of each drawn element), so
// a thousand layers that each extend the one before make it grow as their square. Above
// kMaxLayerMemberships a render fails with `output-budget` before any work.
std::size_t layer_memberships(const model::Diagram& diagram);
inline constexpr std::size_t kMaxLayerMemberships = 500'000;

}  // namespace archc::compile
