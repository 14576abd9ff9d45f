#include "lsp/server.hpp"

#include <unistd.h>

#include <iostream>

#include "compile/compile.hpp"

namespace archc::lsp {

namespace fs = std::filesystem;

namespace {

Json response(const Json& id, Json result) { return Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}; }
Json error_response(const Json& id, ErrorCode code, const std::string& message) {
  return Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", static_cast<int>(code)}, {"message", message}}}};
}
Json notify(const std::string& method, Json params) {
  return Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

}  // namespace

Json Server::initialize_result() const {
  Json caps;
  caps["positionEncoding"] = "utf-16";
  caps["textDocumentSync"] = {{"openClose", true}, {"change", 1}, {"save", false}};
  caps["hoverProvider"] = true;
  caps["definitionProvider"] = true;
  caps["referencesProvider"] = true;
  caps["documentHighlightProvider"] = true;
  caps["renameProvider"] = {{"prepareProvider", true}};
  caps["documentSymbolProvider"] = true;
  caps["documentLinkProvider"] = {{"resolveProvider", false}};
  caps["foldingRangeProvider"] = true;
  caps["documentFormattingProvider"] = true;
  caps["codeActionProvider"] = {{"codeActionKinds", {"quickfix"}}};
  caps["completionProvider"] = {{"triggerCharacters", {"(", ",", " ", "[", ">"}}};
  // The token types, in the order semantic_tokens numbers them.
  caps["semanticTokensProvider"] = {
      {"legend", {{"tokenTypes", {"keyword", "string", "comment", "number", "type", "variable", "property", "operator", "namespace"}},
                  {"tokenModifiers", Json::array()}}},
      {"full", true}};
  return Json{{"capabilities", caps}, {"serverInfo", {{"name", "archc"}, {"version", ARCHC_VERSION}}}};
}

Server::Document* Server::find(const Json& params) {
  // (at() and checks throughout: operator[] on a const JSON object with a missing key is
  // undefined behaviour in nlohmann-json, and these messages come from outside.)
  if (!params.is_object() || !params.contains("textDocument") || !params.at("textDocument").is_object()) return nullptr;
  const Json& td = params.at("textDocument");
  if (!td.contains("uri") || !td.at("uri").is_string()) return nullptr;
  const Json& uri = td.at("uri");
  auto it = docs_.find(uri.get<std::string>());
  if (it == docs_.end()) return nullptr;
  if (dirty_.count(it->first)) {
    compile_document(it->second);
    dirty_.erase(it->first);
    unpublished_.insert(it->first);
  }
  return &it->second;
}

std::vector<Json> Server::handle(const Json& m) {
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
    return out;  // a response to something we never ask: ignored
  }
  const std::string method = m.at("method");
  const Json params = m.contains("params") ? m.at("params") : Json::object();
  if (!has_id) {
    // Before `initialize` and after `shutdown` only `exit` counts. A notification gets no
    // answer, so a malformed one is dropped; the server carries on.
    if ((!initialized_ || shutdown_) && method != "exit") return out;
    try {
      notification(method, params);
    } catch (...) {
      out.push_back(notify("window/logMessage",
                           {{"type", 2}, {"message", "archc lsp: ignored a malformed `" + method + "` notification"}}));
      return out;
    }
    if (method == "textDocument/didClose") {
      out.push_back(notify("textDocument/publishDiagnostics",
                           {{"uri", params.at("textDocument").at("uri")}, {"diagnostics", Json::array()}}));
    }
    return out;
  }
  Answer answer(nullptr);
  if (!initialized_ && method != "initialize") {
    answer = Answer::error(ErrorCode::ServerNotInitialized, "the server is not initialized: `initialize` comes first");
  } else if (shutdown_) {
    answer = Answer::error(ErrorCode::InvalidRequest, "the server is shut down: only `exit` is expected");
  } else if (initialized_ && method == "initialize") {
    answer = Answer::error(ErrorCode::InvalidRequest, "`initialize` was sent already");
  } else {
    try {
      answer = request(method, params);
    } catch (...) {
      // A request with a malformed shape: an error for it, and the server carries on. The
      // exception's text is the JSON library's (or the standard library's), not ours to show.
      answer = Answer::error(ErrorCode::InvalidParams,
                             "invalid params: the parameters of `" + method + "` lack a field or have one of the wrong type");
    }
  }
  out.push_back(answer.code ? error_response(id, *answer.code, answer.message) : response(id, std::move(answer.result)));
  return out;
}

Answer Server::request(const std::string& method, const Json& params) {
  if (method == "initialize") {
    // The workspace's folder: rename looks there for the files that import a document, and
    // edits no file outside it.
    auto uri_in = [](const Json& j, const char* key) {
      return j.is_object() && j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : std::string();
    };
    if (std::string uri = uri_in(params, "rootUri"); !uri.empty()) root_ = path_of_uri(uri);
    if (params.is_object() && params.contains("workspaceFolders") && params.at("workspaceFolders").is_array() &&
        !params.at("workspaceFolders").empty()) {
      if (std::string uri = uri_in(params.at("workspaceFolders").at(0), "uri"); !uri.empty()) root_ = path_of_uri(uri);
    }
    initialized_ = true;
    return initialize_result();
  }
  if (method == "shutdown") {
    shutdown_ = true;
    return nullptr;
  }
  if (method == "textDocument/hover") return hover(params);
  if (method == "textDocument/definition") return definition(params);
  if (method == "textDocument/references") return references(params);
  if (method == "textDocument/documentHighlight") return highlights(params);
  if (method == "textDocument/prepareRename") return prepare_rename(params);
  if (method == "textDocument/rename") return rename(params);
  if (method == "textDocument/completion") return completion(params);
  if (method == "textDocument/documentSymbol") return document_symbols(params);
  if (method == "textDocument/documentLink") return document_links(params);
  if (method == "textDocument/foldingRange") return folding_ranges(params);
  if (method == "textDocument/formatting") return formatting(params);
  if (method == "textDocument/codeAction") return code_actions(params);
  if (method == "textDocument/semanticTokens/full") return semantic_tokens(params);
  return Answer::error(ErrorCode::MethodNotFound, "unknown method: " + method);
}

void Server::notification(const std::string& method, const Json& params) {
  if (method == "exit") {
    exited_ = true;
    return;
  }
  if (method == "textDocument/didOpen") {
    const Json& td = params.at("textDocument");
    Document d;
    d.uri = td.at("uri").get<std::string>();
    d.path = path_of_uri(d.uri);
    d.text = td.value("text", "");
    d.version = td.value("version", 0);
    std::string uri = d.uri;
    docs_[uri] = std::move(d);
    dirty_.insert(uri);
  } else if (method == "textDocument/didChange") {
    auto it = docs_.find(params.at("textDocument").at("uri").get<std::string>());
    if (it == docs_.end()) return;
    for (const Json& change : params.value("contentChanges", Json::array())) {
      if (change.contains("range")) {
        // Incremental change (we ask for full text, but accept either).
        const Json& r = change.at("range");
        std::size_t a = offset_of(it->second.text, {r.at("start").at("line"), r.at("start").at("character")});
        std::size_t b = offset_of(it->second.text, {r.at("end").at("line"), r.at("end").at("character")});
        if (b < a) std::swap(a, b);
        it->second.text.replace(a, b - a, change.value("text", ""));
      } else {
        it->second.text = change.value("text", "");
      }
    }
    it->second.version = params.at("textDocument").value("version", it->second.version);
    // This document, and every open one that reads it.
    dirty_.insert(it->first);
    for (auto& [uri, doc] : docs_) {
      if (doc.reads.count(it->second.path)) dirty_.insert(uri);
    }
  } else if (method == "textDocument/didClose") {
    std::string uri = params.at("textDocument").at("uri").get<std::string>();
    docs_.erase(uri);
    dirty_.erase(uri);
    unpublished_.erase(uri);
  }
}

std::vector<Json> Server::flush() {
  std::vector<Json> out;
  for (const std::string& uri : dirty_) {
    auto it = docs_.find(uri);
    if (it == docs_.end()) continue;
    out.push_back(notify("textDocument/publishDiagnostics", compile_document(it->second)));
    unpublished_.erase(uri);
  }
  // Compiled already for a request: what that compile found.
  for (const std::string& uri : unpublished_) {
    auto it = docs_.find(uri);
    if (it == docs_.end()) continue;
    const Document& doc = it->second;
    out.push_back(notify("textDocument/publishDiagnostics",
                         Json{{"uri", doc.uri}, {"version", doc.version}, {"diagnostics", doc.diagnostics}}));
  }
  dirty_.clear();
  unpublished_.clear();
  return out;
}

Json Server::compile_document(Document& doc) {
  std::map<std::string, std::string> open;
  for (const auto& [uri, d] : docs_) open[d.path] = d.text;
  auto compiled = std::make_shared<Compiled>(compile_text(doc.path, doc.text, open));
  const Compiled& c = *compiled;
  doc.reads = c.reads;
  doc.compiled = compiled;
  Json diags = Json::array();
  for (const source::Diagnostic& d : c.result.diags.sorted()) {
    Json j = diagnostic_json(c, doc.path, doc.text, d);
    if (!j.is_null()) diags.push_back(std::move(j));
  }
  doc.diagnostics = diags;
  return Json{{"uri", doc.uri}, {"version", doc.version}, {"diagnostics", diags}};
}

int run_stdio() {
  Reader in(STDIN_FILENO);
  Server server;
  auto send = [](const std::vector<Json>& messages) {
    for (const Json& m : messages) std::cout << frame(m);
    std::cout << std::flush;
  };
  for (;;) {
    // Debounce: compile once the editor has been quiet for a moment.
    if (server.pending() && !in.ready(150)) send(server.flush());
    std::optional<Json> m = in.next();
    if (!m) break;
    send(server.handle(*m));
    if (server.exited()) return server.exit_code();
  }
  return server.exited() ? server.exit_code() : 1;
}

}  // namespace archc::lsp
