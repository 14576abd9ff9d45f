#include "syntax/parse.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>

namespace archc::syntax {
namespace {

using source::Code;

// Parses `text` as one file; keeps the sources alive for span checks.
struct Parsed {
  explicit Parsed(std::string text) {
    id = sources.add("t.arch", std::move(text));
    file = parse(sources, id, diags);
  }
  const std::string& text() const { return sources.file(id).text(); }
  std::uint32_t offset_of(std::string_view needle, std::size_t from = 0) const {
    std::size_t at = text().find(needle, from);
    EXPECT_NE(at, std::string::npos) << needle;
    return static_cast<std::uint32_t>(at);
  }
  std::string spelled(Span s) const { return text().substr(s.begin, s.end - s.begin); }
  std::size_t count(Code code) const {
    std::size_t n = 0;
    for (const auto& d : diags.all()) n += d.code == code;
    return n;
  }
  std::string dump() const {
    std::string out;
    for (const auto& d : diags.all()) {
      out += std::string(source::code_name(d.code)) + "@" + std::to_string(d.span.begin) + ": " + d.message + "\n";
    }
    return out;
  }

  source::SourceMap sources;
  source::Diagnostics diags;
  source::FileId id = 0;
  File file;
};

template <typename T>
const T& stmt(const std::vector<Statement>& statements, std::size_t i) {
  EXPECT_LT(i, statements.size());
  const T* p = std::get_if<T>(&statements.at(i).item);
  EXPECT_NE(p, nullptr) << "statement " << i << " has another type";
  return *p;
}

// --- Statements -----------------------------------------------------------------------------

TEST(Parse, ImportForms) {
  Parsed p("import std\nimport std.streaming\nimport \"teams/pay.arch\"\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  ASSERT_EQ(p.file.statements.size(), 3u);
  const auto& all = stmt<Import>(p.file.statements, 0);
  EXPECT_TRUE(all.is_std);
  EXPECT_EQ(all.target, "std");
  const auto& one = stmt<Import>(p.file.statements, 1);
  EXPECT_TRUE(one.is_std);
  EXPECT_EQ(one.target, "std.streaming");
  EXPECT_EQ(p.spelled(one.target_span), "std.streaming");
  const auto& file = stmt<Import>(p.file.statements, 2);
  EXPECT_FALSE(file.is_std);
  EXPECT_EQ(file.target, "teams/pay.arch");
}

TEST(Parse, TitleAndDescription) {
  Parsed p("title \"Cloud\"\ndescription \"All of it\"\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  ASSERT_EQ(p.file.statements.size(), 2u);
  EXPECT_EQ(stmt<Meta>(p.file.statements, 0).which, Meta::Which::Title);
  EXPECT_EQ(stmt<Meta>(p.file.statements, 0).text.text, "Cloud");
  EXPECT_EQ(stmt<Meta>(p.file.statements, 1).which, Meta::Which::Description);
  EXPECT_EQ(stmt<Meta>(p.file.statements, 1).text.text, "All of it");
}

TEST(Parse, NodeWithLabelAndProps) {
  Parsed p("postgres pg-primary \"Postgres (primary)\" { note: \"orders DB\" }\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  const auto& n = stmt<NodeDecl>(p.file.statements, 0);
  EXPECT_EQ(n.kind.text, "postgres");
  EXPECT_EQ(n.id.text, "pg-primary");
  EXPECT_EQ(p.spelled(n.id.span), "pg-primary");
  ASSERT_TRUE(n.label.has_value());
  EXPECT_EQ(n.label->text, "Postgres (primary)");
  ASSERT_EQ(n.props.size(), 1u);
  EXPECT_EQ(n.props[0].key.text, "note");
  EXPECT_EQ(n.props[0].value.type, Value::Type::String);
  EXPECT_EQ(n.props[0].value.text, "orders DB");
}

TEST(Parse, NodeWithoutLabel) {
  Parsed p("debezium debezium\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  const auto& n = stmt<NodeDecl>(p.file.statements, 0);
  EXPECT_EQ(n.kind.text, "debezium");
  EXPECT_EQ(n.id.text, "debezium");
  EXPECT_FALSE(n.label.has_value());
  EXPECT_TRUE(n.props.empty());
}

TEST(Parse, StatementSpansEndAtTheirLastToken) {
  Parsed p("service a   \nservice b \"B\"\t\r\nconnect(a, b)   // why\nconnect(b, a) \"x\"  \r\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  ASSERT_EQ(p.file.statements.size(), 4u);
  EXPECT_EQ(p.spelled(stmt<NodeDecl>(p.file.statements, 0).span), "service a");
  EXPECT_EQ(p.spelled(stmt<NodeDecl>(p.file.statements, 1).span), "service b \"B\"");
  EXPECT_EQ(p.spelled(stmt<ConnectDecl>(p.file.statements, 2).span), "connect(a, b)");
  EXPECT_EQ(p.spelled(stmt<ConnectDecl>(p.file.statements, 3).span), "connect(b, a) \"x\"");
}

TEST(Parse, BareAndQuotedNamesHaveTheSameText) {
  Parsed p("postgres 'pg-primary'\nconnect('debezium', pg-primary) \"slot\" { protocol: \"pgoutput\" }\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  const auto& n = stmt<NodeDecl>(p.file.statements, 0);
  EXPECT_EQ(n.id.text, "pg-primary");
  // The span covers the quotes, where the user wrote the name.
  EXPECT_EQ(p.spelled(n.id.span), "'pg-primary'");
  const auto& c = stmt<ConnectDecl>(p.file.statements, 1);
  EXPECT_EQ(c.from.text, "debezium");
  EXPECT_EQ(p.spelled(c.from.span), "'debezium'");
  EXPECT_EQ(c.to.text, "pg-primary");
  EXPECT_EQ(c.to.text, n.id.text);
  ASSERT_TRUE(c.label.has_value());
  EXPECT_EQ(c.label->text, "slot");
  ASSERT_EQ(c.props.size(), 1u);
  EXPECT_EQ(c.props[0].key.text, "protocol");
}

TEST(Parse, QuotedNameMayHoldAnyCharacterButQuotesBlanksAndControls) {
  Parsed p("service 'a<c>\"d\"&e'\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 0).id.text, "a<c>\"d\"&e");
}

TEST(Parse, QuotedNameWithABlankIsAnError) {
  // Layer lists in the SVG are space-separated: a blank inside a name would split it.
  Parsed p("layer 'a b' { service x }\nservice 'tab\there'\n");
  EXPECT_EQ(p.count(Code::SyntaxError), 2u) << p.dump();
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of(" b'"));
}

TEST(Parse, StringEscapes) {
  Parsed p(R"(title "q\" b\\ n\n t\t rocket\u{1F680} e\u{E9}")" "\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  EXPECT_EQ(stmt<Meta>(p.file.statements, 0).text.text,
            "q\" b\\ n\n t\t rocket\xF0\x9F\x9A\x80 e\xC3\xA9");
}

TEST(Parse, UnicodeEscapeOutOfRangeIsInvalidEscape) {
  Parsed p(R"(title "a\u{D800}b\u{110000}c")" "\n");
  ASSERT_EQ(p.count(Code::InvalidEscape), 2u) << p.dump();
  EXPECT_EQ(p.spelled(p.diags.all()[0].span), "\\u{D800}");
  EXPECT_EQ(p.spelled(p.diags.all()[1].span), "\\u{110000}");
  // The statement is kept, without the bad characters.
  EXPECT_EQ(stmt<Meta>(p.file.statements, 0).text.text, "abc");
}

TEST(Parse, UnknownEscapeIsASyntaxError) {
  Parsed p(R"(title "a\qb")" "\n");
  ASSERT_EQ(p.count(Code::SyntaxError), 1u) << p.dump();
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of("q"));
}

TEST(Parse, ValuesOfEveryType) {
  Parsed p(
      "connect(a, b) { n: 42, f: 0.5, d1: 300ms, d2: 1.5s, d3: 2s, yes: true, no: false, "
      "w: forward, q: 'x.y', l: [a, 'b.c', \"s\", 3], star: [*] }\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  const auto& props = stmt<ConnectDecl>(p.file.statements, 0).props;
  ASSERT_EQ(props.size(), 11u);
  auto value = [&](std::string_view key) -> const Value& {
    for (const Property& prop : props) {
      if (prop.key.text == key) return prop.value;
    }
    ADD_FAILURE() << "no property " << key;
    return props[0].value;
  };
  EXPECT_EQ(value("n").type, Value::Type::Number);
  EXPECT_EQ(value("n").number, 42);
  EXPECT_EQ(value("n").text, "42");
  EXPECT_EQ(value("f").type, Value::Type::Number);
  EXPECT_EQ(value("f").number, 0.5);
  EXPECT_EQ(value("d1").type, Value::Type::Duration);
  EXPECT_EQ(value("d1").number, 300);
  EXPECT_EQ(value("d1").text, "300ms");
  EXPECT_EQ(value("d2").type, Value::Type::Duration);
  EXPECT_EQ(value("d2").number, 1500);
  EXPECT_EQ(value("d3").number, 2000);
  EXPECT_EQ(value("yes").type, Value::Type::Bool);
  EXPECT_TRUE(value("yes").boolean);
  EXPECT_EQ(value("no").type, Value::Type::Bool);
  EXPECT_FALSE(value("no").boolean);
  EXPECT_EQ(value("w").type, Value::Type::Name);
  EXPECT_EQ(value("w").text, "forward");
  EXPECT_EQ(value("q").type, Value::Type::Name);
  EXPECT_EQ(value("q").text, "x.y");
  const Value& l = value("l");
  EXPECT_EQ(l.type, Value::Type::List);
  ASSERT_EQ(l.items.size(), 4u);
  EXPECT_EQ(l.items[0].type, Value::Type::Name);
  EXPECT_EQ(l.items[0].text, "a");
  EXPECT_EQ(l.items[1].type, Value::Type::Name);
  EXPECT_EQ(l.items[1].text, "b.c");
  EXPECT_EQ(l.items[2].type, Value::Type::String);
  EXPECT_EQ(l.items[2].text, "s");
  EXPECT_EQ(l.items[3].type, Value::Type::Number);
  EXPECT_EQ(l.items[3].number, 3);
  ASSERT_EQ(value("star").items.size(), 1u);
  EXPECT_EQ(value("star").items[0].text, "*");
}

TEST(Parse, PropertyListsAcrossLinesWithEverySeparator) {
  Parsed p(
      "postgres db {\n"
      "  a: 1,\n"
      "  b: 2;\n"
      "  c: 3\n"
      "\n"
      "  // a comment\n"
      "  d: [x,\n"
      "      y,\n"
      "  ], e: 5,\n"
      "}\n"
      "service after\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  ASSERT_EQ(p.file.statements.size(), 2u);
  const auto& props = stmt<NodeDecl>(p.file.statements, 0).props;
  ASSERT_EQ(props.size(), 5u);
  EXPECT_EQ(props[0].key.text, "a");
  EXPECT_EQ(props[1].key.text, "b");
  EXPECT_EQ(props[2].key.text, "c");
  EXPECT_EQ(props[3].key.text, "d");
  EXPECT_EQ(props[3].value.items.size(), 2u);
  EXPECT_EQ(props[4].key.text, "e");
  EXPECT_EQ(props[4].value.number, 5);
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 1).id.text, "after");
}

TEST(Parse, SemicolonsAndCommentsEndStatements) {
  Parsed p("service a; service b // trailing\n/* block\n comment */ service c\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  ASSERT_EQ(p.file.statements.size(), 3u);
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 0).id.text, "a");
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 1).id.text, "b");
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 2).id.text, "c");
}

TEST(Parse, CrlfLineEndings) {
  Parsed p("service a\r\nservice b { x: 1,\r\n y: 2 }\r\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  ASSERT_EQ(p.file.statements.size(), 2u);
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 1).props.size(), 2u);
}

TEST(Parse, RolesAndKinds) {
  Parsed p(
      "role consumer \"reads\" { reads: [broker] }\n"
      "kind flink is stream-processor, consumer \"Flink\" { icon: flink }\n"
      "kind plain\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  const auto& role = stmt<RoleDecl>(p.file.statements, 0);
  EXPECT_EQ(role.id.text, "consumer");
  ASSERT_TRUE(role.description.has_value());
  EXPECT_EQ(role.description->text, "reads");
  ASSERT_EQ(role.props.size(), 1u);
  EXPECT_EQ(role.props[0].key.text, "reads");
  const auto& kind = stmt<KindDecl>(p.file.statements, 1);
  EXPECT_EQ(kind.id.text, "flink");
  ASSERT_EQ(kind.roles.size(), 2u);
  EXPECT_EQ(kind.roles[0].text, "stream-processor");
  EXPECT_EQ(kind.roles[1].text, "consumer");
  EXPECT_EQ(kind.description->text, "Flink");
  EXPECT_EQ(kind.props.size(), 1u);
  const auto& plain = stmt<KindDecl>(p.file.statements, 2);
  EXPECT_TRUE(plain.roles.empty());
  EXPECT_FALSE(plain.description.has_value());
}

TEST(Parse, Layers) {
  Parsed p(
      "layer v1 \"MVP\" {\n  postgres db\n}\n"
      "layer v2 <> \"Streaming\" {\n  kafka kafka\n  connect(db, kafka)\n}\n"
      "layer v4 <> v2 \"Alt\" {\n  remove kafka\n  remove connect('db', 'kafka')\n}\n"
      "layer 'v5' <> 'v1' {\n}\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  ASSERT_EQ(p.file.statements.size(), 4u);
  const auto& v1 = stmt<LayerDecl>(p.file.statements, 0);
  EXPECT_EQ(v1.id.text, "v1");
  EXPECT_FALSE(v1.extends);
  EXPECT_FALSE(v1.base.has_value());
  EXPECT_EQ(v1.title->text, "MVP");
  ASSERT_EQ(v1.body.size(), 1u);
  EXPECT_EQ(stmt<NodeDecl>(v1.body, 0).id.text, "db");

  const auto& v2 = stmt<LayerDecl>(p.file.statements, 1);
  EXPECT_TRUE(v2.extends);
  EXPECT_FALSE(v2.base.has_value());
  EXPECT_EQ(v2.title->text, "Streaming");
  ASSERT_EQ(v2.body.size(), 2u);
  EXPECT_EQ(stmt<ConnectDecl>(v2.body, 1).to.text, "kafka");

  const auto& v4 = stmt<LayerDecl>(p.file.statements, 2);
  EXPECT_TRUE(v4.extends);
  ASSERT_TRUE(v4.base.has_value());
  EXPECT_EQ(v4.base->text, "v2");
  EXPECT_EQ(v4.title->text, "Alt");
  ASSERT_EQ(v4.body.size(), 2u);
  const auto& remove_node = stmt<RemoveDecl>(v4.body, 0);
  EXPECT_FALSE(remove_node.is_edge);
  EXPECT_EQ(remove_node.node.text, "kafka");
  const auto& remove_edge = stmt<RemoveDecl>(v4.body, 1);
  EXPECT_TRUE(remove_edge.is_edge);
  EXPECT_EQ(remove_edge.from.text, "db");
  EXPECT_EQ(remove_edge.to.text, "kafka");

  const auto& v5 = stmt<LayerDecl>(p.file.statements, 3);
  EXPECT_EQ(v5.id.text, "v5");
  ASSERT_TRUE(v5.base.has_value());
  EXPECT_EQ(v5.base->text, "v1");
  EXPECT_FALSE(v5.title.has_value());
}

TEST(Parse, RemoveOutsideALayerIsMisplaced) {
  Parsed p("remove db\n");
  EXPECT_EQ(p.count(Code::MisplacedStatement), 1u) << p.dump();
  EXPECT_TRUE(p.file.statements.empty());
}

TEST(Parse, ScenarioWithChainParAndNote) {
  Parsed p(
      "scenario order-event \"Order\" in v2 {\n"
      "  pg -> debezium \"read\"\n"
      "  debezium -> kafka -> 'flink' \"topic\" { duration: 800ms, style: alert }\n"
      "  par {\n"
      "    kafka -> flink\n"
      "    kafka -> notifications \"confirm\"\n"
      "  }\n"
      "  note \"done\"\n"
      "}\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  const auto& s = stmt<ScenarioDecl>(p.file.statements, 0);
  EXPECT_EQ(s.id.text, "order-event");
  EXPECT_EQ(s.title->text, "Order");
  ASSERT_TRUE(s.layer.has_value());
  EXPECT_EQ(s.layer->text, "v2");
  ASSERT_EQ(s.items.size(), 4u);

  const auto* first = std::get_if<Chain>(&s.items[0].item);
  ASSERT_NE(first, nullptr);
  ASSERT_EQ(first->nodes.size(), 2u);
  EXPECT_EQ(first->nodes[0].text, "pg");
  EXPECT_EQ(first->nodes[1].text, "debezium");
  EXPECT_EQ(first->caption->text, "read");

  const auto* second = std::get_if<Chain>(&s.items[1].item);
  ASSERT_NE(second, nullptr);
  ASSERT_EQ(second->nodes.size(), 3u);
  EXPECT_EQ(second->nodes[2].text, "flink");
  EXPECT_EQ(second->caption->text, "topic");
  ASSERT_EQ(second->props.size(), 2u);
  EXPECT_EQ(second->props[0].value.type, Value::Type::Duration);
  EXPECT_EQ(second->props[0].value.number, 800);

  const auto* par = std::get_if<Par>(&s.items[2].item);
  ASSERT_NE(par, nullptr);
  ASSERT_EQ(par->branches.size(), 2u);
  const auto* branch = std::get_if<Chain>(&par->branches[1].item);
  ASSERT_NE(branch, nullptr);
  EXPECT_EQ(branch->nodes[1].text, "notifications");
  EXPECT_EQ(branch->caption->text, "confirm");

  const auto* note = std::get_if<Note>(&s.items[3].item);
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->text.text, "done");
}

TEST(Parse, ScenarioWithoutLayer) {
  Parsed p("scenario s {\n  a -> b\n}\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  const auto& s = stmt<ScenarioDecl>(p.file.statements, 0);
  EXPECT_FALSE(s.layer.has_value());
  EXPECT_FALSE(s.title.has_value());
  EXPECT_EQ(s.items.size(), 1u);
}

TEST(Parse, ArrowWithoutSpacesSplitsNames) {
  Parsed p("scenario s {\n  a->b->c-d\n}\nservice a-b\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  const auto& s = stmt<ScenarioDecl>(p.file.statements, 0);
  const auto& chain = std::get<Chain>(s.items.at(0).item);
  ASSERT_EQ(chain.nodes.size(), 3u);
  EXPECT_EQ(chain.nodes[0].text, "a");
  EXPECT_EQ(chain.nodes[1].text, "b");
  EXPECT_EQ(chain.nodes[2].text, "c-d");
  // A hyphen followed by a letter stays inside the name.
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 1).id.text, "a-b");
}

TEST(Parse, RulesWithPatterns) {
  Parsed p(
      "rule no-push \"desc\" {\n"
      "  forbid connect(broker, *)\n"
      "  forbid connect(!database, 'kafka')\n"
      "  require connect(*, !x)\n"
      "  severity: warning\n"
      "  fix: reverse\n"
      "}\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  const auto& r = stmt<RuleDecl>(p.file.statements, 0);
  EXPECT_EQ(r.id.text, "no-push");
  EXPECT_EQ(r.description->text, "desc");
  ASSERT_EQ(r.clauses.size(), 3u);
  EXPECT_EQ(r.clauses[0].which, RuleClause::Which::Forbid);
  EXPECT_FALSE(r.clauses[0].from.any);
  EXPECT_FALSE(r.clauses[0].from.negated);
  EXPECT_EQ(r.clauses[0].from.name.text, "broker");
  EXPECT_TRUE(r.clauses[0].to.any);
  EXPECT_EQ(r.clauses[0].to.name.text, "*");
  EXPECT_TRUE(r.clauses[1].from.negated);
  EXPECT_EQ(r.clauses[1].from.name.text, "database");
  EXPECT_FALSE(r.clauses[1].to.negated);
  EXPECT_EQ(r.clauses[1].to.name.text, "kafka");
  EXPECT_EQ(r.clauses[2].which, RuleClause::Which::Require);
  EXPECT_TRUE(r.clauses[2].from.any);
  EXPECT_TRUE(r.clauses[2].to.negated);
  EXPECT_EQ(r.clauses[2].to.name.text, "x");
  ASSERT_EQ(r.props.size(), 2u);
  EXPECT_EQ(r.props[0].key.text, "severity");
  EXPECT_EQ(r.props[1].value.text, "reverse");
}

TEST(Parse, ForbidOutsideARuleIsMisplaced) {
  Parsed p("forbid connect(a, b)\n");
  EXPECT_EQ(p.count(Code::MisplacedStatement), 1u) << p.dump();
}

TEST(Parse, NestedGroups) {
  Parsed p(
      "group outer \"Outer\" {\n"
      "  color: blue\n"
      "  group inner {\n"
      "    postgres db\n"
      "  }\n"
      "  service api\n"
      "}\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  ASSERT_EQ(p.file.statements.size(), 1u);
  const auto& outer = stmt<GroupDecl>(p.file.statements, 0);
  EXPECT_EQ(outer.id.text, "outer");
  EXPECT_EQ(outer.label->text, "Outer");
  ASSERT_EQ(outer.props.size(), 1u);
  EXPECT_EQ(outer.props[0].key.text, "color");
  ASSERT_EQ(outer.body.size(), 2u);
  const auto& inner = stmt<GroupDecl>(outer.body, 0);
  EXPECT_EQ(inner.id.text, "inner");
  EXPECT_FALSE(inner.label.has_value());
  ASSERT_EQ(inner.body.size(), 1u);
  EXPECT_EQ(stmt<NodeDecl>(inner.body, 0).id.text, "db");
  EXPECT_EQ(stmt<NodeDecl>(outer.body, 1).id.text, "api");
}

TEST(Parse, KeywordsAreNotBareNames) {
  for (std::string_view kw : {"import", "title", "description", "kind", "role", "rule", "forbid",
                              "require", "layer", "remove", "group", "connect", "scenario", "in",
                              "par", "note"}) {
    EXPECT_TRUE(is_keyword(kw)) << kw;
    Parsed bare("service " + std::string(kw) + "\n");
    EXPECT_TRUE(bare.diags.has_errors()) << kw;
    Parsed quoted("service '" + std::string(kw) + "'\n");
    EXPECT_FALSE(quoted.diags.has_errors()) << kw << "\n" << quoted.dump();
    ASSERT_EQ(quoted.file.statements.size(), 1u) << kw;
    EXPECT_EQ(stmt<NodeDecl>(quoted.file.statements, 0).id.text, kw);
  }
  EXPECT_FALSE(is_keyword("service"));
  EXPECT_FALSE(is_keyword("layers"));
}

TEST(Parse, KeywordReportedWithTheNodeIdMessage) {
  Parsed p("service layer\n");
  ASSERT_EQ(p.diags.all().size(), 1u) << p.dump();
  EXPECT_EQ(p.diags.all()[0].code, Code::SyntaxError);
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of("layer"));
  EXPECT_EQ(p.spelled(p.diags.all()[0].span), "layer");
  EXPECT_NE(p.diags.all()[0].message.find("found `layer`"), std::string::npos) << p.dump();
}

TEST(Parse, NamesThatStartWithAKeywordAreNames) {
  Parsed p("service layers\nservice in-memory\nservice notes\nservice connector\nconnect(in-memory, notes)\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  ASSERT_EQ(p.file.statements.size(), 5u);
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 1).id.text, "in-memory");
  EXPECT_EQ(stmt<ConnectDecl>(p.file.statements, 4).from.text, "in-memory");
}

TEST(Parse, PropertyKeysMayBeKeywords) {
  Parsed p("service a { note: \"x\", in: 1, layer: 2 }\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 0).props.size(), 3u);
}

TEST(Parse, MoreAcceptedLayouts) {
  for (std::string text : {
           "group g { service a }\n",
           "layer v1 { service a; service b }\n",
           "group g {\n  service a { x: 1 } }\n",
           "service /* inline */ a \"A\" /* more */ { x: 1 }\n",
           "service a\nservice b\nconnect ( a , b )\n",
           "service a\nservice b\nconnect(\n  a,\n  b\n) \"multi-line\"\n",
           "layer v1 {\n  service connector\n}\nlayer v2 <> {\n  remove connector\n}\n",
           "scenario s {\n  par { a -> b }\n}\n",
       }) {
    Parsed p(text);
    EXPECT_FALSE(p.diags.has_errors()) << text << "\n" << p.dump();
    EXPECT_FALSE(p.file.statements.empty()) << text;
  }
}

TEST(Parse, RemoveConnectorIsANodeNotAnEdge) {
  Parsed p("layer v2 {\n  remove connector\n}\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  const auto& r = stmt<RemoveDecl>(stmt<LayerDecl>(p.file.statements, 0).body, 0);
  EXPECT_FALSE(r.is_edge);
  EXPECT_EQ(r.node.text, "connector");
}

// --- Errors and recovery --------------------------------------------------------------------

TEST(Parse, SeveralErrorsInOneFileWithRecovery) {
  Parsed p(
      "postgres db\n"
      "connect(a b)\n"
      "service api\n"
      "kind\n"
      "service web\n"
      "= junk\n"
      "title oops\n"
      "service z\n");
  ASSERT_EQ(p.diags.all().size(), 4u) << p.dump();
  for (const auto& d : p.diags.all()) EXPECT_EQ(d.code, Code::SyntaxError);
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of("b)"));
  EXPECT_EQ(p.diags.all()[1].span.begin, p.offset_of("\n", p.offset_of("kind")));
  EXPECT_EQ(p.diags.all()[2].span.begin, p.offset_of("= junk"));
  EXPECT_EQ(p.diags.all()[3].span.begin, p.offset_of("oops"));
  // Everything that parsed is kept.
  ASSERT_EQ(p.file.statements.size(), 4u);
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 0).id.text, "db");
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 1).id.text, "api");
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 2).id.text, "web");
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 3).id.text, "z");
}

TEST(Parse, ErrorInsideABlockResumesInTheSameBlock) {
  Parsed p(
      "group g {\n"
      "  service a\n"
      "  service b \"x\" junk\n"
      "  service c\n"
      "}\n"
      "service d\n");
  ASSERT_EQ(p.diags.all().size(), 1u) << p.dump();
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of("junk"));
  ASSERT_EQ(p.file.statements.size(), 2u);
  const auto& g = stmt<GroupDecl>(p.file.statements, 0);
  ASSERT_EQ(g.body.size(), 2u);
  EXPECT_EQ(stmt<NodeDecl>(g.body, 1).id.text, "c");
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 1).id.text, "d");
}

TEST(Parse, BadHeaderSkipsItsWholeBlock) {
  Parsed p("group g \"G\" junk {\n  service a\n}\nservice b\n");
  // One error for the header; its body is not read as top-level statements, and its `}`
  // is not reported as unmatched.
  ASSERT_EQ(p.diags.all().size(), 1u) << p.dump();
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of("junk"));
  ASSERT_EQ(p.file.statements.size(), 1u);
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 0).id.text, "b");
}

TEST(Parse, UnclosedPropertyListDoesNotHideLaterErrors) {
  Parsed p("service a { note: \"x\"\nservice b\nservice c junk\nservice d\n");
  ASSERT_EQ(p.diags.all().size(), 2u) << p.dump();
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of("service b"));
  EXPECT_EQ(p.diags.all()[1].span.begin, p.offset_of("junk"));
  ASSERT_FALSE(p.file.statements.empty());
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, p.file.statements.size() - 1).id.text, "d");
}

TEST(Parse, UnclosedCallResumesOnTheNextLine) {
  Parsed p("connect(a,\nservice b\nservice c junk\n");
  ASSERT_EQ(p.diags.all().size(), 2u) << p.dump();
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of("b\n"));
  EXPECT_EQ(p.diags.all()[1].span.begin, p.offset_of("junk"));
  ASSERT_EQ(p.file.statements.size(), 1u);
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 0).id.text, "b");
}

TEST(Parse, UnclosedBlockAndUnmatchedBrace) {
  Parsed closed_twice("service a\n}\n");
  ASSERT_EQ(closed_twice.diags.all().size(), 1u) << closed_twice.dump();
  EXPECT_EQ(closed_twice.diags.all()[0].code, Code::UnmatchedBrace);
  EXPECT_EQ(closed_twice.diags.all()[0].span.begin, closed_twice.offset_of("}"));

  Parsed open("group g \"G\" {\n  service a\n");
  ASSERT_EQ(open.diags.all().size(), 1u) << open.dump();
  EXPECT_EQ(open.diags.all()[0].code, Code::UnclosedBlock);
  EXPECT_EQ(open.diags.all()[0].span.begin, 0u);
  // The block is still attached, so later stages see its nodes.
  ASSERT_EQ(open.file.statements.size(), 1u);
  EXPECT_EQ(stmt<GroupDecl>(open.file.statements, 0).body.size(), 1u);
}

TEST(Parse, UnterminatedStringAndComment) {
  Parsed str("title \"abc\nservice b\n");
  EXPECT_EQ(str.count(Code::SyntaxError), 1u) << str.dump();
  ASSERT_EQ(str.file.statements.size(), 1u);
  EXPECT_EQ(stmt<NodeDecl>(str.file.statements, 0).id.text, "b");

  Parsed comment("service a\n/* never closed\nservice b\n");
  EXPECT_EQ(comment.count(Code::SyntaxError), 1u) << comment.dump();
  EXPECT_EQ(comment.file.statements.size(), 1u);
}

std::string nested_groups(int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += "group g" + std::to_string(i) + " {\n";
  text += "service x\n";
  for (int i = 0; i < depth; ++i) text += "}\n";
  return text;
}

int group_depth(const File& file) {
  int depth = 0;
  const std::vector<Statement>* body = &file.statements;
  while (!body->empty()) {
    const auto* g = std::get_if<GroupDecl>(&body->front().item);
    if (!g) break;
    ++depth;
    body = &g->body;
  }
  return depth;
}

TEST(Parse, ThirtyTwoNestedGroupsAreFine) {
  Parsed p(nested_groups(32));
  EXPECT_FALSE(p.diags.has_errors()) << p.dump();
  EXPECT_EQ(group_depth(p.file), 32);
}

TEST(Parse, FortyNestedGroupsAreTooDeep) {
  Parsed p(nested_groups(40));
  ASSERT_EQ(p.diags.all().size(), 1u) << p.dump();
  EXPECT_EQ(p.diags.all()[0].code, Code::TooDeep);
  EXPECT_EQ(p.diags.all()[0].span.begin, p.offset_of("group g32 {"));
  // The blocks within the limit are kept; the braces still balance.
  EXPECT_EQ(group_depth(p.file), 32);
  EXPECT_EQ(p.count(Code::UnmatchedBrace), 0u);
}

TEST(Parse, VeryDeepNestingDoesNotCrash) {
  Parsed p(nested_groups(5000));
  EXPECT_EQ(p.count(Code::TooDeep), 1u);
  EXPECT_EQ(p.count(Code::UnmatchedBrace), 0u);
}

// --- Hostile input --------------------------------------------------------------------------

// A small deterministic generator: the same junk on every run.
std::string junk(std::size_t size, std::string_view alphabet, std::uint32_t seed) {
  std::string out(size, ' ');
  std::uint32_t x = seed;
  for (char& c : out) {
    x = x * 1664525u + 1013904223u;
    c = alphabet.empty() ? static_cast<char>(x >> 24) : alphabet[(x >> 16) % alphabet.size()];
  }
  return out;
}

TEST(Parse, MegabyteLineOfJunkGivesErrorsFast) {
  auto start = std::chrono::steady_clock::now();
  std::string text = "service a\n" +
                     junk(1 << 20, "abc -> {}[]()\"'*!<>:;,./\\=+#0123456789 \t", 7) + "\nservice b\n";
  Parsed p(std::move(text));
  EXPECT_TRUE(p.diags.has_errors());
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 10.0);
}

TEST(Parse, MegabyteOfJunkLinesRecoversLineByLine) {
  // No braces nor comments in the junk, so every line is its own failed statement and the
  // parser must come out at the end still reading statements.
  Parsed p("service a\n" + junk(1 << 20, "abc ->[]()\"'*!<>:;,.\\=+#0123456789 \t\n", 11) + "\nservice b\n");
  EXPECT_GT(p.diags.error_count(), 1000u);
  ASSERT_GE(p.file.statements.size(), 2u);
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, 0).id.text, "a");
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, p.file.statements.size() - 1).id.text, "b");
}

TEST(Parse, MegabyteLineOfOneLongNameGivesOneError) {
  Parsed p("service " + std::string(1 << 20, 'x') + " junk\nservice b\n");
  EXPECT_EQ(p.diags.all().size(), 1u) << p.dump().substr(0, 500);
  ASSERT_FALSE(p.file.statements.empty());
  EXPECT_EQ(stmt<NodeDecl>(p.file.statements, p.file.statements.size() - 1).id.text, "b");
}

TEST(Parse, RandomBytesGiveErrorsWithoutCrashing) {
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    Parsed p(junk(1 << 20, {}, seed));
    EXPECT_TRUE(p.diags.has_errors()) << seed;
    for (const auto& d : p.diags.all()) {
      EXPECT_LE(d.span.begin, d.span.end);
      EXPECT_LE(d.span.end, p.text().size());
    }
  }
}

TEST(Parse, EmptyAndBlankFilesAreFine) {
  for (std::string text : {"", "\n\n", "   ", "// only a comment", "/* c */", ";;;\n"}) {
    Parsed p(text);
    EXPECT_FALSE(p.diags.has_errors()) << text << "\n" << p.dump();
    EXPECT_TRUE(p.file.statements.empty());
  }
}

}  // namespace
}  // namespace archc::syntax

namespace archc::syntax {
namespace {

TEST(Parse, KeepsEveryCommentInFileOrder) {
  Parsed p(
      "// header\n"
      "service a /* inline */ \"A\" // trailing\n"
      "connect(a, /* between */ b) { note: \"// not a comment\" } // after props\n"
      "layer v1 { // opens\n"
      "  service b\n"
      "}\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  std::vector<std::string> got;
  for (const Span& s : p.file.comments) got.push_back(p.spelled(s));
  EXPECT_EQ(got, (std::vector<std::string>{"// header", "/* inline */", "// trailing", "/* between */",
                                           "// after props", "// opens"}));
}

}  // namespace
}  // namespace archc::syntax
