#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "layout/layout.hpp"
#include "compile/compile.hpp"
#include "render/html.hpp"
#include "render/json.hpp"
#include "render/svg.hpp"
#include "render/text.hpp"
#include "archc_assets.hpp"

namespace archc::render {
namespace {

using Json = nlohmann::json;

model::Diagram build(const std::string& text) {
  compile::Request request = compile::text_request(text, "/archc-unit-test/render/main.arch", "main.arch");
  request.check_rules = false;
  compile::Result r = compile::compile(request);
  for (const auto& x : r.diags.all()) ADD_FAILURE() << x.message;
  return std::move(r.diagram);
}

std::size_t occurrences(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

constexpr const char* kLayered =
    "title \"Orders\"\n"
    "layer v1 \"Batch\" {\n"
    "  postgres pg \"Orders DB\"\n"
    "  airbyte ab\n"
    "  connect(ab, pg) \"JDBC\"\n"
    "}\n"
    "layer v2 <> \"Streaming\" {\n"
    "  group stream \"Streaming\" {\n"
    "    debezium dbz\n"
    "    kafka kafka\n"
    "  }\n"
    "  connect(dbz, pg)\n"
    "  connect(dbz, kafka) { stream: true }\n"
    "}\n"
    "scenario cdc in v2 {\n"
    "  pg -> dbz \"read\"\n"
    "  dbz -> kafka\n"
    "}\n";

// --- Text helpers ---------------------------------------------------------------------------

TEST(XmlEscape, EscapesMarkupCharacters) {
  EXPECT_EQ(xml_escape("plain"), "plain");
  EXPECT_EQ(xml_escape("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(xml_escape("&amp;"), "&amp;amp;");
}

TEST(XmlEscape, ControlCharactersBecomeReplacementCharacters) {
  EXPECT_EQ(xml_escape(std::string("a\x01" "b\x1F" "c", 5)), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
  EXPECT_EQ(xml_escape(std::string("a\0b", 3)), "a\xEF\xBF\xBD" "b");
  // Tab and newline are fine in XML, and so is UTF-8.
  EXPECT_EQ(xml_escape("a\tb\nc \xC3\xA9 \xF0\x9F\x9A\x80"), "a\tb\nc \xC3\xA9 \xF0\x9F\x9A\x80");
}

TEST(XmlEscape, NoncharactersInvalidInXmlBecomeReplacementCharacters) {
  EXPECT_EQ(xml_escape("a\xEF\xBF\xBF" "b"), "a\xEF\xBF\xBD" "b");  // U+FFFF
  EXPECT_EQ(xml_escape("a\xEF\xBF\xBE" "b"), "a\xEF\xBF\xBD" "b");  // U+FFFE
  // Their neighbours are fine.
  EXPECT_EQ(xml_escape("\xEF\xBF\xBD"), "\xEF\xBF\xBD");
  EXPECT_EQ(xml_escape("\xF0\x90\x80\x80"), "\xF0\x90\x80\x80");
}

TEST(Fmt, TwoDecimalsAtMost) {
  EXPECT_EQ(fmt(12.5), "12.5");
  EXPECT_EQ(fmt(0.25), "0.25");
  EXPECT_EQ(fmt(3.14159), "3.14");
  EXPECT_EQ(fmt(2.999), "3");
  EXPECT_EQ(fmt(1.006), "1.01");
}

TEST(Fmt, NoTrailingZeros) {
  EXPECT_EQ(fmt(0), "0");
  EXPECT_EQ(fmt(100), "100");
  EXPECT_EQ(fmt(10.1), "10.1");
  EXPECT_EQ(fmt(10.10), "10.1");
  EXPECT_EQ(fmt(250.0), "250");
  EXPECT_EQ(fmt(-3), "-3");
  EXPECT_EQ(fmt(1e6), "1000000");
}

TEST(Fmt, NoNegativeZero) {
  EXPECT_EQ(fmt(-0.0), "0");
  EXPECT_EQ(fmt(-0.001), "0");
  EXPECT_EQ(fmt(-0.004), "0");
  EXPECT_EQ(fmt(-0.01), "-0.01");
  EXPECT_EQ(fmt(-12.345), "-12.35");
}

TEST(Fmt, LargeValuesAreFormattedInFull) {
  EXPECT_EQ(fmt(1e20), "100000000000000000000");
  EXPECT_EQ(fmt(1e30), "1000000000000000019884624838656");
}

// --- JSON -----------------------------------------------------------------------------------

TEST(RenderJson, LayersHoldTheirNodesWithBoxes) {
  model::Diagram d = build(kLayered);
  layout::Layout l = layout::compute_layout(d);
  Json j = Json::parse(render_json(d, &l));
  EXPECT_EQ(j["title"], "Orders");
  ASSERT_EQ(j["layers"].size(), 2u);
  const Json& v1 = j["layers"][0];
  const Json& v2 = j["layers"][1];
  EXPECT_EQ(v1["id"], "v1");
  EXPECT_EQ(v1["title"], "Batch");
  EXPECT_TRUE(v1["extends"].is_null());
  EXPECT_EQ(v2["id"], "v2");
  EXPECT_EQ(v2["title"], "Streaming");
  EXPECT_EQ(v2["extends"], "v1");
  ASSERT_EQ(v1["nodes"].size(), 2u);
  ASSERT_EQ(v2["nodes"].size(), 4u);
  for (const Json* layer : {&v1, &v2}) {
    for (const Json& n : (*layer)["nodes"]) {
      for (const char* key : {"id", "kind", "label", "group", "x", "y", "width", "height"}) {
        EXPECT_TRUE(n.contains(key)) << n["id"] << " lacks " << key;
      }
      EXPECT_GT(n["width"].get<double>(), 0);
      EXPECT_GT(n["height"].get<double>(), 0);
    }
  }
  EXPECT_EQ(v1["nodes"][0]["id"], "pg");
  EXPECT_EQ(v1["nodes"][0]["kind"], "postgres");
  EXPECT_EQ(v1["nodes"][0]["label"], "Orders DB");
  EXPECT_TRUE(v1["nodes"][0]["group"].is_null());
  EXPECT_EQ(v1["nodes"][1]["label"], "ab");  // the label defaults to the id
  EXPECT_EQ(v2["nodes"][2]["group"], "stream");
}

TEST(RenderJson, ANodeHasTheSameBoxInEveryLayer) {
  model::Diagram d = build(kLayered);
  layout::Layout l = layout::compute_layout(d);
  Json j = Json::parse(render_json(d, &l));
  for (const Json& a : j["layers"][0]["nodes"]) {
    bool found = false;
    for (const Json& b : j["layers"][1]["nodes"]) {
      if (b["id"] != a["id"]) continue;
      found = true;
      for (const char* key : {"x", "y", "width", "height"}) EXPECT_EQ(a[key], b[key]) << a["id"] << " " << key;
    }
    EXPECT_TRUE(found) << a["id"];
  }
}

TEST(RenderJson, EdgesAndScenarios) {
  model::Diagram d = build(kLayered);
  layout::Layout l = layout::compute_layout(d);
  Json j = Json::parse(render_json(d, &l));
  const Json& v1_edges = j["layers"][0]["edges"];
  ASSERT_EQ(v1_edges.size(), 1u);
  EXPECT_EQ(v1_edges[0]["from"], "ab");
  EXPECT_EQ(v1_edges[0]["to"], "pg");
  EXPECT_EQ(v1_edges[0]["label"], "JDBC");
  EXPECT_EQ(v1_edges[0]["flow"], "backward");
  EXPECT_TRUE(v1_edges[0]["path"].is_array());
  const Json& v2_edges = j["layers"][1]["edges"];
  ASSERT_EQ(v2_edges.size(), 3u);
  EXPECT_EQ(v2_edges[2]["stream"], true);
  EXPECT_EQ(v2_edges[2]["flow"], "forward");
  ASSERT_EQ(j["layers"][1]["groups"].size(), 1u);
  EXPECT_EQ(j["layers"][1]["groups"][0]["id"], "stream");
  EXPECT_TRUE(j["layers"][0]["groups"].empty());

  ASSERT_EQ(j["scenarios"].size(), 1u);
  const Json& s = j["scenarios"][0];
  EXPECT_EQ(s["id"], "cdc");
  EXPECT_EQ(s["layer"], "v2");
  ASSERT_EQ(s["steps"].size(), 2u);
  EXPECT_EQ(s["steps"][0]["from"], "pg");
  EXPECT_EQ(s["steps"][0]["to"], "dbz");
  EXPECT_EQ(s["steps"][0]["caption"], "read");
  EXPECT_EQ(s["steps"][0]["start"], 0);
  EXPECT_EQ(s["steps"][0]["end"], 1);
  EXPECT_EQ(s["steps"][0]["against"], true);
  EXPECT_EQ(s["steps"][1]["start"], 1);
}

// The timeline in milliseconds is a fact of the model: a `par` slot lasts as long as its
// longest branch, a note and a plain step take the default, and the player reads it as is.
TEST(RenderJson, ScenariosCarryTheirTimelineInMilliseconds) {
  model::Diagram d = build(
      "service a; service b; service c\nconnect(a, b); connect(a, c)\n"
      "scenario s {\n  note \"start\"\n  par {\n    a -> b { duration: 3s }\n    a -> c\n  }\n  a -> b\n}\n");
  std::string text = render_json(d, nullptr);
  EXPECT_EQ(text.back(), '\n');
  Json j = Json::parse(text);
  const Json& s = j["scenarios"][0];
  EXPECT_EQ(s["slot_start_ms"], Json::parse("[0, 1200, 4200, 5400]"));
  EXPECT_EQ(s["notes"][0]["start_ms"], 0);
  EXPECT_EQ(s["notes"][0]["end_ms"], 1200);
  EXPECT_EQ(s["steps"][0]["start_ms"], 1200);
  EXPECT_EQ(s["steps"][0]["end_ms"], 4200);
  EXPECT_EQ(s["steps"][0]["travel_ms"], 3000);
  EXPECT_EQ(s["steps"][0]["duration_ms"], 3000);
  EXPECT_EQ(s["steps"][1]["travel_ms"], 1200);
  EXPECT_FALSE(s["steps"][1].contains("duration_ms")) << "only when set";
  EXPECT_EQ(s["steps"][2]["start_ms"], 4200);
}

TEST(PlayerAsset, ReadsTheTimelineInsteadOfComputingIt) {
  std::string_view js = generated::assets::k_player_js;
  EXPECT_NE(js.find("slot_start_ms"), std::string_view::npos);
  EXPECT_EQ(js.find("1200"), std::string_view::npos) << "the default step duration lives in model/timeline.hpp";
}

TEST(RenderJson, WithoutALayoutThereAreNoPositions) {
  model::Diagram d = build(kLayered);
  Json j = Json::parse(render_json(d, nullptr));
  EXPECT_FALSE(j.contains("width"));
  const Json& n = j["layers"][0]["nodes"][0];
  EXPECT_EQ(n["id"], "pg");
  EXPECT_FALSE(n.contains("x"));
  EXPECT_FALSE(j["layers"][0]["edges"][0].contains("path"));
}

// --- User text in HTML and SVG --------------------------------------------------------------

constexpr const char* kHostile =
    "title \"<script>alert('title')</script>\"\n"
    "description \"</p><script>alert(2)</script>\"\n"
    "layer 'v1<script>' \"<script>alert(3)</script>\" {\n"
    "  group g \"<script>alert(4)</script>\" {\n"
    "    service '<script>id' \"<script>alert(5)</script>\" { note: \"<script>alert(6)</script>\" }\n"
    "  }\n"
    "  service b \"a & b \\\"quoted\\\"\"\n"
    "  connect('<script>id', b) \"<script>alert(7)</script>\" { note: \"]]><script>alert(8)</script>\" }\n"
    "  service c \"<!--\" { note: \"<!--<script>\" }\n"
    "}\n";

TEST(RenderHtml, UserTextIsEscapedEverywhere) {
  model::Diagram d = build(kHostile);
  layout::Layout l = layout::compute_layout(d);
  std::string html = render_html(d, l);
  EXPECT_EQ(occurrences(html, "<script>alert"), 0u);
  EXPECT_EQ(occurrences(html, "<script>id"), 0u);
  EXPECT_EQ(occurrences(html, "v1<script>"), 0u);
  EXPECT_EQ(occurrences(html, "<!--"), 0u);  // would hide the player's script inside a comment
  // Only the page's own two script elements: the model and the player.
  EXPECT_EQ(occurrences(html, "<script"), 2u);
  EXPECT_EQ(occurrences(html, "</script"), 2u);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("a &amp; b &quot;quoted&quot;"), std::string::npos);
}

TEST(RenderHtml, LoadsNothingFromTheNetwork) {
  model::Diagram d = build(kLayered);
  layout::Layout l = layout::compute_layout(d);
  std::string html = render_html(d, l);
  EXPECT_EQ(occurrences(html, "https://"), 0u);
  // The only URLs are the SVG namespace: the inline <svg>'s and the player's, which
  // creates the packets in it. Namespaces are names, never fetched.
  EXPECT_NE(html.find("xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_EQ(occurrences(html, "http://"), occurrences(html, "http://www.w3.org/2000/svg"));
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
}

TEST(RenderHtml, OpensOnTheLastLayer) {
  model::Diagram d = build(kLayered);
  layout::Layout l = layout::compute_layout(d);
  std::string html = render_html(d, l);
  EXPECT_NE(html.find("data-layer=\"v1\" aria-pressed=\"false\""), std::string::npos);
  EXPECT_NE(html.find("data-layer=\"v2\" aria-pressed=\"true\""), std::string::npos);
  EXPECT_NE(html.find("<title>Orders</title>"), std::string::npos);
}

TEST(RenderSvg, NoncharacterInALabelStaysWellFormed) {
  model::Diagram d = build("service a \"x\\u{FFFF}y\"\n");
  layout::Layout l = layout::compute_layout(d);
  std::string svg = render_svg(d, l, {});
  EXPECT_EQ(svg.find("\xEF\xBF\xBF"), std::string::npos);
  EXPECT_NE(svg.find("x\xEF\xBF\xBDy"), std::string::npos);
}

TEST(RenderSvg, UserTextIsEscaped) {
  model::Diagram d = build(kHostile);
  layout::Layout l = layout::compute_layout(d);
  std::string svg = render_svg(d, l, {});
  EXPECT_EQ(occurrences(svg, "<script"), 0u);
  EXPECT_EQ(occurrences(svg, "]]>"), 0u);
  EXPECT_NE(svg.find("data-id=\"&lt;script&gt;id\""), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(5)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("data-layers=\"v1&lt;script&gt;\""), std::string::npos);
}

// The opening `<g …>` tag of the element whose tag holds `needle`, or "" when there is none.
std::string g_tag(const std::string& svg, const std::string& needle) {
  for (std::size_t at = svg.find("<g "); at != std::string::npos; at = svg.find("<g ", at + 1)) {
    std::string tag = svg.substr(at, svg.find('>', at) + 1 - at);
    if (tag.find(needle) != std::string::npos) return tag;
  }
  return "";
}

TEST(RenderSvg, ElementsSayWhichLayersHoldThem) {
  model::Diagram d = build(kLayered);
  layout::Layout l = layout::compute_layout(d);
  SvgOptions options;
  options.visible_layer = model::LayerId(1);
  std::string svg = render_svg(d, l, options);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
  std::string pg = g_tag(svg, "data-id=\"pg\"");
  EXPECT_NE(pg.find("data-layers=\"v1 v2\""), std::string::npos) << pg;
  EXPECT_NE(pg.find("class=\"node\""), std::string::npos) << pg;
  std::string kafka = g_tag(svg, "data-id=\"kafka\"");
  EXPECT_NE(kafka.find("data-layers=\"v2\""), std::string::npos) << kafka;
  EXPECT_EQ(svg.find(" off\""), std::string::npos);
}

TEST(RenderSvg, ElementsOfOtherLayersAreHiddenOrLeftOut) {
  model::Diagram d = build(kLayered);
  layout::Layout l = layout::compute_layout(d);
  SvgOptions page;
  page.visible_layer = model::LayerId(0);
  page.standalone = false;
  std::string svg = render_svg(d, l, page);
  // In a page every element is drawn, and those of other layers carry `off`.
  EXPECT_NE(g_tag(svg, "data-id=\"pg\"").find("class=\"node\""), std::string::npos);
  EXPECT_NE(g_tag(svg, "data-id=\"kafka\"").find("class=\"node off\""), std::string::npos) << svg;
  EXPECT_NE(g_tag(svg, "class=\"edge stream").find("class=\"edge stream off\""), std::string::npos);

  SvgOptions standalone;
  standalone.visible_layer = model::LayerId(0);
  standalone.standalone = true;
  std::string alone = render_svg(d, l, standalone);
  EXPECT_NE(g_tag(alone, "data-id=\"pg\""), "");
  EXPECT_EQ(g_tag(alone, "data-id=\"kafka\""), "");
  EXPECT_EQ(g_tag(alone, "data-id=\"dbz\""), "");
}

}  // namespace
}  // namespace archc::render

namespace archc::render {
namespace {

// Every kind of the standard library draws its own icon: the symbol its `icon:` names exists
// (no fallback to the generic box unless the kind asks for it) and is drawn on its card.
TEST(RenderSvg, EveryStdlibKindDrawsItsIcon) {
  model::Diagram stdlib = build("import std\n");
  std::string text = "import std\n";
  for (const model::Kind& k : stdlib.kinds) text += k.id + " n-" + k.id + "\n";
  model::Diagram d = build(text);
  layout::Layout l = layout::compute_layout(d);
  ASSERT_TRUE(l.error.empty()) << l.error;
  std::string svg = render_svg(d, l, SvgOptions{});
  std::string_view icons = archc::generated::assets::k_icons_svg;
  ASSERT_GE(stdlib.kinds.size(), 60u);
  for (const model::Kind& k : stdlib.kinds) {
    ASSERT_FALSE(k.icon.empty()) << k.id;
    EXPECT_NE(icons.find("<symbol id=\"icon-" + k.icon + "\""), std::string_view::npos) << k.id << " names icon " << k.icon;
    std::size_t node = svg.find("data-id=\"n-" + k.id + "\"");
    ASSERT_NE(node, std::string::npos) << k.id;
    EXPECT_EQ(svg.find("href=\"#icon-" + k.icon + "\"", node), svg.find("href=\"#icon-", node)) << k.id;
    EXPECT_NE(svg.find("<symbol id=\"icon-" + k.icon + "\""), std::string::npos) << k.id;
  }
}

}  // namespace
}  // namespace archc::render
