#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "compile/compile.hpp"
#include "model/model.hpp"
#include "model/suggest.hpp"

namespace archc::model {
namespace {

namespace fs = std::filesystem;
using source::Code;

constexpr const char* kMain = "/archc-unit-test/proj/main.arch";

// Builds `main_text` as /archc-unit-test/proj/main.arch, with `files` (absolute path -> text)
// served from memory; records every path the workspace is asked to read.
struct Built {
  explicit Built(std::string main_text, std::map<std::string, std::string> files = {},
                 std::vector<fs::path> extra_roots = {}) {
    Workspace w;
    w.roots = std::move(extra_roots);
    w.read = [this, files](const fs::path& path) -> std::optional<std::string> {
      reads.push_back(path.generic_string());
      auto it = files.find(path.generic_string());
      if (it == files.end()) return std::nullopt;
      return it->second;
    };
    compile::Request request;
    request.path = kMain;
    request.name = "main.arch";
    request.text = std::move(main_text);
    request.workspace = std::move(w);
    request.check_rules = false;
    compile::Result r = compile::compile(request);
    sources = std::move(r.sources);
    diags = std::move(r.diags);
    diagram = std::move(r.diagram);
  }

  std::size_t count(Code code) const {
    std::size_t n = 0;
    for (const auto& d : diags.all()) n += d.code == code;
    return n;
  }
  const source::Diagnostic* first(Code code) const {
    for (const auto& d : diags.all()) {
      if (d.code == code) return &d;
    }
    return nullptr;
  }
  std::string dump() const {
    std::string out;
    for (const auto& d : diags.all()) {
      out += std::string(d.name()) + ": " + d.message + " (" + d.help + ")\n";
    }
    return out;
  }
  std::size_t reads_of(const std::string& path) const {
    return static_cast<std::size_t>(std::count(reads.begin(), reads.end(), path));
  }
  std::string spelled(source::Span s) const {
    return sources.file(s.file).text().substr(s.begin, s.end - s.begin);
  }

  std::size_t edge(std::string_view from, std::string_view to) const {
    for (std::size_t i = 0; i < diagram.edges.size(); ++i) {
      const Edge& e = diagram.edges[i];
      if (e.from != kNone && e.to != kNone && diagram.nodes[e.from].id == from &&
          diagram.nodes[e.to].id == to)
        return i;
    }
    return kNone;
  }
  const Layer& layer(std::string_view id) const {
    std::size_t i = diagram.find_layer(id);
    EXPECT_NE(i, kNone) << id;
    return diagram.layers.at(i);
  }
  std::vector<std::string> layer_nodes(std::string_view id) const {
    std::vector<std::string> out;
    for (std::size_t n : layer(id).nodes) out.push_back(diagram.nodes[n].id);
    return out;
  }
  std::vector<std::string> layer_edges(std::string_view id) const {
    std::vector<std::string> out;
    for (std::size_t e : layer(id).edges) {
      out.push_back(diagram.nodes[diagram.edges[e].from].id + "->" + diagram.nodes[diagram.edges[e].to].id);
    }
    return out;
  }

  source::SourceMap sources;
  source::Diagnostics diags;
  std::vector<std::string> reads;
  Diagram diagram;
};

using Strings = std::vector<std::string>;

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

// --- Layers ---------------------------------------------------------------------------------

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
    EXPECT_FALSE(b.layer(id).nodes.empty()) << id;
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
  EXPECT_TRUE(b.layer("v2").edges.empty());
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

// --- Scenarios ------------------------------------------------------------------------------

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

// --- Suggestions ----------------------------------------------------------------------------

TEST(Suggest, EditDistance) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kafka", "kafka"), 0u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("pg-primry", "pg-primary"), 1u);
  EXPECT_EQ(edit_distance("flink", "klinf"), 2u);
  // Swapping neighbours is one edit.
  EXPECT_EQ(edit_distance("web", "wbe"), 1u);
  EXPECT_EQ(edit_distance("kafak", "kafka"), 1u);
}

TEST(Suggest, ClosestWithinAThirdOfTheLength) {
  EXPECT_EQ(closest("pg-primry", {"kafka", "pg-primary", "pg-replica"}), "pg-primary");
  EXPECT_EQ(closest("xyz", {"kafka", "flink"}), "");
}

TEST(Suggest, ClosestLimits) {
  // "kafak" is 5 long: at most 1 edit, and swapping two neighbours is one.
  EXPECT_EQ(closest("kafak", {"kafka"}), "kafka");
  EXPECT_EQ(closest("kfaak", {"kafka"}), "");
  EXPECT_EQ(closest("kafk", {"kafka"}), "kafka");
  // Short names still get a distance of 1.
  EXPECT_EQ(closest("v", {"v1"}), "v1");
  EXPECT_EQ(closest("stream-processr", {"stream-processor"}), "stream-processor");
  EXPECT_EQ(closest("anything", {}), "");
}

TEST(Suggest, TiesGoToTheEarlierCandidate) {
  EXPECT_EQ(closest("cat", {"bat", "hat"}), "bat");
  EXPECT_EQ(closest("cat", {"hat", "bat"}), "hat");
  // A closer later candidate still wins.
  EXPECT_EQ(closest("cat", {"bat", "cat"}), "cat");
}

}  // namespace
}  // namespace archc::model
