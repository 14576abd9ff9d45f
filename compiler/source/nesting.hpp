#pragma once
// How deep a JSON text nests, found by a scan that builds nothing: a message of a client
// (an editor, a page) is refused before a parser or the value it would build recurses once
// per level (200,000 nested `[` crashed `archc lsp` from a 400 KB message).

#include <cstddef>
#include <string_view>

namespace archc::source {

// Whether the arrays and objects of `json` nest at most `max_depth` deep (strings, with
// their escapes, are skipped; the text need not be valid JSON).
bool nests_within(std::string_view json, std::size_t max_depth);

// The depth archc's front ends take: far beyond any message they send or expect.
inline constexpr std::size_t kMaxJsonDepth = 256;

}  // namespace archc::source
