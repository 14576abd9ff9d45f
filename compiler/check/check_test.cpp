#include "check/check.hpp"

#include <gtest/gtest.h>

#include "check/pattern_for_test.hpp"

#include "compile/compile.hpp"

namespace archc::check {
namespace {

// Builds `text` (no file imports), asserts that it resolves, and checks its rules.
struct Checked {
  explicit Checked(std::string text) {
    compile::Request request = compile::text_request(std::move(text), "/archc-unit-test/check/main.arch", "main.arch");
    request.check_rules = false;  // checked below, into their own list
    compile::Result r = compile::compile(request);
    sources = std::move(r.sources);
    build_diags = std::move(r.diags);
    diagram = std::move(r.diagram);
    EXPECT_FALSE(build_diags.has_errors()) << dump(build_diags);
    check_rules(diagram, diags);
  }
  static std::string dump(const source::Diagnostics& d) {
    std::string out;
    for (const auto& x : d.all()) out += std::string(x.name()) + ": " + x.message + "\n";
    return out;
  }
  std::string spelled(source::Span s) const {
    return sources.file(s.file).text().substr(s.begin, s.end - s.begin);
  }

  source::SourceMap sources;
  source::Diagnostics build_diags;
  source::Diagnostics diags;
  model::Diagram diagram;
};

TEST(CheckRules, BrokerDialingAConsumerIsReportedOnceNamingTheLayers) {
  Checked c(
      "import std.streaming\n"
      "layer v1 {\n"
      "  kafka kafka\n"
      "  flink flink\n"
      "  connect(kafka, flink)\n"
      "}\n"
      "layer v2 <> {\n  service s\n}\n"
      "layer v3 <> {\n  service t\n}\n");
  ASSERT_EQ(c.diags.all().size(), 1u) << Checked::dump(c.diags);
  const source::Diagnostic& d = c.diags.all()[0];
  EXPECT_EQ(d.severity, source::Severity::Error);
  EXPECT_EQ(d.code, source::Code::RuleViolation);
  EXPECT_EQ(d.name(), "consumers-dial-brokers");
  EXPECT_EQ(c.spelled(d.span), "connect(kafka, flink)");
  EXPECT_NE(d.message.find("`connect(kafka, flink)`"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("(in v1, v2, v3)"), std::string::npos) << d.message;
  EXPECT_EQ(d.fix, "connect('flink', 'kafka')");
  EXPECT_NE(d.help.find("`connect('flink', 'kafka')`"), std::string::npos) << d.help;
}

TEST(CheckRules, BrokenOnlyInALaterLayerNamesOnlyThatLayer) {
  Checked c(
      "layer v1 {\n  kafka kafka\n  flink flink\n}\n"
      "layer v2 <> {\n  service s\n}\n"
      "layer v3 <> {\n  connect(kafka, flink)\n}\n");
  ASSERT_EQ(c.diags.all().size(), 1u) << Checked::dump(c.diags);
  EXPECT_NE(c.diags.all()[0].message.find("(in v3)"), std::string::npos) << c.diags.all()[0].message;
}

TEST(CheckRules, WithoutLayersTheMessageNamesNone) {
  Checked c("kafka kafka\nflink flink\nconnect(kafka, flink)\n");
  ASSERT_EQ(c.diags.all().size(), 1u) << Checked::dump(c.diags);
  EXPECT_EQ(c.diags.all()[0].message.find("(in "), std::string::npos) << c.diags.all()[0].message;
}

TEST(CheckRules, TheRightDirectionIsFine) {
  Checked c("kafka kafka\nflink flink\ndebezium dbz\npostgres pg\n"
            "connect(flink, kafka)\nconnect(dbz, kafka)\nconnect(dbz, pg)\n");
  EXPECT_TRUE(c.diags.all().empty()) << Checked::dump(c.diags);
}

TEST(CheckRules, AllowSuppressesTheRuleOnThatConnection) {
  Checked c(
      "kafka kafka\nflink flink\nflink flink2\n"
      "connect(kafka, flink) { allow: [consumers-dial-brokers] }\n"
      "connect(kafka, flink2) { allow: [prometheus-pulls] }\n");
  ASSERT_EQ(c.diags.all().size(), 1u) << Checked::dump(c.diags);
  EXPECT_EQ(c.spelled(c.diags.all()[0].span), "connect(kafka, flink2) { allow: [prometheus-pulls] }");
}

TEST(CheckRules, DatabasesNeverDialClients) {
  Checked c("postgres pg\npostgres replica\ndebezium dbz\n"
            "connect('pg', 'dbz')\nconnect(replica, pg)\n");
  ASSERT_EQ(c.diags.all().size(), 1u) << Checked::dump(c.diags);
  EXPECT_EQ(c.diags.all()[0].name(), "databases-never-dial-clients");
  EXPECT_EQ(c.diags.all()[0].fix, "connect('dbz', 'pg')");
}

TEST(CheckRules, PrometheusPullsIsAWarningExceptFromDashboards) {
  // A service pushing its metrics is caught; Grafana, a collector writing through remote
  // write and a person querying are not.
  Checked c("service api\notel-collector otel\nprometheus prom\ngrafana graf\nperson sre\n"
            "connect(api, prom)\nconnect(otel, prom)\nconnect(graf, prom)\nconnect(sre, prom)\n");
  ASSERT_EQ(c.diags.all().size(), 1u) << Checked::dump(c.diags);
  EXPECT_EQ(c.diags.all()[0].name(), "prometheus-pulls");
  EXPECT_EQ(c.diags.all()[0].severity, source::Severity::Warning);
  EXPECT_FALSE(c.diags.has_errors());
}

TEST(CheckRules, UserRuleWithoutFixSuggestsAllow) {
  Checked c(
      "rule no-paging \"services do not page people\" {\n"
      "  forbid connect(service, person)\n"
      "}\n"
      "service s\nperson p\nconnect(s, p) { allow: [nothing-dials-people] }\n");
  ASSERT_EQ(c.diags.all().size(), 1u) << Checked::dump(c.diags);
  const source::Diagnostic& d = c.diags.all()[0];
  EXPECT_EQ(d.name(), "no-paging");
  EXPECT_TRUE(d.fix.empty());
  EXPECT_EQ(d.help, "if this is intended, add `allow: [no-paging]` to the connection");
}

TEST(CheckRules, RequireEachListenerIsAboutTheNodesDialed) {
  Checked c(
      "rule read-somewhere \"a database someone reads\" {\n"
      "  require connect(service, each database)\n"
      "}\n"
      "layer v1 {\n  service s\n  postgres pg\n  connect(s, pg)\n}\n"
      "layer v2 <> {\n  remove connect(s, pg)\n  connect(pg, s) { allow: [databases-never-dial-clients] }\n}\n");
  ASSERT_EQ(c.diags.all().size(), 1u) << Checked::dump(c.diags);
  const source::Diagnostic& d = c.diags.all()[0];
  EXPECT_EQ(d.name(), "read-somewhere");
  EXPECT_EQ(c.spelled(d.span), "pg");
  // Dialing a service does not count: only being dialed does.
  EXPECT_EQ(d.message, "`pg` is dialed by no `service`: a database someone reads (in v2)");
  EXPECT_EQ(d.help, "add a `connect(..., 'pg')` from a `service`; if this is intended, add `allow: [read-somewhere]` to `pg`");
}

TEST(CheckRules, RequireWithAlternativesIsMetByAnyOfThem) {
  Checked c(
      "import std\n"
      "api-gateway gw\nsqs queue\n"
      "lambda by-http\nconnect(gw, by-http)\n"
      "lambda by-queue\nconnect(by-queue, queue)\n"
      "lambda idle\n"
      "lambda excused { allow: [functions-have-a-trigger] }\n");
  ASSERT_EQ(c.diags.all().size(), 1u) << Checked::dump(c.diags);
  const source::Diagnostic& d = c.diags.all()[0];
  EXPECT_EQ(d.name(), "functions-have-a-trigger");
  EXPECT_EQ(d.severity, source::Severity::Warning);
  EXPECT_EQ(c.spelled(d.span), "idle");
  EXPECT_EQ(d.message.rfind("`idle` is dialed by no node and dials no `broker`: ", 0), 0u) << d.message;
  EXPECT_EQ(d.help,
            "add a `connect(..., 'idle')` from a node or a `connect('idle', ...)` to a `broker`; if this is intended, "
            "add `allow: [functions-have-a-trigger]` to `idle`");
}

TEST(CheckRules, AForbidLineWithAlternativesBreaksOnAnyOfThem) {
  Checked c(
      "rule no-people \"people are not dialed\" {\n"
      "  forbid connect(service, person) or connect(person, person)\n"
      "}\n"
      "service s\nperson p\nperson q\nconnect(s, p) { allow: [nothing-dials-people] }\nconnect(p, q)\nconnect(q, s)\n");
  ASSERT_EQ(c.diags.all().size(), 2u) << Checked::dump(c.diags);
  EXPECT_EQ(c.spelled(c.diags.all()[0].span), "connect(s, p) { allow: [nothing-dials-people] }");
  EXPECT_EQ(c.spelled(c.diags.all()[1].span), "connect(p, q)");
}

TEST(Matches, ASetMatchesAnyOfItsNamesAndItsNegationNone) {
  model::Diagram d;
  model::Kind sns, browser, api;
  sns.id = "sns";
  sns.roles = {"notifier"};
  browser.id = "browser";
  browser.roles = {"client"};
  api.id = "service";
  api.roles = {"service"};
  model::Pattern either = pattern_of(false, false, "notifier");
  either.set = true;
  either.names.push_back(syntax::Name{"browser", {}});
  model::Pattern neither = either;
  neither.negated = true;
  EXPECT_TRUE(matches(d, either, &sns));
  EXPECT_TRUE(matches(d, either, &browser));
  EXPECT_FALSE(matches(d, either, &api));
  EXPECT_FALSE(matches(d, neither, &sns));
  EXPECT_TRUE(matches(d, neither, &api));
  EXPECT_TRUE(matches(d, neither, nullptr));  // an unknown kind matches no name
}

TEST(CheckRules, BothWaysBreaksOnlyWhereTheListenerDialsBack) {
  Checked c(
      "rule fronted \"a backend does not dial the proxy that fronts it\" {\n"
      "  forbid connect(service, proxy) both ways\n"
      "}\n"
      "load-generator k6\nload-balancer lb\nservice api\nservice other\nnginx files\n"
      "connect(k6, lb)\nconnect(lb, api)\nconnect(api, lb)\nconnect(other, files)\n");
  std::vector<const source::Diagnostic*> ours;
  for (const auto& d : c.diags.all()) {
    if (d.name() == "fronted") ours.push_back(&d);
  }
  ASSERT_EQ(ours.size(), 1u) << Checked::dump(c.diags);
  EXPECT_EQ(c.spelled(ours[0]->span), "connect(api, lb)");
  EXPECT_NE(ours[0]->message.find("`lb` also dials `api`"), std::string::npos) << ours[0]->message;
  EXPECT_TRUE(ours[0]->fix.empty());
}

TEST(Matches, AnyNegationKindAndRole) {
  model::Diagram d;
  model::Kind kafka;
  kafka.id = "kafka";
  kafka.roles = {"broker"};
  model::Pattern any = pattern_of(true, false, "*");
  model::Pattern broker = pattern_of(false, false, "broker");
  model::Pattern by_kind = pattern_of(false, false, "kafka");
  model::Pattern not_broker = pattern_of(false, true, "broker");
  model::Pattern database = pattern_of(false, false, "database");
  EXPECT_TRUE(matches(d, any, &kafka));
  EXPECT_TRUE(matches(d, broker, &kafka));
  EXPECT_TRUE(matches(d, by_kind, &kafka));
  EXPECT_FALSE(matches(d, not_broker, &kafka));
  EXPECT_FALSE(matches(d, database, &kafka));
  // A node of an unknown kind matches only `*` and negations.
  EXPECT_TRUE(matches(d, any, nullptr));
  EXPECT_FALSE(matches(d, broker, nullptr));
  EXPECT_TRUE(matches(d, not_broker, nullptr));
}

}  // namespace
}  // namespace archc::check
