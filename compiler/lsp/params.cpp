#include "lsp/params.hpp"

#include <limits>

namespace archc::lsp {

namespace {

// Reads the fields of one JSON object, naming each by its path from the params
// (`textDocument.uri`); the first field that is missing or of the wrong type is the error,
// and every later read gives a default.
class Fields {
 public:
  Fields(const Json* j, std::string path, std::string* error) : j_(j), path_(std::move(path)), error_(error) {
    if (ok() && !j_->is_object()) fail(path_.empty() ? "the params are not an object" : "`" + path_ + "` is not an object");
  }

  bool ok() const { return error_->empty(); }
  bool has(const char* key) const { return ok() && j_->contains(key) && !j_->at(key).is_null(); }

  Fields object(const char* key) {
    const Json* v = field(key);
    return Fields(v, name(key), error_);
  }
  std::string string(const char* key) {
    const Json* v = field(key);
    if (!v) return {};
    if (!v->is_string()) return fail("`" + name(key) + "` is not a string"), std::string();
    return v->get<std::string>();
  }
  std::uint32_t whole(const char* key) {
    const Json* v = field(key);
    if (!v) return 0;
    if (!v->is_number_unsigned()) return fail("`" + name(key) + "` is not a whole number"), 0;
    if (v->get<std::uint64_t>() > std::numeric_limits<std::uint32_t>::max()) {
      return fail("`" + name(key) + "` is over 4294967295"), 0;
    }
    return v->get<std::uint32_t>();
  }
  bool boolean(const char* key) {
    const Json* v = field(key);
    if (v && !v->is_boolean()) return fail("`" + name(key) + "` is not a boolean"), false;
    return v && v->get<bool>();
  }
  int integer(const char* key) {
    const Json* v = field(key);
    if (!v) return 0;
    if (!v->is_number_integer() || v->get<std::int64_t>() < std::numeric_limits<int>::min() ||
        v->get<std::int64_t>() > std::numeric_limits<int>::max()) {
      return fail("`" + name(key) + "` is not an integer"), 0;
    }
    return v->get<int>();
  }
  const Json* array(const char* key) {
    const Json* v = field(key);
    if (v && !v->is_array()) return fail("`" + name(key) + "` is not an array"), nullptr;
    return v;
  }
  Position position(const char* key) {
    Fields p = object(key);
    Position out;
    out.line = p.whole("line");
    out.character = p.whole("character");
    return out;
  }
  std::string uri() { return object("textDocument").string("uri"); }
  // A range `{ start, end }` as its two positions.
  void range(const char* key, Position& start, Position& end) {
    Fields r = object(key);
    start = r.position("start");
    end = r.position("end");
  }
  std::string name(const char* key) const { return path_.empty() ? key : path_ + "." + key; }
  void fail(std::string why) {
    if (ok()) *error_ = std::move(why);
  }

 private:
  const Json* field(const char* key) {
    if (!ok()) return nullptr;
    if (!j_->contains(key)) return fail("`" + name(key) + "` is missing"), nullptr;
    return &j_->at(key);
  }

  const Json* j_;
  std::string path_;
  std::string* error_;
};

// The params as an object to read: a missing `params` reads as an empty object.
struct Root {
  explicit Root(const Json& params) : fields(&params, "", &error) {}
  std::string error;
  Fields fields;
};

std::string element(std::size_t i, const char* array_name) {
  return std::string(array_name) + "[" + std::to_string(i) + "]";
}

}  // namespace

std::string decode(const Json&, NoParams&) { return {}; }

std::string decode(const Json& params, InitializeParams& out) {
  Root r(params);
  // Every field is optional: a client that names no folder gets no workspace-wide features.
  auto uri_at = [&](const Json& j, const char* key) {
    return j.is_object() && j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : std::string();
  };
  if (r.fields.ok()) {
    if (std::string uri = uri_at(params, "rootUri"); !uri.empty()) out.root = path_of_uri(uri);
    if (params.contains("workspaceFolders") && params.at("workspaceFolders").is_array() && !params.at("workspaceFolders").empty()) {
      if (std::string uri = uri_at(params.at("workspaceFolders").at(0), "uri"); !uri.empty()) out.root = path_of_uri(uri);
    }
    const Json* caps = &params;
    for (const char* key : {"capabilities", "workspace", "didChangeWatchedFiles", "dynamicRegistration"}) {
      caps = caps && caps->is_object() && caps->contains(key) ? &caps->at(key) : nullptr;
    }
    out.can_watch_files = caps && caps->is_boolean() && caps->get<bool>();
  }
  return r.error;
}

std::string decode(const Json& params, DocumentParams& out) {
  Root r(params);
  out.uri = r.fields.uri();
  return r.error;
}

std::string decode(const Json& params, PositionParams& out) {
  Root r(params);
  out.uri = r.fields.uri();
  out.position = r.fields.position("position");
  return r.error;
}

std::string decode(const Json& params, ReferenceParams& out) {
  Root r(params);
  out.uri = r.fields.uri();
  out.position = r.fields.position("position");
  if (r.fields.has("context")) {
    Fields context = r.fields.object("context");
    if (context.has("includeDeclaration")) out.include_declaration = context.boolean("includeDeclaration");
  }
  return r.error;
}

std::string decode(const Json& params, RenameParams& out) {
  Root r(params);
  out.uri = r.fields.uri();
  out.position = r.fields.position("position");
  out.new_name = r.fields.string("newName");
  return r.error;
}

std::string decode(const Json& params, CodeActionParams& out) {
  Root r(params);
  out.uri = r.fields.uri();
  r.fields.range("range", out.start, out.end);
  // `context.diagnostics` is required by the protocol, but a client that sends none loses
  // nothing: the server's own diagnostics count too.
  if (r.fields.has("context")) {
    Fields context = r.fields.object("context");
    if (context.has("diagnostics")) {
      if (const Json* list = context.array("diagnostics")) {
        for (std::size_t i = 0; i < list->size() && r.error.empty(); ++i) {
          if (!list->at(i).is_object()) r.fields.fail("`" + element(i, "context.diagnostics") + "` is not an object");
          out.diagnostics.push_back(list->at(i));
        }
      }
    }
  }
  return r.error;
}

std::string decode(const Json& params, InlayHintParams& out) {
  Root r(params);
  out.uri = r.fields.uri();
  r.fields.range("range", out.start, out.end);
  return r.error;
}

std::string decode(const Json& params, WorkspaceSymbolParams& out) {
  Root r(params);
  out.query = r.fields.string("query");
  return r.error;
}

std::string decode(const Json& params, DidOpenParams& out) {
  Root r(params);
  Fields td = r.fields.object("textDocument");
  out.uri = td.string("uri");
  out.text = td.string("text");
  // The protocol requires a version; an editor that sends none gets 0.
  if (td.has("version")) out.version = td.integer("version");
  return r.error;
}

std::string decode(const Json& params, DidChangeParams& out) {
  Root r(params);
  Fields td = r.fields.object("textDocument");
  out.uri = td.string("uri");
  if (td.has("version")) out.version = td.integer("version");
  const Json* list = r.fields.array("contentChanges");
  for (std::size_t i = 0; list && i < list->size() && r.error.empty(); ++i) {
    Fields change(&list->at(i), element(i, "contentChanges"), &r.error);
    TextChange c;
    if (change.has("range")) {
      c.range.emplace();
      change.range("range", c.range->first, c.range->second);
    }
    c.text = change.string("text");
    out.changes.push_back(std::move(c));
  }
  return r.error;
}

std::string decode(const Json& params, WatchedFilesParams& out) {
  Root r(params);
  const Json* list = r.fields.array("changes");
  for (std::size_t i = 0; list && i < list->size() && r.error.empty(); ++i) {
    Fields change(&list->at(i), element(i, "changes"), &r.error);
    out.uris.push_back(change.string("uri"));
  }
  return r.error;
}

std::string decode(const Json& params, CancelParams& out) {
  Root r(params);
  if (r.fields.ok()) {
    if (!params.contains("id")) return "`id` is missing";
    if (!params.at("id").is_number_integer() && !params.at("id").is_string()) return "`id` is neither a number nor a string";
    out.id = params.at("id");
  }
  return r.error;
}

}  // namespace archc::lsp
