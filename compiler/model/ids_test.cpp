#include "model/ids.hpp"

#include <gtest/gtest.h>

#include <string>
#include <type_traits>

namespace archc::model {
namespace {

// The point of typed ids: one kind cannot stand for another, nor for a plain number.
static_assert(!std::is_convertible_v<NodeId, EdgeId>);
static_assert(!std::is_convertible_v<EdgeId, NodeId>);
static_assert(!std::is_convertible_v<NodeId, std::size_t>);
static_assert(!std::is_convertible_v<std::size_t, NodeId>);
static_assert(std::is_convertible_v<None, NodeId>);
static_assert(sizeof(NodeId) == 4);

TEST(Ids, NoneIsOneValueForEveryKind) {
  NodeId n;
  EdgeId e = kNone;
  EXPECT_FALSE(n.valid());
  EXPECT_TRUE(n == kNone);
  EXPECT_TRUE(e == kNone);
  EXPECT_FALSE(NodeId(0) == kNone);
  EXPECT_TRUE(NodeId(0) != kNone);
  EXPECT_EQ(NodeId(3).index(), 3u);
  EXPECT_LT(NodeId(1), NodeId(2));
}

TEST(Ids, ATableIsIndexedByItsOwnIds) {
  Table<NodeId, std::string> names;
  NodeId a = names.next_id();
  names.push_back("a");
  NodeId b = names.next_id();
  names.push_back("b");
  EXPECT_EQ(names[a], "a");
  EXPECT_EQ(names[b], "b");
  std::string seen;
  for (NodeId id : names.ids()) seen += names[id];
  EXPECT_EQ(seen, "ab");
  Table<NodeId, char> marks(2, 0);
  marks[b] = 1;
  EXPECT_EQ(marks[NodeId(1)], 1);
}

}  // namespace
}  // namespace archc::model
