// archc fmt: messy text to canonical text, and, over every `.arch` of the repository (the
// examples, the stdlib, the golden cases) and every `arch` snippet of docs/language.md: the
// canonical text is a fixed point (fmt twice = fmt once) and means the same (equal JSON models
// and the same diagnostics).

#include "format/format.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "compile/compile.hpp"
#include "render/json.hpp"

namespace archc::format {
namespace {

namespace fs = std::filesystem;

std::string fmt(std::string_view text) {
  Formatted f = format_text(text, "t.arch");
  EXPECT_TRUE(f.ok);
  return f.text;
}

TEST(Format, SpacesIndentationAndBlankLines) {
  EXPECT_EQ(fmt("\n\nlayer v1{\n      kafka   k  \"K\"{note:\"n\",stream :true}\n\n\n\n  service  a;service b\n}\n\n\n"),
            "layer v1 {\n  kafka k \"K\" { note: \"n\", stream: true }\n\n  service a; service b\n}\n");
  EXPECT_EQ(fmt("connect( a ,b )\"x\" {\n      protocol:\"p\"\n   flow:backward\n      }"),
            "connect(a, b) \"x\" {\n  protocol: \"p\"\n  flow: backward\n}\n");
  EXPECT_EQ(fmt("scenario s {\n a->b  \"go\"{duration:1.5s}\npar {\nb -> a\n}\n}\n"),
            "scenario s {\n  a -> b \"go\" { duration: 1.5s }\n  par {\n    b -> a\n  }\n}\n");
  EXPECT_EQ(fmt("kind z is service,consumer \"Z\" { icon:box, tags:[ a , b ] }\nrule r {\n forbid connect(*,!x)\n}"),
            "kind z is service, consumer \"Z\" { icon: box, tags: [a, b] }\nrule r {\n  forbid connect(*, !x)\n}\n");
  EXPECT_EQ(fmt("rule r {\n require connect( * ,each   function )or connect(each !f,'each')\n}"),
            "rule r {\n  require connect(*, each function) or connect(each !f, each)\n}\n");
  EXPECT_EQ(fmt("import   std.streaming\r\nlayer v2 <>   \"two\" {\r\n}\r\n"), "import std.streaming\nlayer v2 <> \"two\" {\n}\n");
}

TEST(Format, RegionsOffAreKeptAsWritten) {
  // The region keeps its spacing and quotes; what follows is indented by the blocks it opened.
  EXPECT_EQ(fmt("layer v1{\n// archc fmt: off\n  service   'a'   \"A\"\n   group g {\n// archc fmt: on\nservice  b\n}\n}\n"),
            "layer v1 {\n// archc fmt: off\n  service   'a'   \"A\"\n   group g {\n// archc fmt: on\n    service b\n  }\n}\n");
  // Without `on`, to the end of the file.
  EXPECT_EQ(fmt("service  a\n  // archc fmt: off\nservice   b\n\n\n"), "service a\n  // archc fmt: off\nservice   b\n\n\n");
  // A `// archc fmt: on` line inside a block comment does not end the region.
  EXPECT_EQ(fmt("// archc fmt: off\n/*\n// archc fmt: on\n*/\nservice   b\n// archc fmt: on\nservice  c\n"),
            "// archc fmt: off\n/*\n// archc fmt: on\n*/\nservice   b\n// archc fmt: on\nservice c\n");
  // A marker inside a line, or in a block comment, is only a comment.
  EXPECT_EQ(fmt("service  a // archc fmt: off\nservice   b\n"), "service a // archc fmt: off\nservice b\n");
  EXPECT_EQ(fmt("/*\n// archc fmt: off\n*/\nservice   b\n"), "/*\n// archc fmt: off\n*/\nservice b\n");
  std::string once = fmt("layer v1{\n// archc fmt: off\n  service   'a'\n// archc fmt: on\n}\n");
  EXPECT_EQ(fmt(once), once);
}

TEST(Format, AFileOffFromItsHeadIsNotTouchedEvenIfItDoesNotParse) {
  for (std::string text : {"// ARGS: check %s\n// archc fmt: off\nlayer v1 {\n  service 'a'   \n", "// archc fmt: off\r\n\t}}}\r\n"}) {
    Formatted f = format_text(text, "t.arch");
    EXPECT_TRUE(f.ok) << text;
    EXPECT_EQ(f.text, text);
    EXPECT_FALSE(f.diags.has_errors());
  }
  // Not from its head: the file must still parse.
  EXPECT_FALSE(format_text("service a\n// archc fmt: off\n}}}\n", "t.arch").ok);
  // Closed again: the rest is formatted, so the file must parse.
  EXPECT_FALSE(format_text("// archc fmt: off\n}}}\n// archc fmt: on\n", "t.arch").ok);
}

TEST(Format, QuotesOnlyWhereNeeded) {
  EXPECT_EQ(fmt("connect('pg-primary', 'a.b')\n"), "connect(pg-primary, 'a.b')\n");
  // Words that would mean something else bare keep their quotes.
  EXPECT_EQ(fmt("service 'layer'\nservice 'true'\nservice 'x.y'\n"), "service 'layer'\nservice 'true'\nservice 'x.y'\n");
}

TEST(Format, CommentsStayWhereTheyAre) {
  EXPECT_EQ(fmt("// head   \nservice a   // trailing\n  /* block\n     kept */ service b\n"),
            "// head\nservice a // trailing\n/* block\n     kept */ service b\n");
}

TEST(Format, AFileWithSyntaxErrorsIsNotFormatted) {
  Formatted f = format_text("service a\nconnect(a\n", "bad.arch");
  EXPECT_FALSE(f.ok);
  EXPECT_TRUE(f.text.empty());
  EXPECT_TRUE(f.diags.has_errors());
}

TEST(Format, UnifiedDiff) {
  EXPECT_EQ(unified_diff("a\n", "a\n", "x.arch"), "");
  EXPECT_EQ(unified_diff("a\nb\nc\n", "a\nB\nc\n", "x.arch"),
            "--- a/x.arch\n+++ b/x.arch\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
}

TEST(Format, AHugeDiffStaysBounded) {
  // 20,000 changed lines: past the edit budget the middle is one replacement (a full Myers
  // trace of this took 23 GB), still a diff that patch applies.
  std::string a, b;
  for (int i = 0; i < 20000; ++i) {
    a += "service  s" + std::to_string(i) + "\n";
    b += "service s" + std::to_string(i) + "\n";
  }
  std::string d = unified_diff("keep\n" + a + "keep\n", "keep\n" + b + "keep\n", "big.arch");
  EXPECT_NE(d.find("@@ -1,20002 +1,20002 @@\n keep\n-service  s0\n"), std::string::npos) << d.substr(0, 200);
}

// What a text means: its JSON model (no layout) and its diagnostics' codes and messages.
std::string meaning(const fs::path& path, const std::string& text) {
  compile::Request r;
  r.path = path;
  r.name = path.filename().string();
  r.text = text;
  r.workspace = compile::disk_workspace({});
  compile::Result c = compile::compile(r);
  std::string out = render::render_json(c.diagram, nullptr);
  for (const source::Diagnostic& d : c.diags.sorted()) out += "\n" + std::string(d.name()) + ": " + d.message;
  return out;
}

void expect_canonical_fixed_point(const fs::path& path, const std::string& text, int& formatted) {
  Formatted once = format_text(text, path.string());
  if (!once.ok) return;  // syntax errors: left as they are
  ++formatted;
  Formatted twice = format_text(once.text, path.string());
  ASSERT_TRUE(twice.ok) << path;
  EXPECT_EQ(twice.text, once.text) << path << ": fmt twice differs from fmt once";
  EXPECT_EQ(meaning(path, once.text), meaning(path, text)) << path << ": fmt changed the meaning";
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(Format, EveryArchFileOfTheRepositoryIsAFixedPointThatMeansTheSame) {
  int formatted = 0;
  for (const char* dir : {"examples", "stdlib", "tests/cases"}) {
    for (const auto& e : fs::directory_iterator(fs::path(ARCHC_SOURCE_DIR) / dir)) {
      // The messy inputs of the fmt cases too (`NAME.arch.in`); a file marked
      // `// archc fmt: off` as a whole is formatted here as if it were not.
      std::string name = e.path().filename().string();
      if (!name.ends_with(".arch") && !name.ends_with(".arch.in")) continue;
      std::string text = read(e.path());
      for (std::size_t at; (at = text.find("// archc fmt: off\n")) != std::string::npos;) text.erase(at, 18);
      for (std::size_t at; (at = text.find("// archc fmt: off\r\n")) != std::string::npos;) text.erase(at, 19);
      expect_canonical_fixed_point(e.path(), text, formatted);
    }
  }
  EXPECT_GT(formatted, 100);
}

TEST(Format, EveryDocsSnippetIsAFixedPointThatMeansTheSame) {
  std::string doc = read(fs::path(ARCHC_SOURCE_DIR) / "docs" / "language.md");
  int formatted = 0, snippets = 0;
  for (std::size_t at = 0; (at = doc.find("```arch\n", at)) != std::string::npos;) {
    std::size_t begin = at + 8, end = doc.find("```", begin);
    ++snippets;
    expect_canonical_fixed_point(fs::path(ARCHC_SOURCE_DIR) / "docs" / "snippet.arch", doc.substr(begin, end - begin),
                                 formatted);
    at = end;
  }
  EXPECT_GE(snippets, 10);
  EXPECT_GE(formatted, snippets / 2);
}

}  // namespace
}  // namespace archc::format
