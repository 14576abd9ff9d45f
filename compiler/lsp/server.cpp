#include "lsp/server.hpp"

#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>

namespace archc::lsp {

namespace {

Json response(const Json& id, Json result) { return Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}; }
Json error_response(const Json& id, ErrorCode code, const std::string& message) {
  return Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", static_cast<int>(code)}, {"message", message}}}};
}
Json notify(const std::string& method, Json params) {
  return Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

// A table entry whose handler takes its params as the type P.
template <class P>
Server::Method bind(std::string_view name, bool request, Json capability, Answer (Server::*handler)(const P&)) {
  return Server::Method{name, request, std::move(capability), [name, handler](Server& s, const Json& params) {
                          P p;
                          if (std::string why = decode(params, p); !why.empty()) {
                            return Answer::error(ErrorCode::InvalidParams, "invalid params of `" + std::string(name) +
                                                                               "`: " + why);
                          }
                          return (s.*handler)(p);
                        }};
}
template <class P>
Server::Method request(std::string_view name, Json capability, Answer (Server::*handler)(const P&)) {
  return bind(name, true, std::move(capability), handler);
}
template <class P>
Server::Method notification(std::string_view name, Json capability, Answer (Server::*handler)(const P&)) {
  return bind(name, false, std::move(capability), handler);
}

}  // namespace

const std::vector<Server::Method>& Server::methods() {
  // The semantic token types, in the order semantic_tokens numbers them.
  static const Json kTokenTypes = {"keyword", "string", "comment", "number", "type", "variable", "property", "operator", "namespace"};
  static const std::vector<Method> kMethods = {
      request("initialize", {{"positionEncoding", "utf-16"}}, &Server::initialize),
      notification("initialized", nullptr, &Server::initialized),
      request("shutdown", nullptr, &Server::shutdown),
      notification("exit", nullptr, &Server::exit),
      notification("$/cancelRequest", nullptr, &Server::cancel),
      notification("textDocument/didOpen", {{"textDocumentSync", {{"openClose", true}, {"save", false}}}}, &Server::did_open),
      notification("textDocument/didChange", {{"textDocumentSync", {{"change", 1}}}}, &Server::did_change),
      notification("textDocument/didClose", nullptr, &Server::did_close),
      // Registered when the client can watch files (see `initialized`).
      notification("workspace/didChangeWatchedFiles", nullptr, &Server::watched_files_changed),
      request("textDocument/hover", {{"hoverProvider", true}}, &Server::hover),
      request("textDocument/definition", {{"definitionProvider", true}}, &Server::definition),
      request("textDocument/references", {{"referencesProvider", true}}, &Server::references),
      request("textDocument/documentHighlight", {{"documentHighlightProvider", true}}, &Server::highlights),
      request("textDocument/prepareRename", {{"renameProvider", {{"prepareProvider", true}}}}, &Server::prepare_rename),
      request("textDocument/rename", {{"renameProvider", Json::object()}}, &Server::rename),
      request("textDocument/completion", {{"completionProvider", {{"triggerCharacters", {"(", ",", " ", "[", ">"}}}}},
              &Server::completion),
      request("textDocument/documentSymbol", {{"documentSymbolProvider", true}}, &Server::document_symbols),
      request("textDocument/documentLink", {{"documentLinkProvider", {{"resolveProvider", false}}}}, &Server::document_links),
      request("textDocument/foldingRange", {{"foldingRangeProvider", true}}, &Server::folding_ranges),
      request("textDocument/formatting", {{"documentFormattingProvider", true}}, &Server::formatting),
      request("textDocument/codeAction", {{"codeActionProvider", {{"codeActionKinds", {"quickfix", "refactor.rewrite"}}}}},
              &Server::code_actions),
      request("textDocument/semanticTokens/full",
              {{"semanticTokensProvider", {{"legend", {{"tokenTypes", kTokenTypes}, {"tokenModifiers", Json::array()}}}, {"full", true}}}},
              &Server::semantic_tokens),
      request("textDocument/inlayHint", {{"inlayHintProvider", true}}, &Server::inlay_hints),
      request("workspace/symbol", {{"workspaceSymbolProvider", true}}, &Server::workspace_symbols),
  };
  return kMethods;
}

Json Server::capabilities() {
  Json caps = Json::object();
  for (const Method& m : methods()) {
    if (m.capability.is_object()) caps.merge_patch(m.capability);
  }
  return caps;
}

Json Server::cancelled(const Json& id) { return error_response(id, ErrorCode::RequestCancelled, "the request was cancelled"); }

void Server::log(int type, const std::string& message) {
  std::cerr << "archc lsp: " << message << '\n';
  send(notify("window/logMessage", {{"type", type}, {"message", "archc lsp: " + message}}));
}

std::vector<Json> Server::handle(const Json& m) {
  outbox_.clear();
  std::vector<Json> out;
  if (m.is_discarded() || !m.is_object()) {
    out.push_back(error_response(nullptr, ErrorCode::ParseError,
                                 "parse error: not a message (a body that is not a JSON object, a header without a "
                                 "usable Content-Length, or a header or body over archc lsp's limits)"));
    return out;
  }
  const bool has_id = m.contains("id");
  const Json id = has_id ? m.at("id") : Json(nullptr);
  if (!m.contains("method") || !m.at("method").is_string()) {
    if (has_id && !m.contains("result") && !m.contains("error")) {
      out.push_back(error_response(id, ErrorCode::InvalidRequest, "invalid request: no method"));
    }
    return out;  // a response to a request of ours (registerCapability): nothing to do
  }
  const std::string method = m.at("method");
  const Json params = m.contains("params") ? m.at("params") : Json::object();
  const Method* entry = nullptr;
  for (const Method& candidate : methods()) {
    if (candidate.name == method) entry = &candidate;
  }
  if (!has_id) {
    // Before `initialize` and after `shutdown` only `exit` counts. A notification gets no
    // answer: an unknown one is dropped, a malformed one logged; the server carries on.
    if ((!initialized_ || shutdown_) && method != "exit") return out;
    if (!entry || entry->request) return out;
    Answer a = call(*entry, params);
    if (a.code == ErrorCode::InvalidParams) log(2, "ignored a notification: " + a.message);
    return std::move(outbox_);
  }
  Answer answer(nullptr);
  if (!initialized_ && method != "initialize") {
    answer = Answer::error(ErrorCode::ServerNotInitialized, "the server is not initialized: `initialize` comes first");
  } else if (shutdown_) {
    answer = Answer::error(ErrorCode::InvalidRequest, "the server is shut down: only `exit` is expected");
  } else if (initialized_ && method == "initialize") {
    answer = Answer::error(ErrorCode::InvalidRequest, "`initialize` was sent already");
  } else if (!entry || !entry->request) {
    answer = Answer::error(ErrorCode::MethodNotFound, "unknown method: " + method);
  } else {
    answer = call(*entry, params);
  }
  out.push_back(answer.code ? error_response(id, *answer.code, answer.message) : response(id, std::move(answer.result)));
  for (Json& message : outbox_) out.push_back(std::move(message));
  outbox_.clear();
  return out;
}

Answer Server::call(const Method& m, const Json& params) {
  const std::string name(m.name);
  try {
    return m.run(*this, params);
  } catch (const std::exception& e) {
    // A bug of ours: the client hears that, the log says what.
    log(1, "internal error in `" + name + "`: " + e.what());
  } catch (...) {
    log(1, "internal error in `" + name + "`");
  }
  return Answer::error(ErrorCode::InternalError,
                       "internal error: archc lsp failed on `" + name + "` (its log says why; please report it)");
}

Answer Server::initialize(const InitializeParams& p) {
  // The workspace's folder: rename looks there for the files that import a document, and
  // edits no file outside it; workspace symbols are its files'.
  root_ = p.root;
  can_watch_files_ = p.can_watch_files;
  initialized_ = true;
  return Json{{"capabilities", capabilities()}, {"serverInfo", {{"name", "archc"}, {"version", ARCHC_VERSION}}}};
}

Answer Server::initialized(const NoParams&) {
  // Ask the client to tell us of `.arch` files changed on disk (another editor, git checkout):
  // the open documents that import one are checked again.
  if (can_watch_files_) {
    send(Json{{"jsonrpc", "2.0"},
              {"id", "archc-watch-arch-files"},
              {"method", "client/registerCapability"},
              {"params",
               {{"registrations",
                 {{{"id", "archc-watched-files"},
                   {"method", "workspace/didChangeWatchedFiles"},
                   {"registerOptions", {{"watchers", {{{"globPattern", "**/*.arch"}}}}}}}}}}}});
  }
  return nullptr;
}

Answer Server::shutdown(const NoParams&) {
  shutdown_ = true;
  return nullptr;
}

Answer Server::exit(const NoParams&) {
  exited_ = true;
  return nullptr;
}

// A request is cancelled before it is handled by serve()'s reader; once handled, there is
// nothing left to cancel.
Answer Server::cancel(const CancelParams&) { return nullptr; }

Answer Server::did_open(const DidOpenParams& p) {
  store_.open(p);
  return nullptr;
}

Answer Server::did_change(const DidChangeParams& p) {
  store_.change(p);
  return nullptr;
}

Answer Server::did_close(const DocumentParams& p) {
  store_.close(p.uri);
  send(notify("textDocument/publishDiagnostics", {{"uri", p.uri}, {"diagnostics", Json::array()}}));
  return nullptr;
}

Answer Server::watched_files_changed(const WatchedFilesParams& p) {
  std::vector<std::string> paths;
  for (const std::string& uri : p.uris) paths.push_back(path_of_uri(uri));
  store_.files_changed(paths);
  return nullptr;
}

std::vector<Json> Server::flush() {
  std::vector<Json> out;
  for (Json& params : store_.flush()) out.push_back(notify("textDocument/publishDiagnostics", std::move(params)));
  return out;
}

namespace {

// Messages read on a thread of their own, handed to the server in order. A cancelled request
// still queued is marked, so that the server answers it as cancelled without running it.
class Inbox {
 public:
  struct Message {
    Json json;
    bool cancelled = false;
  };
  void push(Json m) {
    std::lock_guard lock(mu_);
    if (m.is_object() && m.contains("method") && m.at("method") == "$/cancelRequest" && m.contains("params") &&
        m.at("params").is_object() && m.at("params").contains("id")) {
      const Json& id = m.at("params").at("id");
      for (Message& queued : queue_) {
        const Json& q = queued.json;
        if (q.is_object() && q.contains("method") && q.contains("id") && q.at("id") == id) queued.cancelled = true;
      }
    }
    queue_.push_back(Message{std::move(m)});
    ready_.notify_one();
  }
  void close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    ready_.notify_one();
  }
  // The next message, waiting until `until` at most (nullopt: none came, or the input ended
  // and `ended` is set).
  std::optional<Message> pop(std::optional<DocumentStore::Clock::time_point> until, bool& ended) {
    std::unique_lock lock(mu_);
    auto has = [&] { return !queue_.empty() || closed_; };
    if (until) {
      ready_.wait_until(lock, *until, has);
    } else {
      ready_.wait(lock, has);
    }
    if (queue_.empty()) {
      ended = closed_;
      return std::nullopt;
    }
    Message m = std::move(queue_.front());
    queue_.pop_front();
    return m;
  }

 private:
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<Message> queue_;
  bool closed_ = false;
};

}  // namespace

int serve(int in_fd, int out_fd) {
  // Shared with the reader, which may outlive this call: after `exit` it waits for the end
  // of an input the client has not closed yet.
  auto inbox = std::make_shared<Inbox>();
  std::thread reader([inbox, in_fd] {
    Reader in(in_fd);
    while (std::optional<Json> m = in.next()) inbox->push(std::move(*m));
    inbox->close();
  });
  Server server;
  auto send = [out_fd](const std::vector<Json>& messages) {
    std::string bytes;
    for (const Json& m : messages) bytes += frame(m);
    for (std::size_t at = 0; at < bytes.size();) {
      ssize_t n = ::write(out_fd, bytes.data() + at, bytes.size() - at);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // the client is gone: the end of the input ends the server
      at += static_cast<std::size_t>(n);
    }
  };
  int status = 1;
  for (;;) {
    bool ended = false;
    std::optional<Inbox::Message> m = inbox->pop(server.pending() ? std::optional(server.due()) : std::nullopt, ended);
    if (m) {
      if (m->cancelled) {
        send({Server::cancelled(m->json.at("id"))});
        continue;
      }
      send(server.handle(m->json));
      if (server.exited()) {
        status = server.exit_code();
        break;
      }
    } else if (ended) {
      break;
    } else if (server.pending() && DocumentStore::Clock::now() >= server.due()) {
      send(server.flush());
    }
  }
  // The reader ends with the input: the client closes it after `exit`, or has gone.
  reader.detach();
  return status;
}

int run_stdio() { return serve(STDIN_FILENO, STDOUT_FILENO); }

}  // namespace archc::lsp
