#include "source/diagnostics.hpp"

#include <gtest/gtest.h>

namespace archc::source {
namespace {

std::vector<std::string> messages(const std::vector<Diagnostic>& diags) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diags) out.push_back(d.message);
  return out;
}

TEST(Diagnostics, CountsErrorsAndWarnings) {
  Diagnostics diags;
  EXPECT_FALSE(diags.has_errors());
  diags.warning(Code::UnknownRule, Span{0, 1, 2}, "w");
  EXPECT_FALSE(diags.has_errors());
  diags.error(Code::SyntaxError, Span{0, 1, 2}, "e1");
  diags.error(Code::SyntaxError, Span{0, 3, 4}, "e2");
  EXPECT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.error_count(), 2u);
  EXPECT_EQ(diags.warning_count(), 1u);
  EXPECT_EQ(diags.all().size(), 3u);
}

TEST(Diagnostics, CodeNamesAreKebabCase) {
  EXPECT_EQ(code_name(Code::InvalidUtf8), "invalid-utf8");
  EXPECT_EQ(code_name(Code::UnknownNode), "unknown-node");
  EXPECT_EQ(code_name(Code::SyntaxError), "syntax");
  EXPECT_EQ(code_name(Code::RuleViolation), "rule");
  Diagnostic d;
  d.code = Code::UnknownNode;
  EXPECT_EQ(d.name(), "unknown-node");
  d.rule = "prometheus-pulls";
  EXPECT_EQ(d.name(), "prometheus-pulls");
}

TEST(Diagnostics, SortedOrdersByFileThenOffset) {
  Diagnostics diags;
  diags.error(Code::SyntaxError, Span{1, 5, 6}, "file1@5");
  diags.error(Code::SyntaxError, Span{0, 30, 31}, "file0@30");
  diags.error(Code::IoError, Span{}, "no file");
  diags.error(Code::SyntaxError, Span{1, 0, 1}, "file1@0");
  diags.error(Code::SyntaxError, Span{0, 2, 3}, "file0@2");
  EXPECT_EQ(messages(diags.sorted()),
            (std::vector<std::string>{"file0@2", "file0@30", "file1@0", "file1@5", "no file"}));
  // sorted() leaves the original order alone.
  EXPECT_EQ(diags.all().front().message, "file1@5");
}

TEST(Diagnostics, SortedKeepsDifferentReportsAtTheSamePlace) {
  Diagnostics diags;
  diags.error(Code::UnknownNode, Span{0, 4, 8}, "b");
  diags.error(Code::UnknownNode, Span{0, 4, 8}, "a");
  diags.error(Code::SyntaxError, Span{0, 4, 8}, "a");
  diags.error(Code::UnknownNode, Span{0, 1, 2}, "first");
  std::vector<std::string> got = messages(diags.sorted());
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], "first");
}

TEST(Diagnostics, SortedDropsExactDuplicatesOnly) {
  Diagnostics diags;
  diags.error(Code::UnknownNode, Span{0, 4, 8}, "unknown node `x`", "help");
  diags.error(Code::UnknownNode, Span{0, 4, 8}, "unknown node `x`", "help");
  diags.error(Code::UnknownNode, Span{0, 4, 8}, "unknown node `x`", "other help");
  diags.warning(Code::UnknownNode, Span{0, 4, 8}, "unknown node `x`", "help");
  diags.error(Code::UnknownNode, Span{0, 4, 9}, "unknown node `x`", "help");
  diags.error(Code::UnknownNode, Span{1, 4, 8}, "unknown node `x`", "help");
  std::vector<Diagnostic> sorted = diags.sorted();
  ASSERT_EQ(sorted.size(), 5u);
  EXPECT_EQ(diags.all().size(), 6u);
}

TEST(Diagnostics, SortedDropsDuplicatesThatAreNotAdjacentInInput) {
  Diagnostics diags;
  diags.error(Code::DuplicateEdge, Span{0, 10, 20}, "twice");
  diags.error(Code::SyntaxError, Span{0, 0, 1}, "first");
  diags.error(Code::DuplicateEdge, Span{0, 10, 20}, "twice");
  EXPECT_EQ(messages(diags.sorted()), (std::vector<std::string>{"first", "twice"}));
}

TEST(Diagnostics, SortedDropsExactDuplicatesSeparatedByANearDuplicate) {
  // Three reports at one place with one message: the first and last are identical, the middle
  // one differs only in its help. The identical pair must collapse to one.
  Diagnostics diags;
  diags.error(Code::UnknownNode, Span{0, 4, 8}, "unknown node `x`", "help a");
  diags.error(Code::UnknownNode, Span{0, 4, 8}, "unknown node `x`", "help b");
  diags.error(Code::UnknownNode, Span{0, 4, 8}, "unknown node `x`", "help a");
  std::vector<Diagnostic> sorted = diags.sorted();
  EXPECT_EQ(sorted.size(), 2u);
}

}  // namespace
}  // namespace archc::source
