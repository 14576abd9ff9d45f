#pragma once
// The syntax tree of one .arch file. Every node keeps the span it was parsed from, so that
// later stages (and a future formatter or language server) can point back into the text.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "source/source_map.hpp"

namespace archc::syntax {

using source::Span;

// A node, layer, scenario, kind, role or rule name, bare (`pg-primary`) or quoted
// (`'pg-primary'`); `text` is the name without quotes, so both spellings compare equal.
struct Name {
  std::string text;
  Span span;
};

// A string literal with its escapes resolved.
struct Text {
  std::string text;
  Span span;
};

struct Value {
  enum class Type { String, Number, Duration, Bool, Name, List };
  Type type = Type::String;
  std::string text;     // String: the content; Name: the name; Number/Duration: as written
  double number = 0;    // Number; Duration in milliseconds
  bool boolean = false;
  std::vector<Value> items;  // List; lists hold no lists
  Span span;
};

struct Property {
  Name key;
  Value value;
  Span span;
};

struct Import {
  bool is_std = false;
  std::string target;  // `std`, `std.streaming`, or the file path as written
  Span target_span;
  Span span;
};

struct Meta {  // `title "…"` or `description "…"`
  enum class Which { Title, Description };
  Which which = Which::Title;
  Text text;
  Span span;
};

struct RoleDecl {
  Name id;
  std::optional<Text> description;
  std::vector<Property> props;
  Span span;
};

struct KindDecl {
  Name id;
  std::vector<Name> roles;
  std::optional<Text> description;
  std::vector<Property> props;
  Span span;
};

// A side of a rule's `connect(…, …)`: a role or kind name, `*`, `!NAME`, or a set of names
// `[a, b]` (a node that matches any of them) and `![a, b]` (one that matches none).
struct Pattern {
  bool any = false;
  bool negated = false;
  bool set = false;         // written in brackets, even with one name
  std::vector<Name> names;  // one unless a set; `*` for any
  Span span;
  bool each = false;  // written `each P`: the side a `require` is about

  // As written, spacing aside: `*`, `!database`, `![client, person]`, `each function`
  // (without the mark if asked).
  std::string spelled(bool with_each = true) const {
    std::string body;
    if (any) {
      body = "*";
    } else {
      for (const Name& n : names) body += (body.empty() ? "" : ", ") + n.text;
      if (set) body = "[" + body + "]";
      if (negated) body = "!" + body;
    }
    return (each && with_each ? "each " : "") + body;
  }
  // Whether the two match the same nodes: the same names, in any order.
  bool same_nodes(const Pattern& other) const {
    if (any || other.any) return any == other.any;
    if (negated != other.negated || names.size() != other.names.size()) return false;
    for (const Name& n : names) {
      bool found = false;
      for (const Name& m : other.names) found = found || m.text == n.text;
      if (!found) return false;
    }
    return true;
  }
};

// One `connect(P, Q)` of a rule line.
struct RuleConnect {
  Pattern from;
  Pattern to;
  Span span;
  // Whether a `require` is about the listener (`connect(P, each Q)`), not the dialer.
  bool about_listener() const { return to.each && !from.each; }
  const Pattern& subject() const { return about_listener() ? to : from; }
};

// A `forbid` or `require` line: one connection, or several joined by `or`. A connection
// breaks a forbid line when it matches any of them; a node meets a require line when any of
// them holds for it.
struct RuleClause {
  enum class Which { Forbid, Require };
  Which which = Which::Forbid;
  std::vector<RuleConnect> any_of;  // never empty
  // `forbid … both ways`: a connection breaks the line only where its listener also dials its
  // dialer.
  bool both_ways = false;
  Span span;
};

struct RuleDecl {
  Name id;
  std::optional<Text> description;
  std::vector<RuleClause> clauses;
  std::vector<Property> props;
  Span span;
};

struct NodeDecl {
  Name kind;
  Name id;
  std::optional<Text> label;
  std::vector<Property> props;
  Span span;
};

struct ConnectDecl {
  Name from;
  Name to;
  std::optional<Text> label;
  std::vector<Property> props;
  Span span;
  Span head;  // `connect(from, to)`, without the label and props
  // One pair of `connect([a, b], c)`: the statement (span, head, label, props) holds the
  // others too, and a name of a list is shared by the pairs it is in.
  bool listed = false;
};

struct RemoveDecl {
  bool is_edge = false;
  Name node;  // is_edge == false
  Name from;  // is_edge == true
  Name to;
  Span span;
};

struct Statement;

struct GroupDecl {
  Name id;
  std::optional<Text> label;
  std::vector<Property> props;
  std::vector<Statement> body;
  Span span;  // the header, `group id "label" {`
};

struct LayerDecl {
  Name id;
  bool extends = false;      // `<>`
  std::optional<Name> base;  // `<> NAME`; with no name, the layer just above
  std::optional<Text> title;
  std::vector<Property> props;
  std::vector<Statement> body;
  Span span;
};

// One line of a scenario: a chain of steps `a -> b -> c "caption" {props}`, a note, or a
// `par` block of such lines.
struct ScenarioItem;

struct Chain {
  std::vector<Name> nodes;  // at least two
  std::optional<Text> caption;
  std::vector<Property> props;
  Span span;
};

struct Note {
  Text text;
  Span span;
};

struct Par {
  std::vector<ScenarioItem> branches;
  Span span;
};

struct ScenarioItem {
  std::variant<Chain, Note, Par> item;
};

struct ScenarioDecl {
  // Set when a statement inside failed to parse: the scenario may look emptier than written.
  bool damaged = false;
  Name id;
  std::optional<Text> title;
  std::optional<Name> layer;
  std::vector<Property> props;
  std::vector<ScenarioItem> items;
  Span span;
};

// `include a, b` or `exclude *`: a line of a view.
struct ViewLine {
  bool include = true;
  bool all = false;  // `*`
  std::vector<Name> names;
  Span span;
};

// `view ID "title" of LAYER { … }`: one picture of a layer's nodes, laid out on its own.
struct ViewDecl {
  Name id;
  std::optional<Text> title;
  std::optional<Name> layer;  // no `of`: the last layer
  std::vector<ViewLine> lines;
  std::vector<Property> props;
  Span span;
};

struct Statement {
  std::variant<Import, Meta, RoleDecl, KindDecl, RuleDecl, NodeDecl, ConnectDecl, RemoveDecl,
               GroupDecl, LayerDecl, ScenarioDecl, ViewDecl>
      item;
};

struct File {
  source::FileId file = source::kNoFile;
  std::vector<Statement> statements;
  // `key: value` lines at the top level (`direction: down`).
  std::vector<Property> props;
  // Node ids whose declarations were reported and dropped (a syntax error, a misplaced or
  // too-deep statement). Later stages treat them as known, so that one mistake is reported
  // once and not again at every connection that names the node.
  std::vector<std::string> dropped_nodes;
  // Every comment, `//` or `/* */`, in file order: a formatter keeps them.
  std::vector<Span> comments;
};

}  // namespace archc::syntax
