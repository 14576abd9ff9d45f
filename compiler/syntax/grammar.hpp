#pragma once
// The .arch grammar in PEGTL (documented for humans in grammar/arch.peg.md; keep them in step).
//
// The grammar describes one *item* at a time: a statement, a block header that ends in `{`,
// or a closing `}`. The parser (parse.cpp) calls it item by item and keeps the stack of open
// blocks itself. So nesting depth never becomes recursion depth, and after a syntax error
// the parser resumes at the next line inside the same block.

#include <tao/pegtl.hpp>

#include "syntax/keywords.hpp"

namespace archc::syntax::grammar {

using syntax::is_keyword;

namespace pegtl = tao::pegtl;
using pegtl::alnum;
using pegtl::at;
using pegtl::eof;
using pegtl::list;
using pegtl::not_at;
using pegtl::not_one;
using pegtl::one;
using pegtl::opt;
using pegtl::plus;
using pegtl::range;
using pegtl::ranges;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;
using pegtl::string;
using pegtl::must;

// --- Lexical ------------------------------------------------------------------------------

struct line_comment : seq<string<'/', '/'>, star<not_one<'\n'>>> {};
struct block_comment_end : string<'*', '/'> {};
struct block_comment : seq<string<'/', '*'>, pegtl::until<block_comment_end>> {};
struct unterminated_comment : seq<string<'/', '*'>, must<pegtl::failure>> {};
// Space inside a line; a block comment may span lines, as in C.
struct blank : sor<one<' ', '\t', '\r'>, block_comment, unterminated_comment> {};
struct ws : star<blank> {};
// Space where newlines do not end anything: inside `( )`, `[ ]` and property lists.
struct any_space : sor<one<' ', '\t', '\r', '\n'>, line_comment, block_comment, unterminated_comment> {};
struct nws : star<any_space> {};

struct ident_first : ranges<'a', 'z', 'A', 'Z', '_'> {};
struct ident_other : ranges<'a', 'z', 'A', 'Z', '0', '9', '_'> {};
// `pg-primary`: a hyphen must be followed by a letter or digit, so `a->b` is `a`, `->`, `b`.
struct identifier
    : seq<ident_first, star<ident_other>, star<seq<one<'-'>, alnum, star<ident_other>>>> {};

template <typename Word>
struct key : seq<Word, not_at<ident_other>, not_at<one<'-'>, alnum>> {};

struct kw_import : key<TAO_PEGTL_STRING("import")> {};
struct kw_title : key<TAO_PEGTL_STRING("title")> {};
struct kw_description : key<TAO_PEGTL_STRING("description")> {};
struct kw_kind : key<TAO_PEGTL_STRING("kind")> {};
struct kw_role : key<TAO_PEGTL_STRING("role")> {};
struct kw_rule : key<TAO_PEGTL_STRING("rule")> {};
struct kw_forbid : key<TAO_PEGTL_STRING("forbid")> {};
struct kw_require : key<TAO_PEGTL_STRING("require")> {};
struct kw_layer : key<TAO_PEGTL_STRING("layer")> {};
struct kw_remove : key<TAO_PEGTL_STRING("remove")> {};
struct kw_group : key<TAO_PEGTL_STRING("group")> {};
struct kw_connect : key<TAO_PEGTL_STRING("connect")> {};
struct kw_scenario : key<TAO_PEGTL_STRING("scenario")> {};
struct kw_in : key<TAO_PEGTL_STRING("in")> {};
struct kw_par : key<TAO_PEGTL_STRING("par")> {};
struct kw_note : key<TAO_PEGTL_STRING("note")> {};
struct kw_is : key<TAO_PEGTL_STRING("is")> {};
struct kw_std : key<TAO_PEGTL_STRING("std")> {};
// Words with a meaning in one place only, not reserved: `each` before a rule pattern, `or`
// between the connections of a rule line. A kind or a node may still be called so.
struct kw_each : key<TAO_PEGTL_STRING("each")> {};
struct kw_or : key<TAO_PEGTL_STRING("or")> {};
// `both ways` after a forbid line: only where the two nodes each dial the other.
struct kw_both : key<TAO_PEGTL_STRING("both")> {};
struct kw_ways : key<TAO_PEGTL_STRING("ways")> {};

// Any reserved word, as a whole identifier (`layers` and `in-memory` are names).
struct keyword {
  using rule_t = keyword;
  using subs_t = pegtl::type_list<>;
  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const char* begin = in.current();
    const char* end = in.end();
    auto is_other = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    };
    const char* p = begin;
    if (p == end || !(is_other(*p) && !(*p >= '0' && *p <= '9'))) return false;
    while (p != end && is_other(*p)) ++p;
    // Only a hyphen followed by a letter or digit continues an identifier.
    while (end - p >= 2 && *p == '-' && is_other(p[1]) && p[1] != '_') {
      p += 2;
      while (p != end && is_other(*p)) ++p;
    }
    if (!is_keyword(std::string_view(begin, static_cast<std::size_t>(p - begin)))) return false;
    in.bump(static_cast<std::size_t>(p - begin));
    return true;
  }
};

struct bare_name : seq<not_at<keyword>, identifier> {};
// A quoted name is still a name: no blanks or control characters (`data-layers` and ids
// separate names with spaces), only what a bare name cannot say (a keyword, a leading digit).
struct quoted_char : seq<not_at<range<0, 32>>, not_one<'\'', '\\', 127>> {};
struct quoted_text : plus<quoted_char> {};
struct quote_close : one<'\''> {};
struct quoted_name : seq<one<'\''>, must<quoted_text>, must<quote_close>> {};
struct name : sor<quoted_name, bare_name> {};

struct hex_digits : plus<pegtl::xdigit> {};
struct unicode_escape : seq<one<'u'>, must<one<'{'>>, must<hex_digits>, must<one<'}'>>> {};
struct escape_char : sor<one<'"', '\\', 'n', 't'>, unicode_escape> {};
struct escape : seq<one<'\\'>, must<escape_char>> {};
struct string_char : sor<escape, not_one<'"', '\\', '\n', '\r'>> {};
struct string_close : one<'"'> {};
struct string_lit : seq<one<'"'>, star<string_char>, must<string_close>> {};

struct digits : plus<range<'0', '9'>> {};
struct number_text : seq<digits, opt<one<'.'>, digits>> {};
struct duration_unit : sor<string<'m', 's'>, one<'s'>> {};
struct duration : seq<number_text, duration_unit, not_at<ident_other>> {};
struct number : seq<number_text, not_at<ident_first>> {};
struct kw_true : key<TAO_PEGTL_STRING("true")> {};
struct kw_false : key<TAO_PEGTL_STRING("false")> {};
struct boolean : sor<kw_true, kw_false> {};

// Keys may be keywords: `note: "…"` is a property.
struct prop_key : identifier {};
struct list_close : one<']'> {};
// `*` is a value too: `reads: [*]` means any role.
struct star_value : one<'*'> {};
struct digit_ahead : at<range<'0', '9'>> {};
struct scalar : sor<seq<at<one<'"'>>, string_lit>, seq<digit_ahead, sor<duration, number>>,
                    seq<at<boolean>, boolean>, name, star_value> {};
struct value_list : seq<one<'['>, nws, opt<list<scalar, seq<nws, one<','>, nws>>>, nws, opt<one<','>, nws>,
                        must<list_close>> {};
struct value : sor<value_list, scalar> {};
struct property : seq<prop_key, ws, one<':'>, ws, must<value>> {};
struct prop_sep : plus<sor<any_space, one<',', ';'>>> {};
struct props_close : one<'}'> {};
struct prop_list
    : seq<one<'{'>, nws, opt<list<property, prop_sep>>, opt<prop_sep>, must<props_close>> {};

// --- Statements ---------------------------------------------------------------------------

// An optional label or property list, attempted only where its first character is: the parse
// tree allocates a node for every attempt at a rule it keeps, and most lines have neither.
struct opt_label : opt<at<one<'"'>>, string_lit> {};
struct opt_props : opt<at<one<'{'>>, prop_list> {};

struct std_module : seq<kw_std, star<one<'.'>, must<identifier>>> {};
struct import_target : sor<std_module, string_lit> {};
struct import_stmt : seq<kw_import, ws, must<import_target>> {};
struct title_stmt : seq<kw_title, ws, must<string_lit>> {};
struct description_stmt : seq<kw_description, ws, must<string_lit>> {};

struct role_stmt : seq<kw_role, ws, must<name>, ws, opt_label, ws, opt_props> {};
struct role_list : list<name, seq<ws, one<','>, ws>> {};
struct kind_roles : seq<kw_is, ws, must<role_list>> {};
struct kind_stmt
    : seq<kw_kind, ws, must<name>, ws, opt<kind_roles>, ws, opt_label, ws, opt_props> {};

struct any_pattern : one<'*'> {};
struct negation : one<'!'> {};
// `each P` marks the side of a `require` that the rule is about. `each` alone (a kind called
// so) is a name: the mark needs a pattern after it.
struct each_mark : seq<kw_each, plus<blank>, at<sor<one<'*', '!', '\'', '['>, ident_first>>> {};
// `[client, person]`: a node that matches any of the names (`![…]`: none of them).
struct pattern_set : seq<one<'['>, nws, must<name>, star<nws, one<','>, nws, must<name>>, nws, must<list_close>> {};
struct pattern : seq<opt<each_mark>, sor<any_pattern, seq<opt<negation>, sor<pattern_set, must<name>>>>> {};
struct open_paren : one<'('> {};
struct close_paren : one<')'> {};
struct comma : one<','> {};
struct pattern_pair : seq<kw_connect, ws, must<open_paren>, nws, must<pattern>, nws, must<comma>, nws,
                          must<pattern>, nws, must<close_paren>> {};
// `require connect(…) or connect(…)`: alternatives, on one line.
struct or_pattern_pair : seq<ws, kw_or, ws, must<pattern_pair>> {};
struct both_ways : seq<ws, kw_both, plus<blank>, kw_ways> {};
struct forbid_stmt : seq<kw_forbid, ws, must<pattern_pair>, star<or_pattern_pair>, opt<both_ways>> {};
struct require_stmt : seq<kw_require, ws, must<pattern_pair>, star<or_pattern_pair>> {};

struct open_brace : one<'{'> {};
struct rule_header : seq<kw_rule, ws, must<name>, ws, opt_label, ws, must<open_brace>> {};
struct group_header : seq<kw_group, ws, must<name>, ws, opt_label, ws, must<open_brace>> {};
struct extends_mark : string<'<', '>'> {};
struct layer_base : name {};
struct layer_extends : seq<extends_mark, ws, opt<layer_base>> {};
struct layer_header : seq<kw_layer, ws, must<name>, ws, opt<layer_extends>, ws, opt_label, ws,
                          must<open_brace>> {};
struct scenario_layer : seq<kw_in, ws, must<name>> {};
struct scenario_header : seq<kw_scenario, ws, must<name>, ws, opt_label, ws,
                             opt<scenario_layer>, ws, must<open_brace>> {};
struct par_header : seq<kw_par, ws, must<open_brace>> {};
// `view ID "title" of LAYER { include …; exclude … }`: words with a meaning here only, not
// reserved. A line that starts `view NAME` opens a view (a kind called `view` is quoted), and
// `include`/`exclude` before a name or `*` is a view's line.
struct kw_view : key<TAO_PEGTL_STRING("view")> {};
struct kw_of : key<TAO_PEGTL_STRING("of")> {};
struct kw_include : key<TAO_PEGTL_STRING("include")> {};
struct kw_exclude : key<TAO_PEGTL_STRING("exclude")> {};
struct view_layer : seq<kw_of, ws, must<name>> {};
struct view_header : seq<kw_view, ws, must<name>, ws, opt_label, ws, opt<view_layer>, ws, must<open_brace>> {};
struct view_all : one<'*'> {};
// Names in a list or not, over lines, a trailing comma allowed (as a connection's lists).
struct view_name_list : seq<name, star<nws, one<','>, nws, name>, opt<nws, one<','>>> {};
struct view_names : sor<view_all, seq<one<'['>, nws, must<view_name_list>, nws, must<list_close>>, view_name_list> {};
struct view_include : seq<kw_include, ws, must<view_names>> {};
struct view_exclude : seq<kw_exclude, ws, must<view_names>> {};

// `[a, b]` on either side of a connection: one connection per pair. An empty list parses, so
// that the model says what is wrong with it at its place.
struct endpoint_list : seq<one<'['>, nws, opt<name, star<nws, one<','>, nws, name>>, nws, opt<one<','>, nws>,
                           must<list_close>> {};
struct endpoint : sor<endpoint_list, name> {};
// A connection written over several lines may end its last argument with a comma too.
struct node_pair : seq<must<open_paren>, nws, must<endpoint>, nws, must<comma>, nws, must<endpoint>, nws,
                       opt<one<','>, nws>, must<close_paren>> {};
struct connect_stmt : seq<kw_connect, ws, node_pair, ws, opt_label, ws, opt_props> {};
struct remove_edge : seq<kw_connect, ws, node_pair> {};
struct remove_target : sor<remove_edge, name> {};
struct remove_stmt : seq<kw_remove, ws, must<remove_target>> {};
struct note_stmt : seq<kw_note, ws, must<string_lit>> {};

struct arrow : string<'-', '>'> {};
struct chain_stmt : seq<name, plus<ws, arrow, ws, must<name>>, ws, opt_label, ws, opt_props> {};
struct node_id : name {};
struct node_stmt : seq<name, ws, must<node_id>, ws, opt_label, ws, opt_props> {};
struct block_property : property {};

struct close_brace : one<'}'> {};

// A statement ends at a newline, `;`, a comment, a closing `}`, or the end of the file.
struct statement_end : sor<one<'\n', ';'>, line_comment, at<one<'}'>>, eof> {};
template <typename Statement>
struct terminated : seq<Statement, ws, must<statement_end>> {};

// Block headers end with `{`: the rest of the line is the block's first item.
//
// Each form that starts with its keyword is attempted only after that keyword: most lines of
// a large file are nodes and chains, and the parse tree allocates a node for every attempt at
// a rule it keeps.
template <typename Keyword, typename Rule>
struct led_by : seq<at<Keyword>, Rule> {};
struct peek_name : sor<seq<one<'\''>, plus<quoted_char>, one<'\''>>, seq<not_at<keyword>, identifier>> {};
struct view_start : seq<kw_view, plus<blank>, peek_name> {};
// A header's keyword followed by `:` is a property (`layer: v1` in a view's block), which the
// block reports as it does any property it does not take.
template <typename Keyword, typename Rule>
struct header_by : seq<at<Keyword, not_at<ws, one<':'>>>, Rule> {};
struct header : sor<header_by<kw_rule, rule_header>, header_by<kw_group, group_header>,
                    header_by<kw_layer, layer_header>, header_by<kw_scenario, scenario_header>,
                    header_by<kw_par, par_header>, led_by<view_start, view_header>> {};
struct keyword_statement
    : seq<at<keyword>,
          sor<led_by<kw_import, terminated<import_stmt>>, led_by<kw_title, terminated<title_stmt>>,
              led_by<kw_description, terminated<description_stmt>>,
              led_by<kw_role, terminated<role_stmt>>, led_by<kw_kind, terminated<kind_stmt>>,
              led_by<kw_forbid, terminated<forbid_stmt>>,
              led_by<kw_require, terminated<require_stmt>>,
              led_by<kw_connect, terminated<connect_stmt>>,
              led_by<kw_remove, terminated<remove_stmt>>, led_by<kw_note, terminated<note_stmt>>>> {};
// A chain is tried only where an arrow follows the first name. (Looked at through rules that
// the parse tree does not keep: a kept rule inside `at<>` would still add its node.)
struct chain_start : seq<peek_name, ws, arrow> {};
// `include` before a name, `*`, `[`, or nothing at all (then the names are missing).
struct view_line_start : sor<seq<plus<blank>, sor<one<'*', '['>, peek_name>>,
                             seq<ws, sor<one<'\n', ';', '}'>, string<'/', '/'>, eof>>> {};
struct statement
    : sor<seq<at<identifier, ws, one<':'>>, terminated<block_property>>, keyword_statement,
          seq<at<chain_start>, terminated<chain_stmt>>, led_by<seq<kw_include, view_line_start>, terminated<view_include>>,
          led_by<seq<kw_exclude, view_line_start>, terminated<view_exclude>>, terminated<node_stmt>> {};
struct item : sor<seq<at<one<'}'>>, close_brace>, header, statement> {};

// Between items: white space, comments, empty statements.
struct gap : star<sor<any_space, one<';'>>> {};

}  // namespace archc::syntax::grammar
