#pragma once
// `archc lsp`: the language server, as a function of messages (no streams here, so that the
// tests drive it message by message). run_stdio() wires it to stdin and stdout.
//
// The protocol's lifecycle: before `initialize`, a request gets ServerNotInitialized and a
// notification is dropped (`exit` ends the server); after `shutdown`, a request gets
// InvalidRequest and a notification is dropped, but for `exit`.
//
// Open documents are compiled through the compile entry point, with open buffers served
// instead of the disk (an import of an open file sees its unsaved text). A change recompiles
// the document and every open document that read it; compiles wait until the editor pauses
// (run_stdio debounces), and each publishes the diagnostics of its own file.

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lsp/document.hpp"
#include "lsp/protocol.hpp"

namespace archc::lsp {

// A request's answer: its result, or an error in our own words (never a library's).
struct Answer {
  Answer(Json r) : result(std::move(r)) {}  // NOLINT: a result is an answer
  Answer(std::nullptr_t) {}                 // NOLINT: so is null
  static Answer error(ErrorCode code, std::string message) {
    Answer a(nullptr);
    a.code = code;
    a.message = std::move(message);
    return a;
  }
  Json result;
  std::optional<ErrorCode> code;
  std::string message;
};

class Server {
 public:
  // The answers and notifications a message gives rise to, in order.
  std::vector<Json> handle(const Json& message);
  // Compiles the documents changed since the last call; returns their diagnostics.
  std::vector<Json> flush();
  bool pending() const { return !dirty_.empty() || !unpublished_.empty(); }
  bool exited() const { return exited_; }
  int exit_code() const { return shutdown_ ? 0 : 1; }

 private:
  struct Document {
    std::string uri;
    std::string path;
    std::string text;
    int version = 0;
    std::set<std::string> reads;  // the files its last compile read (its imports)
    Json diagnostics = Json::array();
    std::shared_ptr<const Compiled> compiled;  // the last compile: what every request reads
  };

  Answer request(const std::string& method, const Json& params);
  void notification(const std::string& method, const Json& params);
  Json compile_document(Document& doc);
  Json initialize_result() const;

  // Features (features.cpp).
  Json hover(const Json& params);
  Json definition(const Json& params);
  Json references(const Json& params);
  Json highlights(const Json& params);
  Answer prepare_rename(const Json& params);
  Answer rename(const Json& params);
  Json completion(const Json& params);
  Json document_symbols(const Json& params);
  Json document_links(const Json& params);
  Json folding_ranges(const Json& params);
  Json formatting(const Json& params);
  Json code_actions(const Json& params);
  Json semantic_tokens(const Json& params);

  // The open document a request names, compiled if it changed since (nullptr: not open).
  Document* find(const Json& params);

  std::map<std::string, Document> docs_;  // by uri
  std::set<std::string> dirty_;           // uris to compile
  std::set<std::string> unpublished_;     // compiled for a request; diagnostics not sent yet
  std::string root_;  // the workspace folder, if the client named one
  bool initialized_ = false;  // `initialize` answered: before it, requests are refused
  bool shutdown_ = false;
  bool exited_ = false;
};

// Serves stdin/stdout until `exit`; returns the exit status.
int run_stdio();

}  // namespace archc::lsp
