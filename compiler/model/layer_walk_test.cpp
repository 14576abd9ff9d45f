// The walk that finds what each layer holds (layer_walk.cpp), against the plain definition:
// a layer is a copy of what it extends, with its block applied in order.

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "model/built_for_test.hpp"

namespace archc::model {
namespace {

using namespace test_support;

// A random diagram of layers that compiles: nodes added once, connections between nodes the
// block sees, removals of what the layer has.
struct Program {
  struct Op {
    enum What { AddNode, AddEdge, RemoveNode, RemoveEdge } what;
    int a = 0, b = 0;
  };
  struct Block {
    int base = -1;  // -1: none (for the top block: outside any layer)
    std::vector<Op> ops;
  };
  Block top;
  std::vector<Block> layers;

  std::string text() const {
    auto line = [](const Op& op) {
      std::string a = "n" + std::to_string(op.a), b = "n" + std::to_string(op.b);
      switch (op.what) {
        case Op::AddNode: return "service " + a;
        case Op::AddEdge: return "connect(" + a + ", " + b + ")";
        case Op::RemoveNode: return "remove " + a;
        case Op::RemoveEdge: return "remove connect(" + a + ", " + b + ")";
      }
      return std::string();
    };
    std::string out;
    for (const Op& op : top.ops) out += line(op) + "\n";
    for (std::size_t i = 0; i < layers.size(); ++i) {
      out += "layer v" + std::to_string(i) + (layers[i].base < 0 ? "" : " <> v" + std::to_string(layers[i].base)) + " {\n";
      for (const Op& op : layers[i].ops) out += "  " + line(op) + "\n";
      out += "}\n";
    }
    return out;
  }

  // The plain definition, one full copy per layer.
  struct Contents {
    std::set<int> nodes;
    std::set<std::pair<int, int>> edges;
  };
  static void apply(const Block& block, Contents& c) {
    std::set<int> removed;
    for (const Op& op : block.ops) {
      switch (op.what) {
        case Op::AddNode: c.nodes.insert(op.a); break;
        case Op::AddEdge: c.edges.insert({op.a, op.b}); break;
        case Op::RemoveNode:
          c.nodes.erase(op.a);
          removed.insert(op.a);
          break;
        case Op::RemoveEdge: c.edges.erase({op.a, op.b}); break;
      }
    }
    std::erase_if(c.edges, [&](const auto& e) { return removed.count(e.first) || removed.count(e.second); });
  }
  std::vector<Contents> contents() const {
    Contents outside;
    apply(top, outside);
    std::vector<Contents> out(layers.size());
    // Bases come before the layers that extend them (generate() picks earlier ones).
    for (std::size_t i = 0; i < layers.size(); ++i) {
      out[i] = layers[i].base < 0 ? outside : out[static_cast<std::size_t>(layers[i].base)];
      apply(layers[i], out[i]);
    }
    return out;
  }
};

Program generate(std::mt19937& rng) {
  auto pick = [&](std::size_t n) { return static_cast<int>(rng() % n); };
  Program p;
  int layer_count = 1 + pick(7);
  p.layers.resize(static_cast<std::size_t>(layer_count));
  for (int i = 1; i < layer_count; ++i) p.layers[static_cast<std::size_t>(i)].base = pick(5) == 0 ? -1 : pick(static_cast<std::size_t>(i));
  // Which block declares each node; -1 is outside any layer.
  int node_count = 3 + pick(8);
  std::vector<int> home(static_cast<std::size_t>(node_count));
  auto block = [&](int b) -> Program::Block& { return b < 0 ? p.top : p.layers[static_cast<std::size_t>(b)]; };
  for (int n = 0; n < node_count; ++n) {
    home[static_cast<std::size_t>(n)] = pick(static_cast<std::size_t>(layer_count) + 1) - 1;
    block(home[static_cast<std::size_t>(n)]).ops.push_back({Program::Op::AddNode, n, 0});
  }
  // A block sees its own nodes, those of the layers below it, and those outside any layer.
  auto sees = [&](int b, int n) {
    int h = home[static_cast<std::size_t>(n)];
    if (h < 0) return true;
    for (int at = b; at >= 0; at = p.layers[static_cast<std::size_t>(at)].base) {
      if (at == h) return true;
    }
    return false;
  };
  for (int k = pick(15); k > 0; --k) {
    int b = pick(static_cast<std::size_t>(layer_count) + 1) - 1;
    int x = pick(static_cast<std::size_t>(node_count)), y = pick(static_cast<std::size_t>(node_count));
    if (x == y || (b < 0 && (home[static_cast<std::size_t>(x)] >= 0 || home[static_cast<std::size_t>(y)] >= 0))) continue;
    if (!sees(b, x) || !sees(b, y)) continue;
    block(b).ops.push_back({Program::Op::AddEdge, x, y});
  }
  // Removals of what a layer has when its block starts: one at a time, checked on the plain
  // definition, so that every program compiles.
  for (int k = pick(5); k > 0; --k) {
    int b = pick(static_cast<std::size_t>(layer_count));
    Program::Contents before;
    Program::Block& l = p.layers[static_cast<std::size_t>(b)];
    std::vector<Program::Contents> all = p.contents();
    if (l.base < 0) {
      Program::apply(p.top, before);
    } else {
      before = all[static_cast<std::size_t>(l.base)];
    }
    if (pick(2) == 0 && !before.nodes.empty()) {
      auto it = std::next(before.nodes.begin(), pick(before.nodes.size()));
      l.ops.insert(l.ops.begin(), {Program::Op::RemoveNode, *it, 0});
    } else if (!before.edges.empty()) {
      auto it = std::next(before.edges.begin(), pick(before.edges.size()));
      l.ops.insert(l.ops.begin(), {Program::Op::RemoveEdge, it->first, it->second});
    }
  }
  return p;
}

TEST(LayerWalk, RandomLayersHoldWhatCopiesOfTheirBasesWould) {
  std::mt19937 rng(2026);
  int compiled = 0;
  for (int round = 0; round < 400; ++round) {
    Program p = generate(rng);
    Built b(p.text());
    if (b.diags.has_errors()) continue;  // a removal that a later one made void, and such
    ++compiled;
    std::vector<Program::Contents> expected = p.contents();
    for (std::size_t i = 0; i < p.layers.size(); ++i) {
      std::string id = "v" + std::to_string(i);
      Strings nodes, edges;
      for (int n : expected[i].nodes) nodes.push_back("n" + std::to_string(n));
      for (auto [x, y] : expected[i].edges) edges.push_back("n" + std::to_string(x) + "->n" + std::to_string(y));
      Strings got_nodes = b.layer_nodes(id), got_edges = b.layer_edges(id);
      std::sort(got_nodes.begin(), got_nodes.end());
      std::sort(got_edges.begin(), got_edges.end());
      std::sort(nodes.begin(), nodes.end());
      std::sort(edges.begin(), edges.end());
      EXPECT_EQ(got_nodes, nodes) << id << " of\n" << p.text();
      EXPECT_EQ(got_edges, edges) << id << " of\n" << p.text();
    }
  }
  EXPECT_GT(compiled, 300);
}

TEST(LayerWalk, AConnectionOutsideLayersMayReachANodeOfTheOnlyBaseLayer) {
  // Written outside any layer, it is in every layer: v1 has both ends by the end of its block.
  Built b("service db\nconnect(api, db)\nlayer v1 {\n  service api\n}\nlayer v2 <> {\n  service web\n}\n");
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_EQ(b.layer_edges("v1"), (Strings{"api->db"}));
  EXPECT_EQ(b.layer_edges("v2"), (Strings{"api->db"}));
}

TEST(LayerWalk, AConnectionOutsideLayersNeedsItsEndsInEveryBaseLayer) {
  Built b("service db\nconnect(api, db)\nlayer v1 {\n  service api\n}\nlayer v2 {\n  service web\n}\n");
  ASSERT_EQ(b.count(Code::UnknownNode), 1u) << b.dump();
  EXPECT_NE(b.first(Code::UnknownNode)->message.find("not in layer `v2`"), std::string::npos) << b.dump();
  EXPECT_EQ(b.layer_edges("v1"), (Strings{"api->db"}));
  EXPECT_TRUE(b.layer_edges("v2").empty());
}

TEST(LayerWalk, ARemovedConnectionCanBeDeclaredAgainBelow) {
  Built b("service a\nservice b\nlayer v1 {\n  connect(a, b) \"one\"\n}\nlayer v2 <> {\n  remove connect(a, b)\n}\n"
          "layer v3 <> {\n  connect(a, b) \"two\"\n}\nlayer v4 <> v1 {\n  remove a\n}\n");
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_EQ(b.layer_edges("v2"), Strings{});
  EXPECT_EQ(b.layer_edges("v3"), (Strings{"a->b"}));
  EXPECT_EQ(b.layer_nodes("v4"), (Strings{"b"}));
  EXPECT_EQ(b.layer_edges("v4"), Strings{});
  // The two declarations are two connections, each in its own layers.
  EdgeId first = b.edge("a", "b");
  ASSERT_NE(first, kNone);
  EXPECT_EQ(b.diagram.layer_order.list(b.diagram.edges[first].layers),
            (std::vector<LayerId>{LayerId(0)}));
}

}  // namespace
}  // namespace archc::model
