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
//
// The file keeps what makes it the user's: a symlink stays a link and its target is written;
// an existing file keeps its mode and (where the process may) its owner; a file with several
// hard links is written in place, after a whole copy is on disk beside it, so that every name
// sees the new text; a FIFO, a device or a folder is refused.
std::string write_atomically(const std::filesystem::path& path, std::string_view content);

// The same for the file `name` (a plain name) in the folder open as `dir_fd`, which is never
// left: a symlink there is refused, not followed. `shown_dir` names the folder for the
// registry of temporaries (temp_files.hpp).
std::string write_atomically_at(int dir_fd, const std::string& name, std::string_view content,
                                const std::string& shown_dir);

// Where `path` leads once every symlink of its last component is followed (the path itself
// when it is not a link).
std::filesystem::path follow_symlinks(const std::filesystem::path& path);

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
