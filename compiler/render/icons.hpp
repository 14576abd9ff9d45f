#pragma once
// The icons of assets/icons.svg: one `<symbol>` by name, and the sheet of the stdlib's kinds
// with theirs (render_icon_sheet, declared in svg.hpp).

#include <string_view>

namespace archc::render {

// The `<symbol>` for an icon name from assets/icons.svg, or empty. Icon names are
// lower-case words with hyphens; anything else (quotes, spaces) is no icon of ours.
std::string_view icon_symbol(std::string_view name);

}  // namespace archc::render
