#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "syntax/parser.hpp"
#include "syntax/parsed_for_test.hpp"

namespace archc::syntax {
namespace {

using namespace test_support;

// Errors: recovery at the next statement of the same block, nesting limits, hostile input.

// Syntax errors are told apart by their kind: every kind has its own words.
TEST(Expected, EveryKindHasItsOwnWords) {
  std::set<std::string_view> seen;
  for (int k = 0; k <= static_cast<int>(detail::Expected::CommentClose); ++k) {
    std::string_view text = detail::expected_text(static_cast<detail::Expected>(k));
    EXPECT_FALSE(text.empty()) << k;
    EXPECT_TRUE(seen.insert(text).second) << "two kinds say `" << text << "`";
  }
}

TEST(Parse, SeveralErrorsInOneFileWithRecovery) {
  Parsed p(
      "postgres db\n"
      "connect(a b)\n"
      "service api\n"
      "kind\n"
      "service web\n"
      "= junk\n"
      "title oops\n"
      "service z\n");
  ASSERT_EQ(p.diags.all().size(), 4u) << p.dump();
  for (const auto& d : p.diags.all()) EXPECT_EQ(d.code, Code::SyntaxError);
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of("b)"));
  EXPECT_EQ(p.diags.all()[1].span.begin, p.offset_of("\n", p.offset_of("kind")));
  EXPECT_EQ(p.diags.all()[2].span.begin, p.offset_of("= junk"));
  EXPECT_EQ(p.diags.all()[3].span.begin, p.offset_of("oops"));
  // Everything that parsed is kept.
  ASSERT_EQ(p.file.statements.size(), 4u);
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 0).id.text, "db");
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 1).id.text, "api");
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 2).id.text, "web");
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 3).id.text, "z");
}

TEST(Parse, ErrorInsideABlockResumesInTheSameBlock) {
  Parsed p(
      "group g {\n"
      "  service a\n"
      "  service b \"x\" junk\n"
      "  service c\n"
      "}\n"
      "service d\n");
  ASSERT_EQ(p.diags.all().size(), 1u) << p.dump();
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of("junk"));
  ASSERT_EQ(p.file.statements.size(), 2u);
  const auto& g = stmt<GroupDecl>(p.file.statements, 0);
  ASSERT_EQ(g.body.size(), 2u);
  EXPECT_EQ(stmt<NodeDecl>(g.body, 1).id.text, "c");
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 1).id.text, "d");
}

TEST(Parse, BadHeaderSkipsItsWholeBlock) {
  Parsed p("group g \"G\" junk {\n  service a\n}\nservice b\n");
  // One error for the header; its body is not read as top-level statements, and its `}`
  // is not reported as unmatched.
  ASSERT_EQ(p.diags.all().size(), 1u) << p.dump();
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of("junk"));
  ASSERT_EQ(p.file.statements.size(), 1u);
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 0).id.text, "b");
}

TEST(Parse, UnclosedPropertyListDoesNotHideLaterErrors) {
  Parsed p("service a { note: \"x\"\nservice b\nservice c junk\nservice d\n");
  ASSERT_EQ(p.diags.all().size(), 2u) << p.dump();
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of("service b"));
  EXPECT_EQ(p.diags.all()[1].span.begin, p.offset_of("junk"));
  ASSERT_FALSE(p.file.statements.empty());
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, p.file.statements.size() - 1).id.text, "d");
}

TEST(Parse, UnclosedCallResumesOnTheNextLine) {
  Parsed p("connect(a,\nservice b\nservice c junk\n");
  ASSERT_EQ(p.diags.all().size(), 2u) << p.dump();
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of("b\n"));
  EXPECT_EQ(p.diags.all()[1].span.begin, p.offset_of("junk"));
  ASSERT_EQ(p.file.statements.size(), 1u);
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 0).id.text, "b");
}

TEST(Parse, AListSpreadOverLinesWithACommaLeftOutIsOneError) {
  Parsed p(
      "service a\n"
      "connect(a, [\n"
      "  b\n"
      "  c\n"
      "]) \"label\" { stream: true }\n"
      "service d\n");
  ASSERT_EQ(p.diags.all().size(), 1u) << p.dump();
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of("c\n"));
  // The statement after the list is read as written.
  ASSERT_EQ(p.file.statements.size(), 2u) << p.dump();
  EXPECT_EQ(std::get<NodeDecl>(p.file.statements[1].item).id.text, "d");
}

TEST(Parse, UnclosedBlockAndUnmatchedBrace) {
  Parsed closed_twice("service a\n}\n");
  ASSERT_EQ(closed_twice.diags.all().size(), 1u) << closed_twice.dump();
  EXPECT_EQ(closed_twice.diags.all()[0].code, Code::UnmatchedBrace);
  EXPECT_EQ(closed_twice.diags.all()[0].span.begin, closed_twice.offset_of("}"));

  Parsed open("group g \"G\" {\n  service a\n");
  ASSERT_EQ(open.diags.all().size(), 1u) << open.dump();
  EXPECT_EQ(open.diags.all()[0].code, Code::UnclosedBlock);
  EXPECT_EQ(open.diags.all()[0].span.begin, 0u);
  // The block is still attached, so later stages see its nodes.
  ASSERT_EQ(open.file.statements.size(), 1u);
  EXPECT_EQ(stmt<GroupDecl>(open.file.statements, 0).body.size(), 1u);
}

TEST(Parse, UnterminatedStringAndComment) {
  Parsed str("title \"abc\nservice b\n");
  EXPECT_EQ(str.count(Code::SyntaxError), 1u) << str.dump();
  ASSERT_EQ(str.file.statements.size(), 1u);
  EXPECT_EQ(stmt<NodeDecl>(str.file.statements, 0).id.text, "b");

  Parsed comment("service a\n/* never closed\nservice b\n");
  EXPECT_EQ(comment.count(Code::SyntaxError), 1u) << comment.dump();
  EXPECT_EQ(comment.file.statements.size(), 1u);
}

std::string nested_groups(int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += "group g" + std::to_string(i) + " {\n";
  text += "service x\n";
  for (int i = 0; i < depth; ++i) text += "}\n";
  return text;
}

int group_depth(const File& file) {
  int depth = 0;
  const std::vector<Statement>* body = &file.statements;
  while (!body->empty()) {
    const auto* g = std::get_if<GroupDecl>(&body->front().item);
    if (!g) break;
    ++depth;
    body = &g->body;
  }
  return depth;
}

TEST(Parse, ThirtyTwoNestedGroupsAreFine) {
  Parsed p(nested_groups(32));
  EXPECT_FALSE(p.diags.has_errors()) << p.dump();
  EXPECT_EQ(group_depth(p.file), 32);
}

TEST(Parse, FortyNestedGroupsAreTooDeep) {
  Parsed p(nested_groups(40));
  ASSERT_EQ(p.diags.all().size(), 1u) << p.dump();
  EXPECT_EQ(p.diags.all()[0].code, Code::TooDeep);
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of("group g32 {"));
  // The blocks within the limit are kept; the braces still balance.
  EXPECT_EQ(group_depth(p.file), 32);
  EXPECT_EQ(p.count(Code::UnmatchedBrace), 0u);
}

TEST(Parse, VeryDeepNestingDoesNotCrash) {
  Parsed p(nested_groups(5000));
  EXPECT_EQ(p.count(Code::TooDeep), 1u);
  EXPECT_EQ(p.count(Code::UnmatchedBrace), 0u);
}

// --- Hostile input --------------------------------------------------------------------------

// A small deterministic generator: the same junk on every run.
std::string junk(std::size_t size, std::string_view alphabet, std::uint32_t seed) {
  std::string out(size, ' ');
  std::uint32_t x = seed;
  for (char& c : out) {
    x = x * 1664525u + 1013904223u;
    c = alphabet.empty() ? static_cast<char>(x >> 24) : alphabet[(x >> 16) % alphabet.size()];
  }
  return out;
}

TEST(Parse, MegabyteLineOfJunkGivesErrorsFast) {
  auto start = std::chrono::steady_clock::now();
  std::string text = "service a\n" +
                     junk(1 << 20, "abc -> {}[]()\"'*!<>:;,./\\=+#0123456789 \t", 7) + "\nservice b\n";
  Parsed p(std::move(text));
  EXPECT_TRUE(p.diags.has_errors());
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 10.0);
}

TEST(Parse, MegabyteOfJunkLinesRecoversLineByLine) {
  // No braces nor comments in the junk, so every line is its own failed statement and the
  // parser must come out at the end still reading statements.
  Parsed p("service a\n" + junk(1 << 20, "abc ->[]()\"'*!<>:;,.\\=+#0123456789 \t\n", 11) + "\nservice b\n");
  EXPECT_GT(p.diags.error_count(), 1000u);
  ASSERT_GE(p.file.statements.size(), 2u);
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 0).id.text, "a");
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, p.file.statements.size() - 1).id.text, "b");
}

TEST(Parse, MegabyteLineOfOneLongNameGivesOneError) {
  Parsed p("service " + std::string(1 << 20, 'x') + " junk\nservice b\n");
  EXPECT_EQ(p.diags.all().size(), 1u) << p.dump().substr(0, 500);
  ASSERT_FALSE(p.file.statements.empty());
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, p.file.statements.size() - 1).id.text, "b");
}

TEST(Parse, RandomBytesGiveErrorsWithoutCrashing) {
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    Parsed p(junk(1 << 20, {}, seed));
    EXPECT_TRUE(p.diags.has_errors()) << seed;
    for (const auto& d : p.diags.all()) {
      EXPECT_LE(d.span.begin, d.span.end);
      EXPECT_LE(d.span.end, p.text().size());
    }
  }
}

TEST(Parse, EmptyAndBlankFilesAreFine) {
  for (std::string text : {"", "\n\n", "   ", "// only a comment", "/* c */", ";;;\n"}) {
    Parsed p(text);
    EXPECT_FALSE(p.diags.has_errors()) << text << "\n" << p.dump();
    EXPECT_TRUE(p.file.statements.empty());
  }
}

TEST(Parse, KeepsEveryCommentInFileOrder) {
  Parsed p(
      "// header\n"
      "service a /* inline */ \"A\" // trailing\n"
      "connect(a, /* between */ b) { note: \"// not a comment\" } // after props\n"
      "layer v1 { // opens\n"
      "  service b\n"
      "}\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  std::vector<std::string> got;
  for (const Span& s : p.file.comments) got.push_back(p.spelled(s));
  EXPECT_EQ(got, (std::vector<std::string>{"// header", "/* inline */", "// trailing", "/* between */",
                                           "// after props", "// opens"}));
}

}  // namespace
}  // namespace archc::syntax
