// parse(): the file item by item (a statement, a block header or a `}`), and recovery after
// a syntax error at the next statement of the same block.

#include "syntax/parse.hpp"

#include <algorithm>

#include "syntax/parser.hpp"

namespace archc::syntax {

namespace detail {

struct FreeList {
  std::vector<void*> blocks;
  ~FreeList() {
    for (void* b : blocks) ::operator delete(b);
  }
};
thread_local FreeList free_nodes;

void* PNode::operator new(std::size_t size) {
  if (size != sizeof(PNode) || free_nodes.blocks.empty()) return ::operator new(size);
  void* p = free_nodes.blocks.back();
  free_nodes.blocks.pop_back();
  return p;
}

void PNode::operator delete(void* p) noexcept {
  constexpr std::size_t kKeep = 4096;  // enough for the deepest statement many times over
  if (free_nodes.blocks.size() < kKeep) {
    try {
      free_nodes.blocks.push_back(p);
      return;
    } catch (...) {
    }
  }
  ::operator delete(p);
}

std::string_view expected_text(Expected e) {
  switch (e) {
    case Expected::Syntax: return "valid syntax";
    case Expected::Item: return "a declaration, a connection or `}`";
    case Expected::Name: return "a name";
    case Expected::NodeId: return "a node id after the kind";
    case Expected::QuotedText: return "a name inside the quotes";
    case Expected::QuoteClose: return "a closing `'`";
    case Expected::EscapeOpen: return "`{` after `\\u`";
    case Expected::HexDigits: return "hexadecimal digits in `\\u{…}`";
    case Expected::EscapeClose: return "`}` to close `\\u{…}`";
    case Expected::EscapeChar: return "an escape sequence: `\\\"`, `\\\\`, `\\n`, `\\t` or `\\u{…}`";
    case Expected::StringClose: return "a closing `\"`";
    case Expected::ListClose: return "`]` to close the list";
    case Expected::Value: return "a value (a string, number, duration, `true`, `false`, a name or a list)";
    case Expected::PropsClose: return "`}` to close the property list (properties are `key: value`)";
    case Expected::ModuleName: return "a module name after `.`";
    case Expected::ImportTarget: return "`std`, `std.MODULE` or a file path in double quotes";
    case Expected::String: return "a string in double quotes";
    case Expected::RoleName: return "a role name after `is`";
    case Expected::Pattern: return "a role or kind name, `*` or `!NAME`";
    case Expected::OpenParen: return "`(`";
    case Expected::CloseParen: return "`)`";
    case Expected::Comma: return "`,`";
    case Expected::PatternPair: return "`connect(…, …)`";
    case Expected::OpenBrace: return "`{` to open the block";
    case Expected::RemoveTarget: return "a node name or `connect(…, …)` after `remove`";
    case Expected::StatementEnd: return "the end of the statement (a newline or `;`)";
    case Expected::Endpoint: return "a node name, or a list of them (`[a, b]`)";
    case Expected::CommentClose: return "`*/` to close the comment";
  }
  return "valid syntax";
}

File Parser::run() {
  const char* p = text_.data();
  const char* end = p + text_.size();
  while (true) {
    try {
      pegtl::memory_input<> gap(p, end, "");
      pegtl::parse<g::gap, CommentAction, Control>(gap, comments_);
      p = gap.current();
    } catch (const SyntaxFailure& f) {
      report_failure(f.at, f.expected);
      break;  // only an unterminated comment fails here, and it runs to the end of the file
    }
    if (p == end) break;
    pegtl::memory_input<> in(p, end, "");
    try {
      auto root = pegtl::parse_tree::parse<g::item, PNode, Selector, CommentAction, Control>(in, comments_);
      if (!root || root->children.empty()) {
        report_failure(p, Expected::Item);
        p = skip_statement(p, p, Expected::Item);
        continue;
      }
      p = in.current();
      handle(*root->children.front());
    } catch (const SyntaxFailure& f) {
      report_failure(f.at, f.expected, p);
      salvage_node_id(p, f.at);
      p = skip_statement(p, f.at, f.expected);
    }
  }
  while (!stack_.empty()) {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.block != Block::Invalid) {
      diags_.error(Code::UnclosedBlock, frame.header, "this block is never closed",
                   "add a `}` after its last line");
    }
    attach(std::move(frame));
  }
  std::sort(comments_.found.begin(), comments_.found.end());
  comments_.found.erase(std::unique(comments_.found.begin(), comments_.found.end()), comments_.found.end());
  for (const auto& [begin, end] : comments_.found) out_.comments.push_back(Span{file_, begin, end});
  return std::move(out_);
}

void Parser::damage() {
  for (Frame& f : stack_) {
    if (auto* s = std::get_if<ScenarioDecl>(&f.decl.item)) s->damaged = true;
  }
}

namespace {
// Whether the statement from `statement` to `at` starts with the word `view` and a blank.
bool opens_view(const char* statement, const char* at) {
  if (!statement || at <= statement) return false;
  std::string_view text(statement, static_cast<std::size_t>(at - statement));
  std::size_t first = text.find_first_not_of(" \t");
  return first != std::string_view::npos && text.substr(first).starts_with("view") &&
         text.size() > first + 4 && (text[first + 4] == ' ' || text[first + 4] == '\t');
}
}  // namespace

// "expected X, found Y", with Y the token at `at` underlined.
void Parser::report_failure(const char* at, Expected expected, const char* statement) {
  damage();
  const char* end = text_.data() + text_.size();
  if (expected == Expected::CommentClose) {
    // Raised just after the `/*` that never closes: point at it.
    diags_.error(Code::SyntaxError, span(at - 2, at), "this `/*` comment is never closed",
                 "add `*/` where the comment ends");
    return;
  }
  const char* token_end = at;
  std::string found;
  auto is_ident = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  };
  if (at == end) {
    found = "the end of the file";
  } else if (*at == '\n' || *at == '\r') {
    found = "the end of the line";
    token_end = at + 1;
  } else if (is_ident(*at)) {
    while (token_end != end && is_ident(*token_end)) ++token_end;
    found = "`" + std::string(at, token_end) + "`";
  } else if (*at == '"') {
    found = "a string";
    token_end = at + 1;
  } else {
    token_end = at + 1;
    while (token_end != end && (static_cast<unsigned char>(*token_end) & 0xC0) == 0x80) ++token_end;
    std::string c(at, token_end);
    if (static_cast<unsigned char>(*at) < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      c = std::string("\\x") + kHex[(*at >> 4) & 0xF] + kHex[*at & 0xF];
    }
    found = "`" + c + "`";
  }
  auto& d = diags_.error(Code::SyntaxError, span(at, token_end),
                         "expected " + std::string(expected_text(expected)) + ", found " + found);
  if (expected == Expected::NodeId) {
    d.help = "a node is `KIND ID [\"label\"]`, such as `postgres orders-db \"Orders\"`; `archc stdlib` lists the kinds";
  } else if (expected == Expected::QuoteClose && at != end && (*at == ' ' || *at == '\t')) {
    d.help = "a quoted name holds no blanks: it is an id; put prose in a label string";
  } else if (expected == Expected::OpenBrace && opens_view(statement, at)) {
    d.help = "a view is `view ID \"title\" of LAYER { … }`; a node of a kind called `view` is written `'view' ID`";
  } else if (at != end && static_cast<unsigned char>(*at) >= 0x80) {
    d.help = "bare names are ASCII letters, digits, `_` and `-`; quote other names: `'café'`";
  }
}

// When a node declaration fails after its `KIND ID`, the id is remembered as dropped (see
// File::dropped_nodes) so that its connections do not each report an unknown node.
void Parser::salvage_node_id(const char* statement, const char* error) {
  pegtl::memory_input<> in(statement, error, "");
  try {
    auto root = pegtl::parse_tree::parse<
        pegtl::seq<g::name, g::ws, g::node_id>, PNode, Selector, pegtl::nothing, Control>(in);
    if (root && root->children.size() == 2 && !is_keyword(root->children[0]->string_view())) {
      out_.dropped_nodes.push_back(name_of(*root->children[1]).text);
    }
  } catch (const SyntaxFailure&) {
  }
}

// Skips the rest of a statement that failed to parse: to the end of its line, or past the
// `{ … }` it opened, so that one error does not cascade into the block's body.
const char* Parser::close_of_brackets(const char* p, const char* error) const {
  const char* end = text_.data() + text_.size();
  // How many `(` and `[` are open at the error, strings and comments aside.
  int open = 0;
  auto step = [&](const char*& q) {
    const char c = *q;
    if (c == '"' || c == '\'') {
      ++q;
      while (q != end && *q != c && *q != '\n') q += (*q == '\\' && q + 1 != end && q[1] != '\n') ? 2 : 1;
      if (q != end && *q == c) ++q;
      return;
    }
    if (c == '/' && q + 1 != end && q[1] == '/') {
      while (q != end && *q != '\n') ++q;
      return;
    }
    if (c == '(' || c == '[') ++open;
    if (c == ')' || c == ']') --open;
    ++q;
  };
  for (const char* q = p; q < error && q != end;) step(q);
  if (open <= 0) return nullptr;
  for (const char* q = error; q != end;) {
    if (*q == '{' || *q == '}') return nullptr;
    if (*q == '\n' && q + 1 != end && q[1] == '\n') return nullptr;
    step(q);
    if (open > 0) continue;
    while (q != end && *q != '\n') ++q;  // the label and props of the statement
    return q == end ? q : q + 1;
  }
  return nullptr;
}

const char* Parser::skip_statement(const char* p, const char* error, Expected expected) const {
  const char* end = text_.data() + text_.size();
  // Inside the brackets of a connection spread over lines (a comma left out of a list): the
  // statement goes on to the `)` that closes it, found before any block brace or blank line.
  if (const char* closed = close_of_brackets(p, error)) return closed;
  // A property list or value list that never closes: the line where it should have closed
  // is most likely the next statement, so resume there instead of skipping to the end.
  if (expected == Expected::PropsClose || expected == Expected::ListClose) {
    const char* line = error;
    while (line > p && line[-1] != '\n') --line;
    if (line > p) return line;
  }
  const char* q = p;
  int depth = 0;
  while (q != end) {
    char c = *q;
    if (c == '"' || c == '\'') {
      ++q;
      while (q != end && *q != c && *q != '\n') q += (*q == '\\' && q + 1 != end && q[1] != '\n') ? 2 : 1;
      if (q != end && *q == c) ++q;
    } else if (c == '/' && q + 1 != end && q[1] == '/') {
      while (q != end && *q != '\n') ++q;
    } else if (c == '/' && q + 1 != end && q[1] == '*') {
      auto close = std::string_view(q + 2, end - q - 2).find("*/");
      q = close == std::string_view::npos ? end : q + 2 + close + 2;
    } else if (c == '{') {
      ++depth;
      ++q;
    } else if (c == '}') {
      if (depth == 0) break;
      --depth;
      ++q;
    } else if ((c == '\n' || c == ';') && depth == 0) {
      ++q;
      break;
    } else {
      ++q;
    }
  }
  return q == p ? p + 1 : q;
}

}  // namespace detail

File parse(const source::SourceMap& sources, source::FileId file, source::Diagnostics& diags) {
  return detail::Parser(sources, file, diags).run();
}

}  // namespace archc::syntax
