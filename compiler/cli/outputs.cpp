#include "cli/outputs.hpp"

#include <filesystem>

#include "source/write_file.hpp"

namespace archc::cli {

namespace fs = std::filesystem;
using source::NamedContent;
using source::write_atomically;
using source::write_folder_atomically;

std::optional<compile::Format> format_of(const std::string& out) {
  std::error_code ec;
  if (!out.empty() && (out.back() == '/' || fs::is_directory(out, ec))) return compile::Format::Folder;
  std::string ext = fs::path(out).extension().string();
  for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ext == ".html" || ext == ".htm") return compile::Format::Html;
  if (ext == ".svg") return compile::Format::Svg;
  if (ext == ".json") return compile::Format::Json;
  if (ext == ".png") return compile::Format::Png;
  if (ext == ".pdf") return compile::Format::Pdf;
  if (ext == ".gif") return compile::Format::Gif;
  return std::nullopt;
}

source::Diagnostic write_outputs(compile::Format format, const std::string& out,
                                 const std::vector<compile::Artifact>& artifacts) {
  source::Diagnostic failure;
  failure.code = source::Code::IoError;
  auto fail = [&](const std::string& why) {
    failure.message = "cannot write `" + out + "`: " + why;
    return failure;
  };
  if (format != compile::Format::Folder) {
    if (artifacts.size() != 1) return fail("nothing was rendered");
    std::string error = write_atomically(out, artifacts.front().content);
    return error.empty() ? failure : fail(error);
  }
  std::vector<NamedContent> named;
  for (const compile::Artifact& a : artifacts) named.push_back({a.name, a.content});
  std::string error = write_folder_atomically(out, named);
  if (!error.empty()) return fail(error);
  return failure;
}

}  // namespace archc::cli
