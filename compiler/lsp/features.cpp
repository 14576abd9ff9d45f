// The requests of `archc lsp` about a document: hover, definition, references, rename,
// completion, symbols, formatting and quick fixes.

#include <regex>

#include "format/format.hpp"
#include "lsp/document.hpp"
#include "lsp/server.hpp"
#include "syntax/keywords.hpp"

namespace archc::lsp {

namespace {

struct At {
  Compiled compiled;
  std::size_t offset = 0;
  Word word;
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

// The compile behind each feature: the document's current text.
#define ARCHC_LSP_AT(params)                                                                  \
  Document* doc = find(params);                                                               \
  if (!doc) return nullptr;                                                                   \
  std::map<std::string, std::string> open;                                                    \
  for (const auto& [uri, other] : docs_) open[other.path] = other.text;                       \
  At at{compile_text(doc->path, doc->text, open), offset_param(doc->text, params), {}};       \
  at.word = word_at(doc->text, at.offset);                                                    \
  const model::Diagram& d = at.compiled.result.diagram;

Json Server::hover(const Json& params) {
  ARCHC_LSP_AT(params)
  if (at.word.empty()) return nullptr;
  std::string md;
  if (model::NodeId n = d.find_node(at.word.name); n != model::kNone) {
    const model::Node& node = d.nodes[n];
    md = "**" + node.label + "** `" + node.kind + "`";
    if (const model::Kind* k = d.find_kind(node.kind)) {
      if (!k->description.empty()) md += "\n\n" + k->description;
      if (!k->roles.empty()) md += "\n\nroles: " + join(k->roles);
    }
    md += "\n\nlayers: " + layers_of(d, node.layers);
    if (!node.props.note.empty()) md += "\n\n" + node.props.note;
  } else if (const model::Kind* k = d.find_kind(at.word.name)) {
    md = "kind `" + k->id + "`" + (k->description.empty() ? "" : ": " + k->description) +
         (k->roles.empty() ? "" : "\n\nroles: " + join(k->roles));
  } else if (const model::Role* r = d.find_role(at.word.name)) {
    md = "role `" + r->id + "`" + (r->description.empty() ? "" : ": " + r->description);
  } else {
    for (const model::Rule& rule : d.rules) {
      if (rule.id == at.word.name) md = "rule `" + rule.id + "`" + (rule.description.empty() ? "" : ": " + rule.description);
    }
  }
  if (md.empty()) return nullptr;
  return Json{{"contents", {{"kind", "markdown"}, {"value", md}}}, {"range", range_json(doc->text, at.word.begin, at.word.end)}};
}

Json Server::definition(const Json& params) {
  ARCHC_LSP_AT(params)
  // An import: the file it names.
  std::size_t line_start = doc->text.rfind('\n', at.offset == 0 ? 0 : at.offset - 1);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  std::string line = doc->text.substr(line_start, doc->text.find('\n', line_start) - line_start);
  std::smatch m;
  if (std::regex_search(line, m, std::regex(R"(^\s*import\s+"([^"]+)\")"))) {
    std::filesystem::path target = std::filesystem::path(doc->path).parent_path() / m[1].str();
    return Json{{"uri", uri_of_path(target.lexically_normal().string())}, {"range", range_json("", 0, 0)}};
  }
  if (at.word.empty()) return nullptr;
  source::Span span;
  if (model::NodeId n = d.find_node(at.word.name); n != model::kNone) span = d.nodes[n].span;
  if (const model::Kind* k = d.find_kind(at.word.name); k && !span.valid()) span = k->span;
  if (const model::Role* r = d.find_role(at.word.name); r && !span.valid()) span = r->span;
  for (const model::Rule& rule : d.rules) {
    if (rule.id == at.word.name && !span.valid()) span = rule.span;
  }
  for (const model::Layer& l : d.layers) {
    if (l.id == at.word.name && !span.valid()) span = l.span;
  }
  for (const model::Group& g : d.groups) {
    if (g.id == at.word.name && !span.valid()) span = g.span;
  }
  return location_json(at.compiled, span);
}

Json Server::references(const Json& params) {
  ARCHC_LSP_AT(params)
  (void)d;
  Json out = Json::array();
  if (at.word.empty()) return out;
  for (const auto& [uri, other] : docs_) {
    for (const Word& w : occurrences(other.text, at.word.name)) {
      out.push_back(Json{{"uri", uri}, {"range", range_json(other.text, w.begin, w.end)}});
    }
  }
  return out;
}

Json Server::rename(const Json& params) {
  ARCHC_LSP_AT(params)
  std::string to = params.at("newName").get<std::string>();
  if (at.word.empty() || d.find_node(at.word.name) == model::kNone) {
    throw std::runtime_error("only a node id can be renamed here");
  }
  // The open document and the open files that import it or that it imports.
  Json changes = Json::object();
  for (const auto& [uri, other] : docs_) {
    if (uri != doc->uri && !other.reads.count(doc->path) && !doc->reads.count(other.path)) continue;
    Json edits = Json::array();
    for (const Word& w : occurrences(other.text, at.word.name)) {
      edits.push_back(Json{{"range", range_json(other.text, w.begin, w.end)}, {"newText", to}});
    }
    if (!edits.empty()) changes[uri] = edits;
  }
  return Json{{"changes", changes}};
}

Json Server::completion(const Json& params) {
  ARCHC_LSP_AT(params)
  std::size_t line_start = doc->text.rfind('\n', at.offset == 0 ? 0 : at.offset - 1);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  std::string before = doc->text.substr(line_start, at.offset - line_start);
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
  if (!doc) return nullptr;
  Compiled c = compile_text(doc->path, doc->text, {});
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
  for (const Json& d : candidates) {
    if (!d.contains("data") || !d["data"].contains("fix") || !d.contains("range")) continue;
    std::string fix = d["data"]["fix"];
    std::string key = d["range"].dump() + fix;
    if (!seen.insert(key).second) continue;
    std::string help = d["data"].value("help", "");
    Json edit = {{"changes", {{doc->uri, Json::array({Json{{"range", d["range"]}, {"newText", fix}}})}}}};
    actions.push_back(Json{{"title", help.empty() ? "Replace with " + fix : "Fix: " + help},
                           {"kind", "quickfix"},
                           {"diagnostics", Json::array({d})},
                           {"isPreferred", true},
                           {"edit", edit}});
  }
  return actions;
}

}  // namespace archc::lsp
