#include "check/check.hpp"

#include <algorithm>
#include <string_view>

namespace archc::check {

using model::EdgeId;
using model::GroupId;
using model::kNone;
using model::LayerId;
using model::NodeId;

bool matches(const model::Diagram&, const model::Pattern& pattern, const model::Kind* kind) {
  if (pattern.any) return true;
  bool hit = false;
  for (const syntax::Name& name : pattern.names) {
    hit = hit || (kind && (kind->id == name.text ||
                           std::find(kind->roles.begin(), kind->roles.end(), name.text) != kind->roles.end()));
  }
  return pattern.negated ? !hit : hit;
}

std::string pattern_text(const model::Pattern& pattern) { return pattern.spelled(); }

namespace {

bool contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::string quoted_name(const std::string& id) { return "'" + id + "'"; }

// What the check needs to know about the diagram, computed once.
class Checker {
 public:
  Checker(const model::Diagram& d, source::Diagnostics& diags, const source::SourceMap* sources)
      : d_(d), diags_(diags), sources_(sources) {
    kinds_.resize(d.nodes.size());
    allows_.resize(d.nodes.size());
    for (NodeId i : d.nodes.ids()) {
      const model::Node& n = d.nodes[i];
      kinds_[i] = d.find_kind(n.kind);
      allows_[i] = n.props.allow;
      // A group's `allow` covers every node inside it, nested groups included. The depth
      // guard only protects against a malformed parent chain; the model builds none.
      std::size_t depth = 0;
      for (GroupId g = n.group; g != kNone && g.index() < d.groups.size() && depth < d.groups.size();
           g = d.groups[g].parent, ++depth) {
        const auto& more = d.groups[g].props.allow;
        allows_[i].insert(allows_[i].end(), more.begin(), more.end());
      }
    }
    dials_.resize(d.nodes.size());
    dialed_by_.resize(d.nodes.size());
    for (EdgeId e : d.edges.ids()) {
      if (!usable(d.edges[e])) continue;
      dials_[d.edges[e].from].push_back(e);
      dialed_by_[d.edges[e].to].push_back(e);
    }
    // An implicit single layer (no `layer` written) is not worth naming.
    name_layers_ = !(d.layers.size() == 1 && d.layers[0].id == "main" && !d.layers[0].span.valid());
  }

  void run() {
    for (const model::Rule& rule : d_.rules) {
      for (EdgeId e : d_.edges.ids()) check_forbid(rule, e);
      for (std::size_t c = 0; c < rule.clauses.size(); ++c) {
        if (rule.clauses[c].which != model::RuleClause::Which::Require) continue;
        for (NodeId n : d_.nodes.ids()) check_require(rule, rule.clauses[c], n);
      }
    }
  }

 private:
  bool usable(const model::Edge& e) const {
    return e.from != kNone && e.to != kNone && e.from.index() < d_.nodes.size() && e.to.index() < d_.nodes.size();
  }

  bool node_allows(NodeId node, const std::string& rule) const { return contains(allows_[node], rule); }

  bool edge_allows(const model::Edge& e, const std::string& rule) const {
    return contains(e.props.allow, rule) || node_allows(e.from, rule) || node_allows(e.to, rule);
  }

  // Whether a connection from `from` to `to` matches a forbid line of `rule` (with `both
  // ways`: the line itself, whether or not the other way is drawn).
  static bool matches_line(const model::Diagram& d, const model::RuleClause& clause, const model::Kind* from,
                           const model::Kind* to) {
    if (clause.which != model::RuleClause::Which::Forbid) return false;
    for (const model::RuleConnect& alt : clause.any_of) {
      if (matches(d, alt.from, from) && matches(d, alt.to, to)) return true;
    }
    return false;
  }

  // Whether `edge`, drawn against `back` (its listener dials its dialer), says a purpose of
  // its own: a label that is not `back`'s and not the answer to it ("response", "reply",
  // "result", "ack"). Then the two are separate connections (Gitaly calling Workhorse's
  // internal API while Workhorse dials Gitaly), not one drawn twice.
  static bool says_its_own(const model::Edge& edge, const model::Edge& back) {
    if (edge.label.empty() || edge.label == back.label) return false;
    static const char* const kAnswers[] = {"response", "responses", "reply", "replies", "result", "results",
                                           "return", "returns", "ack", "acks", "answer", "answers", "ok"};
    std::string word;
    auto answer = [&] {
      bool hit = std::any_of(std::begin(kAnswers), std::end(kAnswers), [&](const char* a) { return word == a; });
      word.clear();
      return hit;
    };
    for (char c : edge.label) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        word += static_cast<char>(c | 0x20);
      } else if (!word.empty() && answer()) {
        return false;
      }
    }
    return !(!word.empty() && answer());
  }

  // The layers in which connection `e` breaks a forbid line of `rule` (empty: none). A `both
  // ways` line breaks only where the listener dials the dialer too: `both_ways` says so.
  model::LayerSet forbidden_in(const model::Rule& rule, EdgeId e, bool& both_ways) const {
    const model::Edge& edge = d_.edges[e];
    model::LayerSet out;
    both_ways = false;
    for (const model::RuleClause& clause : rule.clauses) {
      if (!matches_line(d_, clause, kinds_[edge.from], kinds_[edge.to])) continue;
      if (!clause.both_ways) {
        both_ways = false;
        return edge.layers;
      }
      for (EdgeId back : dials_[edge.to]) {
        if (d_.edges[back].to != edge.from) continue;
        if (says_its_own(edge, d_.edges[back])) continue;
        model::LayerSet shared = model::intersect(edge.layers, d_.edges[back].layers);
        if (shared.empty()) continue;
        out = model::unite(out, shared);
        both_ways = true;
      }
    }
    return out;
  }

  // Whether a connection from `from` to `to`, were it drawn, would break a forbid line of
  // `rule` on its own (a `both ways` line needs the other connection, which a reversed one
  // replaces: it is not counted).
  bool forbids(const model::Rule& rule, NodeId from, NodeId to) const {
    for (const model::RuleClause& clause : rule.clauses) {
      if (!clause.both_ways && matches_line(d_, clause, kinds_[from], kinds_[to])) return true;
    }
    return false;
  }

  bool is_person(NodeId n) const {
    const model::Kind* k = kinds_[n];
    return k && std::find(k->roles.begin(), k->roles.end(), "person") != k->roles.end();
  }

  // " (in v1, v2)"; past a handful, the first few and how many more.
  std::string layers_text(const model::LayerSet& layers) const {
    if (!name_layers_) return "";
    constexpr std::size_t kNamed = 5, kShown = 3;
    std::size_t count = d_.layer_order.count(layers);
    std::vector<LayerId> first = d_.layer_order.first(layers, count <= kNamed ? count : kShown);
    std::string out;
    for (LayerId l : first) out += (out.empty() ? "" : ", ") + d_.layers[l].id;
    if (count > first.size()) out += " and " + std::to_string(count - first.size()) + " more layers";
    return " (in " + out + ")";
  }

  void check_forbid(const model::Rule& rule, EdgeId e) {
    const model::Edge& edge = d_.edges[e];
    if (!usable(edge) || edge_allows(edge, rule.id)) return;
    bool both_ways = false;
    model::LayerSet layers = forbidden_in(rule, e, both_ways);
    if (layers.empty()) return;
    const std::string& from = d_.nodes[edge.from].id;
    const std::string& to = d_.nodes[edge.to].id;
    source::Diagnostic diag;
    diag.severity = rule.severity;
    diag.code = source::Code::RuleViolation;
    diag.rule = rule.id;
    diag.span = edge.span;
    // A pair of a group connection names the member and the statement it comes from.
    const std::string of_group =
        edge.of_group() ? " (of `connect(" + d_.end_name(edge, true) + ", " + d_.end_name(edge, false) + ")`)" : "";
    diag.message = "`connect(" + from + ", " + to + ")`" + of_group + (both_ways ? ": `" + to + "` also dials `" + from + "`" : "") +
                   (rule.description.empty() ? " breaks rule `" + rule.id + "`" : ": " + rule.description) +
                   layers_text(layers);
    std::string allow_help = "if this is intended, add `allow: [" + rule.id + "]` to the connection";
    // Without a fix that is one, the rule's own words say what to do instead.
    auto explain = [&](std::string why) {
      diag.help = !why.empty() || rule.help.empty() ? why + allow_help : rule.help + "; " + allow_help;
    };
    if (both_ways) {
      explain("draw one of the two connections: the one whose dialer opens it; ");
    } else if (!rule.fix_reverse) {
      explain("");
    } else if (reverse_edge(e) != kNone) {
      explain("`" + to + "` already dials `" + from +
              "`: remove this connection if it is the same one (data can flow both ways over it, `flow: both`); ");
    } else if (is_person(edge.from)) {
      explain("");  // a reverse would have something dial a person
    } else if (const model::Rule* other = reverse_breaks(edge)) {
      explain("the reverse, `connect(" + quoted_name(to) + ", " + quoted_name(from) + ")`, breaks `" + other->id +
              "`: ");
    } else {
      std::string head = "connect(" + quoted_name(to) + ", " + quoted_name(from) + ")";
      diag.help = "`" + to + "` dials `" + from + "`: write `" + head + "`";
      // A pair of a list or of a group connection is no statement of its own to replace.
      if (edge.of_group()) {
        const std::string& group = d_.groups[edge.from_group != kNone ? edge.from_group : edge.to_group].id;
        const std::string member = edge.from_group != kNone ? from : to;
        const std::string whole = "connect(" + quoted_name(d_.end_name(edge, false)) + ", " +
                                  quoted_name(d_.end_name(edge, true)) + ")";
        diag.help = "`" + to + "` dials `" + from + "`: write `" + whole + "` if that holds for every member of `" +
                    group + "`, else connect `" + member + "` on its own: `" + head + tail_of(edge) + "`";
      } else if (edge.listed) {
        diag.help = "`" + to + "` dials `" + from + "`: take the pair out of the list and write `" + head + tail_of(edge) + "`";
      } else {
        diag.fix = head + tail_of(edge);
      }
    }
    diags_.add(std::move(diag));
  }

  // A connection from `edge.to` to `edge.from` in a layer that also has `e`, or kNone.
  EdgeId reverse_edge(EdgeId e) const {
    const model::Edge& edge = d_.edges[e];
    for (EdgeId other : dials_[edge.to]) {
      if (d_.edges[other].to == edge.from && !model::intersect(edge.layers, d_.edges[other].layers).empty()) return other;
    }
    return kNone;
  }

  // A rule that the reversed connection, with the same props, would break; nullptr if none.
  // A fix that trades one error for another is no fix.
  const model::Rule* reverse_breaks(const model::Edge& edge) const {
    for (const model::Rule& rule : d_.rules) {
      if (forbids(rule, edge.to, edge.from) && !edge_allows(edge, rule.id)) return &rule;
    }
    // A `require` line that either end meets through this connection and would no longer meet
    // once it is reversed (the only trigger of a function, say).
    const EdgeId e = edge_id(edge);
    for (const model::Rule& rule : d_.rules) {
      for (const model::RuleClause& clause : rule.clauses) {
        if (clause.which != model::RuleClause::Which::Require || clause.any_of.empty()) continue;
        for (NodeId n : {edge.from, edge.to}) {
          if (!matches(d_, clause.any_of.front().subject(), kinds_[n]) || node_allows(n, rule.id)) continue;
          model::LayerSet now = d_.nodes[n].layers, reversed = d_.nodes[n].layers;
          for (const model::RuleConnect& alt : clause.any_of) {
            now = unmet(alt, n, std::move(now));
            reversed = unmet(alt, n, std::move(reversed), e);
          }
          if (!model::subtract(reversed, now).empty()) return &rule;
        }
      }
    }
    return nullptr;
  }

  EdgeId edge_id(const model::Edge& edge) const { return EdgeId(static_cast<std::size_t>(&edge - d_.edges.data())); }

  // The statement's label and props, to keep in the fix, with an explicit `flow:` turned
  // around (reversing who dials keeps the data going the same way); empty without the
  // source text. Where the flow was derived from the roles, the label or the default and the
  // reversed connection would derive the other way, the fix says `flow:` so that the data
  // keeps its way (a scenario's steps keep theirs by themselves).
  std::string tail_of(const model::Edge& edge) const {
    if (!sources_ || !edge.span.valid() || !edge.head.valid()) return "";
    std::string_view text = sources_->file(edge.span.file).text();
    auto slice = [&](std::uint32_t from, std::uint32_t to) { return std::string(text.substr(from, to - from)); };
    if (!edge.flow_explicit && edge.flow != model::Flow::Both && edge.flow_evidence != model::FlowEvidence::Scenario) {
      const NodeId source = edge.flow == model::Flow::Forward ? edge.from : edge.to;
      const model::Flow reversed = model::flow_without_scenarios(d_, edge.to, edge.from, edge.label);
      const NodeId reversed_source = reversed == model::Flow::Forward ? edge.to : edge.from;
      std::string tail = slice(edge.head.end, edge.span.end);
      if (reversed_source == source) return tail;
      const std::string flow = std::string("flow: ") + (source == edge.to ? "forward" : "backward");
      // After the label (a quoted string), the props' `{` if there is one: the flow goes first.
      std::size_t at = 0;
      auto blanks = [&] {
        while (at < tail.size() && (tail[at] == ' ' || tail[at] == '\t' || tail[at] == '\n' || tail[at] == '\r')) ++at;
      };
      blanks();
      if (at < tail.size() && (tail[at] == '"' || tail[at] == '\'')) {
        const char quote = tail[at++];
        while (at < tail.size() && tail[at] != quote) at += tail[at] == '\\' ? 2 : 1;
        ++at;
        blanks();
      }
      if (at < tail.size() && tail[at] == '{') return tail.substr(0, at + 1) + " " + flow + "," + tail.substr(at + 1);
      return tail + " { " + flow + " }";
    }
    if (!edge.flow_explicit || !edge.flow_value.valid()) return slice(edge.head.end, edge.span.end);
    std::string_view word = text.substr(edge.flow_value.begin, edge.flow_value.end - edge.flow_value.begin);
    std::string swapped = word == "forward" ? "backward" : word == "backward" ? "forward" : std::string(word);
    return slice(edge.head.end, edge.flow_value.begin) + swapped + slice(edge.flow_value.end, edge.span.end);
  }

  // The other side of an alternative, as its message names it: "node", "`broker`", "node
  // that is not a `person`".
  static std::string other_side(const model::RuleConnect& alt) {
    const model::Pattern& other = alt.about_listener() ? alt.from : alt.to;
    if (other.any) return "node";
    std::string names;
    for (std::size_t i = 0; i < other.names.size(); ++i) {
      names += (i == 0 ? "" : i + 1 == other.names.size() ? " or " : ", ") + ("`" + other.names[i].text + "`");
    }
    return other.negated ? "node that is not a " + names : names;
  }

  // "`fn` is dialed by no node", "`flink` dials no `broker`": what one alternative misses.
  static std::string missing(const model::RuleConnect& alt) {
    return (alt.about_listener() ? "is dialed by no " : "dials no ") + other_side(alt);
  }

  // "a `connect(..., 'fn')` from a node", "a `connect('flink', ...)` to a `broker`".
  static std::string remedy(const model::RuleConnect& alt, const std::string& id) {
    return alt.about_listener() ? "a `connect(..., " + quoted_name(id) + ")` from a " + other_side(alt)
                                : "a `connect(" + quoted_name(id) + ", ...)` to a " + other_side(alt);
  }

  // The layers that hold node `n` and no connection meeting `alt`; with `reversed`, as if that
  // connection were drawn the other way round.
  model::LayerSet unmet(const model::RuleConnect& alt, NodeId n, model::LayerSet layers, EdgeId reversed = kNone) const {
    const bool listener = alt.about_listener();
    auto take = [&](NodeId other, const model::LayerSet& in) {
      if (!layers.empty() && matches(d_, listener ? alt.from : alt.to, kinds_[other])) layers = model::subtract(layers, in);
    };
    for (EdgeId e : listener ? dialed_by_[n] : dials_[n]) {
      if (e == reversed) continue;
      const model::Edge& edge = d_.edges[e];
      take(listener ? edge.from : edge.to, edge.layers);
    }
    if (reversed != kNone) {
      // Reversed, the connection runs the other way at `n`: what dialed it is dialed, and so on.
      const model::Edge& r = d_.edges[reversed];
      if (listener && r.from == n) take(r.to, r.layers);
      if (!listener && r.to == n) take(r.from, r.layers);
    }
    return layers;
  }

  void check_require(const model::Rule& rule, const model::RuleClause& clause, NodeId n) {
    if (clause.any_of.empty() || !matches(d_, clause.any_of.front().subject(), kinds_[n]) || node_allows(n, rule.id)) {
      return;
    }
    // The layers that hold the node and meet none of the alternatives.
    model::LayerSet layers = d_.nodes[n].layers;
    for (const model::RuleConnect& alt : clause.any_of) layers = unmet(alt, n, std::move(layers));
    if (layers.empty()) return;
    const std::string& id = d_.nodes[n].id;
    std::string misses, remedies;
    for (std::size_t i = 0; i < clause.any_of.size(); ++i) {
      const bool last = i + 1 == clause.any_of.size();
      misses += (i == 0 ? "" : last ? " and " : ", ") + missing(clause.any_of[i]);
      remedies += (i == 0 ? "" : last ? " or " : ", ") + remedy(clause.any_of[i], id);
    }
    source::Diagnostic diag;
    diag.severity = rule.severity;
    diag.code = source::Code::RuleViolation;
    diag.rule = rule.id;
    diag.span = d_.nodes[n].span;
    diag.message = "`" + id + "` " + misses +
                   (rule.description.empty() ? ", which rule `" + rule.id + "` requires" : ": " + rule.description) +
                   layers_text(layers);
    diag.help = "add " + remedies + "; if this is intended, add `allow: [" + rule.id + "]` to `" + id + "`";
    diags_.add(std::move(diag));
  }

  const model::Diagram& d_;
  source::Diagnostics& diags_;
  const source::SourceMap* sources_;
  model::Table<NodeId, const model::Kind*> kinds_;          // nullptr for an unknown kind
  model::Table<NodeId, std::vector<std::string>> allows_;   // its own and its groups' `allow`
  model::Table<NodeId, std::vector<EdgeId>> dials_;          // the edges each node dials
  model::Table<NodeId, std::vector<EdgeId>> dialed_by_;      // the edges that dial each node
  bool name_layers_ = true;
};

}  // namespace

void check_rules(const model::Diagram& d, source::Diagnostics& diags, const source::SourceMap* sources) {
  if (d.layers.empty()) return;
  Checker(d, diags, sources).run();
}

}  // namespace archc::check
