#pragma once
// One self-contained HTML page: the diagram as inline SVG, layer pills, and the player's
// script and styles inlined (no network request of any kind).

#include <string>
#include <string_view>

#include "layout/layout.hpp"
#include "model/diagram.hpp"
#include "render/svg.hpp"
#include "render/views.hpp"

namespace archc::render {

// The page opens on `first_layer` (none: the last), with the layer diff shown when `changes`.
// With `versions`, the page is a version diff (`archc diff -o diff.html`): Changes shows what
// the new version adds, removes and changes in the shown layer, and is on at first. `views`
// are drawn below the diagram, each shown alone by its button in the Views control.
std::string render_html(const model::Diagram& diagram, const layout::Layout& layout,
                        model::LayerId first_layer = model::kNone, bool changes = false,
                        const VersionMarks* versions = nullptr, const ViewPictures* views = nullptr);

// JSON made safe to embed in a <script> element: every `<` written `\u003c`, so that no text
// of the user's (a name, a folder's name) can end the element (`</script>`) or open a comment
// (`<!--`). The JSON means the same.
std::string script_safe(std::string_view json);

}  // namespace archc::render
