#include <gtest/gtest.h>

#include "syntax/parsed_for_test.hpp"

namespace archc::syntax {
namespace {

using namespace test_support;

// Blocks: what each holds, nesting, keywords, misplaced statements.

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
  EXPECT_FALSE(r.clauses[0].any_of.at(0).from.any);
  EXPECT_FALSE(r.clauses[0].any_of.at(0).from.negated);
  EXPECT_EQ(r.clauses[0].any_of.at(0).from.names.at(0).text, "broker");
  EXPECT_TRUE(r.clauses[0].any_of.at(0).to.any);
  EXPECT_EQ(r.clauses[0].any_of.at(0).to.names.at(0).text, "*");
  EXPECT_TRUE(r.clauses[1].any_of.at(0).from.negated);
  EXPECT_EQ(r.clauses[1].any_of.at(0).from.names.at(0).text, "database");
  EXPECT_FALSE(r.clauses[1].any_of.at(0).to.negated);
  EXPECT_EQ(r.clauses[1].any_of.at(0).to.names.at(0).text, "kafka");
  EXPECT_EQ(r.clauses[2].which, RuleClause::Which::Require);
  EXPECT_TRUE(r.clauses[2].any_of.at(0).from.any);
  EXPECT_TRUE(r.clauses[2].any_of.at(0).to.negated);
  EXPECT_EQ(r.clauses[2].any_of.at(0).to.names.at(0).text, "x");
  ASSERT_EQ(r.props.size(), 2u);
  EXPECT_EQ(r.props[0].key.text, "severity");
  EXPECT_EQ(r.props[1].value.text, "reverse");
}

TEST(Parse, RuleLinesWithEachAndOr) {
  Parsed p(
      "rule r {\n"
      "  require connect(*, each function) or connect(each function, broker) or connect(each function, !x)\n"
      "  forbid connect(each, each)\n"  // `each` alone is a name
      "  require connect(each 'each', *)\n"
      "}\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.dump();
  const auto& r = stmt<RuleDecl>(p.file.statements, 0);
  ASSERT_EQ(r.clauses.size(), 3u);
  const auto& alts = r.clauses[0].any_of;
  ASSERT_EQ(alts.size(), 3u);
  EXPECT_TRUE(alts[0].from.any);
  EXPECT_FALSE(alts[0].from.each);
  EXPECT_TRUE(alts[0].to.each);
  EXPECT_EQ(alts[0].to.names.at(0).text, "function");
  EXPECT_TRUE(alts[0].about_listener());
  EXPECT_FALSE(alts[1].about_listener());
  EXPECT_EQ(alts[1].subject().names.at(0).text, "function");
  EXPECT_TRUE(alts[2].to.negated);
  EXPECT_EQ(p.spelled(alts[1].span), "connect(each function, broker)");
  const auto& names = r.clauses[1].any_of.at(0);
  EXPECT_FALSE(names.from.each);
  EXPECT_EQ(names.from.names.at(0).text, "each");
  EXPECT_EQ(names.to.names.at(0).text, "each");
  EXPECT_TRUE(r.clauses[2].any_of.at(0).from.each);
  EXPECT_EQ(r.clauses[2].any_of.at(0).from.names.at(0).text, "each");
}

TEST(Parse, AnOrNeedsAConnectAfterIt) {
  Parsed p("rule r {\n  require connect(a, b) or\n}\n");
  EXPECT_EQ(p.count(Code::SyntaxError), 1u) << p.dump();
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

}  // namespace
}  // namespace archc::syntax
