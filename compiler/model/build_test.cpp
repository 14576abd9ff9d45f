#include <gtest/gtest.h>

#include "model/built_for_test.hpp"

namespace archc::model {
namespace {

using namespace test_support;

// --- Groups as endpoints -------------------------------------------------------------------

TEST(GroupEndpoints, PairsFollowTheMembersOfEachLayer) {
  Built b(
      "group shop { service cart }\notel-collector otel\n"
      "layer v1 { connect(shop, otel) \"OTLP\" }\n"
      "layer v2 <> { group shop { service payment } }\n"
      "layer v3 <> { remove cart }\n");
  EXPECT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_EQ(b.layer_pairs("v1"), (Strings{"cart->otel OTLP"}));
  EXPECT_EQ(b.layer_pairs("v2"), (Strings{"cart->otel OTLP", "payment->otel OTLP"}));
  EXPECT_EQ(b.layer_pairs("v3"), (Strings{"payment->otel OTLP"}));
  // Drawn once in each layer, by one pair, named by the group.
  for (const char* l : {"v1", "v2", "v3"}) {
    std::vector<EdgeId> drawn = b.diagram.edges_in(b.diagram.find_layer(l));
    ASSERT_EQ(drawn.size(), 1u) << l;
    EXPECT_EQ(b.diagram.end_name(b.diagram.edges[drawn[0]], true), "shop");
    EXPECT_EQ(b.diagram.end_name(b.diagram.edges[drawn[0]], false), "otel");
  }
}

TEST(GroupEndpoints, APairWrittenBetweenNodesWinsWithoutAnError) {
  Built b(
      "group shop { service cart\nservice checkout }\notel-collector otel\n"
      "connect(shop, otel) \"OTLP\"\n"
      "layer v1 { }\n"
      "layer v2 <> { connect(checkout, otel) \"traces\" }\n");
  EXPECT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_EQ(b.layer_pairs("v1"), (Strings{"cart->otel OTLP", "checkout->otel OTLP"}));
  EXPECT_EQ(b.layer_pairs("v2"), (Strings{"cart->otel OTLP", "checkout->otel traces"}));
}

TEST(GroupEndpoints, TheNarrowestStatementOfAPairWins) {
  // In either order: the inner group's connection keeps its pairs, the outer one the rest.
  for (const char* order : {"connect(outer, otel)\nconnect(shop, otel) \"spans\"\n",
                            "connect(shop, otel) \"spans\"\nconnect(outer, otel)\n"}) {
    Built b(std::string("group outer { group shop { service cart\nservice pay }\nservice other }\nservice otel\n") + order);
    EXPECT_FALSE(b.diags.has_errors()) << b.dump();
    EXPECT_EQ(b.layer_pairs("main"), (Strings{"cart->otel spans", "other->otel ", "pay->otel spans"})) << order;
    EXPECT_EQ(b.diagram.edges_in(b.diagram.find_layer("main")).size(), 2u) << order;  // both drawn
  }
}

TEST(GroupEndpoints, ARemoveDropsEveryPair) {
  Built b(
      "group shop { service cart\nservice checkout }\notel-collector otel\n"
      "layer v1 { connect(shop, otel) }\n"
      "layer v2 <> { remove connect(shop, otel) }\n"
      "layer v3 <> { remove connect(shop, otel) }\n");
  EXPECT_EQ(b.layer_pairs("v1"), (Strings{"cart->otel ", "checkout->otel "}));
  EXPECT_EQ(b.layer_pairs("v2"), (Strings{}));
  EXPECT_EQ(b.count(Code::RemoveAbsent), 1u) << b.dump();
}

TEST(GroupEndpoints, GroupToGroupIsEveryPairButAMemberWithItself) {
  Built b("group a { service x\nservice y }\ngroup b { service z\ngroup inner { service w } }\nconnect(a, b)\n");
  EXPECT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_EQ(b.layer_pairs("main"), (Strings{"x->w ", "x->z ", "y->w ", "y->z "}));
  Built nested("group a { service x\nservice y }\nconnect(a, x)\n");
  EXPECT_FALSE(nested.diags.has_errors()) << nested.dump();
  EXPECT_EQ(nested.layer_pairs("main"), (Strings{"y->x "}));
}

TEST(GroupEndpoints, AStepMayNameAGroupInsideTheOneConnected) {
  Built b("group mastodon { group workers { service sq1\nservice sq2 }\nservice puma }\nredis redis\n"
          "connect(mastodon, redis)\nscenario s { redis -> workers \"a job\" }\n");
  EXPECT_FALSE(b.diags.has_errors()) << b.dump();
  ASSERT_EQ(b.diagram.scenarios.size(), 1u);
  const Step& step = b.diagram.scenarios[0].steps.at(0);
  EXPECT_TRUE(step.against);  // redis is the listener
  EXPECT_EQ(b.diagram.end_name(step, false), "workers");
  EXPECT_EQ(b.diagram.nodes[step.to].id, "sq1");
}

TEST(GroupEndpoints, AStepMayNameTheGroup) {
  Built b("group shop { service cart }\nservice otel\nconnect(otel, shop)\n"
          "scenario s { shop -> otel \"pull\" }\n");
  EXPECT_FALSE(b.diags.has_errors()) << b.dump();
  ASSERT_EQ(b.diagram.scenarios.size(), 1u);
  const Step& step = b.diagram.scenarios[0].steps.at(0);
  EXPECT_TRUE(step.against);
  EXPECT_EQ(b.diagram.end_name(step, true), "shop");
  EXPECT_EQ(b.diagram.nodes[step.from].id, "cart");
}

// --- Imports --------------------------------------------------------------------------------

TEST(Imports, FileImportsAreRelativeToTheImportingFile) {
  Built b("import \"lib/a.arch\"\nservice m\nconnect(m, a)\nconnect(m, b)\n",
          {{"/archc-unit-test/proj/lib/a.arch", "import \"../b.arch\"\nservice a\n"},
           {"/archc-unit-test/proj/b.arch", "service b\n"}});
  EXPECT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_EQ(b.reads, (Strings{"/archc-unit-test/proj/lib/a.arch", "/archc-unit-test/proj/b.arch"}));
  // Each imported file comes before the file that imports it.
  ASSERT_EQ(b.diagram.nodes.size(), 3u);
  EXPECT_EQ(b.diagram.nodes[0].id, "b");
  EXPECT_EQ(b.diagram.nodes[1].id, "a");
  EXPECT_EQ(b.diagram.nodes[2].id, "m");
  EXPECT_NE(b.edge("m", "a"), kNone);
  EXPECT_NE(b.edge("m", "b"), kNone);
}

TEST(Imports, AFileImportedTwiceIsLoadedOnce) {
  Built b("import \"a.arch\"\nimport \"b.arch\"\nimport \"./b.arch\"\n",
          {{"/archc-unit-test/proj/a.arch", "import \"b.arch\"\nservice a\n"},
           {"/archc-unit-test/proj/b.arch", "service b\n"}});
  EXPECT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_EQ(b.reads_of("/archc-unit-test/proj/b.arch"), 1u);
  EXPECT_EQ(b.count(Code::DuplicateId), 0u);
  EXPECT_EQ(b.diagram.nodes.size(), 2u);
}

TEST(Imports, ACycleIsHarmless) {
  Built b("import \"a.arch\"\nservice m\n",
          {{"/archc-unit-test/proj/a.arch", "import \"main.arch\"\nimport \"a.arch\"\nservice a\n"}});
  EXPECT_FALSE(b.diags.has_errors()) << b.dump();
  // The main file is never read again through the workspace, and `a` is read once.
  EXPECT_EQ(b.reads, (Strings{"/archc-unit-test/proj/a.arch"}));
  ASSERT_EQ(b.diagram.nodes.size(), 2u);
  EXPECT_EQ(b.diagram.nodes[0].id, "a");
  EXPECT_EQ(b.diagram.nodes[1].id, "m");
}

TEST(Imports, OutsideTheRootIsRefusedWithoutReading) {
  std::map<std::string, std::string> files{
      {"/archc-unit-test/secret.arch", "service leaked-secret\n"},
      {"/archc-unit-test/proj-evil/x.arch", "service leaked-evil\n"},
      {"/etc/passwd", "root:x:0:0\n"}};
  Built b("import \"../secret.arch\"\nimport \"../proj-evil/x.arch\"\nimport \"/etc/passwd\"\n"
          "import \"lib/../../secret.arch\"\n",
          files);
  EXPECT_EQ(b.count(Code::ImportOutsideRoot), 4u) << b.dump();
  EXPECT_TRUE(b.reads.empty()) << b.reads.front();
  for (const auto& d : b.diags.all()) {
    EXPECT_EQ(d.message.find("leaked"), std::string::npos);
    EXPECT_EQ(d.message.find("root:x"), std::string::npos);
  }
  EXPECT_TRUE(b.diagram.nodes.empty());
  // The error points at the path as written.
  EXPECT_EQ(b.spelled(b.first(Code::ImportOutsideRoot)->span), "\"../secret.arch\"");
}

TEST(Imports, AnExtraRootAllowsImportsFromIt) {
  Built b("import \"../shared/x.arch\"\n", {{"/archc-unit-test/shared/x.arch", "service shared\n"}},
          {"/archc-unit-test/shared"});
  EXPECT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_EQ(b.reads, (Strings{"/archc-unit-test/shared/x.arch"}));
  ASSERT_EQ(b.diagram.nodes.size(), 1u);
  EXPECT_EQ(b.diagram.nodes[0].id, "shared");
}

TEST(Imports, AnExtraRootWithATrailingSlashWorksToo) {
  Built b("import \"../shared/x.arch\"\n", {{"/archc-unit-test/shared/x.arch", "service shared\n"}},
          {"/archc-unit-test/shared/"});
  EXPECT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_EQ(b.diagram.nodes.size(), 1u);
}

TEST(Imports, AMissingFileIsAnErrorAtTheImport) {
  Built b("service a\nimport \"nope.arch\"\n");
  ASSERT_EQ(b.count(Code::UnknownImport), 1u) << b.dump();
  EXPECT_EQ(b.spelled(b.first(Code::UnknownImport)->span), "\"nope.arch\"");
  EXPECT_EQ(b.reads, (Strings{"/archc-unit-test/proj/nope.arch"}));
}

TEST(Imports, UnknownStdModuleSuggestsTheClosest) {
  Built b("import std.streamin\nimport std\nimport std.lakehouse\n");
  ASSERT_EQ(b.diags.all().size(), 1u) << b.dump();
  const auto& d = b.diags.all()[0];
  EXPECT_EQ(d.code, Code::UnknownImport);
  EXPECT_NE(d.help.find("`std.streaming`"), std::string::npos) << d.help;
  EXPECT_EQ(b.spelled(d.span), "std.streamin");
}

TEST(Imports, ErrorsInImportedFilesPointIntoThem) {
  Built b("import \"a.arch\"\n", {{"/archc-unit-test/proj/a.arch", "service a\nconnect(a, nobody)\n"}});
  const source::Diagnostic* d = b.first(Code::UnknownNode);
  ASSERT_NE(d, nullptr) << b.dump();
  EXPECT_EQ(b.sources.file(d->span.file).name(), "a.arch");
  EXPECT_EQ(b.spelled(d->span), "nobody");
}

// --- Names ----------------------------------------------------------------------------------

TEST(Names, UnknownNodeSuggestsASimilarOne) {
  Built b("postgres pg-primary\ndebezium debezium\nconnect('debezium', 'pg-primry')\n");
  ASSERT_EQ(b.diags.all().size(), 1u) << b.dump();
  const auto& d = b.diags.all()[0];
  EXPECT_EQ(d.code, Code::UnknownNode);
  EXPECT_EQ(d.message, "unknown node `pg-primry`");
  EXPECT_EQ(d.help, "a node with a similar name exists: `pg-primary`");
  EXPECT_EQ(b.spelled(d.span), "'pg-primry'");
}

TEST(Names, DuplicateNodeIdsAcrossGroupsAndLayers) {
  Built b("group g {\n  service a\n}\nlayer v1 {\n  service a\n}\n");
  EXPECT_EQ(b.count(Code::DuplicateId), 1u) << b.dump();
}

TEST(Names, UnknownKindIsAnError) {
  Built b("postgress db\n");
  ASSERT_EQ(b.count(Code::UnknownKind), 1u) << b.dump();
  EXPECT_NE(b.first(Code::UnknownKind)->help.find("`postgres`"), std::string::npos);
}

TEST(Names, QuotedAndBareSpellingsAreOneName) {
  Built b("service 'api'\nservice db\nconnect(api, 'db')\n");
  EXPECT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_NE(b.edge("api", "db"), kNone);
}

// --- Flow -----------------------------------------------------------------------------------

TEST(Flow, DefaultsFromTheRoles) {
  Built b(
      "import std.streaming\n"
      "import std.databases\n"
      "kafka kafka\nflink flink\ndebezium debezium\npostgres pg\n"
      "connect(flink, kafka)\n"
      "connect(debezium, kafka)\n"
      "connect(debezium, pg)\n");
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  const Edge& consumer = b.diagram.edges.at(b.edge("flink", "kafka"));
  EXPECT_EQ(consumer.flow, Flow::Backward);
  EXPECT_FALSE(consumer.flow_explicit);
  EXPECT_EQ(b.diagram.edges.at(b.edge("debezium", "kafka")).flow, Flow::Forward);
  EXPECT_EQ(b.diagram.edges.at(b.edge("debezium", "pg")).flow, Flow::Backward);
}

TEST(Flow, ExplicitFlowOverridesTheDefault) {
  Built b(
      "kafka kafka\nflink flink\ndebezium debezium\nservice s\n"
      "connect(flink, kafka) { flow: forward }\n"
      "connect(debezium, kafka) { flow: backward }\n"
      "connect(s, kafka) { flow: both, stream: true }\n");
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  const Edge& a = b.diagram.edges.at(b.edge("flink", "kafka"));
  EXPECT_EQ(a.flow, Flow::Forward);
  EXPECT_TRUE(a.flow_explicit);
  EXPECT_EQ(b.diagram.edges.at(b.edge("debezium", "kafka")).flow, Flow::Backward);
  const Edge& both = b.diagram.edges.at(b.edge("s", "kafka"));
  EXPECT_EQ(both.flow, Flow::Both);
  EXPECT_TRUE(both.stream);
}

TEST(Flow, BadFlowValueIsABadProperty) {
  Built b("service a\nservice b\nconnect(a, b) { flow: sideways }\n");
  ASSERT_EQ(b.count(Code::BadProperty), 1u) << b.dump();
  EXPECT_EQ(b.spelled(b.first(Code::BadProperty)->span), "sideways");
}

}  // namespace
}  // namespace archc::model
