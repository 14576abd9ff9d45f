// The reverse fix (the whole statement, label and props kept) and `require`, on text in memory.

#include <gtest/gtest.h>

#include "check/pattern_for_test.hpp"

#include "check/check.hpp"
#include "compile/compile.hpp"

namespace archc::check {
namespace {

struct Fixed {
  explicit Fixed(std::string text, bool with_sources = true) {
    compile::Request request = compile::text_request(std::move(text), "/archc-unit-test/fix/main.arch", "main.arch");
    request.check_rules = false;  // checked below, into their own list
    built = compile::compile(request);
    for (const auto& d : built.diags.all()) ADD_FAILURE() << "build: " << d.message;
    check_rules(built.diagram, diags, with_sources ? &built.sources : nullptr);
  }
  const source::Diagnostic& only() {
    EXPECT_EQ(diags.all().size(), 1u);
    static const source::Diagnostic none;
    return diags.all().empty() ? none : diags.all()[0];
  }

  compile::Result built;
  source::Diagnostics diags;
};

TEST(ReverseFix, KeepsTheLabelAndProps) {
  Fixed r("kafka kafka\nflink flink\nconnect(kafka, flink) \"orders\" { stream: true }\n");
  EXPECT_EQ(r.only().fix, "connect('flink', 'kafka') \"orders\" { stream: true }");
}

TEST(ReverseFix, WithoutTheSourcesIsTheReversedConnectAlone) {
  Fixed r("kafka kafka\nflink flink\nconnect(kafka, flink) \"orders\" { stream: true }\n", false);
  EXPECT_EQ(r.only().fix, "connect('flink', 'kafka')");
}

TEST(ReverseFix, SkipsQuotedNamesAndCommentsWhenFindingTheEndOfConnect) {
  Fixed r("postgres pg\nservice 'a)b'\nconnect(pg, /* ) */ 'a)b') \"x\"\n");
  // (The data went pg -> a)b; reversed, the service would be read as writing: `flow:` keeps it.)
  EXPECT_EQ(r.only().fix, "connect('a)b', 'pg') \"x\" { flow: backward }");
}

TEST(ReverseFix, FlipsAnExplicitFlowOnlyInTheFlowProperty) {
  Fixed r("kafka kafka\nflink flink\n"
        "connect(kafka, flink) \"flow: forward\" { note: \"flow: backward\", flow: backward }\n");
  EXPECT_EQ(r.only().fix, "connect('flink', 'kafka') \"flow: forward\" { note: \"flow: backward\", flow: forward }");
}

TEST(ReverseFix, LeavesFlowBothAlone) {
  Fixed r("kafka kafka\nflink flink\nconnect(kafka, flink) { flow: both }\n");
  EXPECT_EQ(r.only().fix, "connect('flink', 'kafka') { flow: both }");
}

TEST(ReverseFix, NoneWhenTheReverseIsAnErrorToo) {
  Fixed r("postgres pg\nkafka kafka\nconnect(pg, kafka)\n");
  EXPECT_TRUE(r.only().fix.empty());
  EXPECT_NE(r.only().help.find("breaks `consumers-dial-brokers`"), std::string::npos) << r.only().help;
}

TEST(ReverseFix, OfferedWhenTheReverseIsAllowedByTheSameProps) {
  // The reversed statement keeps its `allow`, so a rule it silences does not block the fix.
  Fixed r("postgres pg\nkafka kafka\nconnect(pg, kafka) { allow: [consumers-dial-brokers] }\n");
  EXPECT_EQ(r.only().fix, "connect('kafka', 'pg') { flow: backward, allow: [consumers-dial-brokers] }");
}

TEST(ReverseFix, KeepsTheDataWayTheRolesOrTheLabelGave) {
  // kafka -> flink by default; reversed, a stream processor reads a broker: the same way, so
  // nothing is added. With "push events" the label would make the reverse a write: flow says.
  Fixed plain("kafka kafka\nflink flink\nconnect(kafka, flink)\n");
  EXPECT_EQ(plain.only().fix, "connect('flink', 'kafka')");
  Fixed pushed("kafka kafka\nflink flink\nconnect(kafka, flink) \"push events\" { stream: true }\n");
  EXPECT_EQ(pushed.only().fix, "connect('flink', 'kafka') \"push events\" { flow: backward, stream: true }");
}

TEST(RequireRule, ALayerThatRemovesTheOnlyDialBreaksIt) {
  Fixed r("rule p-dial \"processors read a broker\" {\n  require connect(stream-processor, broker)\n}\n"
        "layer v1 {\n  kafka kafka\n  flink flink\n  connect(flink, kafka)\n}\n"
        "layer v2 <> {\n  remove connect(flink, kafka)\n}\n"
        "layer v3 <> v1 {\n  service s\n}\n");
  EXPECT_EQ(r.only().name(), "p-dial");
  EXPECT_NE(r.only().message.find("(in v2)"), std::string::npos) << r.only().message;
}

TEST(RequireRule, BeingDialedDoesNotCount) {
  Fixed r("rule p-dial \"processors read a broker\" {\n  require connect(stream-processor, broker)\n}\n"
        "kafka kafka\nflink flink\nconnect(kafka, flink) { allow: [consumers-dial-brokers] }\n");
  EXPECT_EQ(r.only().name(), "p-dial");
  EXPECT_EQ(r.built.sources.file(r.only().span.file).text().substr(r.only().span.begin, 5), "flink");
}

TEST(RequireRule, AGroupAllowCoversNestedNodes) {
  Fixed r("rule p-dial \"processors read a broker\" {\n  require connect(stream-processor, broker)\n}\n"
        "group outer {\n  allow: [p-dial]\n  group inner {\n    flink flink\n  }\n}\n");
  EXPECT_TRUE(r.diags.all().empty());
}

TEST(PatternText, ReadsAsWritten) {
  EXPECT_EQ(pattern_text(pattern_of(true, false, "*")), "*");
  EXPECT_EQ(pattern_text(pattern_of(false, true, "database")), "!database");
  EXPECT_EQ(pattern_text(pattern_of(false, false, "kafka")), "kafka");
  model::Pattern set = pattern_of(false, true, "person");
  set.set = true;
  set.names.push_back(syntax::Name{"notifier", {}});
  EXPECT_EQ(pattern_text(set), "![person, notifier]");
}

}  // namespace
}  // namespace archc::check
