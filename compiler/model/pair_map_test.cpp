#include "model/pair_map.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace archc::model {
namespace {

TEST(PairMap, InsertFindErase) {
  PairMap m;
  auto [v, fresh] = m.emplace(PairMap::key(1, 2), 7);
  EXPECT_TRUE(fresh);
  EXPECT_EQ(*v, 7u);
  auto [again, fresh_again] = m.emplace(PairMap::key(1, 2), 9);
  EXPECT_FALSE(fresh_again);
  EXPECT_EQ(*again, 7u) << "an existing entry is kept";
  EXPECT_FALSE(m.contains(PairMap::key(2, 1))) << "the two ends are ordered";
  EXPECT_TRUE(m.erase(PairMap::key(1, 2)));
  EXPECT_FALSE(m.erase(PairMap::key(1, 2)));
  EXPECT_EQ(m.find(PairMap::key(1, 2)), nullptr);
  EXPECT_EQ(m.size(), 0u);
}

// Against std::map under a long random mix of inserts and erases: growth, erased slots
// reused, probes past erased slots.
TEST(PairMap, AgreesWithStdMap) {
  std::mt19937 rng(42);
  PairMap m;
  std::map<std::uint64_t, std::uint32_t> ref;
  for (int i = 0; i < 200000; ++i) {
    std::uint64_t k = PairMap::key(rng() % 300, rng() % 300);
    if (rng() % 3 == 0) {
      EXPECT_EQ(m.erase(k), ref.erase(k) == 1);
    } else {
      auto [v, fresh] = m.emplace(k, static_cast<std::uint32_t>(i));
      auto [it, ref_fresh] = ref.emplace(k, static_cast<std::uint32_t>(i));
      ASSERT_EQ(fresh, ref_fresh);
      ASSERT_EQ(*v, it->second);
    }
    ASSERT_EQ(m.size(), ref.size());
  }
  for (const auto& [k, v] : ref) {
    ASSERT_NE(m.find(k), nullptr);
    EXPECT_EQ(*m.find(k), v);
  }
}

TEST(PairMap, ErasedSlotsDoNotGrowTheTable) {
  PairMap m;
  for (std::uint32_t i = 0; i < 100000; ++i) {
    m.emplace(PairMap::key(i, i), i);
    m.erase(PairMap::key(i, i));
  }
  EXPECT_EQ(m.size(), 0u);
  EXPECT_LE(m.capacity(), 64u);
}

}  // namespace
}  // namespace archc::model
