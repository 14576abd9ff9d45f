#pragma once
// Reading source text into the SourceMap: BOM skipped, UTF-8 checked.

#include <filesystem>
#include <optional>
#include <string>

#include "source/diagnostics.hpp"

namespace archc::source {

inline constexpr std::size_t kMaxFileBytes = std::size_t{256} << 20;

// Adds `text` as a file named `name`. Returns nullopt, with an `invalid-utf8` error at the
// first bad byte, when the text is not UTF-8; the file is still added so the error can point
// into it.
std::optional<FileId> add_text(SourceMap& sources, std::string name, std::string_view text,
                               Diagnostics& diags);

// Reads `path` from disk, shown as `name`. An unreadable file is an `io-error` at `site`
// (the import that named it, or no span for a file named on the command line).
std::optional<FileId> load_file(SourceMap& sources, const std::filesystem::path& path,
                                std::string name, Diagnostics& diags, Span site = {});

}  // namespace archc::source
