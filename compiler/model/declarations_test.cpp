#include <gtest/gtest.h>

#include "model/built_for_test.hpp"

namespace archc::model {
namespace {

using namespace test_support;

const Kind* kind(const Diagram& d, std::string_view id) { return d.find_kind(id); }

TEST(Declarations, AUserKindReplacesTheStdlibKindOfThatName) {
  Built b("import std\nkind postgres is service \"our own postgres\"\npostgres db\n");
  EXPECT_FALSE(b.diags.has_errors()) << b.dump();
  ASSERT_NE(kind(b.diagram, "postgres"), nullptr);
  EXPECT_EQ(kind(b.diagram, "postgres")->description, "our own postgres");
  EXPECT_TRUE(kind(b.diagram, "postgres")->module.empty()) << "the user's declaration, not the stdlib's";
}

TEST(Declarations, AKindDeclaredTwiceInUserFilesIsADuplicate) {
  Built b("kind gateway is service\nkind gateway is service \"again\"\n");
  ASSERT_EQ(b.count(Code::DuplicateId), 1u) << b.dump();
  const source::Diagnostic* d = b.first(Code::DuplicateId);
  EXPECT_EQ(d->message, "kind `gateway` is declared twice");
  ASSERT_EQ(d->related.size(), 1u) << "the first declaration, as a related location";
  EXPECT_EQ(b.spelled(d->related[0].span), "gateway");
  EXPECT_LT(d->related[0].span.begin, d->span.begin);
}

TEST(Declarations, AKindNamingAnUnknownRoleSuggestsOne) {
  Built b("kind cache is servce\n");
  ASSERT_EQ(b.count(Code::UnknownRole), 1u) << b.dump();
  EXPECT_EQ(b.first(Code::UnknownRole)->help, "a role with a similar name exists: `service`");
}

TEST(Declarations, ARuleMatchingAnUnknownRoleOrKindIsAnError) {
  Built b("rule r {\n  forbid connect(nosuch, *)\n}\n");
  ASSERT_EQ(b.count(Code::UnknownRole), 1u) << b.dump();
  EXPECT_EQ(b.spelled(b.first(Code::UnknownRole)->span), "nosuch");
}

TEST(Declarations, ARuleWithoutClausesIsAnError) {
  Built b("rule empty \"nothing\" {\n}\n");
  EXPECT_EQ(b.count(Code::EmptyRule), 1u) << b.dump();
}

TEST(Declarations, RuleSeverityAndFixAreRead) {
  Built b("rule soft { forbid connect(service, database); severity: warning; fix: reverse }\n");
  EXPECT_FALSE(b.diags.has_errors()) << b.dump();
  const Rule* r = nullptr;
  for (const Rule& x : b.diagram.rules) {
    if (x.id == "soft") r = &x;
  }
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->severity, source::Severity::Warning);
  EXPECT_TRUE(r->fix_reverse);
  ASSERT_EQ(r->clauses.size(), 1u);
  EXPECT_EQ(r->clauses[0].any_of.at(0).from.names.at(0).text, "service");
}

TEST(Declarations, EachMarksOneSideOfARequireLine) {
  Built b(
      "rule ok { require connect(*, each database) or connect(each database, service) }\n"
      "rule both { require connect(each service, each database) }\n"
      "rule in-forbid { forbid connect(each service, database) }\n"
      "rule apart { require connect(service, database) or connect(*, each database) }\n");
  EXPECT_EQ(b.count(Code::RuleSubject), 3u) << b.dump();
  EXPECT_EQ(b.diags.error_count(), 3u) << b.dump();
}

TEST(Declarations, ATitleGivenTwiceIsAnError) {
  Built b("title \"One\"\ntitle \"Two\"\n");
  EXPECT_EQ(b.count(Code::DuplicateProperty), 1u) << b.dump();
  EXPECT_EQ(b.diagram.title, "Two");
}

TEST(Declarations, AnImportedFilesTitleDoesNotRetitleTheDiagram) {
  Built b("import \"part.arch\"\ntitle \"Main\"\n", {{"/archc-unit-test/proj/part.arch", "title \"Part\"\n"}});
  EXPECT_FALSE(b.diags.has_errors()) << b.dump();
  EXPECT_EQ(b.diagram.title, "Main");
}

TEST(Declarations, StdlibModulesKeepTheirDescription) {
  Built b("import std\n");
  ASSERT_FALSE(b.diagram.modules.empty());
  for (const Diagram::Module& m : b.diagram.modules) EXPECT_FALSE(m.description.empty()) << m.id;
}

}  // namespace
}  // namespace archc::model
