#pragma once
// UTF-8 helpers: validation with the position of the first bad byte, and character counts.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace archc::source {

// The byte offset of the first byte that does not start a valid UTF-8 sequence (overlongs,
// surrogates and values above U+10FFFF are invalid), or nullopt when all of `text` is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// How many code points `text` holds (it counts bytes that start a sequence).
std::size_t count_chars(std::string_view text);

// Appends the UTF-8 encoding of `code_point` (assumed valid) to `out`.
void append_utf8(std::string& out, char32_t code_point);

// Removes a leading UTF-8 byte order mark.
std::string_view skip_bom(std::string_view text);

}  // namespace archc::source
