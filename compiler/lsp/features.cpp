// The requests of `archc lsp` about a document: hover, definition, references, rename,
// completion, symbols, formatting and quick fixes.

#include <cctype>
#include <regex>

#include "format/format.hpp"
#include "lsp/document.hpp"
#include "lsp/names.hpp"
#include "lsp/server.hpp"
#include "syntax/keywords.hpp"
#include "syntax/lex.hpp"

namespace archc::lsp {

namespace {

struct At {
  const Compiled& compiled;
  std::size_t offset = 0;
};

std::size_t offset_param(const std::string& text, const Json& params) {
  const Json& p = params.at("position");
  return offset_of(text, {p.at("line").get<std::uint32_t>(), p.at("character").get<std::uint32_t>()});
}

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string layers_of(const model::Diagram& d, const model::LayerSet& set) {
  std::vector<std::string> names;
  for (model::LayerId l : d.layer_order.list(set)) names.push_back(d.layers[l].id);
  return join(names);
}

}  // namespace

// The document, its last compile (find() recompiles a changed one), and the request's
// position in it.
#define ARCHC_LSP_AT(params)                                                            \
  Document* doc = find(params);                                                         \
  if (!doc || !doc->compiled) return nullptr;                                           \
  At at{*doc->compiled, offset_param(doc->text, params)};                               \
  const model::Diagram& d = at.compiled.result.diagram;

Json Server::hover(const Json& params) {
  ARCHC_LSP_AT(params)
  // What the name under the cursor names by its place: the node `kafka` or the kind `kafka`.
  const syntax::NameUse* use = use_at(at.compiled.uses, at.offset);
  if (!use) return nullptr;
  const std::string& name = use->name;
  std::string md;
  switch (resolved(*use, d)) {
    case syntax::NameSort::Node:
    case syntax::NameSort::NodeOrGroup:
      if (model::NodeId n = d.find_node(name); n != model::kNone) {
        const model::Node& node = d.nodes[n];
        md = "**" + node.label + "** `" + node.kind + "`";
        if (const model::Kind* k = d.find_kind(node.kind)) {
          if (!k->description.empty()) md += "\n\n" + k->description;
          if (!k->roles.empty()) md += "\n\nroles: " + join(k->roles);
        }
        md += "\n\nlayers: " + layers_of(d, node.layers);
        if (!node.props.note.empty()) md += "\n\n" + node.props.note;
      }
      break;
    case syntax::NameSort::Kind:
    case syntax::NameSort::KindOrRole:
      if (const model::Kind* k = d.find_kind(name)) {
        md = "kind `" + k->id + "`" + (k->description.empty() ? "" : ": " + k->description) +
             (k->roles.empty() ? "" : "\n\nroles: " + join(k->roles));
      }
      break;
    case syntax::NameSort::Role:
      if (const model::Role* r = d.find_role(name)) {
        md = "role `" + r->id + "`" + (r->description.empty() ? "" : ": " + r->description);
      }
      break;
    case syntax::NameSort::Rule:
      for (const model::Rule& rule : d.rules) {
        if (rule.id == name) md = "rule `" + rule.id + "`" + (rule.description.empty() ? "" : ": " + rule.description);
      }
      break;
    case syntax::NameSort::Layer:
      if (model::LayerId l = d.find_layer(name); l != model::kNone) {
        md = "layer `" + name + "`" + (d.layers[l].title.empty() ? "" : ": " + d.layers[l].title);
      }
      break;
    case syntax::NameSort::Group:
    case syntax::NameSort::Scenario:
      break;
  }
  if (md.empty()) return nullptr;
  return Json{{"contents", {{"kind", "markdown"}, {"value", md}}}, {"range", range_json(doc->text, use->span.begin, use->span.end)}};
}

Json Server::definition(const Json& params) {
  ARCHC_LSP_AT(params)
  // An import: the file it names.
  for (const syntax::ImportedPath& i : syntax::imported_paths(doc->text)) {
    if (i.begin <= at.offset && at.offset <= i.end && !i.path.empty()) {
      std::filesystem::path target = std::filesystem::path(doc->path).parent_path() / i.path;
      return Json{{"uri", uri_of_path(target.lexically_normal().string())}, {"range", range_json("", 0, 0)}};
    }
  }
  // A name: where what it names, by its place, is declared.
  const syntax::NameUse* use = use_at(at.compiled.uses, at.offset);
  if (!use) return nullptr;
  source::Span span = declared_at(resolved(*use, d), use->name, d);
  return location_json(at.compiled, span);
}

Json Server::references(const Json& params) {
  ARCHC_LSP_AT(params)
  Json out = Json::array();
  const syntax::NameUse* use = use_at(at.compiled.uses, at.offset);
  if (!use) return out;
  for (const auto& [uri, other] : docs_) {
    if (!other.compiled) continue;
    for (const syntax::NameUse* u : uses_of(other.compiled->uses, *use, d))
      out.push_back(Json{{"uri", uri}, {"range", range_json(other.text, u->span.begin, u->span.end)}});
  }
  return out;
}

// The uses in this document of the name under the cursor: declarations as writes (3), the
// rest as reads (2).
Json Server::highlights(const Json& params) {
  ARCHC_LSP_AT(params)
  Json out = Json::array();
  const syntax::NameUse* use = use_at(at.compiled.uses, at.offset);
  if (!use) return out;
  for (const syntax::NameUse* u : uses_of(at.compiled.uses, *use, d))
    out.push_back(Json{{"range", range_json(doc->text, u->span.begin, u->span.end)}, {"kind", u->declares ? 3 : 2}});
  return out;
}

namespace {

// The name a rename at the cursor is about: nullptr (and `refused` set when there is a name
// that cannot be renamed: one declared nowhere, or by the stdlib).
const syntax::NameUse* renamed(const Compiled& c, std::size_t offset, std::optional<Answer>& refused) {
  const model::Diagram& d = c.result.diagram;
  const syntax::NameUse* use = use_at(c.uses, offset);
  if (!use) return nullptr;
  const syntax::NameSort sort = resolved(*use, d);
  const source::Span decl = declared_at(sort, use->name, d);
  const std::string shown = "`" + use->name + "`";
  if (!decl.valid()) {
    refused = Answer::error(ErrorCode::RequestFailed, shown + " is declared nowhere: there is nothing to rename");
  } else if (location_json(c, decl).is_null()) {
    refused = Answer::error(ErrorCode::RequestFailed,
                            shown + " is a " + sort_word(sort) + " the stdlib declares: it cannot be renamed");
  }
  return refused ? nullptr : use;
}

}  // namespace

Answer Server::prepare_rename(const Json& params) {
  ARCHC_LSP_AT(params)
  std::optional<Answer> refused;
  const syntax::NameUse* use = renamed(at.compiled, at.offset, refused);
  if (!use) return refused ? *refused : Answer(nullptr);
  (void)d;
  return Json{{"range", range_json(doc->text, use->span.begin, use->span.end)}, {"placeholder", use->name}};
}

Answer Server::rename(const Json& params) {
  ARCHC_LSP_AT(params)
  if (!params.contains("newName") || !params.at("newName").is_string()) {
    return Answer::error(ErrorCode::InvalidParams, "invalid params: `newName` is not a string");
  }
  const std::string to = params.at("newName").get<std::string>();
  std::optional<Answer> refused;
  const syntax::NameUse* use = renamed(at.compiled, at.offset, refused);
  if (!use) return refused ? *refused : Answer(nullptr);
  const syntax::NameUse target = *use;
  const std::string& name = target.name;
  // The open document and the open files that import it or that it imports; with a
  // workspace folder, only those (but this one) whose real path lies in it.
  std::vector<const Document*> open;
  std::vector<const model::Diagram*> diagrams{&d};
  for (const auto& [uri, other] : docs_) {
    if (uri != doc->uri && !other.reads.count(doc->path) && !doc->reads.count(other.path)) continue;
    if (uri != doc->uri && !root_.empty() && !under_root(root_, other.path)) continue;
    open.push_back(&other);
    if (other.reads.count(doc->path) && other.compiled) diagrams.push_back(&other.compiled->result.diagram);
  }
  if (unquoted(to) == name) return Json{{"changes", Json::object()}};
  if (std::string why = refuse_new_name(to, diagrams, resolved(target, d)); !why.empty()) return Answer::error(ErrorCode::InvalidParams, why);
  Json changes = Json::object();
  // Only the uses that name this node or group: a kind, a layer or a rule spelled the same
  // stays as it is.
  auto edit = [&](const std::string& uri, const std::string& text, const std::vector<syntax::NameUse>& uses) {
    Json edits = Json::array();
    for (const syntax::NameUse* u : uses_of(uses, target, d))
      edits.push_back(Json{{"range", range_json(text, u->span.begin, u->span.end)}, {"newText", to}});
    if (!edits.empty()) changes[uri] = edits;
  };
  std::set<std::filesystem::path> open_paths;
  for (const Document* other : open) {
    edit(other->uri, other->text, other->compiled ? other->compiled->uses : name_uses_of(other->text));
    std::error_code ec;
    open_paths.insert(std::filesystem::weakly_canonical(other->path, ec));
  }
  // Files on disk under the workspace folder that import this one and are not open.
  for (const auto& [path, text] : importers_on_disk(root_, doc->path)) {
    std::error_code ec;
    if (docs_.count(uri_of_path(path)) || open_paths.count(std::filesystem::weakly_canonical(path, ec))) continue;
    edit(uri_of_path(path), text, name_uses_of(text));
  }
  return Json{{"changes", changes}};
}

Json Server::completion(const Json& params) {
  ARCHC_LSP_AT(params)
  std::size_t line_start = doc->text.rfind('\n', at.offset == 0 ? 0 : at.offset - 1);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  // What the line says before the cursor, its last 256 bytes (libstdc++'s regex recurses per
  // character).
  std::size_t from = std::max(line_start, at.offset > 256 ? at.offset - 256 : 0);
  std::string before = doc->text.substr(from, at.offset - from);
  Json items = Json::array();
  auto add = [&](const std::string& label, int kind, const std::string& detail) {
    items.push_back(Json{{"label", label}, {"kind", kind}, {"detail", detail}});
  };
  auto nodes = [&] {
    for (const model::Node& n : d.nodes) add(n.id, 6, n.kind + (n.label != n.id ? " \"" + n.label + "\"" : ""));
  };
  if (std::regex_search(before, std::regex(R"(allow\s*:\s*\[[^\]]*$)"))) {
    for (const model::Rule& r : d.rules) add(r.id, 21, r.description);
  } else if (std::regex_search(before, std::regex(R"((<>|\bin)\s+[\w-]*$)"))) {
    for (const model::Layer& l : d.layers) add(l.id, 9, l.title);
  } else if (std::regex_search(before, std::regex(R"(connect\s*\([^)]*$|->\s*[\w-]*$)"))) {
    nodes();
  } else if (std::regex_search(before, std::regex(R"(^\s*[\w-]*$)"))) {
    // A new line: a kind (a node), a keyword, or a node id (a scenario step).
    for (const model::Kind& k : d.kinds) add(k.id, 7, k.description);
    for (std::string_view kw : syntax::kKeywords) add(std::string(kw), 14, "keyword");
    nodes();
  }
  return Json{{"isIncomplete", false}, {"items", items}};
}

Json Server::document_symbols(const Json& params) {
  Document* doc = find(params);
  if (!doc || !doc->compiled) return nullptr;
  const Compiled& c = *doc->compiled;
  const model::Diagram& d = c.result.diagram;
  Json out = Json::array();
  auto add = [&](const std::string& name, int kind, source::Span span, const std::string& detail) {
    Json loc = location_json(c, span);
    if (loc.is_null() || loc["uri"] != doc->uri) return;
    out.push_back(Json{{"name", name}, {"kind", kind}, {"detail", detail}, {"range", loc["range"]},
                       {"selectionRange", loc["range"]}});
  };
  for (const model::Layer& l : d.layers) add(l.id, 3, l.span, l.title);
  for (const model::Group& g : d.groups) add(g.id, 2, g.span, g.label);
  for (const model::Node& n : d.nodes) add(n.id, 13, n.span, n.kind);
  for (const model::Scenario& s : d.scenarios) add(s.id, 12, s.span, s.title);
  return out;
}

Json Server::formatting(const Json& params) {
  Document* doc = find(params);
  if (!doc) return nullptr;
  format::Formatted f = format::format_text(doc->text, doc->path);
  if (!f.ok || f.text == doc->text) return Json::array();
  return Json::array({Json{{"range", range_json(doc->text, 0, doc->text.size())}, {"newText", f.text}}});
}

Json Server::code_actions(const Json& params) {
  Document* doc = find(params);
  if (!doc) return nullptr;
  Json actions = Json::array();
  // The client's diagnostics carry our fixes; the fresh ones count too (a client may send none).
  Json candidates = params.value("context", Json::object()).value("diagnostics", Json::array());
  for (const Json& d : doc->diagnostics) candidates.push_back(d);
  std::set<std::string> seen;
  // An unknown node: declared on the line before the one that names it, in the same block
  // (as a service: the kind is the user's to change).
  std::set<std::string> declared;
  Json declarations = Json::array();
  for (const Json& d : candidates) {
    if (!d.is_object() || d.value("code", Json()) != "unknown-node" || !d.contains("range") || !d.at("range").is_object()) continue;
    const Json& r = d.at("range");
    if (!r.contains("start") || !r.contains("end") || !r.at("start").is_object() || !r.at("end").is_object()) continue;
    auto pos = [](const Json& p) {
      auto field = [&](const char* k) {
        return p.contains(k) && p.at(k).is_number_unsigned() ? p.at(k).get<std::uint32_t>() : 0u;
      };
      return Position{field("line"), field("character")};
    };
    const std::string& t = doc->text;
    std::size_t b = offset_of(t, pos(r.at("start"))), e = offset_of(t, pos(r.at("end")));
    if (e <= b || e - b > 256) continue;
    const std::string name = t.substr(b, e - b);
    static const std::vector<syntax::NameUse> kNoUses;
    const std::vector<syntax::NameUse>& uses = doc->compiled ? doc->compiled->uses : kNoUses;  // both lvalues: no copy
    const syntax::NameUse* use = use_at(uses, b);
    if (!use || use->span.begin != b || !declared.insert(name).second) continue;
    std::size_t line_start = t.rfind('\n', b == 0 ? 0 : b - 1);
    line_start = line_start == std::string::npos || b == 0 ? 0 : line_start + 1;
    std::size_t indent_end = t.find_first_not_of(" \t", line_start);
    std::string indent = t.substr(line_start, (indent_end == std::string::npos ? t.size() : indent_end) - line_start);
    Json at = {{"line", pos(r.at("start")).line}, {"character", 0}};
    Json edit = {{"changes", {{doc->uri, Json::array({Json{{"range", {{"start", at}, {"end", at}}}, {"newText", indent + "service " + name + "\n"}}})}}}};
    declarations.push_back(Json{{"title", "Declare `" + use->name + "` as a service"},
                           {"kind", "quickfix"},
                           {"diagnostics", Json::array({d})},
                           {"edit", edit}});
  }
  for (const Json& d : candidates) {
    if (!d.is_object() || !d.contains("data") || !d.at("data").is_object() || !d.at("data").contains("fix") ||
        !d.at("data").at("fix").is_string() || !d.contains("range")) {
      continue;
    }
    std::string fix = d.at("data").at("fix");
    std::string key = d.at("range").dump() + fix;
    if (!seen.insert(key).second) continue;
    std::string help = d.at("data").value("help", "");
    Json edit = {{"changes", {{doc->uri, Json::array({Json{{"range", d.at("range")}, {"newText", fix}}})}}}};
    actions.push_back(Json{{"title", help.empty() ? "Replace with " + fix : "Fix: " + help},
                           {"kind", "quickfix"},
                           {"diagnostics", Json::array({d})},
                           {"isPreferred", true},
                           {"edit", edit}});
  }
  for (Json& a : declarations) actions.push_back(std::move(a));
  return actions;
}

// Each `import "…"` of a file links its path to the file it names (`import std` names none).
Json Server::document_links(const Json& params) {
  Document* doc = find(params);
  if (!doc) return nullptr;
  Json out = Json::array();
  for (const syntax::ImportedPath& i : syntax::imported_paths(doc->text)) {
    if (i.path.empty()) continue;
    std::filesystem::path target = (std::filesystem::path(doc->path).parent_path() / i.path).lexically_normal();
    // The string, quotes included, ends the import.
    std::size_t begin = i.end - (i.path.size() + 2);
    out.push_back(Json{{"range", range_json(doc->text, begin, i.end)}, {"target", uri_of_path(target.string())}});
  }
  return out;
}

// A block folds from its `{` line to its `}` line; a comment over several lines folds too.
Json Server::folding_ranges(const Json& params) {
  Document* doc = find(params);
  if (!doc) return nullptr;
  const std::string& t = doc->text;
  const LineIndex lines(t);
  Json out = Json::array();
  std::vector<std::uint32_t> open;
  for (const syntax::Token& tok : syntax::lex(t)) {
    if (tok.kind == syntax::TokenKind::Comment) {
      Position a = lines.at(tok.begin), b = lines.at(tok.end);
      if (b.line > a.line) out.push_back(Json{{"startLine", a.line}, {"endLine", b.line}, {"kind", "comment"}});
    } else if (tok.kind == syntax::TokenKind::Punct && t[tok.begin] == '{') {
      open.push_back(lines.at(tok.begin).line);
    } else if (tok.kind == syntax::TokenKind::Punct && t[tok.begin] == '}' && !open.empty()) {
      std::uint32_t end = lines.at(tok.begin).line;
      // The closing line stays in view.
      if (end > open.back() + 1) out.push_back(Json{{"startLine", open.back()}, {"endLine", end - 1}});
      open.pop_back();
    }
  }
  return out;
}

// Semantic tokens: keywords, strings, comments, numbers, kinds, node ids, layer names,
// property keys and operators. The tokens are syntax::lex's; what a name is, its place in the
// parse says (a kind is a name where a kind stands).
Json Server::semantic_tokens(const Json& params) {
  Document* doc = find(params);
  if (!doc || !doc->compiled) return nullptr;
  const model::Diagram& d = doc->compiled->result.diagram;
  const std::string& t = doc->text;
  std::vector<std::uint32_t> data;
  Position last{0, 0};
  const LineIndex lines(t);
  auto emit = [&](std::size_t begin, std::size_t end, int type) {
    // One token per line: a block comment is cut at its line ends.
    while (begin < end) {
      std::size_t nl = t.find('\n', begin);
      std::size_t stop = std::min(end, nl == std::string::npos ? end : nl);
      if (stop > begin) {
        Position a = lines.at(begin), b = lines.at(stop);
        data.insert(data.end(), {a.line - last.line, a.line == last.line ? a.character - last.character : a.character,
                                 b.character - a.character, static_cast<std::uint32_t>(type), 0});
        last = a;
      }
      begin = stop + 1;
    }
  };
  const std::vector<syntax::Token> tokens = syntax::lex(t);
  const std::vector<syntax::NameUse>& uses = doc->compiled->uses;
  std::size_t next_use = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const syntax::Token& tok = tokens[i];
    const bool before_colon = syntax::is_property_key(t, tokens, i);
    while (next_use < uses.size() && uses[next_use].span.begin < tok.begin) ++next_use;
    const syntax::NameUse* use = next_use < uses.size() && uses[next_use].span.begin == tok.begin ? &uses[next_use] : nullptr;
    int type = -1;
    switch (tok.kind) {
      case syntax::TokenKind::Comment: type = 2; break;
      case syntax::TokenKind::String: type = 1; break;
      case syntax::TokenKind::Number:
      case syntax::TokenKind::Duration: type = 3; break;
      case syntax::TokenKind::Operator: type = 7; break;
      case syntax::TokenKind::Keyword: type = before_colon ? 6 : 0; break;
      case syntax::TokenKind::Name:
      case syntax::TokenKind::QuotedName: {
        if (use) {
          syntax::NameSort sort = resolved(*use, d);
          type = sort == syntax::NameSort::Kind ? 4 : sort == syntax::NameSort::Layer ? 8 : 5;
        } else if (before_colon) {
          type = 6;
        } else {
          // Words that only some places reserve (`kind k is role`, `import std`, `true`).
          std::string_view w(t.data() + tok.begin, tok.end - tok.begin);
          bool contextual = false;
          for (std::string_view k : {"is", "std", "true", "false", "each", "or", "both", "ways"}) contextual = contextual || w == k;
          type = contextual ? 0 : 5;
        }
        break;
      }
      default: break;
    }
    if (type >= 0) emit(tok.begin, tok.end, type);
  }
  return Json{{"data", data}};
}

}  // namespace archc::lsp
