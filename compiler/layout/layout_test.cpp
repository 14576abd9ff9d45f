#include "layout/layout.hpp"

#include <gtest/gtest.h>

#include <functional>

#include <cmath>

#include "layout/frames.hpp"
#include "layout/text_metrics.hpp"
#include "compile/compile.hpp"

namespace archc::layout {
namespace {

model::Diagram build(const std::string& text) {
  compile::Request request = compile::text_request(text, "/archc-unit-test/layout/main.arch", "main.arch");
  request.check_rules = false;
  compile::Result r = compile::compile(request);
  for (const auto& x : r.diags.all()) ADD_FAILURE() << x.message;
  return std::move(r.diagram);
}

constexpr const char* kDiagram =
    "import std\n"
    "layer v1 \"One\" {\n"
    "  postgres pg \"Orders DB\"\n"
    "  debezium debezium\n"
    "  kafka kafka\n"
    "  connect(debezium, pg)\n"
    "  connect(debezium, kafka)\n"
    "}\n"
    "layer v2 <> \"Two\" {\n"
    "  flink flink \"Flink with a rather long label that makes the box wide\"\n"
    "  group lake \"Lake\" {\n"
    "    s3 raw\n"
    "    iceberg ice\n"
    "  }\n"
    "  connect(flink, kafka) \"reads\"\n"
    "  connect(flink, raw)\n"
    "  connect(ice, raw)\n"
    "}\n";

model::NodeId node(const model::Diagram& d, std::string_view id) {
  model::NodeId i = d.find_node(id);
  EXPECT_NE(i, model::kNone) << id;
  return i;
}

std::size_t edge(const model::Diagram& d, std::string_view from, std::string_view to) {
  for (std::size_t i = 0; i < d.edges.size(); ++i) {
    if (d.nodes[d.edges[i].from].id == from && d.nodes[d.edges[i].to].id == to) return i;
  }
  ADD_FAILURE() << "no edge " << from << " -> " << to;
  return 0;
}

double distance(Point p, const Box& b) {
  double dx = std::max({b.x - p.x, 0.0, p.x - (b.x + b.width)});
  double dy = std::max({b.y - p.y, 0.0, p.y - (b.y + b.height)});
  return std::hypot(dx, dy);
}

bool overlap(const Box& a, const Box& b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

bool contains(const Box& outer, const Box& inner) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width &&
         inner.y + inner.height <= outer.y + outer.height;
}

TEST(Layout, EveryNodeInALayerIsPlacedWithItsOwnSize) {
  model::Diagram d = build(kDiagram);
  Layout l = compute_layout(d);
  ASSERT_EQ(l.nodes.size(), d.nodes.size());
  ASSERT_EQ(l.node_placed.size(), d.nodes.size());
  for (std::size_t i = 0; i < d.nodes.size(); ++i) {
    EXPECT_TRUE(l.node_placed[i]) << d.nodes[i].id;
    EXPECT_NEAR(l.nodes[i].width, node_width(d.nodes[i]), 0.01) << d.nodes[i].id;
    EXPECT_NEAR(l.nodes[i].height, Sizes::kNodeHeight, 0.01) << d.nodes[i].id;
    // Inside the drawing.
    EXPECT_GE(l.nodes[i].x, -0.01);
    EXPECT_GE(l.nodes[i].y, -0.01);
    EXPECT_LE(l.nodes[i].x + l.nodes[i].width, l.width + 0.01);
    EXPECT_LE(l.nodes[i].y + l.nodes[i].height, l.height + 0.01);
  }
}

TEST(Layout, NoTwoNodeBoxesOverlap) {
  model::Diagram d = build(kDiagram);
  Layout l = compute_layout(d);
  for (std::size_t i = 0; i < d.nodes.size(); ++i) {
    for (std::size_t j = i + 1; j < d.nodes.size(); ++j) {
      EXPECT_FALSE(overlap(l.nodes[i], l.nodes[j])) << d.nodes[i].id << " and " << d.nodes[j].id;
    }
  }
}

TEST(Layout, OneLayoutForEveryLayer) {
  // Nodes of v1 and of v2 only are laid out together: a v2-only node never sits where a v1
  // node is, so toggling layers moves nothing.
  model::Diagram d = build(kDiagram);
  Layout l = compute_layout(d);
  std::vector<model::NodeId> v1 = d.nodes_in(model::LayerId(0));
  std::vector<model::NodeId> v2 = d.nodes_in(model::LayerId(1));
  ASSERT_LT(v1.size(), v2.size());
  for (model::NodeId n : v2) {
    bool only_v2 = std::find(v1.begin(), v1.end(), n) == v1.end();
    if (!only_v2) continue;
    for (model::NodeId m : v1) EXPECT_FALSE(overlap(l.nodes[n], l.nodes[m]));
  }
}

TEST(Layout, GroupBoxesHoldTheirNodes) {
  model::Diagram d = build(kDiagram);
  Layout l = compute_layout(d);
  ASSERT_EQ(d.groups.size(), 1u);
  ASSERT_TRUE(l.groups[0].placed);
  EXPECT_TRUE(contains(l.groups[0].box, l.nodes[node(d, "raw")]));
  EXPECT_TRUE(contains(l.groups[0].box, l.nodes[node(d, "ice")]));
  EXPECT_FALSE(contains(l.groups[0].box, l.nodes[node(d, "kafka")]));
}

TEST(Layout, EdgesRunFromTheDialerToTheListener) {
  model::Diagram d = build(kDiagram);
  Layout l = compute_layout(d);
  struct Case {
    const char* from;
    const char* to;
    model::Flow flow;
  };
  for (Case c : {Case{"flink", "kafka", model::Flow::Backward}, Case{"debezium", "pg", model::Flow::Backward},
                 Case{"debezium", "kafka", model::Flow::Forward}, Case{"ice", "raw", model::Flow::Forward}}) {
    std::size_t e = edge(d, c.from, c.to);
    ASSERT_EQ(d.edges[e].flow, c.flow) << c.from << " -> " << c.to;
    const EdgeRoute& r = l.edges[e];
    ASSERT_TRUE(r.placed);
    ASSERT_GE(r.points.size(), 4u);
    EXPECT_EQ((r.points.size() - 1) % 3, 0u);
    const Box& dialer = l.nodes[node(d, c.from)];
    const Box& listener = l.nodes[node(d, c.to)];
    EXPECT_LT(distance(r.points.front(), dialer), 2.0) << c.from << " -> " << c.to;
    EXPECT_GT(distance(r.points.front(), listener), 2.0) << c.from << " -> " << c.to;
    EXPECT_LT(distance(r.tip, listener), 2.0) << c.from << " -> " << c.to;
  }
}

TEST(Layout, TheDirectionSaysWhichWayTheRanksRun) {
  // web -> api -> db: each next along the direction.
  const std::vector<std::pair<std::string, std::function<bool(const Box&, const Box&)>>> cases = {
      {"right", [](const Box& a, const Box& b) { return b.x > a.x + a.width; }},
      {"down", [](const Box& a, const Box& b) { return b.y > a.y + a.height; }},
      {"left", [](const Box& a, const Box& b) { return b.x + b.width < a.x; }},
      {"up", [](const Box& a, const Box& b) { return b.y + b.height < a.y; }},
  };
  for (const auto& [word, after] : cases) {
    model::Diagram d = build("direction: " + word + "\nservice web\nservice api\npostgres db\nconnect(web, api)\nconnect(api, db)\n");
    ASSERT_EQ(model::direction_word(d.direction), word);
    Layout l = compute_layout(d);
    const Box& web = l.nodes[d.find_node("web")];
    const Box& api = l.nodes[d.find_node("api")];
    const Box& db = l.nodes[d.find_node("db")];
    EXPECT_TRUE(after(web, api)) << word;
    EXPECT_TRUE(after(api, db)) << word;
  }
}

TEST(Layout, AGroupsTitleRoomIsAtItsTopInEveryDirection) {
  for (const char* word : {"right", "down", "left", "up"}) {
    model::Diagram d = build(std::string("direction: ") + word +
                             "\ngroup g \"Group\" {\n  service a\n  service b\n}\nservice c\nconnect(a, b)\nconnect(b, c)\n");
    Layout l = compute_layout(d);
    const Box& group = l.groups[0].box;
    double top = 1e9;
    for (const char* id : {"a", "b"}) top = std::min(top, l.nodes[d.find_node(id)].y);
    // The title band (kTitleBand) is clear of the members.
    EXPECT_GE(top - group.y, GroupPadding::kTitleBand) << word;
  }
}

TEST(Layout, EdgeLabelsGetABox) {
  model::Diagram d = build(kDiagram);
  Layout l = compute_layout(d);
  const EdgeRoute& labelled = l.edges[edge(d, "flink", "kafka")];
  ASSERT_TRUE(labelled.has_label);
  EXPECT_EQ(labelled.label.width, edge_label_size(d.edges[edge(d, "flink", "kafka")]).width);
  EXPECT_FALSE(l.edges[edge(d, "ice", "raw")].has_label);
}

TEST(Layout, ANodeInNoLayerIsNotPlaced) {
  model::Diagram d = build("service gone\nservice kept\nlayer v1 {\n  remove gone\n}\n");
  Layout l = compute_layout(d);
  model::NodeId gone = node(d, "gone");
  model::NodeId kept = node(d, "kept");
  EXPECT_FALSE(l.node_placed[gone]);
  EXPECT_EQ(l.nodes[gone].width, 0);
  EXPECT_TRUE(l.node_placed[kept]);
  EXPECT_GT(l.nodes[kept].width, 0);
}

TEST(Layout, AnEmptyDiagramHasNothingToPlace) {
  model::Diagram d = build("title \"Nothing yet\"\n");
  Layout l = compute_layout(d);
  EXPECT_TRUE(l.nodes.empty());
  EXPECT_TRUE(l.edges.empty());
  EXPECT_EQ(l.width, 0);
  EXPECT_EQ(l.height, 0);
}

TEST(NodeWidth, GrowsWithTheLabel) {
  model::Node n;
  n.kind = "service";
  n.label = "a";
  EXPECT_EQ(node_width(n), Sizes::kMinNodeWidth);
  n.label = std::string(20, 'M');
  // 40 icon + 20 * 0.833 * 14 bold + 2 * 14 padding = 301.24, rounded up.
  EXPECT_EQ(node_width(n), 302);
  double shorter = node_width(n);
  n.label += "MMMM";
  EXPECT_GT(node_width(n), shorter);
}

TEST(NodeWidth, GrowsWithALongKindToo) {
  model::Node n;
  n.label = "a";
  n.kind = std::string(40, 'm');
  // 40 * 0.833 * 11 = 366.52, plus 68.
  EXPECT_EQ(node_width(n), 435);
}

TEST(TextWidth, AsciiUsesTheHelveticaTable) {
  EXPECT_EQ(text_width("M", 1000), 833);
  EXPECT_EQ(text_width("", 1000), 0);
  EXPECT_EQ(text_width(" ", 1000), 278);
  EXPECT_EQ(text_width("~", 1000), 584);
  EXPECT_EQ(text_width("i", 1000), 222);
  EXPECT_EQ(text_width("i", 1000, true), 278);
  EXPECT_EQ(text_width("W", 1000, true), 944);
  EXPECT_NEAR(text_width("Hello", 10), 22.78, 1e-9);
  EXPECT_NEAR(text_width("Kafka", 14, true), (722 + 556 + 333 + 556 + 556) * 14 / 1000.0, 1e-9);
}

TEST(TextWidth, NonAsciiCountsAsWideAsM) {
  EXPECT_EQ(text_width("\xC3\xA9", 1000), 833);                 // é
  EXPECT_EQ(text_width("\xE4\xB8\xAD", 1000), 1000);            // 中, full width
  EXPECT_EQ(text_width("\xF0\x9F\x9A\x80", 1000), 1000);        // 🚀
  EXPECT_EQ(text_width("a\xE2", 1000), 556);                    // a truncated sequence ends it
  EXPECT_EQ(text_width("\n", 1000), 0);
}

}  // namespace
}  // namespace archc::layout
