#include "format/format.hpp"

#include <algorithm>
#include <vector>

#include "source/load.hpp"
#include "syntax/lex.hpp"
#include "syntax/parse.hpp"

namespace archc::format {

namespace {

enum class Kind { Word, Quoted, String, Punct, LineComment, BlockComment, Newline, Verbatim };

constexpr std::string_view kOff = "// archc fmt: off", kOn = "// archc fmt: on";

std::string_view trimmed(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

// Where the line holding `at` ends (its `\n`, or the end of the text).
std::size_t line_end(std::string_view s, std::size_t at) {
  std::size_t end = s.find('\n', at);
  return end == std::string_view::npos ? s.size() : end;
}

struct Token {
  Kind kind;
  std::string text;
};

// The tokens of a file that parsed, as syntax::lex reads them: words (names, keywords,
// numbers, durations), quoted names, strings, punctuation, comments and line ends. Spaces are
// dropped. A line that reads `// archc fmt: off` opens a region kept as written, up to and
// with the line `// archc fmt: on` (or the end of the file): one Verbatim token.
std::vector<Token> tokenize(std::string_view s, bool regions = true) {
  std::vector<Token> out;
  const std::vector<syntax::Token> tokens = syntax::lex(s);
  // A comment token alone on its line that reads `comment` (a `// archc fmt: on` inside a
  // block comment or a string is part of that token, not a line of its own).
  auto comment_line = [&](const syntax::Token& t, std::size_t line_start, std::string_view comment) {
    return t.kind == syntax::TokenKind::Comment && trimmed(s.substr(line_start, line_end(s, t.begin) - line_start)) == comment;
  };
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const syntax::Token& t = tokens[i];
    std::string_view text = s.substr(t.begin, t.end - t.begin);
    switch (t.kind) {
      case syntax::TokenKind::Space: break;
      case syntax::TokenKind::Newline:
        line_start = t.end;
        out.push_back({Kind::Newline, "\n"});
        break;
      case syntax::TokenKind::Comment:
        if (regions && comment_line(t, line_start, kOff)) {
          // Kept as written up to the end of the `// archc fmt: on` line, or of the text.
          std::size_t end = s.size();
          std::size_t at = line_start;
          for (++i; i < tokens.size(); ++i) {
            if (tokens[i].kind == syntax::TokenKind::Newline) at = tokens[i].end;
            if (comment_line(tokens[i], at, kOn)) {
              end = line_end(s, tokens[i].begin);
              break;
            }
          }
          out.push_back({Kind::Verbatim, std::string(s.substr(line_start, end - line_start))});
          // Up to the line end after the region (the `\n` token comes next).
          while (i + 1 < tokens.size() && tokens[i + 1].begin < end) ++i;
        } else if (text.substr(0, 2) == "//") {
          while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
          out.push_back({Kind::LineComment, std::string(text)});
        } else {
          out.push_back({Kind::BlockComment, std::string(text)});
        }
        break;
      case syntax::TokenKind::String: out.push_back({Kind::String, std::string(text)}); break;
      case syntax::TokenKind::QuotedName: out.push_back({Kind::Quoted, std::string(text)}); break;
      case syntax::TokenKind::Operator:
      case syntax::TokenKind::Punct: out.push_back({Kind::Punct, std::string(text)}); break;
      default: out.push_back({Kind::Word, std::string(text)}); break;
    }
  }
  return out;
}

// 'pg-primary' -> pg-primary: a quoted name that reads the same bare. Not a keyword, nor a
// word that means something else bare (`true`, `false`) or in a kind statement (`is`), nor
// `std` (an import).
std::string unquoted(const std::string& quoted) {
  if (quoted.size() < 3 || quoted.back() != '\'') return quoted;
  std::string name = quoted.substr(1, quoted.size() - 2);
  // Bare, the lexer reads it as one name (so not a keyword).
  std::vector<syntax::Token> read = syntax::lex(name);
  if (read.size() != 1 || read[0].kind != syntax::TokenKind::Name) return quoted;
  if (name == "true" || name == "false" || name == "is" || name == "std") return quoted;
  return name;
}

bool is(const Token& t, std::string_view p) { return t.kind == Kind::Punct && t.text == p; }

// Whether a space goes between two tokens of one line.
bool space_between(const Token& a, const Token& b) {
  if (b.kind == Kind::LineComment) return true;  // `[ // the backends`
  if (is(b, ",") || is(b, ":") || is(b, ";") || is(b, ")") || is(b, "]") || is(b, ".")) return false;
  if (is(a, "(") || is(a, "[") || is(a, "!") || is(a, ".")) return false;
  if (is(b, "(")) return false;  // connect(
  if (is(b, "[")) return !is(a, "[");
  return true;
}

class Printer {
 public:
  std::string run(const std::vector<Token>& tokens) {
    std::vector<const Token*> line;
    int blank = 0;
    for (const Token& t : tokens) {
      if (t.kind != Kind::Newline) {
        line.push_back(&t);
        continue;
      }
      if (line.empty()) {
        ++blank;
        continue;
      }
      if (blank > 0 && !out_.empty()) out_ += "\n";
      blank = 0;
      emit(line);
      line.clear();
    }
    if (!line.empty()) {
      if (blank > 0 && !out_.empty()) out_ += "\n";
      emit(line);
    }
    return std::move(out_);
  }

 private:
  void emit(const std::vector<const Token*>& line) {
    if (line.front()->kind == Kind::Verbatim) {
      // As written; the blocks it opens or closes still set the depth of what follows.
      // A region closed by `on` ends with that line, which gets its line end; one left open
      // runs to the end of the file, whose ends it keeps as they are.
      const std::string& text = line.front()->text;
      std::string_view last = std::string_view(text).substr(text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1);
      out_ += text + (trimmed(last) == kOn ? "\n" : "");
      for (const Token& t : tokenize(line.front()->text, false)) {
        if (is(t, "{") || is(t, "(") || is(t, "[")) ++depth_;
        if (is(t, "}") || is(t, ")") || is(t, "]")) --depth_;
      }
      return;
    }
    // A line that opens with closers sits at the depth they return to.
    int depth = depth_;
    for (const Token* t : line) {
      if (is(*t, "}") || is(*t, ")") || is(*t, "]")) {
        --depth;
      } else {
        break;
      }
    }
    auto indent = [](int d) { return std::string(2 * static_cast<std::size_t>(std::max(d, 0)), ' '); };
    // Each token as printed (with the space before it), the depth after it, and whether the
    // line may break after it: a comma of a connection's list (`connect([a, b], c)`).
    struct Part {
      std::string text;
      bool space = false;
      int depth = 0;
      bool breakable = false;
      bool in_connect = false;  // up to the `)` of `connect(…)`: what a list's wrapping may shorten
    };
    std::vector<Part> parts;
    enum class Open { Connect, Endpoints, Other };
    std::vector<Open> open;  // the brackets open on this line
    const Token* prev = nullptr;
    for (const Token* t : line) {
      Part p{t->kind == Kind::Quoted ? unquoted(t->text) : t->text, prev && space_between(*prev, *t)};
      p.in_connect = std::find(open.begin(), open.end(), Open::Connect) != open.end();
      if (is(*t, "{") || is(*t, "(") || is(*t, "[")) {
        ++depth_;
        const bool connect = is(*t, "(") && prev && prev->kind == Kind::Word && prev->text == "connect";
        const bool endpoints = is(*t, "[") && !open.empty() && open.back() == Open::Connect;
        open.push_back(connect ? Open::Connect : endpoints ? Open::Endpoints : Open::Other);
      }
      if (is(*t, "}") || is(*t, ")") || is(*t, "]")) {
        --depth_;
        if (!open.empty()) open.pop_back();
      }
      p.depth = depth_;
      p.breakable = is(*t, ",") && !open.empty() && open.back() == Open::Endpoints;
      parts.push_back(std::move(p));
      prev = t;
    }
    // One line, unless the connection's names run past kWidth: then a list wraps after the
    // last comma that keeps the line within it, its next items indented by the brackets open
    // there. A long label or property list after them is left as written.
    std::string text = indent(depth);
    std::size_t last_break = 0;  // the part after which the current line may break (0: none)
    std::size_t line_begin = 0;  // the first part of the current line
    for (std::size_t i = 0; i < parts.size(); ++i) {
      text += (parts[i].space && i != line_begin ? " " : "") + parts[i].text;
      const std::size_t width = text.size() - (text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1);
      if (width > kWidth && parts[i].in_connect && last_break > line_begin && last_break < i) {
        // Back to the break: the parts after it start the next line.
        text.erase(text.size() - printed(parts, last_break + 1, i + 1, line_begin));
        text += "\n" + indent(parts[last_break].depth);
        line_begin = last_break + 1;
        i = last_break;
        last_break = 0;
        continue;
      }
      if (parts[i].breakable) last_break = i;
    }
    out_ += text + "\n";
  }

  // The width of parts [from, to) as printed on one line that starts at `line_begin`.
  static std::size_t printed(const auto& parts, std::size_t from, std::size_t to, std::size_t line_begin) {
    std::size_t n = 0;
    for (std::size_t i = from; i < to; ++i) n += (parts[i].space && i != line_begin ? 1 : 0) + parts[i].text.size();
    return n;
  }

  static constexpr std::size_t kWidth = 100;

  std::string out_;
  int depth_ = 0;
};

// A file whose first lines are comments, one of them `// archc fmt: off` and no
// `// archc fmt: on` after it, is not archc fmt's to touch, even if it does not parse (the
// deliberately broken inputs of golden tests).
bool skipped_whole(std::string_view raw) {
  std::string_view text = raw;
  std::string narrow;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  // A UTF-16 file (which archc reads as no .arch file) may say so too: its ASCII, read narrow.
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
    const std::size_t low = text[0] == '\xFF' ? 0 : 1;
    for (std::size_t i = 2; i + 1 < text.size(); i += 2) {
      const unsigned char a = static_cast<unsigned char>(text[i + low]), b = static_cast<unsigned char>(text[i + 1 - low]);
      narrow += b == 0 && a < 0x80 ? static_cast<char>(a) : '?';
    }
    text = narrow;
  }
  for (std::size_t at = 0; at < text.size(); at = line_end(text, at) + 1) {
    std::string_view line = trimmed(text.substr(at, line_end(text, at) - at));
    if (line == kOff) {
      // The region runs to the end of the text.
      std::vector<Token> rest = tokenize(text.substr(at));
      return !rest.empty() && rest[0].kind == Kind::Verbatim && rest[0].text.size() == text.size() - at;
    }
    if (!line.empty() && !line.starts_with("//")) return false;
  }
  return false;
}

}  // namespace

Formatted format_text(std::string_view text, const std::string& name) {
  Formatted f;
  if (skipped_whole(text)) {
    f.text = std::string(text);
    f.ok = true;
    return f;
  }
  std::optional<source::FileId> id = source::add_text(f.sources, name, text, f.diags);
  if (!id) return f;
  (void)syntax::parse(f.sources, *id, f.diags);
  if (f.diags.has_errors()) return f;
  // The text after the BOM and UTF-8 checks, as the parser read it.
  std::string canonical = Printer().run(tokenize(f.sources.file(*id).text()));
  // The canonical text must parse as the original did: a printer bug is never written.
  source::SourceMap check_sources;
  source::Diagnostics check_diags;
  if (auto check = source::add_text(check_sources, name, canonical, check_diags)) {
    (void)syntax::parse(check_sources, *check, check_diags);
  }
  if (check_diags.has_errors()) {
    f.diags.error(source::Code::SyntaxError, {}, "archc fmt would break `" + name + "`: it is left as it is",
                  "this is a bug in archc fmt; please report it with the file");
    return f;
  }
  f.text = std::move(canonical);
  f.ok = true;
  return f;
}

}  // namespace archc::format
