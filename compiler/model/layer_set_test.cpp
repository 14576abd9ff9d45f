#include "model/layer_set.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

namespace archc::model {
namespace {

LayerSet from_positions(const std::set<std::uint32_t>& ps) {
  LayerSet out;
  for (std::uint32_t p : ps) {
    if (!out.empty() && out.back().end == p) {
      ++out.back().end;
    } else {
      out.push_back({p, p + 1});
    }
  }
  return out;
}

// Runs stay sorted, disjoint and apart: equal sets have equal runs.
bool well_formed(const LayerSet& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i].begin >= s[i].end) return false;
    if (i > 0 && s[i - 1].end >= s[i].begin) return false;
  }
  return true;
}

TEST(LayerSet, OperationsAgreeWithPlainSets) {
  std::mt19937 rng(7);
  for (int round = 0; round < 500; ++round) {
    std::set<std::uint32_t> a, b;
    for (std::uint32_t p = 0; p < 40; ++p) {
      if (rng() % 3 == 0) a.insert(p);
      if (rng() % 2 == 0) b.insert(p);
    }
    LayerSet sa = from_positions(a), sb = from_positions(b);
    std::set<std::uint32_t> both, either, only;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(both, both.end()));
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::inserter(either, either.end()));
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(only, only.end()));
    EXPECT_EQ(intersect(sa, sb), from_positions(both));
    EXPECT_EQ(unite(sa, sb), from_positions(either));
    EXPECT_EQ(subtract(sa, sb), from_positions(only));
    EXPECT_TRUE(well_formed(intersect(sa, sb)) && well_formed(unite(sa, sb)) && well_formed(subtract(sa, sb)));
  }
}

// v1 <- v2 <- v3, v1 <- v4, and a second root v5 <- v6: ids in source order.
Table<LayerId, LayerId> forest() {
  Table<LayerId, LayerId> bases(6, kNone);
  bases[LayerId(1)] = LayerId(0);
  bases[LayerId(2)] = LayerId(1);
  bases[LayerId(3)] = LayerId(0);
  bases[LayerId(5)] = LayerId(4);
  return bases;
}

TEST(LayerOrder, ALayerAndEverythingBuiltOnItAreOneRun) {
  LayerOrder order(forest());
  ASSERT_EQ(order.size(), 6u);
  EXPECT_EQ(order.list(order.subtree(LayerId(0))), (std::vector<LayerId>{LayerId(0), LayerId(1), LayerId(2), LayerId(3)}));
  EXPECT_EQ(order.list(order.subtree(LayerId(1))), (std::vector<LayerId>{LayerId(1), LayerId(2)}));
  EXPECT_EQ(order.list(order.subtree(LayerId(4))), (std::vector<LayerId>{LayerId(4), LayerId(5)}));
  EXPECT_EQ(order.count(order.all()), 6u);
  // v1 minus what v2 starts: v1 and v4.
  LayerSet s = subtract(order.subtree(LayerId(0)), order.subtree(LayerId(1)));
  EXPECT_TRUE(order.contains(s, LayerId(0)));
  EXPECT_FALSE(order.contains(s, LayerId(2)));
  EXPECT_TRUE(order.contains(s, LayerId(3)));
  EXPECT_FALSE(order.contains(s, LayerId(4)));
  EXPECT_FALSE(order.contains(s, kNone));
}

TEST(LayerOrder, FirstListsLayersInSourceOrderWhateverTheWalk) {
  // v1 extends v3, declared after it: the walk visits v3 first.
  Table<LayerId, LayerId> bases(4, kNone);
  bases[LayerId(0)] = LayerId(2);
  bases[LayerId(1)] = LayerId(0);
  LayerOrder order(bases);
  EXPECT_EQ(order.position(LayerId(2)), 0u);
  EXPECT_EQ(order.list(order.all()), (std::vector<LayerId>{LayerId(0), LayerId(1), LayerId(2), LayerId(3)}));
  EXPECT_EQ(order.first(order.all(), 2), (std::vector<LayerId>{LayerId(0), LayerId(1)}));
  EXPECT_EQ(order.first(order.subtree(LayerId(2)), 1), (std::vector<LayerId>{LayerId(0)}));
  EXPECT_TRUE(order.first(LayerSet{}, 3).empty());
}

TEST(LayerOrder, AChainOfTenThousandLayersIsWalkedWithoutRecursion) {
  constexpr std::size_t n = 10'000;
  Table<LayerId, LayerId> bases(n, kNone);
  for (std::size_t i = 1; i < n; ++i) bases[LayerId(i)] = LayerId(i - 1);
  LayerOrder order(bases);
  EXPECT_EQ(order.count(order.subtree(LayerId(5000))), n - 5000);
  EXPECT_EQ(order.first(order.subtree(LayerId(5000)), 1), (std::vector<LayerId>{LayerId(5000)}));
  EXPECT_EQ(order.list(order.all()).size(), n);
}

TEST(LayerOrder, RandomForestsAgreeWithAWalkUpTheBases) {
  std::mt19937 rng(11);
  for (int round = 0; round < 50; ++round) {
    std::size_t n = 1 + rng() % 30;
    Table<LayerId, LayerId> bases(n, kNone);
    // Bases point anywhere, forward references included, without cycles: i's base is a
    // layer of a smaller rank in a random permutation.
    std::vector<std::size_t> rank(n);
    for (std::size_t i = 0; i < n; ++i) rank[i] = i;
    std::shuffle(rank.begin(), rank.end(), rng);
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<std::size_t> lower;
      for (std::size_t j = 0; j < n; ++j) {
        if (rank[j] < rank[i]) lower.push_back(j);
      }
      if (!lower.empty() && rng() % 4 != 0) bases[LayerId(i)] = LayerId(lower[rng() % lower.size()]);
    }
    LayerOrder order(bases);
    for (LayerId a : bases.ids()) {
      std::vector<LayerId> expected;
      for (LayerId b : bases.ids()) {
        for (LayerId at = b; at != kNone; at = bases[at]) {
          if (at == a) {
            expected.push_back(b);
            break;
          }
        }
      }
      EXPECT_EQ(order.list(order.subtree(a)), expected);
    }
  }
}

}  // namespace
}  // namespace archc::model
