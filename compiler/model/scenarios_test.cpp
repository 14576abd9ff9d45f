#include <gtest/gtest.h>

#include "model/built_for_test.hpp"

namespace archc::model {
namespace {

using namespace test_support;

constexpr const char* kNodes =
    "service a; service b; service c; service d; service e\n"
    "connect(a, b); connect(b, c); connect(c, d); connect(c, e); connect(d, e)\n";

struct Slot {
  std::string from, to;
  int start, end;
  bool against;
  friend bool operator==(const Slot&, const Slot&) = default;
  friend std::ostream& operator<<(std::ostream& o, const Slot& s) {
    return o << s.from << "->" << s.to << " [" << s.start << "," << s.end << ")" << (s.against ? " against" : "");
  }
};

std::vector<Slot> slots(const Diagram& d, const Scenario& s) {
  std::vector<Slot> out;
  for (const Step& st : s.steps) {
    std::string from = st.from == kNone ? "note" : d.nodes[st.from].id;
    std::string to = st.to == kNone ? st.caption : d.nodes[st.to].id;
    out.push_back(Slot{from, to, st.start, st.end, st.against});
  }
  return out;
}

TEST(Scenarios, ChainTakesConsecutiveSlots) {
  Built b(std::string(kNodes) + "scenario s {\n  a -> b -> c \"arrives\"\n}\n");
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  ASSERT_EQ(b.diagram.scenarios.size(), 1u);
  const Scenario& s = b.diagram.scenarios[0];
  EXPECT_EQ(slots(b.diagram, s), (std::vector<Slot>{{"a", "b", 0, 1, false}, {"b", "c", 1, 2, false}}));
  EXPECT_EQ(s.length, 2);
  // The caption goes with the last hop.
  EXPECT_EQ(s.steps[0].caption, "");
  EXPECT_EQ(s.steps[1].caption, "arrives");
  EXPECT_EQ(s.steps[0].edge, b.edge("a", "b"));
}

TEST(Scenarios, ParBranchesShareTheirStartAndTheScenarioGoesOnAfterTheLongest) {
  Built b(std::string(kNodes) +
          "scenario s {\n"
          "  a -> b -> c\n"
          "  par {\n"
          "    c -> d -> e\n"
          "    c -> e\n"
          "  }\n"
          "  note \"done\"\n"
          "  b -> a\n"
          "}\n");
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  const Scenario& s = b.diagram.scenarios.at(0);
  EXPECT_EQ(slots(b.diagram, s), (std::vector<Slot>{{"a", "b", 0, 1, false},
                                                    {"b", "c", 1, 2, false},
                                                    {"c", "d", 2, 3, false},
                                                    {"c", "e", 2, 3, false},
                                                    {"d", "e", 3, 4, false},
                                                    {"note", "done", 4, 5, false},
                                                    {"b", "a", 5, 6, true}}));
  EXPECT_EQ(s.length, 6);
}

TEST(Scenarios, ParAsTheLastItemSetsTheLength) {
  Built b(std::string(kNodes) + "scenario s {\n  par {\n    a -> b\n    c -> d -> e\n  }\n}\n");
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_EQ(b.diagram.scenarios.at(0).length, 2);
}

TEST(Scenarios, NoteTakesOneSlot) {
  Built b(std::string(kNodes) + "scenario s {\n  note \"first\"\n  note \"second\"\n  a -> b\n}\n");
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  const Scenario& s = b.diagram.scenarios.at(0);
  EXPECT_EQ(slots(b.diagram, s), (std::vector<Slot>{{"note", "first", 0, 1, false},
                                                    {"note", "second", 1, 2, false},
                                                    {"a", "b", 2, 3, false}}));
  EXPECT_EQ(s.steps[0].from, kNone);
  EXPECT_EQ(s.length, 3);
}

TEST(Scenarios, AgainstTheDialDirection) {
  Built b(std::string(kNodes) + "scenario s {\n  e -> d -> c\n}\n");
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  const Scenario& s = b.diagram.scenarios.at(0);
  ASSERT_EQ(s.steps.size(), 2u);
  EXPECT_TRUE(s.steps[0].against);
  EXPECT_EQ(s.steps[0].edge, b.edge("d", "e"));
  EXPECT_TRUE(s.steps[1].against);
  EXPECT_EQ(s.steps[1].edge, b.edge("c", "d"));
}

TEST(Scenarios, StepPropsAreRead) {
  Built b(std::string(kNodes) + "scenario s {\n  a -> b { duration: 1.5s, style: alert }\n}\n");
  ASSERT_FALSE(b.diags.has_errors()) << b.dump();
  const Step& st = b.diagram.scenarios.at(0).steps.at(0);
  EXPECT_EQ(st.duration_ms, 1500);
  EXPECT_EQ(st.style, "alert");
}

TEST(Scenarios, AStepWithoutAConnectionIsAnErrorNamingTheLayer) {
  Built b(std::string(kNodes) + "scenario s {\n  a -> c\n}\n");
  ASSERT_EQ(b.count(Code::StepWithoutEdge), 1u) << b.dump();
  const source::Diagnostic* d = b.first(Code::StepWithoutEdge);
  EXPECT_NE(d->message.find("`main`"), std::string::npos) << d->message;
  EXPECT_EQ(b.spelled(d->span), "a -> c");
}

TEST(Scenarios, DefaultLayerIsTheLastAndInPicksOne) {
  Built b(
      "layer v1 {\n  service a\n  service b\n  connect(a, b)\n}\n"
      "layer v2 <> {\n  service c\n  connect(b, c)\n}\n"
      "scenario late {\n  a -> b -> c\n}\n"
      "scenario early in v1 {\n  a -> b\n}\n"
      "scenario wrong in v1 {\n  b -> c\n}\n");
  EXPECT_EQ(b.diagram.scenarios.at(0).layer, b.diagram.find_layer("v2"));
  EXPECT_EQ(b.diagram.scenarios.at(1).layer, b.diagram.find_layer("v1"));
  // `c` is not in v1.
  ASSERT_EQ(b.diags.error_count(), 1u) << b.dump();
  EXPECT_EQ(b.diags.all()[0].code, Code::UnknownNode);
  EXPECT_NE(b.diags.all()[0].message.find("`v1`"), std::string::npos);
}

TEST(Scenarios, UnknownLayerIsAnError) {
  Built b(std::string(kNodes) + "scenario s in nope {\n  a -> b\n}\n");
  EXPECT_EQ(b.count(Code::UnknownLayer), 1u) << b.dump();
  EXPECT_TRUE(b.diagram.scenarios.empty());
}

TEST(Scenarios, EmptyScenarioIsAnError) {
  Built b(std::string(kNodes) + "scenario s {\n}\n");
  EXPECT_EQ(b.count(Code::EmptyScenario), 1u) << b.dump();
}

}  // namespace
}  // namespace archc::model
