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
// (the DocumentStore says how long), and each publishes the diagnostics of its own file.
//
// Errors are values: a handler answers with a result or an error in our words; params that
// do not decode get InvalidParams saying which field is wrong; an exception out of a handler
// is a bug of ours, answered with InternalError and a line in the log, never its text.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lsp/document.hpp"
#include "lsp/params.hpp"
#include "lsp/protocol.hpp"
#include "lsp/store.hpp"

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
  using Clock = DocumentStore::Clock;

  // One method the server knows: its name, whether it is a request (answered) or a
  // notification, what it adds to the capabilities `initialize` answers with, and its handler
  // (its params decoded first: a request whose params do not decode gets InvalidParams, a
  // notification whose params do not decode is logged and dropped).
  struct Method {
    std::string_view name;
    bool request = true;
    Json capability;  // merged into the capabilities (null: none)
    std::function<Answer(Server&, const Json& params)> run;
  };
  // The table every message is dispatched through.
  static const std::vector<Method>& methods();
  // The capabilities, as the table's entries add them up.
  static Json capabilities();

  // The answers and notifications a message gives rise to, in order.
  std::vector<Json> handle(const Json& message);
  // Runs one method's handler: an exception out of it (a bug of ours) is InternalError for
  // the client and a line in the log with what it said.
  Answer call(const Method& method, const Json& params);
  // The answer to a request the client cancelled before it was handled.
  static Json cancelled(const Json& id);
  // Compiles the documents changed since the last call; returns their diagnostics.
  std::vector<Json> flush();
  bool pending() const { return store_.pending(); }
  // When flush() is due (see DocumentStore).
  Clock::time_point due() const { return store_.due(); }
  bool exited() const { return exited_; }
  int exit_code() const { return shutdown_ ? 0 : 1; }
  DocumentStore& store() { return store_; }

 private:
  using Document = DocumentStore::Document;

  Answer initialize(const InitializeParams& p);
  Answer initialized(const NoParams& p);
  Answer shutdown(const NoParams& p);
  Answer exit(const NoParams& p);
  Answer cancel(const CancelParams& p);
  Answer did_open(const DidOpenParams& p);
  Answer did_change(const DidChangeParams& p);
  Answer did_close(const DocumentParams& p);
  Answer watched_files_changed(const WatchedFilesParams& p);

  // Features (features.cpp, actions.cpp).
  Answer hover(const PositionParams& p);
  Answer definition(const PositionParams& p);
  Answer references(const ReferenceParams& p);
  Answer highlights(const PositionParams& p);
  Answer prepare_rename(const PositionParams& p);
  Answer rename(const RenameParams& p);
  Answer completion(const PositionParams& p);
  Answer document_symbols(const DocumentParams& p);
  Answer document_links(const DocumentParams& p);
  Answer folding_ranges(const DocumentParams& p);
  Answer formatting(const DocumentParams& p);
  Answer code_actions(const CodeActionParams& p);
  Answer semantic_tokens(const DocumentParams& p);
  Answer inlay_hints(const InlayHintParams& p);
  Answer workspace_symbols(const WorkspaceSymbolParams& p);

  // The open document a request names, compiled if it changed since (nullptr: not open).
  Document* find(const std::string& uri) { return store_.get(uri); }
  // A message for the client, sent after the answer of the message being handled.
  void send(Json message) { outbox_.push_back(std::move(message)); }
  void log(int type, const std::string& message);

  DocumentStore store_;
  std::vector<Json> outbox_;
  std::string root_;  // the workspace folder, if the client named one
  bool can_watch_files_ = false;
  bool initialized_ = false;  // `initialize` answered: before it, requests are refused
  bool shutdown_ = false;
  bool exited_ = false;
};

// Serves the descriptors until `exit` (or the end of the input); returns the exit status.
// Messages are read on a thread of their own, so that a `$/cancelRequest` is seen while the
// server compiles; the server answers them in order on the calling thread.
int serve(int in_fd, int out_fd);

// serve() on stdin and stdout.
int run_stdio();

}  // namespace archc::lsp
