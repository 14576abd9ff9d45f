#pragma once
// `archc fmt`: a `.arch` file in the canonical style. The text is re-spaced token by token,
// never rebuilt from the syntax tree, so that nothing but white space (and quotes that a name
// does not need) can change: two-space indentation by block, one space after `,` and `:`,
// `{ key: value }` on one line, no space inside `( )` and `[ ]`, single spaces around `->`
// and `<>`, blank lines kept but collapsed to one, comments kept where they are, `\n` line
// ends and one at the end of the file. A file with syntax errors is not formatted.
//
// A line `// archc fmt: off` keeps what follows as written, up to and with a line
// `// archc fmt: on` or to the end of the file. A file whose first lines are comments, one of
// them `// archc fmt: off` never turned on again, is left whole, even if it does not parse
// (the deliberately malformed inputs of tests).

#include <optional>
#include <string>
#include <string_view>

#include "source/diagnostics.hpp"
#include "source/source_map.hpp"

namespace archc::format {

struct Formatted {
  std::string text;            // the canonical text (empty when `ok` is false)
  bool ok = false;             // false: syntax errors, in `diags`; nothing to write
  source::SourceMap sources;   // for printing the diagnostics
  source::Diagnostics diags;
};

// Formats `text`, shown in diagnostics as `name`.
Formatted format_text(std::string_view text, const std::string& name);

// A unified diff of two texts (`--- a/NAME`, `+++ b/NAME`, or the name alone when it is
// absolute; hunks with three lines of context); empty when they are equal.
std::string unified_diff(std::string_view before, std::string_view after, const std::string& name);

}  // namespace archc::format
