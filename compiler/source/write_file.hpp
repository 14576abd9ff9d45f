#pragma once
// Writing outputs atomically: everything goes to temporary files beside the output first and
// is renamed into place only when complete, so a failed or interrupted run never leaves a
// half-written output, nor touches an existing one (and signals remove the temporaries:
// temp_files.hpp).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace archc::source {

// Returns an empty string on success, else why the file could not be written, lower-case
// ("the folder `out` does not exist").
std::string write_atomically(const std::filesystem::path& path, std::string_view content);

struct NamedContent {
  std::string name;  // a plain file name
  std::string_view content;
};

// Writes `files` into the folder `dir`: all of them into a temporary sibling folder first;
// then that folder becomes `dir` (when `dir` does not exist) or its files are moved into
// `dir` one by one (other files there are left alone). A failure before the move leaves
// `dir` exactly as it was.
std::string write_folder_atomically(const std::filesystem::path& dir, const std::vector<NamedContent>& files);

}  // namespace archc::source
