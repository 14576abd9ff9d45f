#include "source/load.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "source/printer.hpp"

namespace archc::source {
namespace {

TEST(AddText, SkipsTheByteOrderMark) {
  SourceMap sources;
  Diagnostics diags;
  auto id = add_text(sources, "t.arch", "\xEF\xBB\xBFtitle \"x\"\n", diags);
  ASSERT_TRUE(id.has_value());
  EXPECT_FALSE(diags.has_errors());
  EXPECT_EQ(sources.file(*id).text(), "title \"x\"\n");
  EXPECT_EQ(sources.file(*id).name(), "t.arch");
  // Columns start after the BOM.
  EXPECT_EQ(sources.file(*id).location(0).column, 1u);
}

TEST(AddText, KeepsABomThatIsNotAtTheStart) {
  SourceMap sources;
  Diagnostics diags;
  auto id = add_text(sources, "t.arch", "a\xEF\xBB\xBF", diags);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(sources.file(*id).text(), "a\xEF\xBB\xBF");
}

TEST(AddText, InvalidUtf8IsAnErrorAtTheFirstBadByte) {
  SourceMap sources;
  Diagnostics diags;
  auto id = add_text(sources, "t.arch", "service ok\nservice b\xFFz\n", diags);
  EXPECT_FALSE(id.has_value());
  ASSERT_EQ(diags.all().size(), 1u);
  const Diagnostic& d = diags.all()[0];
  EXPECT_EQ(d.code, Code::InvalidUtf8);
  EXPECT_EQ(d.severity, Severity::Error);
  // The file is still added so that the error points into it.
  ASSERT_EQ(sources.size(), 1u);
  EXPECT_EQ(d.span, (Span{0, 20, 21}));
  Location at = sources.file(0).location(d.span.begin);
  EXPECT_EQ(at.line, 2u);
  EXPECT_EQ(at.column, 10u);
}

TEST(AddText, InvalidUtf8OffsetIsCountedAfterTheBom) {
  SourceMap sources;
  Diagnostics diags;
  auto id = add_text(sources, "t.arch", "\xEF\xBB\xBF" "ab\xC0\xAF", diags);
  EXPECT_FALSE(id.has_value());
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0].span.begin, 2u);
  EXPECT_EQ(sources.file(diags.all()[0].span.file).text()[2], '\xC0');
}

TEST(AddText, Utf16IsNamedInTheMessage) {
  SourceMap sources;
  Diagnostics diags;
  auto id = add_text(sources, "t.arch", std::string("\xFF\xFEt\0i\0", 6), diags);
  EXPECT_FALSE(id.has_value());
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0].message, "the file is UTF-16, not UTF-8");
  EXPECT_EQ(diags.all()[0].span.begin, 0u);
}

TEST(AddText, InvalidUtf8PrintsWithAReplacementCharacterAndACaret) {
  SourceMap sources;
  Diagnostics diags;
  add_text(sources, "t.arch", "ab\xFFz", diags);
  ASSERT_EQ(diags.all().size(), 1u);
  std::ostringstream out;
  print_human(out, sources, diags.all()[0]);
  EXPECT_EQ(out.str(),
            "t.arch:1:3: error[invalid-utf8]: the file is not valid UTF-8\n"
            "  1 | ab\xEF\xBF\xBDz\n"
            "    |   ^\n"
            "help: save the file as UTF-8\n");
}

}  // namespace
}  // namespace archc::source
