#include "syntax/lex.hpp"

#include "syntax/grammar.hpp"

namespace archc::syntax {

namespace {

namespace g = grammar;
namespace pegtl = tao::pegtl;

// How many bytes the grammar's `Rule` reads at `at`; 0 when it reads none or fails hard (an
// unterminated string's `must<>`).
template <typename Rule>
std::size_t read(std::string_view text, std::size_t at) {
  pegtl::memory_input in(text.data() + at, text.data() + text.size(), "");
  try {
    if (!pegtl::parse<Rule>(in)) return 0;
  } catch (const pegtl::parse_error&) {
    return 0;
  }
  return static_cast<std::size_t>(in.current() - (text.data() + at));
}

struct spaces : pegtl::plus<pegtl::one<' ', '\t', '\r'>> {};
struct operators : pegtl::sor<pegtl::string<'-', '>'>, pegtl::string<'<', '>'>> {};
struct word : pegtl::seq<g::keyword, pegtl::not_at<g::ident_other>> {};

}  // namespace

std::vector<Token> lex(std::string_view text) {
  std::vector<Token> out;
  std::size_t at = 0;
  auto add = [&](TokenKind kind, std::size_t n) {
    out.push_back(Token{kind, static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + n)});
    at += n;
  };
  auto rest_of_line = [&] {
    std::size_t nl = text.find('\n', at);
    return (nl == std::string_view::npos ? text.size() : nl) - at;
  };
  while (at < text.size()) {
    const char c = text[at];
    std::size_t n = 0;
    if (c == '\n') {
      add(TokenKind::Newline, 1);
    } else if ((n = read<spaces>(text, at))) {
      add(TokenKind::Space, n);
    } else if ((n = read<g::line_comment>(text, at)) || (n = read<g::block_comment>(text, at))) {
      add(TokenKind::Comment, n);
    } else if (text.compare(at, 2, "/*") == 0) {
      add(TokenKind::Comment, text.size() - at);  // unterminated: the rest is the comment
    } else if (c == '"') {
      if ((n = read<g::string_lit>(text, at))) add(TokenKind::String, n);
      else add(TokenKind::Error, rest_of_line());
    } else if (c == '\'') {
      if ((n = read<g::quoted_name>(text, at))) add(TokenKind::QuotedName, n);
      else add(TokenKind::Error, rest_of_line());
    } else if ((n = read<g::duration>(text, at))) {
      add(TokenKind::Duration, n);
    } else if ((n = read<g::number>(text, at))) {
      add(TokenKind::Number, n);
    } else if ((n = read<word>(text, at))) {
      add(TokenKind::Keyword, n);
    } else if ((n = read<g::identifier>(text, at))) {
      add(TokenKind::Name, n);
    } else if ((n = read<operators>(text, at))) {
      add(TokenKind::Operator, n);
    } else if (std::string_view("(){}[],:;!*=.").find(c) != std::string_view::npos) {
      add(TokenKind::Punct, 1);
    } else {
      // A stray byte; a UTF-8 sequence stays whole.
      std::size_t len = 1;
      while (at + len < text.size() && (static_cast<unsigned char>(text[at + len]) & 0xC0) == 0x80) ++len;
      add(TokenKind::Error, len);
    }
  }
  return out;
}

bool is_property_key(std::string_view text, const std::vector<Token>& tokens, std::size_t i) {
  std::size_t j = i + 1;
  while (j < tokens.size() && tokens[j].kind == TokenKind::Space) ++j;
  return j < tokens.size() && tokens[j].kind == TokenKind::Punct && text[tokens[j].begin] == ':';
}

std::vector<ImportedPath> imported_paths(std::string_view text) {
  std::vector<ImportedPath> out;
  const std::vector<Token> tokens = lex(text);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind != TokenKind::Keyword || text.substr(t.begin, t.end - t.begin) != "import") continue;
    std::size_t j = i + 1;
    while (j < tokens.size() && (tokens[j].kind == TokenKind::Space || tokens[j].kind == TokenKind::Comment)) ++j;
    if (j == tokens.size() || tokens[j].kind != TokenKind::String) continue;
    const Token& s = tokens[j];
    out.push_back(ImportedPath{std::string(text.substr(s.begin + 1, s.end - s.begin - 2)), t.begin, s.end});
  }
  return out;
}

const char* token_class(TokenKind kind) {
  switch (kind) {
    case TokenKind::Space: return "space";
    case TokenKind::Newline: return "newline";
    case TokenKind::Comment: return "comment";
    case TokenKind::Keyword: return "keyword";
    case TokenKind::Name: return "name";
    case TokenKind::QuotedName: return "quoted-name";
    case TokenKind::String: return "string";
    case TokenKind::Number: return "number";
    case TokenKind::Duration: return "duration";
    case TokenKind::Operator: return "operator";
    case TokenKind::Punct: return "punct";
    case TokenKind::Error: return "error";
  }
  return "error";
}

}  // namespace archc::syntax
