// The reference diagram, examples/cloud_platform.arch, end to end in-process: it compiles
// clean, each layer holds the seed's components, every edge follows the seed's design
// decisions, and the layout places every node of a layer without overlap.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "check/check.hpp"
#include "layout/layout.hpp"
#include "compile/compile.hpp"
#include "render/json.hpp"

namespace archc {
namespace {

class Example : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    compile::Request request;
    request.path = std::string(ARCHC_EXAMPLES_DIR) + "/cloud_platform.arch";
    request.name = "cloud_platform.arch";
    request.workspace = compile::disk_workspace({});
    request.lay_out = true;
    compile::Result r = compile::compile(request);
    sources_ = new source::SourceMap(std::move(r.sources));
    diags_ = new source::Diagnostics(std::move(r.diags));
    diagram_ = new model::Diagram(std::move(r.diagram));
    layout_ = new layout::Layout(r.layout ? std::move(*r.layout) : layout::Layout{});
  }
  static void TearDownTestSuite() {
    delete layout_;
    delete diagram_;
    delete diags_;
    delete sources_;
  }

  // What a layer holds.
  struct Held {
    std::vector<model::NodeId> nodes;
    std::vector<model::EdgeId> edges;
  };
  static Held layer(std::string_view id) {
    model::LayerId i = diagram_->find_layer(id);
    EXPECT_NE(i, model::kNone) << id;
    if (i == model::kNone) return {};
    return {diagram_->nodes_in(i), diagram_->edges_in(i)};
  }
  static std::set<std::string> node_ids(const Held& l) {
    std::set<std::string> ids;
    for (model::NodeId n : l.nodes) ids.insert(diagram_->nodes[n].id);
    return ids;
  }
  static bool has_edge(const Held& l, std::string_view from, std::string_view to) {
    return std::any_of(l.edges.begin(), l.edges.end(), [&](model::EdgeId e) {
      return diagram_->nodes[diagram_->edges[e].from].id == from && diagram_->nodes[diagram_->edges[e].to].id == to;
    });
  }

  static source::SourceMap* sources_;
  static source::Diagnostics* diags_;
  static model::Diagram* diagram_;
  static layout::Layout* layout_;
};

source::SourceMap* Example::sources_;
source::Diagnostics* Example::diags_;
model::Diagram* Example::diagram_;
layout::Layout* Example::layout_;

TEST_F(Example, CompilesWithoutDiagnostics) {
  for (const auto& d : diags_->all()) ADD_FAILURE() << d.message;
  EXPECT_EQ(diagram_->title, "Cloud Data Platform");
}

TEST_F(Example, LayersGrowFromV1ToV3) {
  ASSERT_EQ(diagram_->layers.size(), 3u);
  EXPECT_FALSE(diagram_->layers[diagram_->find_layer("v1")].extends);
  EXPECT_EQ(diagram_->layers[diagram_->find_layer("v2")].extends, "v1");
  EXPECT_EQ(diagram_->layers[diagram_->find_layer("v3")].extends, "v2");
  EXPECT_EQ(node_ids(layer("v1")), (std::set<std::string>{"pg-primary", "mysql", "airbyte", "s3-raw", "airflow",
                                                            "dbt", "redshift", "metabase"}));
  auto v2 = node_ids(layer("v2"));
  for (const char* id : {"debezium", "kafka", "flink", "iceberg", "trino", "notifications", "airbyte", "dbt"})
    EXPECT_TRUE(v2.count(id)) << id;
  auto v3 = node_ids(layer("v3"));
  for (const char* id : {"otel", "prometheus", "grafana", "clickhouse", "datahub", "great-expectations", "oncall"}) {
    EXPECT_TRUE(v3.count(id)) << id;
    EXPECT_FALSE(v2.count(id)) << id;
  }
  model::NodeId debezium = diagram_->find_node("debezium");
  ASSERT_NE(diagram_->nodes[debezium].group, model::kNone);
  EXPECT_EQ(diagram_->groups[diagram_->nodes[debezium].group].id, "connect-cluster");
}

TEST_F(Example, EdgesFollowTheSeedsDesignDecisions) {
  const Held v3 = layer("v3");
  EXPECT_TRUE(has_edge(v3, "debezium", "pg-primary"));
  EXPECT_TRUE(has_edge(v3, "flink", "kafka"));
  EXPECT_TRUE(has_edge(v3, "notifications", "kafka"));
  EXPECT_TRUE(has_edge(v3, "airbyte", "pg-primary"));
  EXPECT_TRUE(has_edge(v3, "airbyte", "mysql"));
  for (model::EdgeId e : v3.edges) {
    const model::Edge& edge = diagram_->edges[e];
    const std::string& from = diagram_->nodes[edge.from].id;
    EXPECT_NE(from, "kafka") << "the broker never dials";
    EXPECT_NE(from, "pg-primary") << "postgres never pushes";
    EXPECT_NE(from, "mysql");
  }
  // CDC edges pulse
  for (model::EdgeId e : v3.edges) {
    const model::Edge& edge = diagram_->edges[e];
    if (diagram_->nodes[edge.from].id == "debezium") {
      EXPECT_TRUE(edge.stream);
    }
  }
}

TEST_F(Example, ScenariosCarryTheSeedsTitles) {
  ASSERT_EQ(diagram_->scenarios.size(), 3u);
  EXPECT_EQ(diagram_->scenarios[0].title, "Nightly Batch Run");
  EXPECT_EQ(diagram_->layers[diagram_->scenarios[0].layer].id, "v1");
  EXPECT_EQ(diagram_->scenarios[1].title, "Real-Time Order Event");
  EXPECT_EQ(diagram_->layers[diagram_->scenarios[1].layer].id, "v2");
  EXPECT_EQ(diagram_->scenarios[2].title, "SLA Breach Alert");
  EXPECT_EQ(diagram_->layers[diagram_->scenarios[2].layer].id, "v3");
}

TEST_F(Example, NoTwoBoxesOfALayerOverlap) {
  for (model::LayerId layer : diagram_->layers.ids()) {
    Held l{diagram_->nodes_in(layer), {}};
    for (model::NodeId a : l.nodes) {
      ASSERT_TRUE(layout_->node_placed[a]);
      const layout::Box& x = layout_->nodes[a];
      EXPECT_GT(x.width, 0);
      for (model::NodeId b : l.nodes) {
        if (b <= a) continue;
        const layout::Box& y = layout_->nodes[b];
        bool apart = x.x + x.width <= y.x || y.x + y.width <= x.x || x.y + x.height <= y.y ||
                     y.y + y.height <= x.y;
        EXPECT_TRUE(apart) << diagram_->nodes[a].id << " overlaps " << diagram_->nodes[b].id << " in " << diagram_->layers[layer].id;
      }
    }
  }
}

TEST_F(Example, DataFlowsLeftToRight) {
  // Rank by data flow: sources left of ingestion, ingestion left of the raw zone, stores
  // left of serving.
  auto x = [&](std::string_view id) { return layout_->nodes[diagram_->find_node(id)].x; };
  EXPECT_LT(x("pg-primary"), x("airbyte"));
  EXPECT_LT(x("airbyte"), x("s3-raw"));
  EXPECT_LT(x("pg-primary"), x("debezium"));
  EXPECT_LT(x("debezium"), x("kafka"));
  EXPECT_LT(x("kafka"), x("flink"));
  EXPECT_LT(x("redshift"), x("metabase"));
  // Where data starts, it starts together: both source databases in the first column.
  auto cx = [&](std::string_view id) {
    const layout::Box& b = layout_->nodes[diagram_->find_node(id)];
    return b.x + b.width / 2;
  };
  EXPECT_DOUBLE_EQ(cx("pg-primary"), cx("mysql"));
}

TEST_F(Example, JsonIsIdenticalAcrossRuns) {
  std::string a = render::render_json(*diagram_, layout_);
  layout::Layout again = layout::compute_layout(*diagram_);
  EXPECT_EQ(a, render::render_json(*diagram_, &again));
}

}  // namespace
}  // namespace archc
