#include "source/utf8.hpp"

#include <gtest/gtest.h>

namespace archc::source {
namespace {

TEST(Utf8, FindsFirstInvalidByte) {
  EXPECT_EQ(find_invalid_utf8("plain ascii"), std::nullopt);
  EXPECT_EQ(find_invalid_utf8("caf\xC3\xA9"), std::nullopt);
  EXPECT_EQ(find_invalid_utf8("ab\xFFz"), 2u);
  EXPECT_EQ(find_invalid_utf8("\xC0\xAF"), 0u);        // overlong
  EXPECT_EQ(find_invalid_utf8("x\xED\xA0\x80"), 1u);  // surrogate
  EXPECT_EQ(find_invalid_utf8("\xE2\x82"), 0u);       // truncated
}

TEST(Utf8, CountsCharactersNotBytes) {
  EXPECT_EQ(count_chars("caf\xC3\xA9"), 4u);
  EXPECT_EQ(count_chars("\xF0\x9F\x9A\x80!"), 2u);
}

}  // namespace
}  // namespace archc::source
