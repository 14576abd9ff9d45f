#pragma once
// Text widths from a metrics table that ships with archc, never from the fonts a machine has,
// so that boxes and the layout are the same everywhere. The table holds the advance widths
// of Helvetica (Arial and Liberation Sans share them), the first family of kFontFamily.

#include <string>
#include <string_view>

namespace archc::layout {

inline constexpr std::string_view kFontFamily =
    "Helvetica, Arial, 'Liberation Sans', 'Nimbus Sans', sans-serif";

// The advance width of `text` (UTF-8) at `font_size`, in the same units as font_size.
// Characters outside the table count as wide as `M` for safety (CJK as two).
double text_width(std::string_view text, double font_size, bool bold = false);

// `text` if it fits in `max_width`, else its longest prefix (whole characters) that fits
// with an ellipsis after it.
std::string fit_text(std::string_view text, double font_size, bool bold, double max_width);

}  // namespace archc::layout
