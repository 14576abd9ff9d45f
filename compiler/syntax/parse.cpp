#include "syntax/parse.hpp"

#include <algorithm>
#include <array>
#include <type_traits>
#include <charconv>
#include <tao/pegtl/contrib/parse_tree.hpp>

#include "source/utf8.hpp"
#include "syntax/grammar.hpp"

namespace archc::syntax {

namespace pegtl = tao::pegtl;
namespace g = grammar;
using source::Code;

namespace {

// A parse-tree node. PEGTL allocates one for every attempt at a kept rule, and most attempts
// fail (a statement tries each form in turn), so nodes come from a per-thread free list
// instead of the general heap: parsing a large file spends most of its time there otherwise.
struct PNode : pegtl::parse_tree::basic_node<PNode> {
  static void* operator new(std::size_t size);
  static void operator delete(void* p) noexcept;
};

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

// Deeper blocks than this are reported and skipped; the parser itself never recurses on
// nesting, but later stages walk groups and `par` blocks recursively.
constexpr std::size_t kMaxNesting = 32;

// --- Error messages for `must<>` ----------------------------------------------------------

template <typename Rule>
inline constexpr std::string_view kExpected = "valid syntax";
template <> inline constexpr std::string_view kExpected<g::name> = "a name";
template <> inline constexpr std::string_view kExpected<g::node_id> = "a node id after the kind";
template <> inline constexpr std::string_view kExpected<g::quoted_text> = "a name inside the quotes";
template <> inline constexpr std::string_view kExpected<g::quote_close> = "a closing `'`";
template <> inline constexpr std::string_view kExpected<pegtl::one<'{'>> = "`{` after `\\u`";
template <> inline constexpr std::string_view kExpected<g::hex_digits> = "hexadecimal digits in `\\u{…}`";
template <> inline constexpr std::string_view kExpected<pegtl::one<'}'>> = "`}` to close `\\u{…}`";
template <> inline constexpr std::string_view kExpected<g::escape_char> =
    "an escape sequence: `\\\"`, `\\\\`, `\\n`, `\\t` or `\\u{…}`";
template <> inline constexpr std::string_view kExpected<g::string_close> = "a closing `\"`";
template <> inline constexpr std::string_view kExpected<g::list_close> = "`]` to close the list";
template <> inline constexpr std::string_view kExpected<g::value> =
    "a value (a string, number, duration, `true`, `false`, a name or a list)";
template <> inline constexpr std::string_view kExpected<g::props_close> =
    "`}` to close the property list (properties are `key: value`)";
template <> inline constexpr std::string_view kExpected<g::identifier> = "a module name after `.`";
template <> inline constexpr std::string_view kExpected<g::import_target> =
    "`std`, `std.MODULE` or a file path in double quotes";
template <> inline constexpr std::string_view kExpected<g::string_lit> = "a string in double quotes";
template <> inline constexpr std::string_view kExpected<g::role_list> = "a role name after `is`";
template <> inline constexpr std::string_view kExpected<g::pattern> =
    "a role or kind name, `*` or `!NAME`";
template <> inline constexpr std::string_view kExpected<g::open_paren> = "`(`";
template <> inline constexpr std::string_view kExpected<g::close_paren> = "`)`";
template <> inline constexpr std::string_view kExpected<g::comma> = "`,`";
template <> inline constexpr std::string_view kExpected<g::pattern_pair> = "`connect(…, …)`";
template <> inline constexpr std::string_view kExpected<g::open_brace> = "`{` to open the block";
template <> inline constexpr std::string_view kExpected<g::remove_target> =
    "a node name or `connect(…, …)` after `remove`";
template <> inline constexpr std::string_view kExpected<g::statement_end> =
    "the end of the statement (a newline or `;`)";
constexpr std::string_view kUnclosedComment = "`*/` to close the comment";
template <> inline constexpr std::string_view kExpected<pegtl::failure> = kUnclosedComment;

struct SyntaxFailure {
  const char* at;
  std::string_view expected;
};

template <typename Rule>
struct Control : pegtl::normal<Rule> {
  template <typename Input, typename... States>
  [[noreturn]] static void raise(const Input& in, States&&... /*unused*/) {
    throw SyntaxFailure{in.current(), kExpected<Rule>};
  }
};

// --- Comments -----------------------------------------------------------------------------

// Records where each comment is, whichever rule met it. A comment inside an alternative that
// later fails is still a comment of the text (comments start with `/`, which nothing else
// does), so the records are only sorted and made unique at the end.
struct Comments {
  const char* base;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> found;
};

template <typename Rule>
struct CommentAction : pegtl::nothing<Rule> {};
template <typename Rule>
  requires std::is_same_v<Rule, g::line_comment> || std::is_same_v<Rule, g::block_comment>
struct CommentAction<Rule> {
  template <typename ActionInput, typename... States>
  static void apply(const ActionInput& in, States&&... states) {
    (record(in, states), ...);
  }
  template <typename ActionInput, typename State>
  static void record(const ActionInput& in, State& state) {
    if constexpr (std::is_same_v<std::decay_t<State>, Comments>) {
      state.found.emplace_back(static_cast<std::uint32_t>(in.begin() - state.base),
                               static_cast<std::uint32_t>(in.end() - state.base));
    }
  }
};

// --- Which rules the parse tree keeps -----------------------------------------------------

template <typename Rule>
using Selector = pegtl::parse_tree::selector<
    Rule,
    pegtl::parse_tree::store_content::on<
        g::bare_name, g::quoted_text, g::node_id, g::layer_base, g::string_lit, g::number,
        g::duration, g::kw_true, g::kw_false, g::star_value, g::value_list, g::property,
        g::block_property, g::prop_list, g::std_module, g::import_stmt, g::title_stmt,
        g::description_stmt, g::role_stmt, g::kind_stmt, g::kind_roles, g::any_pattern,
        g::negation, g::pattern, g::forbid_stmt, g::require_stmt, g::rule_header, g::group_header,
        g::layer_header, g::extends_mark, g::scenario_layer, g::scenario_header, g::par_header,
        g::connect_stmt, g::node_pair, g::remove_stmt, g::remove_edge, g::note_stmt, g::chain_stmt, g::node_stmt,
        g::close_brace, g::prop_key>>;

// --- Blocks -------------------------------------------------------------------------------

enum class Block { Root, Group, Layer, Scenario, Par, Rule, Invalid };

std::string_view block_word(Block b) {
  switch (b) {
    case Block::Root: return "at the top level";
    case Block::Group: return "inside a `group`";
    case Block::Layer: return "inside a `layer`";
    case Block::Scenario: return "inside a `scenario`";
    case Block::Par: return "inside a `par`";
    case Block::Rule: return "inside a `rule`";
    case Block::Invalid: return "here";
  }
  return "here";
}

struct Frame {
  Block block;
  Statement decl;  // GroupDecl, LayerDecl, ScenarioDecl or RuleDecl under construction
  Par par;
  Span header;
};

class Parser {
 public:
  Parser(const source::SourceMap& sources, source::FileId file, source::Diagnostics& diags)
      : text_(sources.file(file).text()), file_(file), diags_(diags) {
    out_.file = file;
  }

  File run();

 private:
  // positions
  std::uint32_t offset(const char* p) const { return static_cast<std::uint32_t>(p - text_.data()); }
  // A node's span, without the blanks a rule may have eaten at its end (`service a   `).
  Span span(const PNode& n) const {
    const char* end = n.m_end.data;
    while (end > n.m_begin.data && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) --end;
    return Span{file_, offset(n.m_begin.data), offset(end)};
  }
  Span span(const char* b, const char* e) const { return Span{file_, offset(b), offset(e)}; }

  void report_failure(const char* at, std::string_view expected);
  const char* skip_statement(const char* p, const char* error, std::string_view expected) const;
  void salvage_node_id(const char* statement, const char* error);

  // conversion from the parse tree
  Name name_of(const PNode& n) const;
  Text text_of(const PNode& n);
  Value value_of(const PNode& n);
  Property property_of(const PNode& n);
  std::vector<Property> props_of(const PNode& n);
  Pattern pattern_of(const PNode& n);
  std::optional<Text> opt_text(const PNode& n, std::size_t index);
  std::vector<Property> opt_props(const PNode& n, std::size_t index);

  void handle(const PNode& n);
  void open(Block block, Statement decl, const PNode& n);
  void close(const PNode& n);
  void add(Statement s, std::string_view word, const PNode& n);
  void add_scenario_item(ScenarioItem item, std::string_view word, const PNode& n);
  void add_property(Property p, const PNode& n);
  void misplaced(std::string_view word, std::string_view belongs, const PNode& n);
  // Marks the open scenario, if any, as holding a statement that was dropped.
  void damage();
  void attach(Frame frame);

  const std::string& text_;
  source::FileId file_;
  source::Diagnostics& diags_;
  File out_;
  std::vector<Frame> stack_;  // never deeper than kMaxNesting + 1
  std::size_t too_deep_ = 0;  // blocks open past that, counted only
  Comments comments_{text_.data(), {}};
};

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
        report_failure(p, "a declaration, a connection or `}`");
        p = skip_statement(p, p, {});
        continue;
      }
      p = in.current();
      handle(*root->children.front());
    } catch (const SyntaxFailure& f) {
      report_failure(f.at, f.expected);
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

// "expected X, found Y", with Y the token at `at` underlined.
void Parser::report_failure(const char* at, std::string_view expected) {
  damage();
  const char* end = text_.data() + text_.size();
  if (expected == kUnclosedComment) {
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
                         "expected " + std::string(expected) + ", found " + found);
  if (expected == kExpected<g::node_id>) {
    d.help = "a node is `KIND ID [\"label\"]`, such as `postgres orders-db \"Orders\"`; `archc stdlib` lists the kinds";
  } else if (expected == kExpected<g::quote_close> && at != end && (*at == ' ' || *at == '\t')) {
    d.help = "a quoted name holds no blanks: it is an id; put prose in a label string";
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
const char* Parser::skip_statement(const char* p, const char* error, std::string_view expected) const {
  const char* end = text_.data() + text_.size();
  // A property list or value list that never closes: the line where it should have closed
  // is most likely the next statement, so resume there instead of skipping to the end.
  if (expected == kExpected<g::props_close> || expected == kExpected<g::list_close>) {
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

// --- Conversion ---------------------------------------------------------------------------

Name Parser::name_of(const PNode& n) const {
  if (n.is_type<g::node_id>() || n.is_type<g::layer_base>()) return name_of(*n.children.front());
  if (n.is_type<g::quoted_text>()) {
    // The span includes the quotes, so that carets sit under what the user wrote.
    return Name{n.string(), span(n.m_begin.data - 1, n.m_end.data + 1)};
  }
  return Name{n.string(), span(n)};
}

Text Parser::text_of(const PNode& n) {
  std::string_view raw = n.string_view();
  raw = raw.substr(1, raw.size() - 2);
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') {
      out += raw[i];
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'u': {
        std::size_t close = raw.find('}', i);
        std::string_view hex = raw.substr(i + 2, close - i - 2);
        std::uint32_t cp = 0;
        auto [ptr, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), cp, 16);
        bool ok = ec == std::errc() && ptr == hex.data() + hex.size() && cp <= 0x10FFFF &&
                  !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0;
        if (ok) {
          source::append_utf8(out, cp);
        } else {
          const char* at = n.m_begin.data + 1 + i - 1;
          diags_.error(Code::InvalidEscape, span(at, at + (close - i) + 2),
                       "`\\u{" + std::string(hex) + "}` is not a Unicode character",
                       "use a code point from 1 to 10FFFF, outside D800–DFFF");
        }
        i = close;
        break;
      }
      default: out += e; break;  // `\"` and `\\`
    }
  }
  return Text{std::move(out), span(n)};
}

Value Parser::value_of(const PNode& n) {
  Value v;
  v.span = span(n);
  if (n.is_type<g::string_lit>()) {
    v.type = Value::Type::String;
    v.text = text_of(n).text;
  } else if (n.is_type<g::number>() || n.is_type<g::duration>()) {
    v.text = n.string();
    std::string_view digits = n.string_view();
    double scale = 1;
    if (n.is_type<g::duration>()) {
      v.type = Value::Type::Duration;
      bool ms = digits.ends_with("ms");
      digits.remove_suffix(ms ? 2 : 1);
      scale = ms ? 1 : 1000;
    } else {
      v.type = Value::Type::Number;
    }
    double number = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), number);
    v.number = number * scale;
  } else if (n.is_type<g::kw_true>() || n.is_type<g::kw_false>()) {
    v.type = Value::Type::Bool;
    v.boolean = n.is_type<g::kw_true>();
    v.text = n.string();
  } else if (n.is_type<g::value_list>()) {
    v.type = Value::Type::List;
    for (const auto& child : n.children) v.items.push_back(value_of(*child));
  } else {  // a name or `*`
    v.type = Value::Type::Name;
    Name name = n.is_type<g::star_value>() ? Name{"*", span(n)} : name_of(n);
    v.text = name.text;
    v.span = name.span;
  }
  return v;
}

Property Parser::property_of(const PNode& n) {
  const PNode& key = *n.children.at(0);
  Property p{Name{key.string(), span(key)}, value_of(*n.children.at(1)), span(n)};
  return p;
}

std::vector<Property> Parser::props_of(const PNode& n) {
  std::vector<Property> props;
  for (const auto& child : n.children) props.push_back(property_of(*child));
  return props;
}

std::optional<Text> Parser::opt_text(const PNode& n, std::size_t index) {
  for (std::size_t i = index; i < n.children.size(); ++i) {
    if (n.children[i]->is_type<g::string_lit>()) return text_of(*n.children[i]);
  }
  return std::nullopt;
}

std::vector<Property> Parser::opt_props(const PNode& n, std::size_t index) {
  for (std::size_t i = index; i < n.children.size(); ++i) {
    if (n.children[i]->is_type<g::prop_list>()) return props_of(*n.children[i]);
  }
  return {};
}

Pattern Parser::pattern_of(const PNode& n) {
  Pattern p;
  p.span = span(n);
  for (const auto& child : n.children) {
    if (child->is_type<g::any_pattern>()) {
      p.any = true;
    } else if (child->is_type<g::negation>()) {
      p.negated = true;
    } else {
      p.name = name_of(*child);
    }
  }
  if (p.any) p.name = Name{"*", p.span};
  return p;
}

// --- Building blocks ----------------------------------------------------------------------

void Parser::misplaced(std::string_view word, std::string_view belongs, const PNode& n) {
  Block where = stack_.empty() ? Block::Root : stack_.back().block;
  damage();
  if (where == Block::Invalid) return;  // its block was already reported
  diags_.error(Code::MisplacedStatement, span(n),
               "`" + std::string(word) + "` cannot stand " + std::string(block_word(where)),
               "`" + std::string(word) + "` belongs " + std::string(belongs));
}

void Parser::add(Statement s, std::string_view word, const PNode& n) {
  Block where = stack_.empty() ? Block::Root : stack_.back().block;
  if (const auto* node = std::get_if<NodeDecl>(&s.item); node && where == Block::Invalid) {
    out_.dropped_nodes.push_back(node->id.text);
    return;
  }
  bool node_like = std::holds_alternative<NodeDecl>(s.item) ||
                   std::holds_alternative<ConnectDecl>(s.item) ||
                   std::holds_alternative<GroupDecl>(s.item);
  bool remove = std::holds_alternative<RemoveDecl>(s.item);
  bool ok = where == Block::Root ? !remove
            : where == Block::Layer ? node_like || remove
            : where == Block::Group ? node_like
                                    : false;
  if (!ok) {
    if (const auto* node = std::get_if<NodeDecl>(&s.item)) out_.dropped_nodes.push_back(node->id.text);
    misplaced(word,
              node_like ? "at the top level, in a `layer` or in a `group`"
              : remove  ? "in a `layer` block"
                        : "at the top level of a file",
              n);
    return;
  }
  if (where == Block::Root) {
    out_.statements.push_back(std::move(s));
  } else {
    Statement& parent = stack_.back().decl;
    if (auto* g = std::get_if<GroupDecl>(&parent.item)) g->body.push_back(std::move(s));
    if (auto* l = std::get_if<LayerDecl>(&parent.item)) l->body.push_back(std::move(s));
  }
}

void Parser::add_scenario_item(ScenarioItem item, std::string_view word, const PNode& n) {
  Block where = stack_.empty() ? Block::Root : stack_.back().block;
  if (where == Block::Par) {
    stack_.back().par.branches.push_back(std::move(item));
  } else if (where == Block::Scenario) {
    std::get<ScenarioDecl>(stack_.back().decl.item).items.push_back(std::move(item));
  } else {
    // `a -> b` outside a scenario is most often a connection written the D2 way.
    const auto* chain = std::get_if<Chain>(&item.item);
    misplaced(word,
              chain && chain->nodes.size() == 2
                  ? "in a `scenario` block; to connect two nodes write `connect(" + chain->nodes[0].text + ", " +
                        chain->nodes[1].text + ")`, the dialer first"
                  : std::string("in a `scenario` block"),
              n);
  }
}

void Parser::add_property(Property p, const PNode& n) {
  // A `key: value` line belongs to the block it stands in: a group, layer, scenario or rule.
  std::vector<Property>* props = nullptr;
  if (!stack_.empty() && stack_.back().block != Block::Par) {
    std::visit(
        [&](auto& d) {
          if constexpr (requires { d.props; }) props = &d.props;
        },
        stack_.back().decl.item);
  }
  if (props == nullptr) {
    misplaced(p.key.text + ":", "in a `group`, `layer`, `scenario` or `rule` block, or in `{ }` after a node or connection", n);
    return;
  }
  props->push_back(std::move(p));
}

void Parser::open(Block block, Statement decl, const PNode& n) {
  Block where = stack_.empty() ? Block::Root : stack_.back().block;
  bool ok = false;
  std::string_view word, belongs;
  switch (block) {
    case Block::Group:
      ok = where == Block::Root || where == Block::Layer || where == Block::Group;
      word = "group";
      belongs = "at the top level, in a `layer` or in a `group`";
      break;
    case Block::Layer:
    case Block::Scenario:
    case Block::Rule:
      ok = where == Block::Root;
      word = block == Block::Layer ? "layer" : block == Block::Scenario ? "scenario" : "rule";
      belongs = "at the top level of a file";
      break;
    case Block::Par:
      ok = where == Block::Scenario || where == Block::Par;
      word = "par";
      belongs = "in a `scenario` block";
      break;
    default: break;
  }
  if (!ok) {
    misplaced(word, belongs, n);
    block = Block::Invalid;
  } else if (stack_.size() >= kMaxNesting) {
    if (too_deep_ > 0 || stack_.back().block == Block::Invalid) {
      // Inside a block already reported: count the depth, keep no frame.
      ++too_deep_;
      return;
    }
    diags_.error(Code::TooDeep, span(n),
                 "blocks nest deeper than " + std::to_string(kMaxNesting) + " levels",
                 block == Block::Par ? "one `par` runs all its lines at once: nested `par` blocks add nothing"
                                     : "flatten the groups: node ids are global, so nesting is only visual");
    damage();
    block = Block::Invalid;
  }
  stack_.push_back(Frame{block, std::move(decl), Par{{}, span(n)}, span(n)});
}

void Parser::attach(Frame frame) {
  switch (frame.block) {
    case Block::Par: {
      ScenarioItem item{std::move(frame.par)};
      if (!stack_.empty() && stack_.back().block == Block::Par) {
        stack_.back().par.branches.push_back(std::move(item));
      } else if (!stack_.empty() && stack_.back().block == Block::Scenario) {
        std::get<ScenarioDecl>(stack_.back().decl.item).items.push_back(std::move(item));
      }
      break;
    }
    case Block::Invalid:
    case Block::Root: break;
    default:
      if (stack_.empty()) {
        out_.statements.push_back(std::move(frame.decl));
      } else {
        Statement& parent = stack_.back().decl;
        if (auto* g = std::get_if<GroupDecl>(&parent.item)) g->body.push_back(std::move(frame.decl));
        if (auto* l = std::get_if<LayerDecl>(&parent.item)) l->body.push_back(std::move(frame.decl));
      }
  }
}

void Parser::close(const PNode& n) {
  if (too_deep_ > 0) {
    --too_deep_;
    return;
  }
  if (stack_.empty()) {
    diags_.error(Code::UnmatchedBrace, span(n), "this `}` closes no block",
                 "remove it, or add the `{` it was meant to close");
    return;
  }
  Frame frame = std::move(stack_.back());
  stack_.pop_back();
  attach(std::move(frame));
}

void Parser::handle(const PNode& n) {
  const auto& c = n.children;
  if (n.is_type<g::close_brace>()) {
    close(n);
  } else if (n.is_type<g::block_property>()) {
    add_property(property_of(n), n);
  } else if (n.is_type<g::import_stmt>()) {
    const PNode& target = *c.at(0);
    Import imp;
    imp.is_std = target.is_type<g::std_module>();
    imp.target = imp.is_std ? target.string() : text_of(target).text;
    imp.target_span = span(target);
    imp.span = span(n);
    add(Statement{std::move(imp)}, "import", n);
  } else if (n.is_type<g::title_stmt>() || n.is_type<g::description_stmt>()) {
    Meta meta{n.is_type<g::title_stmt>() ? Meta::Which::Title : Meta::Which::Description,
              text_of(*c.at(0)), span(n)};
    add(Statement{std::move(meta)}, meta.which == Meta::Which::Title ? "title" : "description", n);
  } else if (n.is_type<g::role_stmt>()) {
    add(Statement{RoleDecl{name_of(*c.at(0)), opt_text(n, 1), opt_props(n, 1), span(n)}}, "role", n);
  } else if (n.is_type<g::kind_stmt>()) {
    KindDecl kind{name_of(*c.at(0)), {}, opt_text(n, 1), opt_props(n, 1), span(n)};
    for (const auto& child : c) {
      if (child->is_type<g::kind_roles>()) {
        for (const auto& role : child->children) kind.roles.push_back(name_of(*role));
      }
    }
    add(Statement{std::move(kind)}, "kind", n);
  } else if (n.is_type<g::forbid_stmt>() || n.is_type<g::require_stmt>()) {
    RuleClause clause;
    clause.which = n.is_type<g::forbid_stmt>() ? RuleClause::Which::Forbid : RuleClause::Which::Require;
    clause.from = pattern_of(*c.at(0));
    clause.to = pattern_of(*c.at(1));
    clause.span = span(n);
    if (!stack_.empty() && stack_.back().block == Block::Rule) {
      std::get<RuleDecl>(stack_.back().decl.item).clauses.push_back(std::move(clause));
    } else {
      misplaced(n.is_type<g::forbid_stmt>() ? "forbid" : "require", "in a `rule` block", n);
    }
  } else if (n.is_type<g::node_stmt>()) {
    add(Statement{NodeDecl{name_of(*c.at(0)), name_of(*c.at(1)), opt_text(n, 2), opt_props(n, 2),
                           span(n)}},
        "node", n);
  } else if (n.is_type<g::connect_stmt>()) {
    const PNode& pair = *c.at(0);
    add(Statement{ConnectDecl{name_of(*pair.children.at(0)), name_of(*pair.children.at(1)), opt_text(n, 1),
                              opt_props(n, 1), span(n), span(n.m_begin.data, pair.m_end.data)}},
        "connect", n);
  } else if (n.is_type<g::remove_stmt>()) {
    RemoveDecl r;
    r.span = span(n);
    const PNode& target = *c.at(0);
    if (target.is_type<g::remove_edge>()) {
      const PNode& pair = *target.children.at(0);
      r.is_edge = true;
      r.from = name_of(*pair.children.at(0));
      r.to = name_of(*pair.children.at(1));
    } else {
      r.node = name_of(target);
    }
    add(Statement{std::move(r)}, "remove", n);
  } else if (n.is_type<g::note_stmt>()) {
    add_scenario_item(ScenarioItem{Note{text_of(*c.at(0)), span(n)}}, "note", n);
  } else if (n.is_type<g::chain_stmt>()) {
    Chain chain;
    chain.span = span(n);
    for (const auto& child : c) {
      if (child->is_type<g::bare_name>() || child->is_type<g::quoted_text>()) {
        chain.nodes.push_back(name_of(*child));
      }
    }
    chain.caption = opt_text(n, 0);
    chain.props = opt_props(n, 0);
    add_scenario_item(ScenarioItem{std::move(chain)}, "a -> b", n);
  } else if (n.is_type<g::group_header>()) {
    open(Block::Group, Statement{GroupDecl{name_of(*c.at(0)), opt_text(n, 1), {}, {}, span(n)}}, n);
  } else if (n.is_type<g::layer_header>()) {
    LayerDecl layer;
    layer.id = name_of(*c.at(0));
    layer.title = opt_text(n, 1);
    layer.span = span(n);
    for (const auto& child : c) {
      if (child->is_type<g::extends_mark>()) layer.extends = true;
      if (child->is_type<g::layer_base>()) layer.base = name_of(*child);
    }
    open(Block::Layer, Statement{std::move(layer)}, n);
  } else if (n.is_type<g::scenario_header>()) {
    ScenarioDecl scenario;
    scenario.id = name_of(*c.at(0));
    scenario.title = opt_text(n, 1);
    scenario.span = span(n);
    for (const auto& child : c) {
      if (child->is_type<g::scenario_layer>()) scenario.layer = name_of(*child->children.at(0));
    }
    open(Block::Scenario, Statement{std::move(scenario)}, n);
  } else if (n.is_type<g::rule_header>()) {
    open(Block::Rule, Statement{RuleDecl{name_of(*c.at(0)), opt_text(n, 1), {}, {}, span(n)}}, n);
  } else if (n.is_type<g::par_header>()) {
    open(Block::Par, Statement{}, n);
  }
}

}  // namespace

File parse(const source::SourceMap& sources, source::FileId file, source::Diagnostics& diags) {
  return Parser(sources, file, diags).run();
}

}  // namespace archc::syntax
