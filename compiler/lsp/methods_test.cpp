// archc lsp's shape: the method table and the capabilities it generates, params decoded into
// our own words, bugs as InternalError, the document store's adaptive debounce and watched
// files, and serve() over pipes (cancellation, publishing without a request).

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <stdexcept>

#include "lsp/server.hpp"
#include "lsp/test_client.hpp"

namespace archc::lsp {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

using test::initialized;

Json message(const std::string& text) { return Json::parse(text); }
Json open_params(const std::string& uri, const std::string& text) { return test::open_message(uri, text); }

TEST(LspMethods, TheCapabilitiesAreWhatTheTableSays) {
  Server s;
  std::vector<Json> out = s.handle(message(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{}})"));
  ASSERT_EQ(out.size(), 1u);
  const Json& caps = out[0]["result"]["capabilities"];
  EXPECT_EQ(caps, Server::capabilities());
  // Merged from several entries: the sync from didOpen and didChange, rename from rename and
  // prepareRename.
  EXPECT_EQ(caps["textDocumentSync"], Json::parse(R"({"openClose":true,"change":1,"save":false})"));
  EXPECT_EQ(caps["renameProvider"]["prepareProvider"], true);
  for (const char* key : {"hoverProvider", "definitionProvider", "referencesProvider", "documentHighlightProvider",
                          "inlayHintProvider", "workspaceSymbolProvider", "foldingRangeProvider", "documentFormattingProvider"}) {
    EXPECT_EQ(caps[key], true) << key;
  }
  // Every request but the lifecycle's is announced by a capability.
  for (const Server::Method& m : Server::methods()) {
    if (!m.request || m.name == "initialize" || m.name == "shutdown") continue;
    EXPECT_TRUE(m.capability.is_object()) << m.name;
  }
}

TEST(LspMethods, ParamsThatDoNotDecodeAreSaidInOurWords) {
  Server s = initialized();
  s.handle(open_params("file:///tmp/a.arch", "service a\n"));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":[]})",
       "invalid params of `textDocument/hover`: the params are not an object"},
      {R"({"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}})",
       "invalid params of `textDocument/hover`: `textDocument` is missing"},
      {R"({"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":7}}})",
       "invalid params of `textDocument/hover`: `textDocument.uri` is not a string"},
      {R"({"jsonrpc":"2.0","id":1,"method":"textDocument/definition","params":{"textDocument":{"uri":"file:///tmp/a.arch"},"position":{"line":0}}})",
       "invalid params of `textDocument/definition`: `position.character` is missing"},
      {R"({"jsonrpc":"2.0","id":1,"method":"textDocument/references","params":{"textDocument":{"uri":"file:///tmp/a.arch"},"position":{"line":-1,"character":0}}})",
       "invalid params of `textDocument/references`: `position.line` is not a whole number"},
      {R"({"jsonrpc":"2.0","id":1,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/a.arch"},"range":{"start":{"line":0,"character":0}},"context":{}}})",
       "invalid params of `textDocument/codeAction`: `range.end` is missing"},
      {R"({"jsonrpc":"2.0","id":1,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/a.arch"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[1]}}})",
       "invalid params of `textDocument/codeAction`: `context.diagnostics[0]` is not an object"},
      {R"({"jsonrpc":"2.0","id":1,"method":"textDocument/inlayHint","params":{"textDocument":{"uri":"file:///tmp/a.arch"},"range":{"start":{"line":0,"character":0},"end":{"line":99999999999,"character":0}}}})",
       "invalid params of `textDocument/inlayHint`: `range.end.line` is over 4294967295"},
      {R"({"jsonrpc":"2.0","id":1,"method":"workspace/symbol","params":{"query":null}})",
       "invalid params of `workspace/symbol`: `query` is not a string"},
  };
  for (const auto& [text, said] : cases) {
    std::vector<Json> out = s.handle(message(text));
    ASSERT_EQ(out.size(), 1u) << text;
    EXPECT_EQ(out[0]["error"]["code"], -32602) << text;
    EXPECT_EQ(out[0]["error"]["message"], said) << text;
  }
}

TEST(LspMethods, AMalformedNotificationIsLoggedAndDropped) {
  Server s = initialized();
  testing::internal::CaptureStderr();
  std::vector<Json> out = s.handle(message(
      R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/a.arch"},"contentChanges":[{"text":1}]}})"));
  std::string err = testing::internal::GetCapturedStderr();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["method"], "window/logMessage");
  EXPECT_NE(out[0]["params"]["message"].get<std::string>().find("`contentChanges[0].text` is not a string"), std::string::npos)
      << out[0].dump();
  EXPECT_NE(err.find("contentChanges[0].text"), std::string::npos);
}

TEST(LspMethods, ABugIsAnInternalErrorAndALogLineNeverTheExceptionsText) {
  Server s = initialized();
  Server::Method broken{"textDocument/hover", true, nullptr, [](Server&, const Json&) -> Answer {
                          throw std::out_of_range("[json.exception.out_of_range.403] key 'x' not found");
                        }};
  testing::internal::CaptureStderr();
  Answer a = s.call(broken, Json::object());
  std::string err = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(a.code);
  EXPECT_EQ(*a.code, ErrorCode::InternalError);
  EXPECT_EQ(a.message.find("json.exception"), std::string::npos) << a.message;
  EXPECT_NE(a.message.find("textDocument/hover"), std::string::npos) << a.message;
  EXPECT_NE(err.find("internal error in `textDocument/hover`: [json.exception.out_of_range.403]"), std::string::npos) << err;
}

TEST(LspMethods, UnknownRequestsAreNotFoundAndUnknownNotificationsIgnored) {
  Server s = initialized();
  std::vector<Json> out = s.handle(message(R"({"jsonrpc":"2.0","id":4,"method":"textDocument/colorPresentation","params":{}})"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["error"]["code"], -32601);
  // A notification used as a request is not a request we serve.
  out = s.handle(message(R"({"jsonrpc":"2.0","id":5,"method":"textDocument/didOpen","params":{}})"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["error"]["code"], -32601);
  EXPECT_TRUE(s.handle(message(R"({"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}})")).empty());
}

TEST(LspMethods, AClientThatWatchesFilesIsAskedToWatchArchFiles) {
  Server s = initialized(R"({"capabilities":{"workspace":{"didChangeWatchedFiles":{"dynamicRegistration":true}}}})");
  std::vector<Json> out = s.handle(message(R"({"jsonrpc":"2.0","method":"initialized","params":{}})"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["method"], "client/registerCapability");
  const Json& reg = out[0]["params"]["registrations"][0];
  EXPECT_EQ(reg["method"], "workspace/didChangeWatchedFiles");
  EXPECT_EQ(reg["registerOptions"]["watchers"][0]["globPattern"], "**/*.arch");
  // The client's answer to it is no message to answer.
  EXPECT_TRUE(s.handle(message(R"({"jsonrpc":"2.0","id":"archc-watch-arch-files","result":null})")).empty());
  // A client that cannot watch is not asked.
  Server plain = initialized();
  EXPECT_TRUE(plain.handle(message(R"({"jsonrpc":"2.0","method":"initialized","params":{}})")).empty());
}

TEST(LspStore, TheDebounceFollowsTheLastCompile) {
  DocumentStore store;
  store.set_last_compile(3ms);
  EXPECT_EQ(store.debounce(), DocumentStore::kMinDebounce);
  store.set_last_compile(100ms);
  EXPECT_EQ(store.debounce(), 200ms);
  store.set_last_compile(2s);
  EXPECT_EQ(store.debounce(), DocumentStore::kMaxDebounce);
  // A burst that never pauses is compiled within kMaxWait of its first change.
  const auto start = DocumentStore::Clock::now();
  store.open(DidOpenParams{"file:///tmp/a.arch", "service a\n", 1});
  EXPECT_LE(store.due(), start + 1s + 50ms);
  EXPECT_TRUE(store.pending());
  EXPECT_EQ(store.flush().size(), 1u);
  EXPECT_FALSE(store.pending());
}

TEST(LspStore, AFileChangedOnDiskRechecksTheOpenFilesThatImportIt) {
  fs::path dir = fs::temp_directory_path() / ("archc-lsp-watch-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "b.arch") << "service b\n";
  const std::string a_text = "import \"b.arch\"\nservice a\nconnect(a, b)\n";
  Server s = initialized();
  s.handle(open_params(uri_of_path((dir / "a.arch").string()), a_text));
  std::vector<Json> out = s.flush();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0]["params"]["diagnostics"].empty()) << out[0].dump();
  // b no longer declares the node a dials.
  std::ofstream(dir / "b.arch") << "service c\n";
  s.handle(Json{{"jsonrpc", "2.0"},
                {"method", "workspace/didChangeWatchedFiles"},
                {"params", {{"changes", {{{"uri", uri_of_path((dir / "b.arch").string())}, {"type", 2}}}}}}});
  out = s.flush();
  ASSERT_EQ(out.size(), 1u);
  ASSERT_FALSE(out[0]["params"]["diagnostics"].empty());
  EXPECT_EQ(out[0]["params"]["diagnostics"][0]["code"], "unknown-node");
  // A file no open document reads changes nothing.
  s.handle(Json{{"jsonrpc", "2.0"},
                {"method", "workspace/didChangeWatchedFiles"},
                {"params", {{"changes", {{{"uri", uri_of_path((dir / "z.arch").string())}, {"type", 1}}}}}}});
  EXPECT_FALSE(s.pending());
  fs::remove_all(dir);
}

// serve() over pipes, as an editor drives it.
class LspServe : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::pipe(to_server_), 0);
    ASSERT_EQ(::pipe(from_server_), 0);
    status_ = std::async(std::launch::async, [this] { return serve(to_server_[0], from_server_[1]); });
    reader_ = std::make_unique<Reader>(from_server_[0]);
  }
  void TearDown() override {
    ::close(to_server_[1]);
    if (status_.valid()) status_.wait();
    ::close(from_server_[0]);
    ::close(from_server_[1]);
  }
  void write(const std::vector<Json>& messages) {
    std::string bytes;
    for (const Json& m : messages) bytes += frame(m);
    ASSERT_EQ(::write(to_server_[1], bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }
  // The next message with `key` equal to `value` (the others before it are passed over).
  Json next(const char* key, const Json& value) {
    while (std::optional<Json> m = reader_->next()) {
      if (m->contains(key) && m->at(key) == value) return *m;
    }
    return nullptr;
  }

  int to_server_[2] = {-1, -1}, from_server_[2] = {-1, -1};
  std::future<int> status_;
  std::unique_ptr<Reader> reader_;
};

TEST_F(LspServe, ChangesArePublishedWithoutARequestAndExitEndsTheServer) {
  write({message(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})"),
         open_params("file:///tmp/serve-a.arch", "service a\nconnect(a, b)\n")});
  Json d = next("method", "textDocument/publishDiagnostics");
  ASSERT_FALSE(d.is_null());
  EXPECT_EQ(d["params"]["diagnostics"][0]["code"], "unknown-node");
  write({message(R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/serve-a.arch","version":2},"contentChanges":[{"text":"service a\n"}]}})")});
  d = next("method", "textDocument/publishDiagnostics");
  EXPECT_EQ(d["params"]["version"], 2);
  EXPECT_TRUE(d["params"]["diagnostics"].empty());
  write({message(R"({"jsonrpc":"2.0","id":2,"method":"shutdown"})"), message(R"({"jsonrpc":"2.0","method":"exit"})")});
  EXPECT_EQ(next("id", 2)["result"], nullptr);
  ASSERT_EQ(status_.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(status_.get(), 0);
}

TEST_F(LspServe, ARequestCancelledWhileTheServerCompilesIsAnsweredAsCancelled) {
  // A document big enough that its compile takes a while: the reader sees the cancel
  // meanwhile.
  std::string big;
  for (int i = 0; i < 3000; ++i) big += "service s" + std::to_string(i) + "\n";
  for (int i = 1; i < 3000; ++i) big += "connect(s" + std::to_string(i - 1) + ", s" + std::to_string(i) + ")\n";
  const std::string uri = "file:///tmp/serve-big.arch";
  write({message(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})"), open_params(uri, big)});
  ASSERT_FALSE(next("id", 1).is_null());
  const Json at = {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 0}, {"character", 9}}}};
  write({Json{{"jsonrpc", "2.0"},
              {"method", "textDocument/didChange"},
              {"params", {{"textDocument", {{"uri", uri}, {"version", 2}}}, {"contentChanges", {{{"text", big + "service z\n"}}}}}}},
         Json{{"jsonrpc", "2.0"}, {"id", 2}, {"method", "textDocument/hover"}, {"params", at}},
         Json{{"jsonrpc", "2.0"}, {"id", 3}, {"method", "textDocument/hover"}, {"params", at}},
         Json{{"jsonrpc", "2.0"}, {"method", "$/cancelRequest"}, {"params", {{"id", 3}}}}});
  Json hover = next("id", 2);
  EXPECT_TRUE(hover.contains("result")) << hover.dump();
  Json cancelled = next("id", 3);
  EXPECT_EQ(cancelled["error"]["code"], -32800) << cancelled.dump();
}

}  // namespace
}  // namespace archc::lsp
