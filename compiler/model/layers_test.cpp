#include <gtest/gtest.h>

#include "model/built_for_test.hpp"

namespace archc::model {
namespace {

using namespace test_support;

constexpr const char* kLayers =
    "layer v1 \"One\" {\n"
    "  postgres db\n"
    "  airbyte ab\n"
    "  redshift rs\n"
    "  metabase mb\n"
    "  connect(ab, db)\n"
    "  connect(ab, rs)\n"
    "  connect(mb, rs)\n"
    "}\n"
    "layer v2 <> \"Two\" {\n"
    "  service api\n"
    "  connect(api, db)\n"
    "}\n"
    "layer v3 <> v1 {\n"
    "  remove rs\n"
    "}\n"
    "layer v4 <> v2 {\n"
    "  remove connect(api, db)\n"
    "}\n";

TEST(Layers, ExtendingCopiesTheBase) {
  Built b(kLayers);
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  ASSERT_EQ(b.diagram.layers.size(), 4u);
  EXPECT_FALSE(b.layer("v1").extends.has_value());
  EXPECT_EQ(b.layer("v1").title, "One");
  EXPECT_EQ(b.layer_nodes("v1"), (Strings{"db", "ab", "rs", "mb"}));
  EXPECT_EQ(b.layer("v2").extends, "v1");
  EXPECT_EQ(b.layer_nodes("v2"), (Strings{"db", "ab", "rs", "mb", "api"}));
  EXPECT_EQ(b.layer_edges("v2"), (Strings{"ab->db", "ab->rs", "mb->rs", "api->db"}));
}

TEST(Layers, ExtendsANamedLayer) {
  Built b(kLayers);
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  // `v3 <> v1` skips v2: no `api`.
  EXPECT_EQ(b.layer("v3").extends, "v1");
  EXPECT_EQ(b.layer("v4").extends, "v2");
}

TEST(Layers, RemoveNodeDropsItsEdges) {
  Built b(kLayers);
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_EQ(b.layer_nodes("v3"), (Strings{"db", "ab", "mb"}));
  EXPECT_EQ(b.layer_edges("v3"), (Strings{"ab->db"}));
  // v1 itself is untouched.
  EXPECT_EQ(b.layer_edges("v1").size(), 3u);
}

TEST(Layers, RemoveConnectDropsOneEdge) {
  Built b(kLayers);
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_EQ(b.layer_nodes("v4"), (Strings{"db", "ab", "rs", "mb", "api"}));
  EXPECT_EQ(b.layer_edges("v4"), (Strings{"ab->db", "ab->rs", "mb->rs"}));
}

TEST(Layers, ABaseMayBeDeclaredAfterTheLayerThatExtendsIt) {
  Built b("layer v2 <> v1 {\n  service b\n}\nlayer v1 {\n  service a\n}\n");
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_EQ(b.layer("v2").extends, "v1");
  EXPECT_EQ(b.layer_nodes("v2"), (Strings{"b", "a"}));
}

TEST(Layers, ElementsOutsideLayersAreInEveryLayer) {
  Built b("service shared\nlayer v1 {\n  service a\n  connect(a, shared)\n}\nlayer v2 {\n  service b\n}\n");
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_EQ(b.layer_nodes("v1"), (Strings{"shared", "a"}));
  EXPECT_EQ(b.layer_nodes("v2"), (Strings{"shared", "b"}));
}

TEST(Layers, NoLayerMeansOneMainLayer) {
  Built b("title \"T\"\nservice a\nservice b\nconnect(a, b)\n");
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  ASSERT_EQ(b.diagram.layers.size(), 1u);
  EXPECT_EQ(b.diagram.layers[0].id, "main");
  EXPECT_EQ(b.layer_nodes("main"), (Strings{"a", "b"}));
  EXPECT_EQ(b.layer_edges("main"), (Strings{"a->b"}));
}

TEST(Layers, RemovingWhatTheLayerDoesNotHaveIsAnError) {
  Built b(
      "layer v1 {\n  service a\n  service b\n  connect(a, b)\n}\n"
      "layer v2 <> {\n  remove connect(b, a)\n}\n"
      "layer v3 {\n  service c\n}\n"
      "layer v4 <> v1 {\n  remove c\n}\n");
  ASSERT_EQ(b.count(Code::RemoveAbsent), 2u) << b.dump();
  const source::Diagnostic* reversed = b.first(Code::RemoveAbsent);
  EXPECT_NE(reversed->message.find("v2"), std::string::npos) << reversed->message;
  EXPECT_NE(reversed->help.find("connect(a, b)"), std::string::npos) << reversed->help;
  EXPECT_EQ(b.layer_edges("v2"), (Strings{"a->b"}));
}

TEST(Layers, RemoveOfAnUnknownNodeIsUnknownNode) {
  Built b("layer v1 {\n  service a\n}\nlayer v2 <> {\n  remove zzz\n}\n");
  EXPECT_EQ(b.count(Code::UnknownNode), 1u) << b.dump();
}

TEST(Layers, ExtendingAnUnknownLayerIsAnError) {
  Built b("layer v1 {\n  service a\n}\nlayer v2 <> v9 {\n  service b\n}\n");
  ASSERT_EQ(b.count(Code::UnknownLayer), 1u) << b.dump();
  EXPECT_EQ(b.spelled(b.first(Code::UnknownLayer)->span), "v9");
  EXPECT_EQ(b.layer_nodes("v2"), (Strings{"b"}));
}

TEST(Layers, FirstLayerCannotExtendTheOneAbove) {
  Built b("layer v1 <> {\n  service a\n}\n");
  EXPECT_EQ(b.count(Code::UnknownLayer), 1u) << b.dump();
}

TEST(Layers, ACycleIsAnErrorAndDoesNotHang) {
  Built b("layer a <> c {\n  service x\n}\nlayer b <> a {\n  service y\n}\nlayer c <> b {\n  service z\n}\n");
  // One cycle, one error, naming the loop.
  ASSERT_EQ(b.count(Code::LayerCycle), 1u) << b.dump();
  EXPECT_NE(b.first(Code::LayerCycle)->message.find("a -> c -> b -> a"), std::string::npos) << b.dump();
  ASSERT_EQ(b.diagram.layers.size(), 3u);
  // A layer in a cycle keeps at least its own contents.
  for (std::string_view id : {"a", "b", "c"}) {
    EXPECT_FALSE(b.layer_nodes(id).empty()) << id;
  }
}

TEST(Layers, SelfExtensionIsACycle) {
  Built b("layer a <> a {\n  service x\n}\n");
  EXPECT_EQ(b.count(Code::LayerCycle), 1u) << b.dump();
}

TEST(Layers, DuplicateEdgeInALayerIsAnError) {
  Built b("service a\nservice b\nconnect(a, b) \"one\"\nconnect(a, b) \"two\"\n");
  EXPECT_EQ(b.count(Code::DuplicateEdge), 1u) << b.dump();
}

TEST(Layers, EdgeToANodeOfAnotherLayerIsAnError) {
  Built b("layer v1 {\n  service a\n}\nlayer v2 {\n  service b\n  connect(b, a)\n}\n");
  ASSERT_EQ(b.count(Code::UnknownNode), 1u) << b.dump();
  EXPECT_NE(b.first(Code::UnknownNode)->message.find("`v2`"), std::string::npos);
  EXPECT_TRUE(b.layer_edges("v2").empty());
}

}  // namespace
}  // namespace archc::model
