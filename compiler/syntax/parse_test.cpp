#include <gtest/gtest.h>

#include "syntax/names.hpp"
#include "syntax/parsed_for_test.hpp"

namespace archc::syntax {
namespace {

using namespace test_support;

// Statements: their forms, names, texts, values and properties.

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

TEST(Parse, AListOnEitherSideIsOneConnectionPerPair) {
  Parsed p("connect([a, 'b-2'], [c,\n  d,]) \"L\" { note: \"n\" }\nconnect(x, y)\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  ASSERT_EQ(p.file.statements.size(), 5u);
  const char* pairs[][2] = {{"a", "c"}, {"a", "d"}, {"b-2", "c"}, {"b-2", "d"}};
  for (int i = 0; i < 4; ++i) {
    const auto& c = stmt<ConnectDecl>(p.file.statements, i);
    EXPECT_EQ(c.from.text, pairs[i][0]);
    EXPECT_EQ(c.to.text, pairs[i][1]);
    EXPECT_TRUE(c.listed);
    EXPECT_EQ(c.label->text, "L");
    EXPECT_EQ(c.props.size(), 1u);
    EXPECT_EQ(p.spelled(c.head), "connect([a, 'b-2'], [c,\n  d,])");
  }
  EXPECT_EQ(p.spelled(stmt<ConnectDecl>(p.file.statements, 2).from.span), "'b-2'");
  EXPECT_FALSE(stmt<ConnectDecl>(p.file.statements, 4).listed);
  // Each name of the lists is one use, however many pairs it is in.
  std::vector<std::string> names;
  for (const NameUse& u : name_uses(p.file)) names.push_back(u.name);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b-2", "c", "d", "x", "y"}));
}

TEST(Parse, AConnectionOverSeveralLinesMayEndWithAComma) {
  Parsed p("connect(\n  [a, b],\n  d,\n)\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  EXPECT_EQ(p.file.statements.size(), 2u);
}

TEST(Parse, AListIsNeverEmptyNorInARemove) {
  Parsed p("connect([], a)\nlayer v2 <> {\n  remove connect([a, b], c)\n}\n");
  EXPECT_EQ(p.count(Code::BadList), 2u) << p.dump();
  Parsed q("connect(a, [b, 3])\n");
  EXPECT_EQ(q.count(Code::SyntaxError), 1u) << q.dump();
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

}  // namespace
}  // namespace archc::syntax
