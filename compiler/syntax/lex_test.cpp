// syntax::lex: every byte in one token, each token's kind as the grammar reads it, and every
// file of the repository read with no error token.

#include "syntax/lex.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace archc::syntax {
namespace {

std::string classes(std::string_view text) {
  std::string out;
  for (const Token& t : lex(text)) {
    if (t.kind == TokenKind::Space || t.kind == TokenKind::Newline) continue;
    out += std::string(out.empty() ? "" : " ") + token_class(t.kind) + ":" + std::string(text.substr(t.begin, t.end - t.begin));
  }
  return out;
}

TEST(Lex, ReadsEachTokenAsTheGrammarDoes) {
  EXPECT_EQ(classes("kafka kafka \"Kafka\" { note: \"a \\\"b\\\"\" }"),
            "name:kafka name:kafka string:\"Kafka\" punct:{ keyword:note punct:: string:\"a \\\"b\\\"\" punct:}");
  EXPECT_EQ(classes("a->'pg-primary' -> layer-x"), "name:a operator:-> quoted-name:'pg-primary' operator:-> name:layer-x");
  EXPECT_EQ(classes("layer v2 <> v1 { duration: 200ms, n: 0.5 } // end"),
            "keyword:layer name:v2 operator:<> name:v1 punct:{ name:duration punct:: duration:200ms punct:, name:n punct:: "
            "number:0.5 punct:} comment:// end");
  EXPECT_EQ(classes("/* a\nb */ connect(x, y) /* open"), "comment:/* a\nb */ keyword:connect punct:( name:x punct:, name:y punct:) comment:/* open");
  EXPECT_EQ(classes("service s \"open\nservice t 'q"), "name:service name:s error:\"open name:service name:t error:'q");
  EXPECT_EQ(classes("a # é"), "name:a error:# error:é");
}

TEST(Lex, ImportedPathsAreTheStringsAfterImport) {
  const std::string text = "import std\n  import \"a/b.arch\" // x\n// import \"c.arch\"\nnote \"import \\\"d.arch\\\"\"\nimport /* c */ \"e.arch\"\n";
  std::vector<ImportedPath> paths = imported_paths(text);
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(paths[0].path, "a/b.arch");
  EXPECT_EQ(text.substr(paths[0].begin, paths[0].end - paths[0].begin), "import \"a/b.arch\"");
  EXPECT_EQ(paths[1].path, "e.arch");
}

TEST(Lex, EveryByteIsInOneTokenInOrder) {
  const std::string text = "layer v1 {\n\tservice 'a b' \"x\" /* c */ ; connect(a, b) { w: [1, 2s] } ~\r\n}";
  std::uint32_t at = 0;
  for (const Token& t : lex(text)) {
    EXPECT_EQ(t.begin, at);
    EXPECT_GT(t.end, t.begin);
    at = t.end;
  }
  EXPECT_EQ(at, text.size());
}

TEST(Lex, EveryArchFileOfTheRepositoryHasNoErrorToken) {
  std::size_t files = 0;
  for (const char* folder : {"examples", "stdlib", "tests/cases", "tests/corpus"}) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(ARCHC_SOURCE_DIR) + "/" + folder)) {
      if (!e.is_regular_file() || e.path().extension() != ".arch") continue;
      std::ifstream in(e.path());
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      // Golden cases of bad input are allowed their errors; the rest lex clean.
      bool bad_case = std::string(folder) == "tests/cases";
      std::uint32_t at = 0;
      for (const Token& t : lex(text)) {
        ASSERT_EQ(t.begin, at) << e.path();
        at = t.end;
        if (!bad_case) {
          EXPECT_NE(t.kind, TokenKind::Error) << e.path() << " at byte " << t.begin;
        }
      }
      EXPECT_EQ(at, text.size()) << e.path();
      ++files;
    }
  }
  EXPECT_GT(files, 50u);
}

}  // namespace
}  // namespace archc::syntax
