#include "check/check.hpp"

#include <algorithm>

namespace archc::check {

using model::kNone;

bool matches(const model::Diagram&, const model::Pattern& pattern, const model::Kind* kind) {
  if (pattern.any) return true;
  bool hit = kind && (kind->id == pattern.name ||
                      std::find(kind->roles.begin(), kind->roles.end(), pattern.name) != kind->roles.end());
  return pattern.negated ? !hit : hit;
}

namespace {

std::string quoted_name(const std::string& id) { return "'" + id + "'"; }

}  // namespace

void check_rules(const model::Diagram& d, source::Diagnostics& diags) {
  std::vector<const model::Kind*> kinds(d.nodes.size());
  for (std::size_t i = 0; i < d.nodes.size(); ++i) kinds[i] = d.find_kind(d.nodes[i].kind);
  // For each edge and rule, the layers the edge breaks the rule in.
  for (const model::Rule& rule : d.rules) {
    std::vector<std::vector<std::string>> broken(d.edges.size());
    for (const model::Layer& layer : d.layers) {
      for (std::size_t e : layer.edges) {
        const model::Edge& edge = d.edges[e];
        if (std::find(edge.props.allow.begin(), edge.props.allow.end(), rule.id) != edge.props.allow.end())
          continue;
        for (const model::RuleClause& clause : rule.clauses) {
          if (clause.which != model::RuleClause::Which::Forbid) continue;
          if (matches(d, clause.from, kinds[edge.from]) && matches(d, clause.to, kinds[edge.to])) {
            broken[e].push_back(layer.id);
            break;
          }
        }
      }
    }
    for (std::size_t e = 0; e < d.edges.size(); ++e) {
      if (broken[e].empty()) continue;
      const model::Edge& edge = d.edges[e];
      const std::string& from = d.nodes[edge.from].id;
      const std::string& to = d.nodes[edge.to].id;
      std::string layers;
      for (const std::string& l : broken[e]) layers += (layers.empty() ? "" : ", ") + l;
      source::Diagnostic diag;
      diag.severity = rule.severity;
      diag.code = source::Code::RuleViolation;
      diag.rule = rule.id;
      diag.span = edge.span;
      diag.message = "`connect(" + from + ", " + to + ")`: " + rule.description;
      if (d.layers.size() > 1 || d.layers.front().id != "main") diag.message += " (in " + layers + ")";
      if (rule.fix_reverse) {
        diag.fix = "connect(" + quoted_name(to) + ", " + quoted_name(from) + ")";
        diag.help = "`" + to + "` dials `" + from + "`: write `" + diag.fix + "`";
      } else {
        diag.help = "if this is intended, add `allow: [" + rule.id + "]` to the connection";
      }
      diags.add(std::move(diag));
    }
  }
}

}  // namespace archc::check
