// The requests of `archc lsp` that edit a document: formatting and code actions.

#include <set>

#include "format/format.hpp"
#include "lsp/document.hpp"
#include "lsp/server.hpp"

namespace archc::lsp {

Answer Server::formatting(const DocumentParams& params) {
  Document* doc = find(params.uri);
  if (!doc) return nullptr;
  format::Formatted f = format::format_text(doc->text, doc->path);
  if (!f.ok || f.text == doc->text) return Json::array();
  return Json::array({Json{{"range", range_json(doc->text, 0, doc->text.size())}, {"newText", f.text}}});
}

Answer Server::code_actions(const CodeActionParams& params) {
  Document* doc = find(params.uri);
  if (!doc) return nullptr;
  Json actions = Json::array();
  // The client's diagnostics carry our fixes; the fresh ones count too (a client may send none).
  Json candidates = params.diagnostics;
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

}  // namespace archc::lsp
