#pragma once
// Loading: the stdlib modules, the main file, and the files it imports, each once.

#include <filesystem>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "syntax/ast.hpp"

namespace archc::model {

struct LoadedFile {
  source::FileId id = source::kNoFile;
  // Shared: the stdlib's trees are parsed once per process and read by every compile.
  std::shared_ptr<const syntax::File> tree = std::make_shared<const syntax::File>();
  std::string module;  // `std.streaming` for a stdlib module, empty for a user file
};

// Returns every file in the order its declarations are read: the stdlib (core first), then
// user files with each imported file before the file that first imports it, the main file
// last. An import cycle is harmless: a file is loaded once.
std::vector<LoadedFile> load_all(source::SourceMap& sources, const std::filesystem::path& main_path,
                                 std::string main_name, std::string_view main_text,
                                 const Workspace& workspace, source::Diagnostics& diags);

}  // namespace archc::model
