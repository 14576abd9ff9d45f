// Generated architectures (bench/generator) through archc: they check clean, the graph handed
// to Graphviz keeps its constraints bounded whatever the size (the cause of the layout that
// took minutes at a few hundred nodes), and a layout past its time limit fails cleanly.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "check/check.hpp"
#include "cli/driver.hpp"
#include "generator.hpp"
#include "layout/graph.hpp"
#include "layout/isolate.hpp"
#include "compile/compile.hpp"
#include "render/json.hpp"

namespace archc {
namespace {

namespace fs = std::filesystem;

struct Built {
  source::SourceMap sources;
  source::Diagnostics diags;
  model::Diagram diagram;
};

std::unique_ptr<Built> build(const std::string& text) {
  auto b = std::make_unique<Built>();
  compile::Result r = compile::compile(compile::text_request(text, "/archc-scale-test/main.arch", "main.arch"));
  b->sources = std::move(r.sources);
  b->diags = std::move(r.diags);
  b->diagram = std::move(r.diagram);
  return b;
}

bench::Generated generate(int nodes, bool groups = true) {
  bench::GeneratorOptions options;
  options.nodes = nodes;
  options.groups = groups;
  return bench::generate_architecture(options);
}

TEST(Generator, ChecksCleanWithAndWithoutGroups) {
  for (bool groups : {true, false}) {
    bench::Generated g = generate(300, groups);
    auto b = build(g.arch);
    for (const source::Diagnostic& d : b->diags.all()) ADD_FAILURE() << d.message;
    EXPECT_EQ(static_cast<int>(b->diagram.nodes.size()), g.nodes);
    EXPECT_EQ(static_cast<int>(b->diagram.edges.size()), g.edges);
    EXPECT_EQ(static_cast<int>(b->diagram.layers.size()), g.layers);
    EXPECT_EQ(static_cast<int>(b->diagram.scenarios.size()), g.scenarios);
    EXPECT_GT(g.edges, g.nodes * 3 / 2);
  }
}

TEST(Generator, IsReproducibleAndSeeded) {
  EXPECT_EQ(generate(500).arch, generate(500).arch);
  bench::GeneratorOptions other;
  other.nodes = 500;
  other.seed = 2;
  EXPECT_NE(generate(500).arch, bench::generate_architecture(other).arch);
}

// The DOT draws each edge the way its data flows, as archc ranks it: the same layout problem.
TEST(Generator, DotDirectionIsArchcsDataFlow) {
  bench::Generated g = generate(200);
  auto b = build(g.arch);
  ASSERT_EQ(g.connections.size(), b->diagram.edges.size());
  for (const bench::Generated::Connection& c : g.connections) {
    model::NodeId from = b->diagram.find_node(c.from), to = b->diagram.find_node(c.to);
    auto it = std::find_if(b->diagram.edges.begin(), b->diagram.edges.end(),
                           [&](const model::Edge& e) { return e.from == from && e.to == to; });
    ASSERT_NE(it, b->diagram.edges.end()) << c.from << " -> " << c.to;
    EXPECT_EQ(it->flow == model::Flow::Backward, c.backward) << c.from << " -> " << c.to;
    std::string dot_edge = c.backward ? "\"" + c.to + "\" -> \"" + c.from + "\" [dir=back"
                                      : "\"" + c.from + "\" -> \"" + c.to + "\"";
    EXPECT_NE(g.dot.find(dot_edge), std::string::npos) << dot_edge;
  }
}

// Every subgraph that constrains ranks, at any depth, with its node count.
void rank_sets(Agraph_t* g, std::vector<int>& sizes) {
  for (Agraph_t* sub = agfstsubg(g); sub; sub = agnxtsubg(sub)) {
    const char* rank = agget(sub, const_cast<char*>("rank"));
    if (rank && *rank) sizes.push_back(agnnodes(sub));
    rank_sets(sub, sizes);
  }
}

// The cause of the layout that took 20 s at 300 nodes: one `rank=min` set holding every
// source, so that dot's network simplex and crossing minimisation worked on thousands of
// virtual nodes. What dot is handed may not grow a constraint with the input.
TEST(LayoutGraph, ConstraintSetsStayBoundedAsTheDiagramGrows) {
  for (int nodes : {300, 1000}) {
    auto b = build(generate(nodes).arch);
    ASSERT_FALSE(b->diags.has_errors());
    layout::GraphvizGraph gg = layout::build_graph(b->diagram);
    std::vector<int> sizes;
    rank_sets(gg.graph.get(), sizes);
    ASSERT_LE(sizes.size(), 1u);
    for (int size : sizes) EXPECT_LE(size, static_cast<int>(layout::Tuning::kMaxPinnedSources)) << nodes << " nodes";
    EXPECT_EQ(gg.pinned.size(), layout::Tuning::kMaxPinnedSources) << "the generated diagram has many sources";
    // The iteration budgets are what keep dot's cost bounded by the node count.
    Agraph_t* g = gg.graph.get();
    double n = agnnodes(g);
    EXPECT_LE(std::stod(agget(g, const_cast<char*>("nslimit"))) * n, std::max(n, 2000.0) + 1);
    EXPECT_LE(std::stod(agget(g, const_cast<char*>("nslimit1"))) * n, std::max(n, 2000.0) + 1);
    double mclimit = std::stod(agget(g, const_cast<char*>("mclimit")));
    if (nodes > layout::Tuning::kFullMincrossNodes) {
      EXPECT_LT(mclimit, 1.0);
    }
  }
}

TEST(LayoutGraph, TheFirstSourcesOfTheFirstLayerArePinned) {
  auto b = build(generate(1000).arch);
  layout::GraphvizGraph gg = layout::build_graph(b->diagram);
  for (model::NodeId n : gg.pinned) EXPECT_TRUE(b->diagram.in_layer(b->diagram.nodes[n].layers, model::LayerId(0))) << b->diagram.nodes[n].id;
  EXPECT_TRUE(std::is_sorted(gg.pinned.begin(), gg.pinned.end()));
}

// The layout depends on the diagram alone, not on the process: Graphviz's default object ids
// are the addresses of interned names, and it keeps clusters in id order, so a generated
// diagram laid out twice in one process (or named by another path, from another folder)
// came out differently until graph.cpp gave ids in creation order. Two in-process layouts
// and one in a child, with allocations in between that move the heap, give the same bytes.
TEST(IsolatedLayout, TheLayoutDependsOnlyOnTheDiagram) {
  auto b = build(generate(300).arch);
  std::string first = layout::serialize(layout::compute_layout(b->diagram));
  std::vector<std::string> clutter;
  for (int i = 0; i < 5000; ++i) clutter.push_back(std::string(static_cast<std::size_t>(17 + i % 300), 'x'));
  std::string second = layout::serialize(layout::compute_layout(b->diagram));
  layout::Layout there = layout::compute_layout(b->diagram, {std::chrono::seconds(120)});
  ASSERT_TRUE(there.error.empty()) << there.error;
  EXPECT_TRUE(first == second) << "two layouts in one process differ";
  EXPECT_TRUE(first == layout::serialize(there)) << "the child's layout differs from the parent's";
}

TEST(IsolatedLayout, GivesTheSameLayoutAsInProcess) {
  std::ifstream in(std::string(ARCHC_EXAMPLES_DIR) + "/cloud_platform.arch");
  std::ostringstream text;
  text << in.rdbuf();
  auto b = build(text.str());
  layout::Layout here = layout::compute_layout(b->diagram);
  layout::Layout there = layout::compute_layout(b->diagram, {std::chrono::seconds(120)});
  ASSERT_TRUE(there.error.empty()) << there.error;
  EXPECT_EQ(render::render_json(b->diagram, &here), render::render_json(b->diagram, &there));
  EXPECT_TRUE(layout::serialize(here) == layout::serialize(there));
}

TEST(IsolatedLayout, RefusesCutOrCorruptBytes) {
  auto b = build(generate(100).arch);
  std::string bytes = layout::serialize(layout::compute_layout(b->diagram));
  layout::Layout l;
  EXPECT_TRUE(layout::deserialize(bytes, l));
  for (std::size_t cut : {std::size_t{0}, std::size_t{7}, bytes.size() / 2, bytes.size() - 1}) {
    layout::Layout partial;
    EXPECT_FALSE(layout::deserialize(std::string_view(bytes).substr(0, cut), partial)) << cut;
  }
  EXPECT_FALSE(layout::deserialize(bytes + "x", l));
}

TEST(IsolatedLayout, StopsAtItsTimeLimit) {
  auto b = build(generate(2000).arch);
  auto t0 = std::chrono::steady_clock::now();
  layout::Layout l = layout::compute_layout(b->diagram, {std::chrono::milliseconds(50)});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_TRUE(l.timed_out);
  EXPECT_FALSE(l.error.empty());
  EXPECT_LT(seconds, 30) << "the child was not stopped";  // a hang guard, not a timing
}

// The command line on a large diagram: a warning before the layout starts, then the timeout
// as an error with exit 1, and no output written.
TEST(Cli, LargeDiagramWarnsAndTimesOutWithoutWriting) {
  fs::path dir = fs::temp_directory_path() / ("archc-scale-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "big.arch") << generate(2100).arch;
  std::ostringstream out, err;
  cli::Env env{out, err, false};
  int status = cli::run({"archc", (dir / "big.arch").string(), "-o", (dir / "big.html").string(),
                         "--layout-timeout", "20ms"},
                        env);
  EXPECT_EQ(status, 1);
  EXPECT_NE(err.str().find("warning[large-layout]: 2"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("error[layout-timeout]: the layout of "), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("within 20 ms"), std::string::npos) << err.str();
  EXPECT_FALSE(fs::exists(dir / "big.html"));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1) << "debris left behind";

  std::ostringstream out2, err2;
  cli::Env env2{out2, err2, false};
  EXPECT_EQ(cli::run({"archc", (dir / "big.arch").string(), "-o", "x.html", "--layout-timeout", "soon"}, env2), 2);
  EXPECT_NE(err2.str().find("`soon` is not a duration"), std::string::npos) << err2.str();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace archc
