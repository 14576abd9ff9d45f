#include "layout/frames.hpp"

#include <gtest/gtest.h>

#include "compile/compile.hpp"
#include "render/svg.hpp"
#include "render/text.hpp"

namespace archc::layout {
namespace {

struct Built {
  model::Diagram d;
  Layout l;
};

Built build(const std::string& text) {
  compile::Request request = compile::text_request(text, "/archc-unit-test/frames/main.arch", "main.arch");
  request.check_rules = false;
  compile::Result r = compile::compile(request);
  for (const auto& x : r.diags.all()) ADD_FAILURE() << x.message;
  Built b{std::move(r.diagram), {}};
  b.l = compute_layout(b.d);
  return b;
}

// v1 has two nodes of the group `lake`; v2 adds a third and a node outside; v3 removes one
// of v1's.
constexpr const char* kLayers =
    "import std\n"
    "layer v1 {\n"
    "  debezium cdc\n"
    "  group lake \"Lake\" {\n"
    "    s3 raw\n"
    "    iceberg ice\n"
    "  }\n"
    "  connect(cdc, raw)\n"
    "  connect(ice, raw)\n"
    "}\n"
    "layer v2 <> {\n"
    "  group lake {\n"
    "    s3 archive \"Archive bucket with a long label\"\n"
    "  }\n"
    "  trino trino\n"
    "  connect(trino, ice)\n"
    "  connect(trino, archive)\n"
    "}\n"
    "layer v3 <> v2 {\n"
    "  remove cdc\n"
    "}\n";

bool inside(const Box& inner, const Box& outer) {
  return inner.x >= outer.x - 0.01 && inner.y >= outer.y - 0.01 && inner.x + inner.width <= outer.x + outer.width + 0.01 &&
         inner.y + inner.height <= outer.y + outer.height + 0.01;
}

TEST(Frames, AGroupFramesTheMembersItHasInEachLayer) {
  Built b = build(kLayers);
  const model::GroupId lake(0);
  model::NodeId raw = b.d.find_node("raw"), ice = b.d.find_node("ice"), archive = b.d.find_node("archive");
  LayerFrame v1 = frame_layer(b.d, b.l, model::LayerId(0));
  LayerFrame v2 = frame_layer(b.d, b.l, model::LayerId(1));
  ASSERT_TRUE(v1.groups[lake].placed && v2.groups[lake].placed);
  // v2 holds every member: the union's box, as dot drew it.
  const Box& whole = b.l.groups[lake].box;
  EXPECT_NEAR(v2.groups[lake].box.x, whole.x, 0.01);
  EXPECT_NEAR(v2.groups[lake].box.y, whole.y, 0.01);
  EXPECT_NEAR(v2.groups[lake].box.width, whole.width, 0.01);
  EXPECT_NEAR(v2.groups[lake].box.height, whole.height, 0.01);
  // v1: around raw and ice only, with dot's padding, inside the union's box.
  const Box& g = v1.groups[lake].box;
  EXPECT_TRUE(inside(b.l.nodes[raw], g) && inside(b.l.nodes[ice], g));
  EXPECT_FALSE(inside(b.l.nodes[archive], g)) << "v1's box does not reach v2's archive";
  EXPECT_TRUE(inside(g, whole));
  EXPECT_LT(g.width * g.height, whole.width * whole.height);
  double top = std::min(b.l.nodes[raw].y, b.l.nodes[ice].y);
  EXPECT_NEAR(top - g.y, GroupPadding::kTop, 0.01);
}

TEST(Frames, ALayerIsFramedToWhatItShows) {
  Built b = build(kLayers);
  for (model::LayerId layer : b.d.layers.ids()) {
    LayerFrame f = frame_layer(b.d, b.l, layer);
    for (std::size_t i = 0; i < b.d.nodes.size(); ++i) {
      bool shown = b.d.layer_order.contains(b.d.nodes[i].layers, layer);
      if (shown) {
        EXPECT_TRUE(inside(b.l.nodes[i], f.bounds)) << b.d.nodes[i].id << " in " << b.d.layers[layer].id;
      }
    }
    EXPECT_TRUE(inside(f.bounds, Box{0, 0, b.l.width, b.l.height}));
  }
  // v1 shows less than the union: its frame is smaller.
  LayerFrame v1 = frame_layer(b.d, b.l, model::LayerId(0));
  EXPECT_LT(v1.bounds.width * v1.bounds.height, b.l.width * b.l.height);
  // v3 has no cdc: its frame leaves cdc out.
  LayerFrame v3 = frame_layer(b.d, b.l, model::LayerId(2));
  EXPECT_FALSE(inside(b.l.nodes[b.d.find_node("cdc")], v3.bounds));
}

TEST(Frames, AStandalonePictureHasTheLayersFrameAndEvenMargins) {
  Built b = build(kLayers);
  render::SvgOptions options;
  options.visible_layer = model::LayerId(0);
  Box view = render::picture_frame(b.d, b.l, options);
  LayerFrame v1 = frame_layer(b.d, b.l, model::LayerId(0));
  // SVG coordinates are the layout's plus the margin: the view starts a margin before it.
  EXPECT_NEAR(view.x, v1.bounds.x, 0.01);
  EXPECT_NEAR(view.width, v1.bounds.width + 2 * render::kMargin, 0.01);
  std::string svg = render::render_svg(b.d, b.l, options);
  EXPECT_NE(svg.find("viewBox=\"" + render::fmt(view.x) + " " + render::fmt(view.y) + " "), std::string::npos);
  // A page holds every layer, with the union's viewBox and a frame per distinct box.
  options.standalone = false;
  std::string page = render::render_svg(b.d, b.l, options);
  EXPECT_NE(page.find("viewBox=\"0 0 "), std::string::npos);
  EXPECT_NE(page.find("<g class=\"frame\" data-frame=\"v1\">"), std::string::npos) << "v1's box, shown";
  EXPECT_NE(page.find("<g class=\"frame off\" data-frame=\"v2 v3\">"), std::string::npos) << "v2's, hidden";
}

TEST(Frames, PastTheBudgetEveryLayerKeepsTheUnionsBoxes) {
  Built b = build(kLayers);
  EXPECT_TRUE(frames_affordable(b.d));
  auto frames = group_frames(b.d, b.l);
  ASSERT_EQ(frames[model::GroupId(0)].size(), 2u) << "one box for v1, one for v2 and v3";
  EXPECT_EQ(frames[model::GroupId(0)][1].layers.size(), 2u);
}

}  // namespace
}  // namespace archc::layout
