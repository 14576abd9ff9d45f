// The corpus of real systems (tests/corpus) as the proof of the rules and the layout:
// - every pattern the corpus and the examples draw, and every pattern the rules were reworked
//   for, has a clean way to be drawn (no two stdlib rules forbid both ways of drawing it);
// - on every corpus file, data flows along one axis: for at least 85% of the connections whose
//   data goes one way, the card it comes from stands left of the card it goes to.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "check/check.hpp"
#include "compile/compile.hpp"

namespace archc {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> corpus_files() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(ARCHC_CORPUS_DIR)) {
    if (e.path().extension() == ".arch") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

compile::Result compile_file(const fs::path& path, bool lay_out) {
  compile::Request request;
  request.path = path;
  request.name = path.filename().string();
  request.workspace = compile::disk_workspace({});
  request.lay_out = lay_out;
  return compile::compile(request);
}

// The first stdlib rule that forbids a connection from a node of kind `from` to one of kind
// `to`, or empty.
std::string forbidding(const model::Diagram& d, const model::Kind& from, const model::Kind& to) {
  for (const model::Rule& rule : d.rules) {
    for (const model::RuleClause& clause : rule.clauses) {
      if (clause.which != model::RuleClause::Which::Forbid || clause.both_ways) continue;
      for (const model::RuleConnect& alt : clause.any_of) {
        if (check::matches(d, alt.from, &from) && check::matches(d, alt.to, &to)) return rule.id;
      }
    }
  }
  return "";
}

TEST(Corpus, EveryRealPatternHasACleanWayToBeDrawn) {
  // The kinds at both ends of every connection of the corpus and the examples...
  std::set<std::pair<std::string, std::string>> patterns;
  std::vector<fs::path> files = corpus_files();
  for (const auto& e : fs::directory_iterator(ARCHC_EXAMPLES_DIR)) {
    if (e.path().extension() == ".arch") files.push_back(e.path());
  }
  for (const fs::path& f : files) {
    compile::Result r = compile_file(f, false);
    ASSERT_FALSE(r.diags.has_errors()) << f;
    for (const model::Edge& e : r.diagram.edges) {
      patterns.emplace(r.diagram.nodes[e.from].kind, r.diagram.nodes[e.to].kind);
    }
  }
  // ... and the patterns the rules were reworked for (issue 24), either way round.
  for (auto [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"person", "browser"}, {"person", "mobile-app"}, {"s3", "lambda"}, {"s3", "sqs"}, {"s3", "sns"},
           {"s3", "eventbridge"}, {"lambda", "dynamodb-streams"}, {"lambda", "sqs"}, {"browser", "prometheus"},
           {"person", "prometheus"}, {"jaeger", "prometheus"}, {"service", "nginx"}, {"load-generator", "envoy"},
           {"sqs", "sqs"}, {"kafka", "otel-collector"}, {"smtp", "person"}, {"sns", "mobile-app"},
           {"person", "person"}, {"grafana", "person"}, {"pagerduty", "person"}}) {
    patterns.emplace(a, b);
  }
  compile::Result stdlib = compile::compile(compile::text_request("import std\n", "/corpus/std.arch", "std.arch"));
  const model::Diagram& d = stdlib.diagram;
  std::vector<std::string> stuck;
  for (const auto& [a, b] : patterns) {
    const model::Kind* from = d.find_kind(a);
    const model::Kind* to = d.find_kind(b);
    if (!from || !to) continue;  // a kind of the file's own
    std::string there = forbidding(d, *from, *to), back = forbidding(d, *to, *from);
    if (!there.empty() && !back.empty()) stuck.push_back(a + " -> " + b + " (" + there + ") and back (" + back + ")");
  }
  EXPECT_GT(patterns.size(), 150u);
  EXPECT_TRUE(stuck.empty()) << testing::PrintToString(stuck);
}

TEST(Corpus, DataFlowsAlongOneAxis) {
  std::string report;
  for (const fs::path& f : corpus_files()) {
    compile::Result r = compile_file(f, true);
    ASSERT_TRUE(r.layout && r.layout->error.empty()) << f;
    const model::Diagram& d = r.diagram;
    std::size_t one_way = 0, along = 0;
    for (model::EdgeId e : d.edges.ids()) {
      const model::Edge& edge = d.edges[e];
      if (edge.flow == model::Flow::Both) continue;
      model::NodeId source = edge.flow == model::Flow::Forward ? edge.from : edge.to;
      model::NodeId target = edge.flow == model::Flow::Forward ? edge.to : edge.from;
      const layout::Box& s = r.layout->nodes[source];
      const layout::Box& t = r.layout->nodes[target];
      ++one_way;
      along += s.x + s.width / 2 < t.x + t.width / 2;
    }
    double share = one_way == 0 ? 1 : static_cast<double>(along) / static_cast<double>(one_way);
    report += f.filename().string() + ": " + std::to_string(along) + "/" + std::to_string(one_way) + "\n";
    EXPECT_GE(share, 0.85) << f.filename() << ": " << along << " of " << one_way << " connections";
  }
  std::cout << report;
}

}  // namespace
}  // namespace archc
