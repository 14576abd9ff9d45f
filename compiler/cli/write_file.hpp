#pragma once
// Writing outputs atomically: a temporary file in the same folder, then a rename, so that a
// failed run never leaves a half-written file nor touches an existing one.

#include <filesystem>
#include <string>
#include <string_view>

namespace archc::cli {

// Returns an empty string on success, else why the file could not be written, lower-case
// ("the folder `out` does not exist").
std::string write_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace archc::cli
