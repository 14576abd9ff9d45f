#include "serve/api.hpp"

#include <algorithm>
#include <memory>
#include <mutex>
#include <thread>
#include <nlohmann/json.hpp>
#include <set>

#include "archc_serve_assets.hpp"
#include "compile/compile.hpp"
#include "render/html.hpp"
#include "source/nesting.hpp"
#include "serve/examples.hpp"
#include "syntax/lex.hpp"

namespace archc::serve {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

constexpr std::string_view kExamplePrefix = "example:";

// A request's JSON body; discarded when it is not JSON, or nests deeper than a page sends.
Json parse_body(const std::string& body) {
  if (!source::nests_within(body, source::kMaxJsonDepth)) return Json(Json::value_t::discarded);
  return Json::parse(body, nullptr, false);
}

HttpResponse json_response(int status, const Json& body) {
  return HttpResponse{status, "application/json", body.dump(-1, ' ', false, Json::error_handler_t::replace)};
}

const char* severity_word(source::Severity s) { return s == source::Severity::Error ? "error" : "warning"; }

// A diagnostic as the page lists it: where (file, 1-based line and column), what, and how.
Json diagnostic_json(const source::SourceMap& sources, const source::Diagnostic& d) {
  Json j;
  j["severity"] = severity_word(d.severity);
  j["code"] = std::string(d.name());
  j["message"] = d.message;
  j["help"] = d.help;
  if (d.span.valid() && d.span.file < sources.size()) {
    const source::SourceFile& f = sources.file(d.span.file);
    source::Location begin = f.location(d.span.begin), end = f.location(d.span.end);
    j["file"] = f.name();
    j["line"] = begin.line;
    j["column"] = begin.column;
    j["end_line"] = end.line;
    j["end_column"] = end.column;
  } else {
    j["file"] = nullptr;
  }
  return j;
}

// Reads through the disk, inside the folder only, noting every file read: the page reruns
// when one of them changes.
struct ReadLog {
  std::mutex mutex;
  std::set<fs::path> paths;
};

}  // namespace

void CompileSlots::acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  freed_.wait(lock, [&] { return free_ > 0; });
  --free_;
}

void CompileSlots::release() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++free_;
  }
  freed_.notify_one();
}

unsigned compile_places(unsigned asked) {
  return asked != 0 ? asked : std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
}

Api::Api(const Folder& folder, ApiOptions options) : folder_(folder), options_(std::move(options)) {
  compiles_ = std::make_unique<CompileSlots>(compile_places(options_.max_compiles));
}

HttpResponse error_response(int status, const std::string& message) {
  return json_response(status, Json{{"error", message}});
}

HttpResponse Api::handle(const HttpRequest& r) const {
  if (r.method == "GET") {
    if (r.path == "/" || r.path == "/index.html") return page();
    if (r.path.rfind("/assets/", 0) == 0) return asset(r.path.substr(8));
    if (r.path == "/api/files") return files();
    if (r.path == "/api/file") return file(r);
  } else if (r.method == "POST") {
    if (r.path == "/api/compile") return compile(r);
    if (r.path == "/api/save") return save(r);
    if (r.path == "/api/tokens") return tokens(r);
  }
  bool known = r.path == "/" || r.path == "/api/files" || r.path == "/api/file" || r.path == "/api/compile" ||
               r.path == "/api/save" || r.path == "/api/tokens";
  return known ? error_response(405, "method not allowed") : error_response(404, "no such page: " + r.path.substr(0, 200));
}

HttpResponse Api::page() const {
  Json config;
  config["folder"] = options_.folder_label;
  std::string html(generated::serve_assets::k_serve_html);
  std::string tag = "<!--CONFIG-->";
  // The folder name is the user's: no `<` may end the script element or open a comment.
  std::string json = render::script_safe(config.dump(-1, ' ', false, Json::error_handler_t::replace));
  if (std::size_t at = html.find(tag); at != std::string::npos) {
    html.replace(at, tag.size(), "<script id=\"archc-serve-config\" type=\"application/json\">" + json + "</script>");
  }
  return HttpResponse{200, "text/html; charset=utf-8", std::move(html)};
}

HttpResponse Api::asset(const std::string& name) const {
  namespace a = generated::serve_assets;
  if (name == "serve.css") return HttpResponse{200, "text/css; charset=utf-8", std::string(a::k_serve_css)};
  if (name == "serve.js") return HttpResponse{200, "text/javascript; charset=utf-8", std::string(a::k_serve_js)};
  if (name == "editor.js") return HttpResponse{200, "text/javascript; charset=utf-8", std::string(a::k_editor_js)};
  return error_response(404, "no such asset");
}

HttpResponse Api::files() const {
  Json j;
  j["folder"] = options_.folder_label;
  Json ex = Json::array();
  for (const Example& e : examples()) {
    ex.push_back(Json{{"path", std::string(kExamplePrefix) + e.id}, {"category", e.category}, {"title", e.title}});
  }
  j["examples"] = std::move(ex);
  Json files = Json::array();
  for (const std::string& f : folder_.list()) files.push_back(f);
  j["files"] = std::move(files);
  return json_response(200, j);
}

HttpResponse Api::file(const HttpRequest& r) const {
  auto it = r.query.find("path");
  if (it == r.query.end()) return error_response(400, "`path` is missing");
  const std::string& path = it->second;
  if (path.rfind(kExamplePrefix, 0) == 0) {
    const Example* e = find_example(std::string_view(path).substr(kExamplePrefix.size()));
    if (!e) return error_response(404, "no such example");
    return json_response(200, Json{{"path", path}, {"text", e->text}, {"version", version_of(e->text)},
                                   {"readonly", true}, {"title", e->title}});
  }
  std::string why;
  std::optional<Folder::Loaded> loaded = folder_.read(path, why);
  if (!loaded) return error_response(why.find("cannot read") == 0 ? 404 : 403, why);
  return json_response(200, Json{{"path", path}, {"text", loaded->text}, {"version", loaded->version}, {"readonly", false}});
}

// The editor's colours: `{"text": "…"}` cut by syntax::lex, as a flat list of
// (class, length in UTF-16 units) pairs covering the whole text, so that the page's
// highlighter never reads the language itself. Classes: k keyword, s string, q quoted name,
// n number or duration, c comment, p property key, o operator, e error, "" the rest.
HttpResponse Api::tokens(const HttpRequest& r) const {
  Json body = parse_body(r.body);
  if (body.is_discarded() || !body.is_object() || !body.contains("text") || !body["text"].is_string()) {
    return error_response(400, "expected {\"text\": \"…\"}");
  }
  const std::string& t = body["text"].get_ref<const std::string&>();
  // Past a megabyte the editor stays plain: an answer stays a few megabytes at most.
  if (t.size() > kMaxTokenizedBytes) return error_response(413, "too large to colour");
  const std::vector<syntax::Token> tokens = syntax::lex(t);
  std::string out = "{\"tokens\":[";
  auto utf16 = [&](std::size_t b, std::size_t e) {
    std::size_t n = 0;
    for (std::size_t i = b; i < e; ++i) {
      unsigned char c = static_cast<unsigned char>(t[i]);
      if ((c & 0xC0) != 0x80) n += c >= 0xF0 ? 2 : 1;  // a 4-byte sequence is a surrogate pair
    }
    return n;
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const syntax::Token& tok = tokens[i];
    const bool before_colon = syntax::is_property_key(t, tokens, i);
    const char* cls = "";
    switch (tok.kind) {
      case syntax::TokenKind::Keyword: cls = before_colon ? "p" : "k"; break;
      case syntax::TokenKind::Name: cls = before_colon ? "p" : ""; break;
      case syntax::TokenKind::String: cls = "s"; break;
      case syntax::TokenKind::QuotedName: cls = "q"; break;
      case syntax::TokenKind::Number:
      case syntax::TokenKind::Duration: cls = "n"; break;
      case syntax::TokenKind::Comment: cls = "c"; break;
      case syntax::TokenKind::Operator: cls = "o"; break;
      case syntax::TokenKind::Error: cls = "e"; break;
      default: break;
    }
    out += std::string(i ? "," : "") + "\"" + cls + "\"," + std::to_string(utf16(tok.begin, tok.end));
  }
  return HttpResponse{200, "application/json", out + "]}"};
}

HttpResponse Api::compile(const HttpRequest& r) const {
  Json body = parse_body(r.body);
  if (body.is_discarded() || !body.is_object() || !body.contains("path") || !body["path"].is_string() ||
      !body.contains("text") || !body["text"].is_string()) {
    return error_response(400, "expected {\"path\": \"…\", \"text\": \"…\"}");
  }
  std::string path = body["path"];
  compile::Request request;
  auto log = std::make_shared<ReadLog>();
  if (path.rfind(kExamplePrefix, 0) == 0) {
    std::string id = path.substr(kExamplePrefix.size());
    if (!find_example(id)) return error_response(404, "no such example");
    request = compile::text_request(body["text"], "/examples/" + id + ".arch", id + ".arch");
  } else {
    std::string why;
    std::optional<fs::path> abs = folder_.check(path, why);
    if (!abs) return error_response(403, why);
    request.path = *abs;
    request.name = path;
    request.text = body["text"].get<std::string>();
    request.workspace.roots = {folder_.dir()};
    request.workspace.resolve_links = false;  // a link under the folder is refused, not followed
    // Imports stay inside the folder (the loader refuses others before reading), are `.arch`
    // files that are not hidden, and are opened beneath the folder; note what was read.
    const Folder& folder = folder_;
    request.workspace.read = [&folder, log](const fs::path& p, source::Allow) {
      {
        std::lock_guard<std::mutex> lock(log->mutex);
        log->paths.insert(p);
      }
      return folder.read_import(p);
    };
  }
  request.format = compile::Format::Html;
  request.layout.timeout = options_.compile_timeout;
  // At most max_compiles at once (each may lay out in a child process of its own); the
  // others wait their turn.
  compile::Result result;
  {
    CompileSlot slot(*compiles_);
    result = compile::compile(request);
  }

  Json out;
  out["ok"] = result.ok() && !result.artifacts.empty();
  out["page"] = out["ok"].get<bool>() ? Json(result.artifacts.front().content) : Json(nullptr);
  Json diags = Json::array();
  for (const source::Diagnostic& d : result.diags.sorted()) diags.push_back(diagnostic_json(result.sources, d));
  out["diagnostics"] = std::move(diags);
  Json files = Json::array({path});
  for (const fs::path& p : log->paths) {
    std::string rel = folder_.relative(p);
    if (!rel.empty() && rel != path) files.push_back(rel);
  }
  out["files"] = std::move(files);
  return json_response(200, out);
}

HttpResponse Api::save(const HttpRequest& r) const {
  Json body = parse_body(r.body);
  if (body.is_discarded() || !body.is_object() || !body.contains("path") || !body["path"].is_string() ||
      !body.contains("text") || !body["text"].is_string() || !body.contains("version") || !body["version"].is_string()) {
    return error_response(400, "expected {\"path\": \"…\", \"text\": \"…\", \"version\": \"…\"}");
  }
  std::string path = body["path"];
  if (path.rfind(kExamplePrefix, 0) == 0) return error_response(403, "the built-in examples are read-only");
  bool force = body.contains("force") && body["force"].is_boolean() && body["force"].get<bool>();
  Folder::SaveResult s = folder_.save(path, body["text"].get<std::string>(), body["version"].get<std::string>(), force);
  switch (s.status) {
    case Folder::Saved::Written: return json_response(200, Json{{"version", s.version}});
    case Folder::Saved::Conflict: return json_response(409, Json{{"error", s.why}, {"version", s.version}});
    case Folder::Saved::NoFolder: return error_response(404, s.why);
    case Folder::Saved::Refused: return error_response(403, s.why);
    case Folder::Saved::Failed: break;
  }
  return error_response(500, s.why);
}

}  // namespace archc::serve
