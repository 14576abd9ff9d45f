#pragma once
// The token layer: a file's text cut into tokens, each with its kind and its bytes, comments
// and whitespace included, by the grammar's own rules (grammar.hpp) for names, strings,
// numbers, durations and comments. Editors' views of a file (semantic tokens, highlighting)
// read these tokens instead of spelling the language again.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace archc::syntax {

enum class TokenKind {
  Space,       // blanks: spaces, tabs, carriage returns
  Newline,     // one `\n`
  Comment,     // `// …` or `/* … */` (an unterminated one runs to the end)
  Keyword,     // `layer`, `connect`, `true`…: a word the grammar reserves
  Name,        // a bare name
  QuotedName,  // `'pg-primary'`
  String,      // `"…"`, escapes and all
  Number,      // `3`, `0.5`
  Duration,    // `200ms`, `2s`
  Operator,    // `->` and `<>`
  Punct,       // `(`, `)`, `{`, `}`, `[`, `]`, `,`, `:`, `;`, `!`, `*`, `=`, `.`
  Error,       // what no token rule reads: an unterminated string or quoted name (to the end of
               // its line), a stray byte
};

struct Token {
  TokenKind kind = TokenKind::Space;
  std::uint32_t begin = 0, end = 0;  // bytes [begin, end) of the text
};

// Every byte of `text` lies in exactly one token, in order.
std::vector<Token> lex(std::string_view text);

// Whether tokens[i] (a name or a keyword) is a property's key: the next token but blanks is
// `:` (`note: "…"` is a property, `note "…"` a statement).
bool is_property_key(std::string_view text, const std::vector<Token>& tokens, std::size_t i);

// An `import "…"` of a text as the lexer reads it: the path between the quotes (as written),
// and the bytes from `import` to the closing quote. (`import std…` names no file.)
struct ImportedPath {
  std::string path;
  std::uint32_t begin = 0, end = 0;
};
std::vector<ImportedPath> imported_paths(std::string_view text);

// "keyword", "name", "string"…: a kind as the token-agreement tests and serve's API say it.
const char* token_class(TokenKind kind);

}  // namespace archc::syntax
