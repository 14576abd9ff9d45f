// The requests of `archc lsp` about the name at a position: hover, definition, references,
// highlights, rename and completion.

#include <cctype>

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
  Document* doc = find(params.uri);                                                     \
  if (!doc || !doc->compiled) return nullptr;                                           \
  At at{*doc->compiled, offset_of(doc->text, params.position)};                         \
  const model::Diagram& d = at.compiled.result.diagram;

Answer Server::hover(const PositionParams& params) {
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
    case syntax::NameSort::View:
      if (const model::View* v = d.find_view(name)) {
        md = "view `" + v->id + "`" + (v->title != v->id ? ": " + v->title : "") + "\n\nof layer `" + d.layers[v->layer].id +
             "`, " + std::to_string(v->nodes.size()) + (v->nodes.size() == 1 ? " node" : " nodes");
      }
      break;
    case syntax::NameSort::Group:
    case syntax::NameSort::Scenario:
      break;
  }
  if (md.empty()) return nullptr;
  return Json{{"contents", {{"kind", "markdown"}, {"value", md}}}, {"range", range_json(doc->text, use->span.begin, use->span.end)}};
}

Answer Server::definition(const PositionParams& params) {
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

Answer Server::references(const ReferenceParams& params) {
  ARCHC_LSP_AT(params)
  Json out = Json::array();
  const syntax::NameUse* use = use_at(at.compiled.uses, at.offset);
  if (!use) return out;
  // The declaration too, unless the client asks without it.
  for (const auto& [uri, other] : store_.documents()) {
    if (!other.compiled) continue;
    const LineIndex lines(other.text);
    for (const syntax::NameUse* u : uses_of(other.compiled->uses, *use, d)) {
      if (u->declares && !params.include_declaration) continue;
      out.push_back(Json{{"uri", uri}, {"range", lines.range(u->span.begin, u->span.end)}});
    }
  }
  return out;
}

// The uses in this document of the name under the cursor: declarations as writes (3), the
// rest as reads (2).
Answer Server::highlights(const PositionParams& params) {
  ARCHC_LSP_AT(params)
  Json out = Json::array();
  const syntax::NameUse* use = use_at(at.compiled.uses, at.offset);
  if (!use) return out;
  const LineIndex lines(doc->text);
  for (const syntax::NameUse* u : uses_of(at.compiled.uses, *use, d))
    out.push_back(Json{{"range", lines.range(u->span.begin, u->span.end)}, {"kind", u->declares ? 3 : 2}});
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

Answer Server::prepare_rename(const PositionParams& params) {
  ARCHC_LSP_AT(params)
  std::optional<Answer> refused;
  const syntax::NameUse* use = renamed(at.compiled, at.offset, refused);
  if (!use) return refused ? *refused : Answer(nullptr);
  (void)d;
  return Json{{"range", range_json(doc->text, use->span.begin, use->span.end)}, {"placeholder", use->name}};
}

Answer Server::rename(const RenameParams& params) {
  ARCHC_LSP_AT(params)
  const std::string& to = params.new_name;
  std::optional<Answer> refused;
  const syntax::NameUse* use = renamed(at.compiled, at.offset, refused);
  if (!use) return refused ? *refused : Answer(nullptr);
  const syntax::NameUse target = *use;
  const std::string& name = target.name;
  // The file that declares the name, when another file does: it is renamed too, and so is
  // every file that reads it.
  std::string declared_in;
  const source::Span declared = declared_at(resolved(target, d), name, d);
  if (declared.valid() && declared.file < at.compiled.result.sources.size() && !in_file(at.compiled, declared, doc->path)) {
    declared_in = at.compiled.result.sources.file(declared.file).name();
  }
  auto sees = [&](const Document& other) {
    return other.uri == doc->uri || other.reads.count(doc->path) || doc->reads.count(other.path) ||
           (!declared_in.empty() && (other.path == declared_in || other.reads.count(declared_in)));
  };
  // The open documents that see the name; with a workspace folder, only those (but this
  // one) whose real path lies in it.
  std::vector<const Document*> open;
  std::vector<const model::Diagram*> diagrams{&d};
  for (const auto& [uri, other] : store_.documents()) {
    if (!sees(other)) continue;
    if (uri != doc->uri && !root_.empty() && !under_root(root_, other.path)) continue;
    open.push_back(&other);
    if (uri != doc->uri && other.compiled) diagrams.push_back(&other.compiled->result.diagram);
  }
  if (unquoted(to) == name) return Json{{"changes", Json::object()}};
  if (std::string why = refuse_new_name(to, diagrams, resolved(target, d)); !why.empty()) return Answer::error(ErrorCode::InvalidParams, why);
  Json changes = Json::object();
  // Only the uses that name this node or group: a kind, a layer or a rule spelled the same
  // stays as it is.
  auto edit = [&](const std::string& uri, const std::string& text, const std::vector<syntax::NameUse>& uses) {
    Json edits = Json::array();
    const LineIndex lines(text);
    for (const syntax::NameUse* u : uses_of(uses, target, d))
      edits.push_back(Json{{"range", lines.range(u->span.begin, u->span.end)}, {"newText", to}});
    if (!edits.empty()) changes[uri] = edits;
  };
  std::set<std::filesystem::path> done;  // real paths
  auto real = [](const std::string& path) {
    std::error_code ec;
    return std::filesystem::weakly_canonical(path, ec);
  };
  for (const Document* other : open) {
    edit(other->uri, other->text, other->compiled ? other->compiled->uses : name_uses_of(other->text));
    done.insert(real(other->path));
  }
  // The declaring file when it is not open: as the compile read it.
  if (!declared_in.empty() && !done.count(real(declared_in)) && (root_.empty() || under_root(root_, declared_in))) {
    const std::string& text = at.compiled.result.sources.file(declared.file).text();
    edit(uri_of_path(declared_in), text, name_uses_of(text));
    done.insert(real(declared_in));
  }
  // Files on disk under the workspace folder that import this one or the declaring one, and
  // are not open.
  for (const std::string& imported : {doc->path, declared_in}) {
    if (imported.empty()) continue;
    for (const auto& [path, text] : importers_on_disk(root_, imported)) {
      if (!done.insert(real(path)).second) continue;
      edit(uri_of_path(path), text, name_uses_of(text));
    }
  }
  return Json{{"changes", changes}};
}

namespace {

enum class Completing { Nothing, Rules, Layers, Nodes, LineStart, Direction };

// What the cursor's place on its line asks for, as the lexer reads the line up to it (a word
// being typed at the cursor aside): a rule inside `allow: [`, a layer after `<>`, `in` or
// `of`, a node inside `connect(` or after `->`, anything a line may start with.
Completing completing(std::string_view line) {
  const std::vector<syntax::Token> tokens = syntax::lex(line);
  std::vector<std::string_view> words;
  for (const syntax::Token& tok : tokens) {
    if (tok.kind == syntax::TokenKind::Space || tok.kind == syntax::TokenKind::Comment) continue;
    words.push_back(line.substr(tok.begin, tok.end - tok.begin));
  }
  if (!tokens.empty() && tokens.back().end == line.size() &&
      (tokens.back().kind == syntax::TokenKind::Name || tokens.back().kind == syntax::TokenKind::Keyword ||
       tokens.back().kind == syntax::TokenKind::QuotedName)) {
    words.pop_back();  // the word being typed
  }
  if (words.empty()) return Completing::LineStart;
  if (words.size() == 2 && words[0] == "direction" && words[1] == ":") return Completing::Direction;
  // A view's line: nodes and groups.
  if (words[0] == "include" || words[0] == "exclude") return Completing::Nodes;
  for (std::size_t i = words.size(); i-- > 0;) {
    if (words[i] == "]") break;
    if (words[i] == "[" && i >= 2 && words[i - 1] == ":" && words[i - 2] == "allow") return Completing::Rules;
  }
  const std::string_view last = words.back();
  if (last == "<>" || last == "in" || last == "of") return Completing::Layers;
  if (last == "->") return Completing::Nodes;
  int depth = 0;  // parens open after the last `connect`
  for (std::size_t i = words.size(); i-- > 0;) {
    if (words[i] == ")") --depth;
    if (words[i] == "(") ++depth;
    if (words[i] == "connect") return depth > 0 ? Completing::Nodes : Completing::Nothing;
  }
  return Completing::Nothing;
}

// Whether the end of `prefix` lies inside a `connect(…)` left open, a list in it included
// (the continuation lines of a list that spans lines).
bool inside_connect(std::string_view prefix) {
  std::vector<bool> open;  // per open bracket: whether it is a connection's
  std::string_view last_word;
  for (const syntax::Token& tok : syntax::lex(prefix)) {
    if (tok.kind == syntax::TokenKind::Space || tok.kind == syntax::TokenKind::Newline ||
        tok.kind == syntax::TokenKind::Comment) {
      continue;
    }
    const std::string_view w = prefix.substr(tok.begin, tok.end - tok.begin);
    if (tok.kind == syntax::TokenKind::Punct) {
      if (w == "(") open.push_back(last_word == "connect");
      if (w == "[") open.push_back(!open.empty() && open.back());
      if (w == "{") open.push_back(false);
      if ((w == ")" || w == "]" || w == "}") && !open.empty()) open.pop_back();
    }
    last_word = w;
  }
  return !open.empty() && open.back();
}

}  // namespace

Answer Server::completion(const PositionParams& params) {
  ARCHC_LSP_AT(params)
  std::size_t line_start = at.offset == 0 ? std::string::npos : doc->text.rfind('\n', at.offset - 1);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  const std::string_view line = std::string_view(doc->text).substr(line_start, at.offset - line_start);
  // The word being typed, which the item replaces whole: editors' own word boundaries stop
  // at the `-` of `pg-primary`, so an insert would leave `pg-pg-primary`.
  std::size_t typed = at.offset;
  if (const std::vector<syntax::Token> tokens = syntax::lex(line); !tokens.empty() && tokens.back().end == line.size() &&
      (tokens.back().kind == syntax::TokenKind::Name || tokens.back().kind == syntax::TokenKind::Keyword ||
       tokens.back().kind == syntax::TokenKind::QuotedName)) {
    typed = line_start + tokens.back().begin;
  }
  const Json replaced = range_json(doc->text, typed, at.offset);
  Json items = Json::array();
  auto add = [&](const std::string& label, int kind, const std::string& detail) {
    // A name that is no bare name goes in quotes.
    const std::vector<syntax::Token> read = syntax::lex(label);
    const bool bare = kind == 14 || (read.size() == 1 && read[0].kind == syntax::TokenKind::Name);
    items.push_back(Json{{"label", label},
                         {"kind", kind},
                         {"detail", detail},
                         {"textEdit", {{"range", replaced}, {"newText", bare ? label : "'" + label + "'"}}}});
  };
  auto nodes = [&] {
    for (const model::Node& n : d.nodes) add(n.id, 6, n.kind + (n.label != n.id ? " \"" + n.label + "\"" : ""));
    // A group stands for its members at a connection's end and in a step.
    for (const model::Group& g : d.groups) add(g.id, 19, "group" + (g.label != g.id ? " \"" + g.label + "\"" : ""));
  };
  Completing what = completing(line);
  if ((what == Completing::LineStart || what == Completing::Nothing) &&
      inside_connect(std::string_view(doc->text).substr(0, line_start))) {
    what = Completing::Nodes;
  }
  switch (what) {
    case Completing::Rules:
      for (const model::Rule& r : d.rules) add(r.id, 21, r.description);
      break;
    case Completing::Layers:
      for (const model::Layer& l : d.layers) add(l.id, 9, l.title);
      break;
    case Completing::Nodes: nodes(); break;
    case Completing::LineStart:
      // A new line: a kind (a node), a keyword, or a node id (a scenario step).
      for (const model::Kind& k : d.kinds) add(k.id, 7, k.description);
      for (std::string_view kw : syntax::kKeywords) add(std::string(kw), 14, "keyword");
      nodes();
      break;
    case Completing::Direction:
      for (const char* way : {"right", "down", "left", "up"}) add(way, 20, "the way data flows across the picture");
      break;
    case Completing::Nothing: break;
  }
  return Json{{"isIncomplete", false}, {"items", items}};
}

}  // namespace archc::lsp
