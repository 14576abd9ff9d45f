#include "source/printer.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "source/utf8.hpp"

namespace archc::source {
namespace {

std::string printed(const SourceMap& sources, const Diagnostic& d) {
  std::ostringstream out;
  print_human(out, sources, d);
  return out.str();
}

Diagnostic make(Code code, Span span, std::string message, std::string help = {},
                Severity severity = Severity::Error) {
  Diagnostic d;
  d.severity = severity;
  d.code = code;
  d.span = span;
  d.message = std::move(message);
  d.help = std::move(help);
  return d;
}

TEST(PrintableLine, KeepsPlainAndMultiByteText) {
  EXPECT_EQ(printable_line("connect(a, b)"), "connect(a, b)");
  EXPECT_EQ(printable_line("caf\xC3\xA9 \xF0\x9F\x9A\x80"), "caf\xC3\xA9 \xF0\x9F\x9A\x80");
}

TEST(PrintableLine, TabBecomesOneSpace) {
  EXPECT_EQ(printable_line("\ta\tb"), " a b");
}

TEST(PrintableLine, ControlCharactersAreShownEscapedAndBadBytesReplaced) {
  const std::string kReplacement = "\xEF\xBF\xBD";
  EXPECT_EQ(printable_line(std::string("a\x01" "b", 3)), "a\\u{1}b");
  EXPECT_EQ(printable_line("a\x7F"), "a\\u{7f}");
  EXPECT_EQ(printable_line(std::string("a\0b", 3)), "a\\u{0}b");
  EXPECT_EQ(printable_line("\x1b[31mred"), "\\u{1b}[31mred");
  EXPECT_EQ(printable_line("x\xFFy"), "x" + kReplacement + "y");
  // A truncated sequence: each of its bytes is replaced, the text after it survives.
  EXPECT_EQ(printable_line("\xE2\x82z"), kReplacement + kReplacement + "z");
  // A valid character directly before a bad byte is kept.
  EXPECT_EQ(printable_line("\xC3\xA9\xFF"), "\xC3\xA9" + kReplacement);
}

TEST(PrintableLine, C1AndBidiControlsAreShownEscaped) {
  EXPECT_EQ(printable_line("a\xC2\x9B" "2Jb"), "a\\u{9b}2Jb") << "U+009B, the terminal's CSI";
  EXPECT_EQ(printable_line("\xC2\x85"), "\\u{85}");
  EXPECT_EQ(printable_line("x\xE2\x80\xAEy"), "x\\u{202e}y") << "RIGHT-TO-LEFT OVERRIDE";
  EXPECT_EQ(printable_line("\xE2\x81\xA6z\xE2\x81\xA9"), "\\u{2066}z\\u{2069}");
  EXPECT_EQ(printable_line("caf\xC3\xA9 \xE2\x86\x92"), "caf\xC3\xA9 \xE2\x86\x92") << "other characters stay";
}

TEST(PrintHuman, TheCaretFollowsEscapesInTheLine) {
  SourceMap sources;
  FileId id = sources.add("t.arch", "service '\xC2\x9B' x\n");
  Diagnostic d = make(Code::SyntaxError, Span{id, 13, 14}, "expected the end of the statement, found `x`");
  std::string out = printed(sources, d);
  EXPECT_NE(out.find("  1 | service '\\u{9b}' x\n"), std::string::npos) << out;
  EXPECT_NE(out.find("    | " + std::string(17, ' ') + "^\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("\xC2\x9B"), std::string::npos) << "the raw C1 byte never reaches the terminal";
}

TEST(PrintHuman, ALongLineIsShownAsAWindowAroundTheSpan) {
  SourceMap sources;
  std::string line = "service " + std::string(100000, 'a') + " bad";
  FileId id = sources.add("t.arch", line + "\n");
  auto at = static_cast<std::uint32_t>(line.size() - 3);
  std::string out = printed(sources, make(Code::SyntaxError, Span{id, at, at + 3}, "found `bad`"));
  EXPECT_LT(out.size(), 1000u);
  EXPECT_NE(out.find("| …" + std::string(kLineContextChars - 1, 'a') + " bad\n"), std::string::npos) << out;
  EXPECT_NE(out.find("| " + std::string(kLineContextChars + 1, ' ') + "^^^\n"), std::string::npos) << out;
}

TEST(ShortenQuoted, CutsLongTokensAndLongMessages) {
  std::string token(10'000'000, 'x');
  std::string cut = shorten_quoted("unknown node `" + token + "` in `connect`");
  EXPECT_EQ(cut, "unknown node `" + std::string(kMaxQuotedChars - 1, 'x') + "…` in `connect`");
  EXPECT_EQ(shorten_quoted("short `one`"), "short `one`");
  EXPECT_LE(count_chars(shorten_quoted(std::string(100000, 'y'))), kMaxMessageChars);
}

TEST(Diagnostics, MessagesAreShortenedWhenAdded) {
  Diagnostics diags;
  diags.error(Code::UnknownNode, {}, "unknown node `" + std::string(1'000'000, 'n') + "`")
      .note({}, "`" + std::string(1'000'000, 'm') + "` is here");
  EXPECT_LT(diags.all()[0].message.size(), 300u);
  EXPECT_LT(diags.all()[0].related[0].message.size(), 300u);
}

TEST(PrintHuman, MatchesTheDocumentedFormat) {
  SourceMap sources;
  FileId id = sources.add("cloud.arch", "import std\n\nconnect('debezium', 'pg-primry')\n");
  std::uint32_t begin = static_cast<std::uint32_t>(sources.file(id).text().find("'pg-primry'"));
  Diagnostic d = make(Code::UnknownNode, Span{id, begin, begin + 11}, "unknown node `pg-primry`",
                      "a node with a similar name exists: `pg-primary`");
  EXPECT_EQ(printed(sources, d),
            "cloud.arch:3:21: error[unknown-node]: unknown node `pg-primry`\n"
            "  3 | connect('debezium', 'pg-primry')\n"
            "    |                     ^^^^^^^^^^^\n"
            "help: a node with a similar name exists: `pg-primary`\n");
}

TEST(PrintHuman, CaretWidthAndIndentCountCharacters) {
  SourceMap sources;
  // The span is `"café"` (7 bytes, 6 characters), after `é é ` (6 bytes, 4 characters).
  FileId id = sources.add("t.arch", "\xC3\xA9 \xC3\xA9 \"caf\xC3\xA9\" x");
  Diagnostic d = make(Code::SyntaxError, Span{id, 6, 13}, "bad");
  EXPECT_EQ(printed(sources, d),
            "t.arch:1:5: error[syntax]: bad\n"
            "  1 | \xC3\xA9 \xC3\xA9 \"caf\xC3\xA9\" x\n"
            "    |     ^^^^^^\n");
}

TEST(PrintHuman, GutterPadsToTheLineNumberWidth) {
  SourceMap sources;
  std::string text;
  for (int i = 1; i < 12; ++i) text += "line" + std::to_string(i) + "\n";
  FileId id = sources.add("t.arch", text);
  std::uint32_t begin = static_cast<std::uint32_t>(text.find("line11"));
  Diagnostic d = make(Code::SyntaxError, Span{id, begin, begin + 4}, "m", {}, Severity::Warning);
  EXPECT_EQ(printed(sources, d),
            "t.arch:11:1: warning[syntax]: m\n"
            "  11 | line11\n"
            "     | ^^^^\n");
}

TEST(PrintHuman, EmptySpanStillGetsOneCaret) {
  SourceMap sources;
  FileId id = sources.add("t.arch", "group g {");
  Diagnostic d = make(Code::SyntaxError, Span{id, 9, 9}, "expected `}`");
  EXPECT_EQ(printed(sources, d),
            "t.arch:1:10: error[syntax]: expected `}`\n"
            "  1 | group g {\n"
            "    |          ^\n");
}

TEST(PrintHuman, SpanOverSeveralLinesIsClippedToTheFirst) {
  SourceMap sources;
  FileId id = sources.add("t.arch", "ab cd\nef\n");
  Diagnostic d = make(Code::UnclosedBlock, Span{id, 3, 8}, "m");
  EXPECT_EQ(printed(sources, d),
            "t.arch:1:4: error[unclosed-block]: m\n"
            "  1 | ab cd\n"
            "    |    ^^^\n");
}

TEST(PrintHuman, CrlfSourceLineIsShownWithoutCarriageReturn) {
  SourceMap sources;
  FileId id = sources.add("t.arch", "a\r\nbad thing\r\n");
  Diagnostic d = make(Code::SyntaxError, Span{id, 3, 6}, "m");
  EXPECT_EQ(printed(sources, d),
            "t.arch:2:1: error[syntax]: m\n"
            "  2 | bad thing\n"
            "    | ^^^\n");
}

TEST(PrintHuman, RuleNameReplacesTheCode) {
  SourceMap sources;
  FileId id = sources.add("t.arch", "connect(kafka, flink)");
  Diagnostic d = make(Code::RuleViolation, Span{id, 0, 21}, "broken", "reverse it");
  d.rule = "consumers-dial-brokers";
  std::string out = printed(sources, d);
  EXPECT_EQ(out.substr(0, out.find('\n')), "t.arch:1:1: error[consumers-dial-brokers]: broken");
  EXPECT_NE(out.find("\nhelp: reverse it\n"), std::string::npos);
}

TEST(PrintHuman, DiagnosticWithoutSpanIsOneLine) {
  SourceMap sources;
  Diagnostic d = make(Code::IoError, Span{}, "cannot read `x.arch`", "check the path");
  EXPECT_EQ(printed(sources, d), "archc: error[io-error]: cannot read `x.arch`\nhelp: check the path\n");
}

TEST(PrintHuman, ColorWrapsTheSeverityInEscapes) {
  SourceMap sources;
  FileId id = sources.add("t.arch", "x");
  Diagnostic d = make(Code::SyntaxError, Span{id, 0, 1}, "m");
  std::ostringstream plain, colored;
  print_human(plain, sources, d, {false});
  print_human(colored, sources, d, {true});
  EXPECT_EQ(plain.str().find('\x1b'), std::string::npos);
  EXPECT_NE(colored.str().find("\x1b[1;31merror"), std::string::npos);
}

TEST(PrintHuman, RelatedLocationsAreNotesWithTheirOwnLine) {
  SourceMap sources;
  FileId id = sources.add("m.arch", "service api\nservice api\n");
  Diagnostic d = make(Code::DuplicateId, Span{id, 20, 23}, "node `api` is declared twice", "rename one");
  d.note(Span{id, 8, 11}, "the first declaration is here");
  EXPECT_EQ(printed(sources, d),
            "m.arch:2:9: error[duplicate-id]: node `api` is declared twice\n"
            "  2 | service api\n"
            "    |         ^^^\n"
            "m.arch:1:9: note: the first declaration is here\n"
            "  1 | service api\n"
            "    |         ^^^\n"
            "help: rename one\n");
}

}  // namespace
}  // namespace archc::source
