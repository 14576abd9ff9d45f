#pragma once
// Inside the syntax stage: the parser of parse(), over PEGTL's parse tree. parse.cpp runs it
// item by item and recovers from errors; convert.cpp turns tree nodes into AST values;
// blocks.cpp places statements in the blocks that hold them. Nothing outside syntax/ (but
// its tests) includes this header.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tao/pegtl/contrib/parse_tree.hpp>
#include <type_traits>
#include <vector>

#include "source/diagnostics.hpp"
#include "syntax/ast.hpp"
#include "syntax/grammar.hpp"

namespace archc::syntax::detail {

namespace pegtl = tao::pegtl;
namespace g = grammar;
using source::Code;

// A parse-tree node. PEGTL allocates one for every attempt at a kept rule, and most attempts
// fail (a statement tries each form in turn), so nodes come from a per-thread free list
// instead of the general heap: parsing a large file spends most of its time there otherwise.
struct PNode : pegtl::parse_tree::basic_node<PNode> {
  static void* operator new(std::size_t size);
  static void operator delete(void* p) noexcept;
};

// Deeper blocks than this are reported and skipped; the parser itself never recurses on
// nesting, but later stages walk groups and `par` blocks recursively.
constexpr std::size_t kMaxNesting = 32;

// --- Errors -------------------------------------------------------------------------------

// What a failed rule expected: the kind of a syntax error, told apart by this value (never by
// its words), and the words of "expected …, found …".
enum class Expected : std::uint8_t {
  Syntax,
  Item,
  Name,
  NodeId,
  QuotedText,
  QuoteClose,
  EscapeOpen,
  HexDigits,
  EscapeClose,
  EscapeChar,
  StringClose,
  ListClose,
  Value,
  PropsClose,
  ModuleName,
  ImportTarget,
  String,
  RoleName,
  Pattern,
  OpenParen,
  CloseParen,
  Comma,
  PatternPair,
  OpenBrace,
  RemoveTarget,
  StatementEnd,
  Endpoint,
  CommentClose,  // the last: tests walk the kinds up to it
};
std::string_view expected_text(Expected e);

template <typename Rule>
inline constexpr Expected kExpected = Expected::Syntax;
template <> inline constexpr Expected kExpected<g::name> = Expected::Name;
template <> inline constexpr Expected kExpected<g::node_id> = Expected::NodeId;
template <> inline constexpr Expected kExpected<g::quoted_text> = Expected::QuotedText;
template <> inline constexpr Expected kExpected<g::quote_close> = Expected::QuoteClose;
template <> inline constexpr Expected kExpected<pegtl::one<'{'>> = Expected::EscapeOpen;
template <> inline constexpr Expected kExpected<g::hex_digits> = Expected::HexDigits;
template <> inline constexpr Expected kExpected<pegtl::one<'}'>> = Expected::EscapeClose;
template <> inline constexpr Expected kExpected<g::escape_char> = Expected::EscapeChar;
template <> inline constexpr Expected kExpected<g::string_close> = Expected::StringClose;
template <> inline constexpr Expected kExpected<g::list_close> = Expected::ListClose;
template <> inline constexpr Expected kExpected<g::value> = Expected::Value;
template <> inline constexpr Expected kExpected<g::props_close> = Expected::PropsClose;
template <> inline constexpr Expected kExpected<g::identifier> = Expected::ModuleName;
template <> inline constexpr Expected kExpected<g::import_target> = Expected::ImportTarget;
template <> inline constexpr Expected kExpected<g::string_lit> = Expected::String;
template <> inline constexpr Expected kExpected<g::role_list> = Expected::RoleName;
template <> inline constexpr Expected kExpected<g::pattern> = Expected::Pattern;
template <> inline constexpr Expected kExpected<g::open_paren> = Expected::OpenParen;
template <> inline constexpr Expected kExpected<g::close_paren> = Expected::CloseParen;
template <> inline constexpr Expected kExpected<g::comma> = Expected::Comma;
template <> inline constexpr Expected kExpected<g::pattern_pair> = Expected::PatternPair;
template <> inline constexpr Expected kExpected<g::open_brace> = Expected::OpenBrace;
template <> inline constexpr Expected kExpected<g::remove_target> = Expected::RemoveTarget;
template <> inline constexpr Expected kExpected<g::statement_end> = Expected::StatementEnd;
template <> inline constexpr Expected kExpected<g::endpoint> = Expected::Endpoint;
template <> inline constexpr Expected kExpected<g::view_names> = Expected::Name;
template <> inline constexpr Expected kExpected<g::view_name_list> = Expected::Name;
template <> inline constexpr Expected kExpected<pegtl::failure> = Expected::CommentClose;

struct SyntaxFailure {
  const char* at;
  Expected expected;
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
        g::negation, g::each_mark, g::pattern_set, g::pattern, g::pattern_pair, g::both_ways, g::forbid_stmt, g::require_stmt, g::rule_header, g::group_header,
        g::layer_header, g::extends_mark, g::scenario_layer, g::scenario_header, g::par_header,
        g::view_header, g::view_layer, g::view_include, g::view_exclude, g::view_all,
        g::connect_stmt, g::node_pair, g::endpoint_list, g::remove_stmt, g::remove_edge, g::note_stmt, g::chain_stmt, g::node_stmt,
        g::close_brace, g::prop_key>>;

// --- Blocks -------------------------------------------------------------------------------

enum class Block { Root, Group, Layer, Scenario, Par, Rule, View, Invalid };

inline std::string_view block_word(Block b) {
  switch (b) {
    case Block::Root: return "at the top level";
    case Block::Group: return "inside a `group`";
    case Block::Layer: return "inside a `layer`";
    case Block::Scenario: return "inside a `scenario`";
    case Block::Par: return "inside a `par`";
    case Block::Rule: return "inside a `rule`";
    case Block::View: return "inside a `view`";
    case Block::Invalid: return "here";
  }
  return "here";
}

struct Frame {
  Block block;
  Statement decl;  // GroupDecl, LayerDecl, ScenarioDecl, RuleDecl or ViewDecl under construction
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

  // `statement`: where the statement that failed starts, for help that depends on it.
  void report_failure(const char* at, Expected expected, const char* statement = nullptr);
  const char* skip_statement(const char* p, const char* error, Expected expected) const;
  // Where a statement whose `(` or `[` is still open at `error` ends: past the bracket that
  // closes them, on to the end of its line; nullptr when a brace or a blank line comes first.
  const char* close_of_brackets(const char* p, const char* error) const;
  void salvage_node_id(const char* statement, const char* error);

  // conversion from the parse tree
  Name name_of(const PNode& n) const;
  // The names of one side of a connection: a name, or a list's (an empty one is reported).
  std::vector<Name> endpoint_names(const PNode& n);
  Text text_of(const PNode& n);
  Value value_of(const PNode& n);
  Property property_of(const PNode& n);
  std::vector<Property> props_of(const PNode& n);
  Pattern pattern_of(const PNode& n);
  std::optional<Text> opt_text(const PNode& n, std::size_t index);
  std::vector<Property> opt_props(const PNode& n, std::size_t index);

  void handle(const PNode& n);
  bool declaration(const PNode& n);
  bool rule_clause(const PNode& n);
  bool scenario_item(const PNode& n);
  bool view_line(const PNode& n);
  bool header(const PNode& n);
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

}  // namespace archc::syntax::detail
