#pragma once
// The diagram's style sheet as every SVG renderer reads it. `assets/diagram.css` names its
// colours once, as custom properties (`--d-card`) with a dark-scheme block; librsvg, Inkscape
// and most converters know no `var()`, and drew our diagrams as black boxes. So the sheet we
// embed is resolved: each `var(--d-…)` replaced by its light-scheme colour, and the dark
// scheme a `prefers-color-scheme: dark` block after it that repeats those declarations with
// the dark colours, which renderers without media queries skip.

#include <string_view>

namespace archc::render {

// The resolved `assets/diagram.css`, computed once.
std::string_view diagram_css();

// Resolves a sheet written as diagram.css is (exposed for its tests).
std::string resolve_custom_properties(std::string_view css);

}  // namespace archc::render
