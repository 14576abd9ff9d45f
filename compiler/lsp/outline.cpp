// The requests of `archc lsp` that show a document's shape: symbols (of the document and of
// the workspace), links, folding ranges, semantic tokens and inlay hints.

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "lsp/document.hpp"
#include "lsp/server.hpp"
#include "source/read_file.hpp"
#include "syntax/lex.hpp"

namespace archc::lsp {

Answer Server::document_symbols(const DocumentParams& params) {
  Document* doc = find(params.uri);
  if (!doc || !doc->compiled) return nullptr;
  const Compiled& c = *doc->compiled;
  const model::Diagram& d = c.result.diagram;
  const LineIndex lines(doc->text);
  Json out = Json::array();
  auto add = [&](const std::string& name, int kind, source::Span span, const std::string& detail) {
    if (!in_file(c, span, doc->path)) return;
    Json range = lines.range(span.begin, span.end);
    out.push_back(Json{{"name", name}, {"kind", kind}, {"detail", detail}, {"range", range}, {"selectionRange", range}});
  };
  for (const model::Layer& l : d.layers) add(l.id, 3, l.span, l.title);
  for (const model::Group& g : d.groups) add(g.id, 2, g.span, g.label);
  for (const model::Node& n : d.nodes) add(n.id, 13, n.span, n.kind);
  for (const model::Scenario& s : d.scenarios) add(s.id, 12, s.span, s.title);
  for (const model::View& v : d.views) add(v.id, 18, v.span, v.title);  // Array: a selection of nodes
  for (const model::Kind& k : d.kinds) add(k.id, 5, k.span, k.description);
  for (const model::Role& r : d.roles) add(r.id, 11, r.span, r.description);
  for (const model::Rule& r : d.rules) add(r.id, 14, r.span, r.description);
  return out;
}

// Each `import "…"` of a file links its path to the file it names (`import std` names none).
Answer Server::document_links(const DocumentParams& params) {
  Document* doc = find(params.uri);
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
Answer Server::folding_ranges(const DocumentParams& params) {
  Document* doc = find(params.uri);
  if (!doc) return nullptr;
  const std::string& t = doc->text;
  const LineIndex lines(t);
  Json out = Json::array();
  std::vector<std::uint32_t> open;
  // A run of `//` comments on consecutive lines folds as one.
  std::optional<std::uint32_t> run_start;
  std::uint32_t run_end = 0;
  auto end_run = [&] {
    if (run_start && run_end > *run_start) out.push_back(Json{{"startLine", *run_start}, {"endLine", run_end}, {"kind", "comment"}});
    run_start.reset();
  };
  for (const syntax::Token& tok : syntax::lex(t)) {
    if (tok.kind == syntax::TokenKind::Space || tok.kind == syntax::TokenKind::Newline) continue;
    if (tok.kind == syntax::TokenKind::Comment && t.compare(tok.begin, 2, "//") == 0) {
      const std::uint32_t line = lines.at(tok.begin).line;
      if (!run_start || line != run_end + 1) {
        end_run();
        run_start = line;
      }
      run_end = line;
      continue;
    }
    end_run();
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
  end_run();
  return out;
}

// Semantic tokens: keywords, strings, comments, numbers, kinds, node ids, layer names,
// property keys and operators. The tokens are syntax::lex's; what a name is, its place in the
// parse says (a kind is a name where a kind stands).
Answer Server::semantic_tokens(const DocumentParams& params) {
  Document* doc = find(params.uri);
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

// After each connection whose data flow the model derives (from the roles at its ends, its
// label, or the scenarios), the way it derived and why: `flow: backward` reads at a glance
// what `connect(flink, kafka)` means for the data.
Answer Server::inlay_hints(const InlayHintParams& params) {
  Document* doc = find(params.uri);
  if (!doc || !doc->compiled) return nullptr;
  const Compiled& c = *doc->compiled;
  const std::size_t from = offset_of(doc->text, params.start), to = offset_of(doc->text, params.end);
  const LineIndex lines(doc->text);
  // One hint per statement: the pairs of a list share it.
  std::map<std::size_t, std::vector<const model::Edge*>> statements;  // by the end of `connect(…)`
  for (const model::Edge& e : c.result.diagram.edges) {
    if (e.flow_explicit || !in_file(c, e.head, doc->path) || e.head.end < from || e.head.end > to) continue;
    std::vector<const model::Edge*>& pairs = statements[e.head.end];
    if (std::none_of(pairs.begin(), pairs.end(), [&](const model::Edge* o) { return o->from == e.from && o->to == e.to; })) {
      pairs.push_back(&e);
    }
  }
  auto word = [](model::Flow f) { return f == model::Flow::Backward ? "backward" : f == model::Flow::Both ? "both" : "forward"; };
  Json out = Json::array();
  for (const auto& statement : statements) {
    // (Named, not a structured binding: clang 14 lets no lambda capture one.)
    const std::size_t end = statement.first;
    const std::vector<const model::Edge*>& edges = statement.second;
    const bool derived = std::any_of(edges.begin(), edges.end(),
                                     [](const model::Edge* e) { return e->flow_evidence != model::FlowEvidence::Default; });
    if (!derived) continue;
    const bool same = std::all_of(edges.begin(), edges.end(), [&](const model::Edge* e) { return e->flow == edges[0]->flow; });
    std::string label = same ? std::string("flow: ") + word(edges[0]->flow) : "flow: per pair";
    std::string tooltip;
    if (edges.size() == 1) {
      tooltip = "the data flow, derived " + edges[0]->flow_reason;
    } else {
      const model::Diagram& d = c.result.diagram;
      for (const model::Edge* e : edges) {
        tooltip += (tooltip.empty() ? "" : "\n") + d.nodes[e->from].id + " → " + d.nodes[e->to].id + ": " + word(e->flow) +
                   (e->flow_evidence == model::FlowEvidence::Default ? " (the default)" : ", derived " + e->flow_reason);
      }
    }
    const Position at = lines.at(end);
    out.push_back(Json{{"position", {{"line", at.line}, {"character", at.character}}},
                       {"label", label},
                       {"paddingLeft", true},
                       {"tooltip", tooltip}});
  }
  return out;
}

namespace {

// Whether the characters of `query` appear in `name` in order, case aside (how editors
// filter symbols as the user types: `pgp` finds `pg-primary`).
bool fuzzy_match(std::string_view query, std::string_view name) {
  std::size_t at = 0;
  for (char q : query) {
    auto lower = [](char ch) { return static_cast<char>(std::tolower(static_cast<unsigned char>(ch))); };
    while (at < name.size() && lower(name[at]) != lower(q)) ++at;
    if (at++ >= name.size()) return false;
  }
  return true;
}

int symbol_kind(syntax::NameSort sort) {
  switch (sort) {
    case syntax::NameSort::Layer: return 3;     // Namespace
    case syntax::NameSort::Group: return 2;     // Module
    case syntax::NameSort::Scenario: return 12;  // Function
    case syntax::NameSort::View: return 18;      // Array
    case syntax::NameSort::Kind: return 5;      // Class
    case syntax::NameSort::Role: return 11;     // Interface
    case syntax::NameSort::Rule: return 14;     // Constant
    default: return 13;                          // Variable: a node
  }
}

}  // namespace

// The names declared in the workspace folder's `.arch` files (an open file as the editor
// holds it), those the query matches; at most kMaxWorkspaceSymbols.
Answer Server::workspace_symbols(const WorkspaceSymbolParams& params) {
  constexpr std::size_t kMaxWorkspaceSymbols = 1000;
  Json out = Json::array();
  auto add = [&](const std::string& path, const std::string& text, const std::vector<syntax::NameUse>& uses) {
    const LineIndex lines(text);
    std::set<std::pair<syntax::NameSort, std::string>> declared;  // a group reopened is one symbol
    for (const syntax::NameUse& u : uses) {
      if (out.size() >= kMaxWorkspaceSymbols) return;
      if (!u.declares || !fuzzy_match(params.query, u.name) || !declared.insert({u.sort, u.name}).second) continue;
      Position a = lines.at(u.span.begin), b = lines.at(u.span.end);
      out.push_back(Json{{"name", u.name},
                         {"kind", symbol_kind(u.sort)},
                         {"containerName", std::filesystem::path(path).filename().string()},
                         {"location",
                          {{"uri", uri_of_path(path)},
                           {"range", {{"start", {{"line", a.line}, {"character", a.character}}},
                                      {"end", {{"line", b.line}, {"character", b.character}}}}}}}});
    }
  };
  std::set<std::filesystem::path> open;
  for (const auto& [uri, doc] : store_.documents()) {
    add(doc.path, doc.text, doc.compiled ? doc.compiled->uses : name_uses_of(doc.text));
    std::error_code ec;
    open.insert(std::filesystem::weakly_canonical(doc.path, ec));
  }
  walk_arch_files(root_, [&](const std::filesystem::path& real, const std::filesystem::path& shown) {
    if (open.count(real) || out.size() >= kMaxWorkspaceSymbols) return;
    source::FileText f = source::read_file(real, source::Allow::RegularFiles, 8u << 20);
    if (f.ok()) add(shown.string(), f.text, name_uses_of(f.text));
  });
  return out;
}

}  // namespace archc::lsp
