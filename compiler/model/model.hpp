#pragma once
// The model stage's entry point: syntax trees of the main file, its imports and the stdlib,
// resolved into one Diagram (names, kinds, layers, scenarios).

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/diagram.hpp"
#include "syntax/ast.hpp"
#include "source/diagnostics.hpp"
#include "source/read_file.hpp"

namespace archc::model {

// Where file imports may come from and how they are read. The CLI reads the disk; a server
// or a test can serve sources from memory.
struct Workspace {
  // Directories that file imports may not leave: the main file's own directory is always one;
  // `-I DIR` adds more.
  std::vector<std::filesystem::path> roots;
  // Reads a file, or says why it cannot: the main file may be a pipe, imports are regular
  // files only, and none may be larger than source::kMaxFileBytes.
  std::function<source::FileText(const std::filesystem::path&, source::Allow)> read;
  // Whether an import's path is resolved through the disk's symlinks before the roots are
  // checked (the command line). Off, paths stay as written, normalised by their text alone,
  // and `read` decides what a link means (`archc serve` refuses every link under its folder;
  // a git revision has no disk to resolve through).
  bool resolve_links = true;
};

Workspace disk_workspace(std::vector<std::filesystem::path> extra_roots);

// A workspace with no files: only the stdlib can be imported (tests, `archc stdlib`, text
// compiled from memory).
Workspace empty_workspace();

// Compiles the file `main_name` whose text is `main_text` (its directory anchors relative
// imports). All diagnostics go to `diags`; the returned diagram holds what could be resolved.
// `main_tree`, when given, receives the main file's syntax tree (none when it could not be
// read as text).
Diagram build_model(source::SourceMap& sources, const std::filesystem::path& main_path,
                    std::string main_name, std::string_view main_text, const Workspace& workspace,
                    source::Diagnostics& diags, std::shared_ptr<const syntax::File>* main_tree = nullptr);

}  // namespace archc::model
