#pragma once
// Reading source text into the SourceMap: BOM skipped, UTF-8 checked.

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

}  // namespace archc::source
