#include "render/style.hpp"

#include <gtest/gtest.h>

namespace archc::render {
namespace {

TEST(Style, TheEmbeddedSheetNamesNoCustomProperty) {
  std::string_view css = diagram_css();
  EXPECT_EQ(css.find("var("), std::string_view::npos);
  EXPECT_EQ(css.find("--d-"), std::string_view::npos);
  // The light colours are the rules themselves; the dark ones override them, after them.
  std::size_t card = css.find("svg.archc .node .card { fill: #ffffff; stroke: #c9d1dc; stroke-width: 1.2; }");
  std::size_t dark = css.find("@media (prefers-color-scheme: dark) {");
  ASSERT_NE(card, std::string_view::npos);
  ASSERT_NE(dark, std::string_view::npos);
  EXPECT_LT(card, dark);
  EXPECT_NE(css.find("svg.archc .node .card { fill: #1c232d; stroke: #3a4656; }", dark), std::string_view::npos);
  EXPECT_NE(css.find("@keyframes archc-pulse"), std::string_view::npos);
}

TEST(Style, DarkRulesRepeatOnlyWhatTheDarkSchemeChanges) {
  std::string css = resolve_custom_properties(R"(/* a comment */
svg.x { --a: #111; --b: red; --c: 1px; }
@media (prefers-color-scheme: dark) { svg.x { --a: #eee; } }
svg.x .p { fill: var(--a); stroke: var(--b); stroke-width: var(--c); opacity: 0.5; }
svg.x .q { stroke: var( --b ); }
svg.x .r { fill: var(--unknown); }
@media (prefers-reduced-motion: reduce) { svg.x .p { animation: none; } }
)");
  EXPECT_EQ(css,
            "svg.x .p { fill: #111; stroke: red; stroke-width: 1px; opacity: 0.5; }\n"
            "svg.x .q { stroke: red; }\n"
            "svg.x .r { fill: initial; }\n"
            "@media (prefers-reduced-motion: reduce) { svg.x .p { animation: none; } }\n"
            "@media (prefers-color-scheme: dark) {\n"
            "  svg.x .p { fill: #eee; }\n"
            "}\n");
}

}  // namespace
}  // namespace archc::render
