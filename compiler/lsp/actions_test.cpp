// archc lsp's code actions, inlay hints and workspace symbols, as an editor asks for them.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "compile/compile.hpp"
#include "lsp/server.hpp"
#include "lsp/test_client.hpp"

namespace archc::lsp {
namespace {

namespace fs = std::filesystem;
using test::answer;
using test::applied;
using test::at_word;
using test::initialized;

// The code actions at the `nth` spelling of `word`, the cursor there.
Json actions_at(Server& s, const std::string& uri, const std::string& text, const std::string& word, int nth = 0) {
  Json at = test::position_of_word(text, word, nth);
  Json out = at_word(s, uri, text, word, nth, "textDocument/codeAction",
                     {{"range", {{"start", at}, {"end", at}}}, {"context", {{"diagnostics", Json::array()}}}});
  EXPECT_TRUE(out["result"].is_array()) << out.dump();
  return out["result"];
}

// The text after the action titled `title` (the test fails when there is none).
std::string after(const Json& actions, const std::string& uri, const std::string& text, const std::string& title) {
  for (const Json& a : actions) {
    if (a["title"] == title) return applied(text, a["edit"]["changes"][uri]);
  }
  ADD_FAILURE() << "no action `" << title << "` in " << actions.dump();
  return text;
}

std::vector<std::string> codes(const std::string& text) {
  compile::Result r = compile::compile(compile::text_request(text, "/tmp/archc-lsp-actions/a.arch", "a.arch"));
  std::vector<std::string> out;
  for (const source::Diagnostic& d : r.diags.sorted()) out.emplace_back(d.name());
  return out;
}

TEST(LspActions, AnUnknownNodeCanBeDeclared) {
  const std::string text = "layer v1 {\n  service api\n  connect(api, orders)\n}\n";
  Server s = initialized();
  Json out = at_word(s, "file:///tmp/archc-lsp-actions/a.arch", text, "orders", 0, "textDocument/codeAction",
                     {{"range", {{"start", {{"line", 2}, {"character", 15}}}, {"end", {{"line", 2}, {"character", 21}}}}},
                      {"context", {{"diagnostics", Json::array()}}}});
  ASSERT_TRUE(out["result"].is_array()) << out.dump();
  const Json* declare = nullptr;
  for (const Json& a : out["result"]) {
    if (a["title"] == "Declare `orders` as a service") declare = &a;
  }
  ASSERT_NE(declare, nullptr) << out.dump();
  std::string fixed = applied(text, (*declare)["edit"]["changes"]["file:///tmp/archc-lsp-actions/a.arch"]);
  EXPECT_EQ(fixed, "layer v1 {\n  service api\n  service orders\n  connect(api, orders)\n}\n");
  compile::Result r = compile::compile(compile::text_request(fixed, "/tmp/archc-lsp-actions/a.arch", "a.arch"));
  EXPECT_FALSE(r.diags.has_errors());
}

TEST(LspActions, ARulesFindingCanBeAllowedInPlace) {
  const std::string uri = "file:///tmp/archc-lsp-actions/a.arch";
  const std::string head = "prometheus p\nservice app\n";
  ASSERT_EQ(codes(head + "connect(app, p)\n"), std::vector<std::string>{"prometheus-pulls"});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"connect(app, p)\n", "connect(app, p) { allow: [prometheus-pulls] }\n"},
      {"connect(app, p) \"remote write\" { note: \"x\" }\n",
       "connect(app, p) \"remote write\" { allow: [prometheus-pulls], note: \"x\" }\n"},
      {"connect(app, p) {\n  note: \"x\"\n}\n", "connect(app, p) {\n  allow: [prometheus-pulls]\n  note: \"x\"\n}\n"},
      {"connect(app, p) { allow: [], note: \"x\" }\n", "connect(app, p) { allow: [prometheus-pulls], note: \"x\" }\n"},
      {"connect(app, p) {}\n", "connect(app, p) { allow: [prometheus-pulls] }\n"},
  };
  for (const auto& [line, allowed] : cases) {
    Server s = initialized();
    const std::string text = head + line;
    std::string fixed = after(actions_at(s, uri, text, "connect"), uri, text, "Allow `prometheus-pulls` here");
    EXPECT_EQ(fixed, head + allowed);
    EXPECT_TRUE(codes(fixed).empty()) << fixed;
  }
}

TEST(LspActions, ANodesFindingIsAllowedInItsProps) {
  const std::string uri = "file:///tmp/archc-lsp-actions/a.arch";
  const std::string rule = "rule needs-db \"a service needs a database\" {\n  require connect(service, database)\n  severity: warning\n}\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"service api \"API\"\n", "service api \"API\" { allow: [needs-db] }\n"},
      {"service api \"API\" { note: \"n\" } // the API\n", "service api \"API\" { allow: [needs-db], note: \"n\" } // the API\n"},
      {"service api { allow: [other] }\n", "service api { allow: [other, needs-db] }\n"},
      {"group g {\n  service api \"API\"\n}\n", "group g {\n  service api \"API\" { allow: [needs-db] }\n}\n"},
  };
  for (const auto& [line, allowed] : cases) {
    Server s = initialized();
    const std::string text = rule + line;
    EXPECT_EQ(after(actions_at(s, uri, text, "api"), uri, text, "Allow `needs-db` here"), rule + allowed);
  }
}

TEST(LspActions, TheDerivedFlowIsWrittenOutAndDroppedAgain) {
  const std::string uri = "file:///tmp/archc-lsp-actions/a.arch";
  const std::string text = "kafka kafka\nflink flink\nconnect(flink, kafka) \"reads\"\n";
  Server s = initialized();
  std::string written = after(actions_at(s, uri, text, "connect"), uri, text, "Write the derived data flow (`flow: backward`)");
  EXPECT_EQ(written, "kafka kafka\nflink flink\nconnect(flink, kafka) \"reads\" { flow: backward }\n");
  EXPECT_TRUE(codes(written).empty()) << written;
  std::string dropped = after(actions_at(s, uri, written, "connect"), uri, written, "Drop `flow: backward`: the model derives it");
  EXPECT_EQ(dropped, text);
  // Among other props, on a line of its own, and last on a shared line.
  for (const auto& [block, left] : std::vector<std::pair<std::string, std::string>>{
           {"{ flow: backward, note: \"n\" }", "{ note: \"n\" }"},
           {"{\n  note: \"n\"\n  flow: backward\n}", "{\n  note: \"n\"\n}"},
           {"{ note: \"n\", flow: backward }", "{ note: \"n\" }"}}) {
    const std::string before = "kafka kafka\nflink flink\nconnect(flink, kafka) " + block + "\n";
    EXPECT_EQ(after(actions_at(s, uri, before, "connect"), uri, before, "Drop `flow: backward`: the model derives it"),
              "kafka kafka\nflink flink\nconnect(flink, kafka) " + left + "\n");
  }
  // Derived from a scenario (against what the label alone would say): written, then dropped.
  const std::string scenario = "service kibana\nservice es\nconnect(kibana, es) \"query\"\nscenario s {\n  kibana -> es \"q\"\n}\n";
  std::string forward = after(actions_at(s, uri, scenario, "connect"), uri, scenario, "Write the derived data flow (`flow: forward`)");
  EXPECT_EQ(after(actions_at(s, uri, forward, "connect"), uri, forward, "Drop `flow: forward`: the model derives it"), scenario);
  // A flow written against what the model derives stays: no action drops it.
  const std::string against = "kafka kafka\nflink flink\nconnect(flink, kafka) { flow: forward }\n";
  for (const Json& a : actions_at(s, uri, against, "connect")) EXPECT_EQ(a["title"].get<std::string>().find("Drop"), std::string::npos);
}

// The inlay hints of `text`, opened as `uri`, over its first ten lines.
Json hints_of(const std::string& uri, const std::string& text) {
  Server s = initialized();
  s.handle(test::open_message(uri, text));
  return answer(s, Json{{"jsonrpc", "2.0"}, {"id", 3}, {"method", "textDocument/inlayHint"},
                        {"params", {{"textDocument", {{"uri", uri}}},
                                    {"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 9}, {"character", 0}}}}}}}}
                       .dump());
}

TEST(LspOutline, InlayHintsShowTheDerivedFlow) {
  const std::string uri = "file:///tmp/archc-lsp-hints/a.arch";
  const std::string text = "kafka kafka\nflink flink\nservice api\nconnect(flink, kafka)\nconnect(api, flink)\nconnect(api, kafka) { flow: forward }\n";
  Json out = hints_of(uri, text);
  // Only the connection whose flow the roles derive; not the default one, not the written one.
  ASSERT_EQ(out["result"].size(), 1u) << out.dump();
  EXPECT_EQ(out["result"][0]["label"], "flow: backward");
  EXPECT_EQ(out["result"][0]["position"], (Json{{"line", 3}, {"character", 21}}));
  EXPECT_NE(out["result"][0]["tooltip"].get<std::string>().find("by the roles"), std::string::npos) << out.dump();
}

TEST(LspOutline, AListsHintSaysWhenItsPairsFlowDifferently) {
  const std::string uri = "file:///tmp/archc-lsp-hints/b.arch";
  const std::string text = "kafka kafka\nflink flink\niceberg ice\nkafka k2\nconnect(flink, [kafka, ice])\nconnect(flink, [kafka, k2])\n";
  Json out = hints_of(uri, text);
  ASSERT_EQ(out["result"].size(), 2u) << out.dump();
  EXPECT_EQ(out["result"][0]["label"], "flow: per pair");
  EXPECT_NE(out["result"][0]["tooltip"].get<std::string>().find("flink → ice: forward"), std::string::npos) << out.dump();
  EXPECT_EQ(out["result"][1]["label"], "flow: backward");
}

TEST(LspOutline, WorkspaceSymbolsAreTheWorkspacesDeclarations) {
  fs::path dir = fs::temp_directory_path() / ("archc-lsp-symbols-" + std::to_string(::getpid()));
  fs::create_directories(dir / "build");
  fs::create_directories(dir / "buildings");
  std::ofstream(dir / "a.arch") << "postgres pg-primary\n";
  std::ofstream(dir / "buildings" / "b.arch") << "postgres pg-replica\nlayer v1 { }\n";
  std::ofstream(dir / "build" / "c.arch") << "postgres pg-build\n";
  Server s = initialized(Json{{"rootUri", uri_of_path(dir.string())}}.dump());
  // An open file counts as the editor holds it.
  s.handle(test::open_message(uri_of_path((dir / "a.arch").string()), "postgres pg-primary\npostgres pg-standby\n"));
  Json out = answer(s, R"({"jsonrpc":"2.0","id":4,"method":"workspace/symbol","params":{"query":"PGR"}})");
  std::set<std::string> names;
  for (const Json& sym : out["result"]) names.insert(sym["name"]);
  EXPECT_EQ(names, (std::set<std::string>{"pg-primary", "pg-replica"})) << out.dump();
  out = answer(s, R"({"jsonrpc":"2.0","id":5,"method":"workspace/symbol","params":{"query":""}})");
  names.clear();
  for (const Json& sym : out["result"]) names.insert(sym["name"]);
  EXPECT_EQ(names, (std::set<std::string>{"pg-primary", "pg-standby", "pg-replica", "v1"})) << out.dump();
  fs::remove_all(dir);
}

TEST(LspRenameAcrossFiles, FromAnImporterItRenamesTheClosedFileThatDeclaresTheNameAndItsOtherImporters) {
  fs::path dir = fs::temp_directory_path() / ("archc-lsp-rename-closed-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "parts.arch") << "kafka kafka \"Kafka\"\n";
  std::ofstream(dir / "sibling.arch") << "import \"parts.arch\"\nservice s\nconnect(s, kafka)\n";
  std::ofstream(dir / "unrelated.arch") << "kafka kafka\nservice u\nconnect(u, kafka)\n";
  const std::string main_text = "import \"parts.arch\"\nservice api\nconnect(api, kafka)\n";
  std::ofstream(dir / "main.arch") << main_text;
  Server s = initialized(Json{{"rootUri", uri_of_path(dir.string())}}.dump());
  const std::string main_uri = uri_of_path((dir / "main.arch").string());
  Json out = at_word(s, main_uri, main_text, "kafka", 0, "textDocument/rename", {{"newName", "bus"}});
  const Json& changes = out["result"]["changes"];
  ASSERT_TRUE(changes.is_object()) << out.dump();
  auto text_of = [&](const char* file) {
    std::ifstream in(dir / file);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  EXPECT_EQ(applied(main_text, changes[main_uri]), "import \"parts.arch\"\nservice api\nconnect(api, bus)\n");
  EXPECT_EQ(applied(text_of("parts.arch"), changes[uri_of_path((dir / "parts.arch").string())]), "kafka bus \"Kafka\"\n");
  EXPECT_EQ(applied(text_of("sibling.arch"), changes[uri_of_path((dir / "sibling.arch").string())]),
            "import \"parts.arch\"\nservice s\nconnect(s, bus)\n");
  EXPECT_FALSE(changes.contains(uri_of_path((dir / "unrelated.arch").string()))) << out.dump();
  fs::remove_all(dir);
}

TEST(LspCompletion, ThePlaceOnTheLineSaysWhatIsOffered) {
  const std::string head = "prometheus prom\nservice app\ngroup ops { service job }\nlayer v1 { }\n";
  // (the text up to the cursor, a label offered, a label not offered)
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"connect(app, prom) { allow: [", "prometheus-pulls", "app"},
      {"connect(app, prom) { allow: [prometheus-pulls, pro", "prometheus-pulls", "v1"},
      {"layer v2 <> ", "v1", "app"},
      {"scenario s in v", "v1", "prom"},
      {"connect(app, ", "prom", "v1"},
      {"connect(app, o", "ops", "layer"},  // a group stands for its members
      {"connect( /* a comment */ ap", "app", "layer"},
      {"app -> ", "prom", "layer"},
      {"  pro", "prometheus", "v1"},
      {"", "layer", "prometheus-pulls"},
      {"direction: ", "down", "layer"},
      {"view pay of ", "v1", "app"},
      {"  include app, o", "ops", "v1"},  // a view's line: nodes and groups
  };
  for (const auto& [line, offered, not_offered] : cases) {
    Server s = initialized();
    const std::string text = head + line;
    const std::string uri = "file:///tmp/archc-lsp-completion/a.arch";
    s.handle(test::open_message(uri, text));
    const int last_line = 4;
    Json out = answer(s, Json{{"jsonrpc", "2.0"}, {"id", 6}, {"method", "textDocument/completion"},
                              {"params", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", last_line}, {"character", line.size()}}}}}}
                             .dump());
    std::set<std::string> labels;
    for (const Json& item : out["result"]["items"]) labels.insert(item["label"]);
    EXPECT_TRUE(labels.count(offered)) << "`" << line << "` should offer " << offered;
    EXPECT_FALSE(labels.count(not_offered)) << "`" << line << "` should not offer " << not_offered;
  }
  // Each item replaces the whole name being typed, `-` and all, quoted where it must be.
  {
    Server s = initialized();
    const std::string text = "service pg-primary\nservice '3d-renderer'\nconnect(pg-p";
    s.handle(test::open_message("file:///tmp/archc-lsp-completion/c.arch", text));
    Json out = answer(s, R"({"jsonrpc":"2.0","id":8,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///tmp/archc-lsp-completion/c.arch"},"position":{"line":2,"character":12}}})");
    std::map<std::string, Json> edits;
    for (const Json& item : out["result"]["items"]) edits[item["label"]] = item["textEdit"];
    EXPECT_EQ(edits["pg-primary"], Json::parse(R"({"range":{"start":{"line":2,"character":8},"end":{"line":2,"character":12}},"newText":"pg-primary"})"));
    EXPECT_EQ(edits["3d-renderer"]["newText"], "'3d-renderer'");
  }
  // A continuation line of a list that spans lines: nodes.
  {
    Server s = initialized();
    const std::string text = "service api\nservice web\nconnect([api,\n  w";
    s.handle(test::open_message("file:///tmp/archc-lsp-completion/d.arch", text));
    Json out = answer(s, R"({"jsonrpc":"2.0","id":9,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///tmp/archc-lsp-completion/d.arch"},"position":{"line":3,"character":3}}})");
    std::set<std::string> labels;
    for (const Json& item : out["result"]["items"]) labels.insert(item["label"]);
    EXPECT_TRUE(labels.count("web") && !labels.count("service")) << out.dump();
  }
  // After a finished statement, nothing.
  Server s = initialized();
  s.handle(test::open_message("file:///tmp/archc-lsp-completion/b.arch", head + "connect(app, prom) "));
  Json out = answer(s, R"({"jsonrpc":"2.0","id":7,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///tmp/archc-lsp-completion/b.arch"},"position":{"line":4,"character":19}}})");
  EXPECT_TRUE(out["result"]["items"].empty()) << out.dump();
}

}  // namespace
}  // namespace archc::lsp

namespace archc::lsp {
namespace {

TEST(LspViews, RenameSeesTheNamesOfAViewAndTheViewItself) {
  const std::string text =
      "group shop { service cart }\nservice api\nconnect(api, cart)\nlayer v1 { }\n"
      "view focus \"Focus\" of v1 {\n  include cart, api\n}\n";
  const std::string uri = "file:///tmp/archc-lsp-views/a.arch";
  {
    Server s = initialized();
    Json out = test::at_word(s, uri, text, "cart", 0, "textDocument/rename", {{"newName", "basket"}});
    EXPECT_EQ(test::applied(text, out["result"]["changes"][uri]),
              "group shop { service basket }\nservice api\nconnect(api, basket)\nlayer v1 { }\n"
              "view focus \"Focus\" of v1 {\n  include basket, api\n}\n")
        << out.dump();
  }
  {
    Server s = initialized();
    Json out = test::at_word(s, uri, text, "focus", 0, "textDocument/rename", {{"newName", "zoom"}});
    EXPECT_EQ(test::applied(text, out["result"]["changes"][uri]),
              "group shop { service cart }\nservice api\nconnect(api, cart)\nlayer v1 { }\n"
              "view zoom \"Focus\" of v1 {\n  include cart, api\n}\n")
        << out.dump();
    out = test::at_word(s, uri, text, "v1", 1, "textDocument/references", {{"context", {{"includeDeclaration", true}}}});
    EXPECT_EQ(out["result"].size(), 2u) << out.dump();  // the layer, and the view's `of`
    out = test::at_word(s, uri, text, "focus", 0, "textDocument/hover");
    EXPECT_NE(out["result"]["contents"]["value"].get<std::string>().find("of layer `v1`, 2 nodes"), std::string::npos)
        << out.dump();
  }
}

}  // namespace
}  // namespace archc::lsp
