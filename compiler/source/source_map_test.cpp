#include "source/source_map.hpp"

#include <gtest/gtest.h>

namespace archc::source {
namespace {

TEST(SourceFile, LocationIsOneBasedLineAndColumn) {
  SourceFile f("t.arch", "ab\ncd\n");
  EXPECT_EQ(f.location(0).line, 1u);
  EXPECT_EQ(f.location(0).column, 1u);
  EXPECT_EQ(f.location(1).column, 2u);
  // The newline itself is the last column of its line.
  EXPECT_EQ(f.location(2).line, 1u);
  EXPECT_EQ(f.location(2).column, 3u);
  EXPECT_EQ(f.location(3).line, 2u);
  EXPECT_EQ(f.location(3).column, 1u);
  EXPECT_EQ(f.location(4).line, 2u);
  EXPECT_EQ(f.location(4).column, 2u);
}

TEST(SourceFile, ColumnsCountCharactersNotBytes) {
  // "é" is two bytes and "🚀" four; each is one column.
  SourceFile f("t.arch", "caf\xC3\xA9 x\n\xF0\x9F\x9A\x80y");
  EXPECT_EQ(f.location(6).line, 1u);  // `x`
  EXPECT_EQ(f.location(6).column, 6u);
  EXPECT_EQ(f.location(12).line, 2u);  // `y`, after the rocket
  EXPECT_EQ(f.location(12).column, 2u);
  EXPECT_EQ(f.location(13).column, 3u);  // the end of the file
}

TEST(SourceFile, OffsetPastTheEndIsClampedToTheEnd) {
  SourceFile f("t.arch", "ab\nc");
  Location end = f.location(4);
  EXPECT_EQ(end.line, 2u);
  EXPECT_EQ(end.column, 2u);
  Location past = f.location(1000);
  EXPECT_EQ(past.line, 2u);
  EXPECT_EQ(past.column, 2u);
}

TEST(SourceFile, CrlfLinesLoseTheirCarriageReturn) {
  SourceFile f("t.arch", "first\r\nsecond\r\nthird");
  EXPECT_EQ(f.line_count(), 3u);
  EXPECT_EQ(f.line_text(1), "first");
  EXPECT_EQ(f.line_text(2), "second");
  EXPECT_EQ(f.line_text(3), "third");
  // `s` of "second" is at byte 7.
  EXPECT_EQ(f.location(7).line, 2u);
  EXPECT_EQ(f.location(7).column, 1u);
}

TEST(SourceFile, LineTextOutOfRangeIsEmpty) {
  SourceFile f("t.arch", "one\ntwo\n");
  EXPECT_EQ(f.line_count(), 3u);  // the empty line after the last newline counts
  EXPECT_EQ(f.line_text(0), "");
  EXPECT_EQ(f.line_text(3), "");
  EXPECT_EQ(f.line_text(4), "");
  EXPECT_EQ(f.line_text(2), "two");
}

TEST(SourceMap, FilesKeepTheirIdsAndAddressesAsMoreAreAdded) {
  SourceMap map;
  FileId a = map.add("a.arch", "alpha");
  const SourceFile& first = map.file(a);
  for (int i = 0; i < 100; ++i) map.add("x" + std::to_string(i), "x");
  FileId b = map.add("b.arch", "beta");
  EXPECT_NE(a, b);
  EXPECT_EQ(map.size(), 102u);
  EXPECT_EQ(&first, &map.file(a));
  EXPECT_EQ(map.file(a).text(), "alpha");
  EXPECT_EQ(map.file(b).name(), "b.arch");
}

}  // namespace
}  // namespace archc::source
