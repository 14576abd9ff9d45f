#include <gtest/gtest.h>

#include "model/suggest.hpp"

namespace archc::model {
namespace {

TEST(Suggest, EditDistance) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kafka", "kafka"), 0u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("pg-primry", "pg-primary"), 1u);
  EXPECT_EQ(edit_distance("flink", "klinf"), 2u);
  // Swapping neighbours is one edit.
  EXPECT_EQ(edit_distance("web", "wbe"), 1u);
  EXPECT_EQ(edit_distance("kafak", "kafka"), 1u);
}

TEST(Suggest, ClosestWithinAThirdOfTheLength) {
  EXPECT_EQ(closest("pg-primry", {"kafka", "pg-primary", "pg-replica"}), "pg-primary");
  EXPECT_EQ(closest("xyz", {"kafka", "flink"}), "");
}

TEST(Suggest, ClosestLimits) {
  // "kafak" is 5 long: at most 1 edit, and swapping two neighbours is one.
  EXPECT_EQ(closest("kafak", {"kafka"}), "kafka");
  EXPECT_EQ(closest("kfaak", {"kafka"}), "");
  EXPECT_EQ(closest("kafk", {"kafka"}), "kafka");
  // Short names still get a distance of 1.
  EXPECT_EQ(closest("v", {"v1"}), "v1");
  EXPECT_EQ(closest("stream-processr", {"stream-processor"}), "stream-processor");
  EXPECT_EQ(closest("anything", {}), "");
}

TEST(Suggest, TiesGoToTheEarlierCandidate) {
  EXPECT_EQ(closest("cat", {"bat", "hat"}), "bat");
  EXPECT_EQ(closest("cat", {"hat", "bat"}), "hat");
  // A closer later candidate still wins.
  EXPECT_EQ(closest("cat", {"bat", "cat"}), "cat");
}

}  // namespace
}  // namespace archc::model
