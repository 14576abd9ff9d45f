#pragma once
// Escaping and number formatting shared by the renderers.

#include <string>
#include <string_view>

namespace archc::render {

// For XML/HTML text and attribute values: & < > " ' are escaped; control characters other
// than tab and newline (invalid in XML 1.0) become U+FFFD.
std::string xml_escape(std::string_view text);

// A number with at most two decimals, no trailing zeros, no locale: `12.5`, `-3`, `0.25`.
std::string fmt(double value);

// `x="…" y="…" width="…" height="…"` of a box.
std::string attr_box(double x, double y, double w, double h);

}  // namespace archc::render
