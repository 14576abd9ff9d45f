// archc lsp's message handler on messages an editor should never send (each found by the
// lsp fuzz target or written after it): an answer for every request, no crash.

#include "lsp/server.hpp"

#include <gtest/gtest.h>

namespace archc::lsp {
namespace {

TEST(LspServer, MalformedNotificationsAreDroppedAndTheServerCarriesOn) {
  Server s;
  // Found by tests/fuzz/lsp_fuzz.cpp: didOpen without its textDocument threw out of handle().
  for (const char* text : {R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{}})",
                           R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":3}}})",
                           R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///x.arch"},"contentChanges":[{"range":{}}]}})",
                           R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":[]})",
                           R"({"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":null}})"}) {
    EXPECT_NO_THROW(s.handle(Json::parse(text))) << text;
  }
  std::vector<Json> out = s.handle(Json::parse(R"({"jsonrpc":"2.0","id":7,"method":"shutdown"})"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["id"], 7);
}

TEST(LspServer, EveryRequestIsAnswered) {
  Server s;
  s.handle(Json::parse(R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/a.arch","text":"service a\n","version":1}}})"));
  for (const char* text : {R"({"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///tmp/a.arch"}}})",
                           R"({"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///tmp/a.arch"},"position":{"line":-1,"character":"x"}}})",
                           R"({"jsonrpc":"2.0","id":3,"method":"textDocument/rename","params":{"textDocument":{"uri":"file:///tmp/a.arch"},"position":{"line":0,"character":9}}})",
                           // Found by the fuzz target: a textDocument without its uri read past a
                           // JSON object (operator[] on a const object with a missing key).
                           R"({"jsonrpc":"2.0","id":6,"method":"textDocument/hover","params":{"textDocument":{"ura":"x"}}})",
                           R"({"jsonrpc":"2.0","id":7,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/a.arch"},"context":{"diagnostics":[{"data":3},{"data":{"fix":1}},7]}}})",
                           R"({"jsonrpc":"2.0","id":4,"method":"nothing"})", R"({"jsonrpc":"2.0","id":5})"}) {
    std::vector<Json> out = s.handle(Json::parse(text));
    ASSERT_EQ(out.size(), 1u) << text;
    EXPECT_TRUE(out[0].contains("error") || out[0].contains("result")) << out[0].dump();
  }
  EXPECT_EQ(s.handle(Json(Json::value_t::discarded))[0]["error"]["code"], -32700);
}

}  // namespace
}  // namespace archc::lsp
