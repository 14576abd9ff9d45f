// The requests of `archc lsp` that edit a document: formatting and code actions (the fixes a
// diagnostic carries, a declaration for an unknown node, `allow:` for a rule's finding, and
// the data flow of a connection written out or dropped).

#include <optional>
#include <set>

#include "format/format.hpp"
#include "lsp/document.hpp"
#include "lsp/server.hpp"
#include "syntax/lex.hpp"

namespace archc::lsp {

Answer Server::formatting(const DocumentParams& params) {
  Document* doc = find(params.uri);
  if (!doc) return nullptr;
  format::Formatted f = format::format_text(doc->text, doc->path);
  if (!f.ok || f.text == doc->text) return Json::array();
  return Json::array({Json{{"range", range_json(doc->text, 0, doc->text.size())}, {"newText", f.text}}});
}

namespace {

struct Offsets {
  std::size_t begin = 0, end = 0;
};

// A client's range (a diagnostic it sent back: only in part ours) as offsets of `text`.
std::optional<Offsets> offsets_of(const std::string& text, const Json& range) {
  auto pos = [](const Json& p) -> std::optional<Position> {
    if (!p.is_object() || !p.contains("line") || !p.contains("character") || !p.at("line").is_number_unsigned() ||
        !p.at("character").is_number_unsigned()) {
      return std::nullopt;
    }
    return Position{p.at("line").get<std::uint32_t>(), p.at("character").get<std::uint32_t>()};
  };
  if (!range.is_object() || !range.contains("start") || !range.contains("end")) return std::nullopt;
  std::optional<Position> a = pos(range.at("start")), b = pos(range.at("end"));
  if (!a || !b) return std::nullopt;
  return Offsets{offset_of(text, *a), offset_of(text, *b)};
}

Json text_edit(const std::string& text, std::size_t begin, std::size_t end, const std::string& new_text) {
  return Json{{"range", range_json(text, begin, end)}, {"newText", new_text}};
}

Json action(const std::string& title, const char* kind, const std::string& uri, Json edit) {
  return Json{{"title", title}, {"kind", kind}, {"edit", {{"changes", {{uri, Json::array({std::move(edit)})}}}}}};
}

std::string indent_of_line(const std::string& t, std::size_t at) {
  std::size_t start = at == 0 ? 0 : t.rfind('\n', at - 1);
  start = start == std::string::npos ? 0 : (at == 0 ? 0 : start + 1);
  std::size_t end = t.find_first_not_of(" \t", start);
  return t.substr(start, (end == std::string::npos ? t.size() : end) - start);
}

// The statement at [begin, end) of a text, as tokens: where its props block `{ … }` is, and
// an `allow: [ … ]` in it.
class Statement {
 public:
  Statement(const std::string& text, Offsets at) : text_(text), at_(at) {
    std::string_view s(text.data() + at.begin, at.end - at.begin);
    for (syntax::Token tok : syntax::lex(s)) {
      if (tok.kind == syntax::TokenKind::Space || tok.kind == syntax::TokenKind::Newline ||
          tok.kind == syntax::TokenKind::Comment) {
        continue;
      }
      tok.begin += at.begin;
      tok.end += at.begin;
      tokens_.push_back(tok);
    }
    // A block after a group's, a layer's or a scenario's header holds statements, not props.
    if (!tokens_.empty()) {
      std::string_view first = word(0);
      for (std::string_view k : {"group", "layer", "scenario", "rule", "kind", "role", "view"}) {
        if (first == k) return;
      }
    }
    int depth = 0;
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      const char c = text_[tokens_[i].begin];
      if (tokens_[i].kind != syntax::TokenKind::Punct) continue;
      if (c == '(' || c == '[') ++depth;
      if (c == ')' || c == ']') --depth;
      if (c == '{' && depth == 0 && !open_) open_ = i;
      if (c == '}' && open_ && depth == 0) close_ = i;
    }
    if (!close_) open_.reset();
  }

  // An edit that writes `entry` (`allow: [x]`) among the props: first in the block, on a line
  // of its own when the block spans lines; a new block at the end when there is none.
  Json insert(const std::string& entry) const {
    if (!open_) return text_edit(text_, at_.end, at_.end, " { " + entry + " }");
    const std::size_t brace = tokens_[*open_].begin, closing = tokens_[*close_].begin;
    if (*close_ == *open_ + 1) return text_edit(text_, brace, closing + 1, "{ " + entry + " }");
    const std::size_t next = tokens_[*open_ + 1].begin;
    if (text_.find('\n', brace) < next) {
      return text_edit(text_, brace + 1, brace + 1, "\n" + indent_of_line(text_, next) + entry);
    }
    return text_edit(text_, brace + 1, brace + 1, " " + entry + ",");
  }

  // An edit that adds `name` to the block's `allow: [ … ]`; null when it has none.
  Json add_to_allow(const std::string& name) const {
    if (!open_) return nullptr;
    for (std::size_t i = *open_ + 1; i + 2 < *close_; ++i) {
      if (word(i) != "allow" || word(i + 1) != ":" || word(i + 2) != "[") continue;
      for (std::size_t j = i + 3; j < *close_; ++j) {
        if (word(j) != "]") continue;
        const bool empty = j == i + 3;
        return text_edit(text_, tokens_[j].begin, tokens_[j].begin, (empty ? "" : ", ") + name);
      }
    }
    return nullptr;
  }

  // An edit that removes the prop whose value starts at `value`: the key, the value and one
  // separator (the whole block when it is the only prop, the whole line when it has one).
  Json remove_prop(std::size_t value) const {
    if (!open_) return nullptr;
    for (std::size_t i = *open_ + 1; i + 2 < *close_; ++i) {
      if (tokens_[i + 2].begin != value || word(i + 1) != ":") continue;
      const std::size_t key = tokens_[i].begin, end = tokens_[i + 2].end;
      const bool comma = word(i + 3) == ",";
      if (i == *open_ + 1 && i + 3 + (comma ? 1 : 0) == *close_) {
        // The only prop: the block goes, with the blanks before it.
        std::size_t from = tokens_[*open_].begin;
        while (from > at_.begin && (text_[from - 1] == ' ' || text_[from - 1] == '\t')) --from;
        return text_edit(text_, from, tokens_[*close_].end, "");
      }
      std::size_t line = text_.rfind('\n', key);
      std::size_t eol = text_.find('\n', end);
      const std::size_t stop = comma ? tokens_[i + 3].end : end;
      if (line != std::string::npos && text_.find_first_not_of(" \t", line + 1) == key &&
          (eol == std::string::npos || text_.find_first_not_of(" \t", stop) == eol)) {
        return text_edit(text_, line, stop, "");  // a line of its own
      }
      if (comma) {
        std::size_t to = tokens_[i + 3].end;
        while (to < text_.size() && text_[to] == ' ') ++to;
        return text_edit(text_, key, to, "");
      }
      // The last prop on a shared line: the separator before it goes with it.
      std::size_t from = key;
      if (word(i - 1) == ",") from = tokens_[i - 1].begin;
      return text_edit(text_, from, end, "");
    }
    return nullptr;
  }

 private:
  std::string_view word(std::size_t i) const {
    if (i >= tokens_.size()) return {};
    return std::string_view(text_.data() + tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
  }

  const std::string& text_;
  Offsets at_;
  std::vector<syntax::Token> tokens_;
  std::optional<std::size_t> open_, close_;
};

// The statement a diagnostic's range lies in: from the start of its line to the line end (or
// `;`) where every bracket opened since is closed. (A node's finding marks its id; its
// label and props come after.)
Offsets statement_around(const std::string& text, Offsets at) {
  std::size_t begin = at.begin == 0 ? std::string::npos : text.rfind('\n', at.begin - 1);
  begin = begin == std::string::npos ? 0 : begin + 1;
  std::string_view rest(text.data() + begin, text.size() - begin);
  std::size_t end = text.size(), last = at.end;
  int depth = 0;
  for (const syntax::Token& tok : syntax::lex(rest)) {
    const std::size_t b = begin + tok.begin;
    if (tok.kind == syntax::TokenKind::Punct) {
      const char c = text[b];
      if (c == '(' || c == '[' || c == '{') ++depth;
      if (c == ')' || c == ']' || c == '}') --depth;
    }
    const bool ends = tok.kind == syntax::TokenKind::Newline || (tok.kind == syntax::TokenKind::Punct && text[b] == ';');
    if (ends && depth <= 0 && b >= at.end) {
      end = b;
      break;
    }
    if (tok.kind != syntax::TokenKind::Space && tok.kind != syntax::TokenKind::Comment && !ends) last = begin + tok.end;
  }
  return Offsets{begin, std::min(end, std::max(last, at.end))};
}

const char* flow_word(model::Flow f) {
  return f == model::Flow::Backward ? "backward" : f == model::Flow::Both ? "both" : "forward";
}

}  // namespace

Answer Server::code_actions(const CodeActionParams& params) {
  Document* doc = find(params.uri);
  if (!doc) return nullptr;
  const std::string& t = doc->text;
  const Offsets asked{offset_of(t, params.start), offset_of(t, params.end)};
  // The client's diagnostics carry our fixes; the fresh ones on the range count too (a client
  // may send none).
  std::vector<Json> candidates = params.diagnostics;
  for (const Json& d : doc->diagnostics) {
    std::optional<Offsets> at = offsets_of(t, d.at("range"));
    if (at && at->begin <= asked.end && asked.begin <= at->end) candidates.push_back(d);
  }
  static const std::vector<syntax::NameUse> kNoUses;
  const std::vector<syntax::NameUse>& uses = doc->compiled ? doc->compiled->uses : kNoUses;  // both lvalues: no copy
  const model::Diagram* d = doc->compiled ? &doc->compiled->result.diagram : nullptr;
  Json fixes = Json::array(), others = Json::array();
  std::set<std::string> seen;  // a diagnostic sent back by the client and found fresh is one
  for (const Json& diag : candidates) {
    std::optional<Offsets> at = diag.contains("range") ? offsets_of(t, diag.at("range")) : std::nullopt;
    const Json code = diag.value("code", Json());
    if (!at || !seen.insert(diag.at("range").dump() + code.dump()).second) continue;
    // The fix the diagnostic carries, over its range.
    if (diag.contains("data") && diag.at("data").is_object() && diag.at("data").contains("fix") &&
        diag.at("data").at("fix").is_string()) {
      const std::string fix = diag.at("data").at("fix");
      const Json help = diag.at("data").value("help", Json());
      Json a = action(help.is_string() ? "Fix: " + help.get<std::string>() : "Replace with " + fix, "quickfix", doc->uri,
                      text_edit(t, at->begin, at->end, fix));
      a["diagnostics"] = Json::array({diag});
      a["isPreferred"] = true;
      fixes.push_back(std::move(a));
    }
    // An unknown node: declared on the line before the one that names it, in the same block
    // (as a service: the kind is the user's to change).
    if (code == "unknown-node" && at->end > at->begin && at->end - at->begin <= 256) {
      const syntax::NameUse* use = use_at(uses, at->begin);
      if (use && use->span.begin == at->begin && seen.insert("declare " + use->name).second) {
        std::size_t line = at->begin == 0 ? std::string::npos : t.rfind('\n', at->begin - 1);
        line = line == std::string::npos ? 0 : line + 1;
        Json a = action("Declare `" + use->name + "` as a service", "quickfix", doc->uri,
                        text_edit(t, line, line, indent_of_line(t, at->begin) + "service " + use->name + "\n"));
        a["diagnostics"] = Json::array({diag});
        others.push_back(std::move(a));
      }
    }
    // A rule's finding: allowed on the element, written in place.
    if (d && code.is_string()) {
      const std::string rule = code.get<std::string>();
      bool is_rule = false;
      for (const model::Rule& r : d->rules) is_rule = is_rule || r.id == rule;
      if (!is_rule) continue;
      Statement s(t, statement_around(t, *at));
      Json edit = s.add_to_allow(rule);
      if (edit.is_null()) edit = s.insert("allow: [" + rule + "]");
      Json a = action("Allow `" + rule + "` here", "quickfix", doc->uri, std::move(edit));
      a["diagnostics"] = Json::array({diag});
      others.push_back(std::move(a));
    }
  }
  // The connection at the cursor: its data flow, written out when the model derives it, or
  // dropped when what is written is what the model would derive.
  if (d) {
    std::set<std::size_t> done;
    for (model::EdgeId id : d->edges.ids()) {
      const model::Edge& e = d->edges[id];
      if (!in_file(*doc->compiled, e.span, doc->path) || e.head.begin > asked.begin || asked.begin > e.head.end ||
          !done.insert(e.span.begin).second) {
        continue;
      }
      Statement s(t, Offsets{e.span.begin, e.span.end});
      if (!e.flow_explicit && e.flow_evidence != model::FlowEvidence::Default) {
        const std::string entry = std::string("flow: ") + flow_word(e.flow);
        others.push_back(action("Write the derived data flow (`" + entry + "`)", "refactor.rewrite", doc->uri, s.insert(entry)));
      } else if (e.flow_explicit && model::flow_unwritten(*d, id) == e.flow) {
        Json edit = s.remove_prop(e.flow_value.begin);
        if (!edit.is_null()) {
          others.push_back(action(std::string("Drop `flow: ") + flow_word(e.flow) + "`: the model derives it", "refactor.rewrite",
                                  doc->uri, std::move(edit)));
        }
      }
    }
  }
  for (Json& a : others) fixes.push_back(std::move(a));
  return fixes;
}

}  // namespace archc::lsp
