#pragma once
// The reserved words of the language (ARCH_LANGUAGE §1): the one list that the grammar, the
// parser and the tools read. A bare name may not be one of them; a quoted name may.

#include <array>
#include <string_view>

namespace archc::syntax {

inline constexpr std::array<std::string_view, 16> kKeywords{
    "import", "title", "description", "kind",     "role", "rule", "forbid", "require",
    "layer",  "remove", "group",      "connect", "scenario", "in", "par",  "note"};

constexpr bool is_keyword(std::string_view word) {
  for (std::string_view k : kKeywords) {
    if (k == word) return true;
  }
  return false;
}

}  // namespace archc::syntax
