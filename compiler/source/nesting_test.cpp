#include "source/nesting.hpp"

#include <gtest/gtest.h>

#include <string>

namespace archc::source {
namespace {

TEST(Nesting, CountsArraysAndObjectsOutsideStrings) {
  EXPECT_TRUE(nests_within("{\"a\":[1,{\"b\":[]}]}", 4));
  EXPECT_FALSE(nests_within("{\"a\":[1,{\"b\":[]}]}", 3));
  EXPECT_FALSE(nests_within("[[[[]]]]", 3));
  EXPECT_TRUE(nests_within("[[[]]]", 3));
  // Brackets inside strings, escaped quotes included, are text.
  EXPECT_TRUE(nests_within("[\"[[[[\\\"[[[[\"]", 1));
  EXPECT_TRUE(nests_within("", 0));
  EXPECT_FALSE(nests_within(std::string(200000, '[') + std::string(200000, ']'), kMaxJsonDepth));
  // Closers without openers do not make room for more.
  EXPECT_FALSE(nests_within("]]]][[", 1));
}

}  // namespace
}  // namespace archc::source
