// archc lsp's message handler on messages an editor should never send (each found by the
// lsp fuzz target or written after it): an answer for every request, no crash; the
// protocol's lifecycle; what a rename refuses.

#include "lsp/server.hpp"

#include <gtest/gtest.h>

#include "lsp/test_client.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <tuple>

#include "compile/compile.hpp"

namespace archc::lsp {
namespace {

using test::answer;
using test::applied;
using test::at_word;
using test::initialized;

TEST(LspServer, MalformedNotificationsAreDroppedAndTheServerCarriesOn) {
  Server s = initialized();
  // Found by tests/fuzz/lsp_fuzz.cpp: didOpen without its textDocument threw out of handle().
  for (const char* text : {R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{}})",
                           R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":3}}})",
                           R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///x.arch"},"contentChanges":[{"range":{}}]}})",
                           R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":[]})",
                           R"({"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":null}})"}) {
    std::vector<Json> out;
    EXPECT_NO_THROW(out = s.handle(Json::parse(text))) << text;
    // What the client is told is ours: no exception text of the JSON library.
    for (const Json& m : out) EXPECT_EQ(m.dump().find("json.exception"), std::string::npos) << m.dump();
  }
  Json out = answer(s, R"({"jsonrpc":"2.0","id":7,"method":"shutdown"})");
  EXPECT_EQ(out["id"], 7);
}

TEST(LspServer, EveryRequestIsAnswered) {
  Server s = initialized();
  s.handle(Json::parse(R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/a.arch","text":"service a\n","version":1}}})"));
  for (const char* text : {R"({"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///tmp/a.arch"}}})",
                           R"({"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///tmp/a.arch"},"position":{"line":-1,"character":"x"}}})",
                           R"({"jsonrpc":"2.0","id":3,"method":"textDocument/rename","params":{"textDocument":{"uri":"file:///tmp/a.arch"},"position":{"line":0,"character":9}}})",
                           // Found by the fuzz target: a textDocument without its uri read past a
                           // JSON object (operator[] on a const object with a missing key).
                           R"({"jsonrpc":"2.0","id":6,"method":"textDocument/hover","params":{"textDocument":{"ura":"x"}}})",
                           R"({"jsonrpc":"2.0","id":7,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/a.arch"},"context":{"diagnostics":[{"data":3},{"data":{"fix":1}},7]}}})",
                           R"({"jsonrpc":"2.0","id":4,"method":"nothing"})", R"({"jsonrpc":"2.0","id":5})"}) {
    Json out = answer(s, text);
    EXPECT_TRUE(out.contains("error") || out.contains("result")) << out.dump();
    EXPECT_EQ(out.dump().find("json.exception"), std::string::npos) << out.dump();
  }
  EXPECT_EQ(s.handle(Json(Json::value_t::discarded))[0]["error"]["code"], -32700);
}

TEST(LspServer, NoExceptionTextReachesTheClient) {
  Server s = initialized();
  s.handle(Json::parse(R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/a.arch","text":"service a\n","version":1}}})"));
  Json out = answer(s, R"({"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///tmp/a.arch"},"position":{"line":"x"}}})");
  EXPECT_EQ(out["error"]["code"], -32602);
  EXPECT_EQ(out["error"]["message"], "invalid params of `textDocument/hover`: `position.line` is not a whole number");
  out = answer(s, R"({"jsonrpc":"2.0","id":2,"method":"textDocument/rename","params":{"textDocument":{"uri":"file:///tmp/a.arch"},"position":{"line":0,"character":9},"newName":42}})");
  EXPECT_EQ(out["error"]["message"], "invalid params of `textDocument/rename`: `newName` is not a string");
}

TEST(LspServer, RequestsBeforeInitializeAreRefusedAndNotificationsDropped) {
  Server s;
  Json out = answer(s, R"({"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}})");
  EXPECT_EQ(out["error"]["code"], -32002) << out.dump();
  EXPECT_EQ(out["id"], 1);
  EXPECT_TRUE(s.handle(Json::parse(R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/a.arch","text":"connect(a, b)\n"}}})")).empty());
  EXPECT_FALSE(s.pending());  // nothing was opened
  EXPECT_TRUE(answer(s, R"({"jsonrpc":"2.0","id":2,"method":"initialize","params":{"workspaceFolders":[{"uri":3}]}})").contains("result"));
  out = answer(s, R"({"jsonrpc":"2.0","id":3,"method":"initialize","params":{}})");
  EXPECT_EQ(out["error"]["code"], -32600) << out.dump();
}

TEST(LspServer, ExitBeforeInitializeEndsWithStatus1) {
  Server s;
  s.handle(Json::parse(R"({"jsonrpc":"2.0","method":"exit"})"));
  EXPECT_TRUE(s.exited());
  EXPECT_EQ(s.exit_code(), 1);
}

TEST(LspServer, AfterShutdownRequestsAreInvalidAndNotificationsDropped) {
  Server s = initialized();
  EXPECT_TRUE(answer(s, R"({"jsonrpc":"2.0","id":1,"method":"shutdown"})")["result"].is_null());
  Json out = answer(s, R"({"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{}})");
  EXPECT_EQ(out["error"]["code"], -32600) << out.dump();
  s.handle(Json::parse(R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/a.arch","text":"service a\n"}}})"));
  EXPECT_FALSE(s.pending());
  s.handle(Json::parse(R"({"jsonrpc":"2.0","method":"exit"})"));
  EXPECT_EQ(s.exit_code(), 0);
}

class LspRename : public ::testing::Test {
 protected:
  void SetUp() override {
    s_.handle(Json{{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
                   {"params", {{"textDocument", {{"uri", "file:///tmp/archc-lsp-rename/a.arch"}, {"version", 1}, {"text", kText}}}}}});
  }
  // Renames the `api` of `service api` to `to`.
  Json rename(const std::string& to, const char* method = "textDocument/rename") {
    return answer(s_, Json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", method},
                           {"params", {{"textDocument", {{"uri", "file:///tmp/archc-lsp-rename/a.arch"}}},
                                       {"position", {{"line", 1}, {"character", 11}}}, {"newName", to}}}}
                              .dump());
  }
  static constexpr const char* kText =
      "layer v1 {\n  service api\n  group edge {\n    service web\n  }\n  connect(web, api)\n}\n"
      "scenario flow in v1 {\n  web -> api\n}\n";
  Server s_ = initialized();
};

TEST_F(LspRename, ANewNameThatIsNotANameIsRefused) {
  for (const auto& [to, message] : std::vector<std::pair<std::string, std::string>>{
           {"1abc", "`1abc` is not a valid name: a name starts with a letter or `_`\nhelp: quote it: `'1abc'`"},
           {"a b", "`a b` is not a valid name: a bare name holds ASCII letters, digits, `_` and `-`, not a space"},
           {"a-", "`a-` is not a valid name: a `-` in a name is followed by a letter or digit\nhelp: quote it: `'a-'`"},
           {"'a b'", "`'a b'` is not a valid name: a quoted name is one or more characters between single quotes, none "
                     "of them a blank, `'`, `\\` or a control character"},
           {"", "the new name is empty"},
           {"layer", "`layer` is a keyword\nhelp: a quoted name may be one: `'layer'`"},
           {"web", "`web` is already the name of a node"},
           {"'web'", "`web` is already the name of a node"},
           {"edge", "`edge` is already the name of a group"},
           {"v1", "`v1` is already the name of a layer"},
           {"flow", "`flow` is already the name of a scenario"}}) {
    Json out = rename(to);
    EXPECT_EQ(out["error"]["code"], -32602) << to << ": " << out.dump();
    EXPECT_EQ(out["error"]["message"], message) << to;
  }
}

TEST_F(LspRename, AValidNameRenamesEveryUse) {
  for (const std::string to : {"orders-api", "'layer'", "_x2"}) {
    Json out = rename(to);
    ASSERT_TRUE(out.contains("result")) << out.dump();
    const Json& edits = out["result"]["changes"]["file:///tmp/archc-lsp-rename/a.arch"];
    ASSERT_EQ(edits.size(), 3u) << out.dump();
    EXPECT_EQ(edits[0]["newText"], to);
  }
}

TEST_F(LspRename, PrepareRenameGivesTheNameOrSaysWhyNot) {
  Json out = rename("", "textDocument/prepareRename");
  EXPECT_EQ(out["result"]["placeholder"], "api") << out.dump();
  EXPECT_EQ(out["result"]["range"]["start"]["character"], 10);
  out = answer(s_, R"({"jsonrpc":"2.0","id":2,"method":"textDocument/prepareRename","params":{"textDocument":{"uri":"file:///tmp/archc-lsp-rename/a.arch"},"position":{"line":0,"character":7}}})");
  EXPECT_EQ(out["result"]["placeholder"], "v1") << out.dump();  // a layer may be renamed too
  // `service` is the stdlib's kind.
  out = answer(s_, R"({"jsonrpc":"2.0","id":2,"method":"textDocument/prepareRename","params":{"textDocument":{"uri":"file:///tmp/archc-lsp-rename/a.arch"},"position":{"line":1,"character":3}}})");
  EXPECT_EQ(out["error"]["message"], "`service` is a kind the stdlib declares: it cannot be renamed") << out.dump();
}

TEST(LspNames, RenamingTheSeedsKafkaLeavesTheKindAndTheFileCompiles) {
  std::ifstream in(ARCHC_SOURCE_DIR "/examples/cloud_platform.arch");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_NE(text.find("kafka kafka \"Kafka\""), std::string::npos);
  const std::string uri = "file://" ARCHC_SOURCE_DIR "/examples/cloud_platform.arch";
  Server s = initialized();
  // The node id of `kafka kafka "Kafka"` (the second word), and a step `kafka -> flink`.
  for (const auto& [word, nth] : std::vector<std::pair<std::string, int>>{{"kafka \"Kafka\"", 0}, {"kafka -> flink", 0}}) {
    Json out = at_word(s, uri, text, word, nth, "textDocument/rename", {{"newName", "events"}});
    ASSERT_TRUE(out["result"]["changes"].contains(uri)) << out.dump();
    std::string renamed = applied(text, out["result"]["changes"][uri]);
    EXPECT_NE(renamed.find("kafka events \"Kafka\""), std::string::npos) << word;
    EXPECT_EQ(renamed.find("kafka kafka"), std::string::npos);
    EXPECT_NE(renamed.find("connect(debezium, events)"), std::string::npos);
    EXPECT_NE(renamed.find("events -> flink"), std::string::npos);
    compile::Request r = compile::text_request(renamed, ARCHC_SOURCE_DIR "/examples/renamed.arch", "renamed.arch");
    compile::Result result = compile::compile(r);
    EXPECT_FALSE(result.diags.has_errors()) << word;
    EXPECT_NE(result.diagram.find_node("events"), model::kNone);
  }
  // The kind is the stdlib's: not renamed.
  Json out = at_word(s, uri, text, "kafka kafka", 0, "textDocument/prepareRename");
  EXPECT_EQ(out["error"]["message"], "`kafka` is a kind the stdlib declares: it cannot be renamed") << out.dump();
}

// A kind and a layer declared in one file and used in another that imports it.
TEST(LspNames, AKindAndALayerAreRenamedAcrossTwoFiles) {
  const std::string parts =
      "role ledger \"Keeps the books\"\n"
      "kind books is ledger \"A bookkeeping service\"\n"
      "rule ledgers-are-read \"Ledgers are dialed\" { forbid connect(ledger, books) }\n"
      "layer base {\n  books ledger-a\n}\n";
  const std::string main =
      "import \"parts.arch\"\n"
      "layer more <> base {\n  books books-2 { allow: ledgers-are-read }\n  service books\n  connect(books, books-2)\n}\n"
      "scenario s in base {\n  note \"books\"\n}\n";
  const std::string parts_uri = "file:///tmp/archc-lsp-kinds/parts.arch", main_uri = "file:///tmp/archc-lsp-kinds/main.arch";
  Server s = initialized();
  at_word(s, parts_uri, parts, "books", 0, "textDocument/hover");
  // From a use in main.arch: the kind's declaration in parts.arch and both nodes of the kind;
  // not the node `books`, nor the text "books".
  Json out = at_word(s, main_uri, main, "books books-2", 0, "textDocument/rename", {{"newName", "journal"}});
  ASSERT_TRUE(out.contains("result")) << out.dump();
  std::string main_after = applied(main, out["result"]["changes"][main_uri]);
  std::string parts_after = applied(parts, out["result"]["changes"][parts_uri]);
  EXPECT_EQ(parts_after, "role ledger \"Keeps the books\"\n"
                         "kind journal is ledger \"A bookkeeping service\"\n"
                         "rule ledgers-are-read \"Ledgers are dialed\" { forbid connect(ledger, journal) }\n"
                         "layer base {\n  journal ledger-a\n}\n");
  EXPECT_EQ(main_after, "import \"parts.arch\"\n"
                        "layer more <> base {\n  journal books-2 { allow: ledgers-are-read }\n  service books\n"
                        "  connect(books, books-2)\n}\nscenario s in base {\n  note \"books\"\n}\n");
  // The layer, from its declaration: `<> base` and `in base` in main.arch follow.
  out = at_word(s, parts_uri, parts, "base", 0, "textDocument/rename", {{"newName", "core"}});
  ASSERT_TRUE(out.contains("result")) << out.dump();
  EXPECT_EQ(applied(main, out["result"]["changes"][main_uri]),
            "import \"parts.arch\"\nlayer more <> core {\n  books books-2 { allow: ledgers-are-read }\n  service books\n"
            "  connect(books, books-2)\n}\nscenario s in core {\n  note \"books\"\n}\n");
  // Definition goes by the name's place: the kind `books` to its declaration in parts.arch,
  // the node `books` to its own line.
  out = at_word(s, main_uri, main, "books books-2", 0, "textDocument/definition");
  EXPECT_EQ(out["result"]["uri"], parts_uri) << out.dump();
  EXPECT_EQ(out["result"]["range"]["start"]["line"], 1) << out.dump();
  out = at_word(s, main_uri, main, "books, books-2", 0, "textDocument/definition");
  EXPECT_EQ(out["result"]["uri"], main_uri) << out.dump();
  EXPECT_EQ(out["result"]["range"]["start"]["line"], 3) << out.dump();
  // Hover too: the kind's description on the kind, the node's label on the node.
  out = at_word(s, main_uri, main, "books books-2", 0, "textDocument/hover");
  EXPECT_EQ(out["result"]["contents"]["value"], "kind `books`: A bookkeeping service\n\nroles: ledger") << out.dump();
  out = at_word(s, main_uri, main, "books, books-2", 0, "textDocument/hover");
  EXPECT_EQ(out["result"]["contents"]["value"].get<std::string>().rfind("**books** `service`", 0), 0u) << out.dump();
  // A new name already taken by a kind or role is refused.
  out = at_word(s, main_uri, main, "books books-2", 0, "textDocument/rename", {{"newName", "ledger"}});
  EXPECT_EQ(out["error"]["message"], "`ledger` is already the name of a role") << out.dump();
  // The rule, from its `allow:`.
  out = at_word(s, main_uri, main, "ledgers-are-read", 0, "textDocument/rename", {{"newName", "ledgers-listen"}});
  ASSERT_TRUE(out.contains("result")) << out.dump();
  EXPECT_EQ(out["result"]["changes"][main_uri].size(), 1u) << out.dump();
  EXPECT_EQ(out["result"]["changes"][parts_uri].size(), 1u) << out.dump();
}

TEST(LspNames, ImportsLinkAndBlocksFold) {
  const std::string text =
      "import std\nimport \"parts/db.arch\"\n/* a\n   b */\nlayer v1 {\n  group g {\n    service a\n    service b\n  }\n}\n"
      "// one\n// two\n// three\nservice c // alone\n";
  Server s = initialized();
  Json out = at_word(s, "file:///tmp/archc-lsp-links/a.arch", text, "import", 0, "textDocument/documentLink");
  ASSERT_EQ(out["result"].size(), 1u) << out.dump();
  EXPECT_EQ(out["result"][0]["target"], "file:///tmp/archc-lsp-links/parts/db.arch");
  EXPECT_EQ(out["result"][0]["range"]["start"], (Json{{"line", 1}, {"character", 7}}));
  EXPECT_EQ(out["result"][0]["range"]["end"], (Json{{"line", 1}, {"character", 22}}));
  out = at_word(s, "file:///tmp/archc-lsp-links/a.arch", text, "import", 0, "textDocument/foldingRange");
  EXPECT_EQ(out["result"], Json::parse(R"([{"startLine":2,"endLine":3,"kind":"comment"},{"startLine":5,"endLine":7},{"startLine":4,"endLine":8},{"startLine":10,"endLine":12,"kind":"comment"}])"))
      << out.dump();
}

TEST(LspNames, ReferencesAreTheUsesOfTheNodeNotOfItsKind) {
  const std::string text =
      "layer v1 {\n  kafka kafka\n  flink flink\n  connect(flink, kafka)\n}\n"
      "layer v2 <> {\n  remove kafka\n  kafka k2\n}\n"
      "scenario s in v1 {\n  flink -> kafka \"reads\"\n}\n";
  Server s = initialized();
  Json out = at_word(s, "file:///tmp/archc-lsp-refs/a.arch", text, "kafka", 1, "textDocument/references");
  // The declaration, the connection, the remove and the step: not the two kinds.
  ASSERT_TRUE(out["result"].is_array()) << out.dump();
  EXPECT_EQ(out["result"].size(), 4u) << out.dump();
  out = at_word(s, "file:///tmp/archc-lsp-refs/a.arch", text, "kafka", 0, "textDocument/references");
  EXPECT_EQ(out["result"].size(), 2u) << out.dump();  // the kind, twice
  out = at_word(s, "file:///tmp/archc-lsp-refs/a.arch", text, "flink", 3, "textDocument/documentHighlight");
  ASSERT_EQ(out["result"].size(), 3u) << out.dump();  // the declaration, the connection, the step
  EXPECT_EQ(out["result"][0]["kind"], 3);
  EXPECT_EQ(out["result"][1]["kind"], 2);
}

}  // namespace
}  // namespace archc::lsp
