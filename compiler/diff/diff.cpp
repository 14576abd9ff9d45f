#include "diff/diff.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

namespace archc::diff {

namespace {

using model::Diagram;
using model::LayerId;

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

const char* flow_name(model::Flow f) {
  switch (f) {
    case model::Flow::Forward: return "forward";
    case model::Flow::Backward: return "backward";
    case model::Flow::Both: return "both";
  }
  return "forward";
}

using Fields = std::vector<std::pair<std::string, std::string>>;

void common(const model::Common& c, Fields& out) {
  out.push_back({"note", c.note});
  out.push_back({"icon", c.icon});
  out.push_back({"color", c.color});
  out.push_back({"tags", joined(c.tags)});
  out.push_back({"allow", joined(c.allow)});
  for (const model::Extra& e : c.extra) out.push_back({e.key, e.value});
}

std::string group_id(const Diagram& d, model::GroupId g) { return g == model::kNone ? "" : d.groups[g].id; }

Fields fields_of(const Diagram& d, const model::Node& n) {
  Fields f{{"kind", n.kind}, {"label", n.label}, {"group", group_id(d, n.group)}};
  common(n.props, f);
  return f;
}

Fields fields_of(const Diagram&, const model::Edge& e) {
  Fields f{{"label", e.label}, {"flow", flow_name(e.flow)}, {"stream", e.stream ? "true" : "false"}};
  common(e.props, f);
  return f;
}

Fields fields_of(const Diagram& d, const model::Group& g) {
  Fields f{{"label", g.label}, {"parent", group_id(d, g.parent)}};
  common(g.props, f);
  return f;
}

// The fields that differ, in the order the old element lists them, then the new one's.
std::vector<FieldChange> changed(const Fields& before, const Fields& after) {
  std::vector<FieldChange> out;
  auto value = [](const Fields& f, const std::string& key) {
    for (const auto& [k, v] : f) {
      if (k == key) return v;
    }
    return std::string();
  };
  for (const auto& [k, v] : before) {
    if (std::string now = value(after, k); now != v) out.push_back({k, v, now});
  }
  for (const auto& field : after) {
    bool known = std::any_of(before.begin(), before.end(), [&](const auto& p) { return p.first == field.first; });
    if (!known && !field.second.empty()) out.push_back({field.first, "", field.second});
  }
  return out;
}

// What layer `lb` of `b` holds that layer `la` of `a` does not, and the reverse, and what
// differs between the elements both hold. A side whose layer is kNone holds nothing.
void compare_layer(const Diagram& a, LayerId la, const Diagram& b, LayerId lb, std::vector<ElementChange>& out) {
  auto ids = [](const Diagram& d, LayerId l, auto of) {
    return l == model::kNone ? decltype(of(d, l)){} : of(d, l);
  };
  auto groups_of = [](const Diagram& d, LayerId l) { return d.groups_in(l); };
  auto nodes_of = [](const Diagram& d, LayerId l) { return d.nodes_in(l); };
  auto edges_of = [](const Diagram& d, LayerId l) { return d.edges_in(l); };

  // Groups, then nodes, then connections; each by key.
  auto pass = [&](auto ids_a, auto ids_b, auto key_a, auto key_b, auto element_a, auto element_b, const char* type,
                  auto describe) {
    using IdT = typename decltype(ids_a)::value_type;
    std::map<std::string, IdT> in_a, in_b;
    for (IdT i : ids_a) in_a.emplace(key_a(i), i);
    for (IdT i : ids_b) in_b.emplace(key_b(i), i);
    for (const auto& [key, ia] : in_a) {
      auto it = in_b.find(key);
      ElementChange c;
      c.type = type;
      if (it == in_b.end()) {
        c.change = Change::Removed;
        describe(a, element_a(ia), c);
        out.push_back(std::move(c));
        continue;
      }
      std::vector<FieldChange> f = changed(fields_of(a, element_a(ia)), fields_of(b, element_b(it->second)));
      if (f.empty()) continue;
      c.change = Change::Changed;
      describe(b, element_b(it->second), c);
      c.fields = std::move(f);
      out.push_back(std::move(c));
    }
    for (const auto& [key, ib] : in_b) {
      if (in_a.count(key)) continue;
      ElementChange c;
      c.type = type;
      c.change = Change::Added;
      describe(b, element_b(ib), c);
      out.push_back(std::move(c));
    }
  };
  pass(
      ids(a, la, groups_of), ids(b, lb, groups_of), [&](model::GroupId g) { return a.groups[g].id; },
      [&](model::GroupId g) { return b.groups[g].id; }, [&](model::GroupId g) -> const model::Group& { return a.groups[g]; },
      [&](model::GroupId g) -> const model::Group& { return b.groups[g]; }, "group",
      [](const Diagram&, const model::Group& g, ElementChange& c) {
        c.id = g.id;
        c.label = g.label;
      });
  pass(
      ids(a, la, nodes_of), ids(b, lb, nodes_of), [&](model::NodeId n) { return a.nodes[n].id; },
      [&](model::NodeId n) { return b.nodes[n].id; }, [&](model::NodeId n) -> const model::Node& { return a.nodes[n]; },
      [&](model::NodeId n) -> const model::Node& { return b.nodes[n]; }, "node",
      [](const Diagram&, const model::Node& n, ElementChange& c) {
        c.id = n.id;
        c.kind = n.kind;
        c.label = n.label;
      });
  auto edge_key = [](const Diagram& d, model::EdgeId e) { return d.end_name(d.edges[e], true) + '\x1f' + d.end_name(d.edges[e], false); };
  pass(
      ids(a, la, edges_of), ids(b, lb, edges_of), [&](model::EdgeId e) { return edge_key(a, e); },
      [&](model::EdgeId e) { return edge_key(b, e); }, [&](model::EdgeId e) -> const model::Edge& { return a.edges[e]; },
      [&](model::EdgeId e) -> const model::Edge& { return b.edges[e]; }, "connection",
      [](const Diagram& d, const model::Edge& e, ElementChange& c) {
        c.from = d.end_name(e, true);
        c.to = d.end_name(e, false);
        c.label = e.label;
      });
  // A connection removed and its reverse added: the same connection, turned round.
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i].type != "connection" || out[i].change != Change::Removed) continue;
    for (std::size_t j = 0; j < out.size(); ++j) {
      ElementChange& added = out[j];
      if (added.type != "connection" || added.change != Change::Added || added.from != out[i].to || added.to != out[i].from) continue;
      added.change = Change::Changed;
      added.fields.insert(added.fields.begin(), FieldChange{"direction", "connect(" + out[i].from + ", " + out[i].to + ")",
                                                            "connect(" + added.from + ", " + added.to + ")"});
      if (out[i].label != added.label) added.fields.push_back({"label", out[i].label, added.label});
      out.erase(out.begin() + static_cast<std::ptrdiff_t>(i));
      --i;
      break;
    }
  }
}

// A layer's own change: its title or the layer it extends.
ElementChange layer_change(const std::string& id, FieldChange field) {
  ElementChange e;
  e.type = "layer";
  e.id = id;
  e.fields.push_back(std::move(field));
  return e;
}

// Views by id: an added or removed view, or a changed title, layer or set of nodes shown.
std::vector<ElementChange> compare_views(const Diagram& a, const Diagram& b) {
  std::vector<ElementChange> out;
  auto shown = [](const Diagram& d, const model::View& v) {
    std::set<std::string> ids;
    for (model::NodeId n : v.nodes) ids.insert(d.nodes[n].id);
    return ids;
  };
  auto change = [](const Diagram& d, const model::View& v, Change c) {
    ElementChange e;
    e.change = c;
    e.type = "view";
    e.id = v.id;
    e.label = v.title;
    e.kind = d.layers[v.layer].id;
    return e;
  };
  for (const model::View& v : b.views) {
    const model::View* old = a.find_view(v.id);
    if (!old) {
      out.push_back(change(b, v, Change::Added));
      continue;
    }
    ElementChange c = change(b, v, Change::Changed);
    if (old->title != v.title) c.fields.push_back({"title", old->title, v.title});
    if (a.layers[old->layer].id != b.layers[v.layer].id) c.fields.push_back({"layer", a.layers[old->layer].id, b.layers[v.layer].id});
    std::set<std::string> was = shown(a, *old), is = shown(b, v);
    std::set_difference(was.begin(), was.end(), is.begin(), is.end(), std::back_inserter(c.nodes_removed));
    std::set_difference(is.begin(), is.end(), was.begin(), was.end(), std::back_inserter(c.nodes_added));
    if (!c.fields.empty() || !c.nodes_removed.empty() || !c.nodes_added.empty()) out.push_back(std::move(c));
  }
  for (const model::View& v : a.views) {
    if (!b.find_view(v.id)) out.push_back(change(a, v, Change::Removed));
  }
  return out;
}

std::string step_text(const Diagram& d, const model::Step& s) {
  std::string out = s.from == model::kNone ? "note" : d.end_name(s, true) + " -> " + d.end_name(s, false);
  if (!s.caption.empty()) out += " \"" + s.caption + "\"";
  if (s.style == "alert") out += " (alert)";
  if (s.duration_ms > 0) out += " (" + std::to_string(static_cast<long long>(s.duration_ms)) + " ms)";
  return out;
}

// The steps one sequence has and the other has not, by a longest common subsequence.
void compare_steps(const std::vector<std::string>& a, const std::vector<std::string>& b, ElementChange& c) {
  const std::size_t n = a.size(), m = b.size();
  if (n * m > 25'000'000) {  // beyond 5,000 × 5,000 steps: all of them, both ways
    if (a != b) c.steps_removed = a, c.steps_added = b;
    return;
  }
  std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      ++i, ++j;
    } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      c.steps_added.push_back(std::to_string(j + 1) + ". " + b[j]);
      ++j;
    } else {
      c.steps_removed.push_back(std::to_string(i + 1) + ". " + a[i]);
      ++i;
    }
  }
}

std::string where(const source::SourceMap& sources, const source::Span& span) {
  if (!span.valid()) return {};
  const source::SourceFile& f = sources.file(span.file);
  source::Location l = f.location(span.begin);
  return f.name() + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
}

std::vector<RuleChange> compare_rules(const Side& before, const Side& after) {
  auto key = [](const source::Diagnostic& d) { return std::string(d.name()) + '\x1f' + d.message; };
  std::map<std::string, int> count;
  for (const source::Diagnostic& d : before.diags.all()) {
    if (d.code == source::Code::RuleViolation) ++count[key(d)];
  }
  std::vector<RuleChange> out;
  for (const source::Diagnostic& d : after.diags.sorted()) {
    if (d.code != source::Code::RuleViolation) continue;
    if (count[key(d)]-- > 0) continue;
    out.push_back({true, std::string(d.name()), d.severity, d.message, where(after.sources, d.span)});
  }
  count.clear();
  for (const source::Diagnostic& d : after.diags.all()) {
    if (d.code == source::Code::RuleViolation) ++count[key(d)];
  }
  for (const source::Diagnostic& d : before.diags.sorted()) {
    if (d.code != source::Code::RuleViolation) continue;
    if (count[key(d)]-- > 0) continue;
    out.push_back({false, std::string(d.name()), d.severity, d.message, where(before.sources, d.span)});
  }
  return out;
}

}  // namespace

bool differs(const Diagram& a, const model::Node& x, const Diagram& b, const model::Node& y) {
  return !changed(fields_of(a, x), fields_of(b, y)).empty();
}
bool differs(const Diagram& a, const model::Edge& x, const Diagram& b, const model::Edge& y) {
  return !changed(fields_of(a, x), fields_of(b, y)).empty();
}
bool differs(const Diagram& a, const model::Group& x, const Diagram& b, const model::Group& y) {
  return !changed(fields_of(a, x), fields_of(b, y)).empty();
}

bool DiagramDiff::empty() const {
  if (!diagram.empty() || !scenarios.empty() || !views.empty() || !rules.empty()) return false;
  return std::all_of(layers.begin(), layers.end(),
                     [](const LayerChanges& l) { return l.change == Change::Changed && l.elements.empty(); });
}

DiagramDiff compare(const Side& before, const Side& after) {
  const Diagram& a = before.diagram;
  const Diagram& b = after.diagram;
  DiagramDiff out;
  if (a.title != b.title) out.diagram.push_back({"title", a.title, b.title});
  if (a.description != b.description) out.diagram.push_back({"description", a.description, b.description});

  for (LayerId lb : b.layers.ids()) {
    const model::Layer& layer = b.layers[lb];
    LayerChanges c;
    c.layer = layer.id;
    c.title = layer.title;
    c.extends = layer.extends.value_or("");
    LayerId la = a.find_layer(layer.id);
    if (la == model::kNone) {
      c.change = Change::Added;
      // A new layer: what it adds to (and removes from) the layer it extends.
      compare_layer(b, layer.extends ? b.find_layer(*layer.extends) : model::kNone, b, lb, c.elements);
    } else {
      const model::Layer& old = a.layers[la];
      if (old.title != layer.title) {
        c.elements.push_back(layer_change(layer.id, {"title", old.title, layer.title}));
      }
      if (old.extends.value_or("") != layer.extends.value_or("")) {
        c.elements.push_back(layer_change(layer.id, {"extends", old.extends.value_or(""), c.extends}));
      }
      compare_layer(a, la, b, lb, c.elements);
    }
    out.layers.push_back(std::move(c));
  }
  // What a layer inherits from a base that both versions give it is listed under the base.
  std::map<std::string, std::vector<ElementChange>> whole;
  for (const LayerChanges& c : out.layers) whole[c.layer] = c.elements;
  for (LayerChanges& c : out.layers) {
    if (c.change != Change::Changed || c.extends.empty()) continue;
    LayerId la = a.find_layer(c.layer);
    if (a.layers[la].extends.value_or("") != c.extends || a.find_layer(c.extends) == model::kNone) continue;
    const std::vector<ElementChange>& base = whole[c.extends];
    std::erase_if(c.elements, [&](const ElementChange& e) { return std::find(base.begin(), base.end(), e) != base.end(); });
  }
  for (LayerId la : a.layers.ids()) {
    if (b.find_layer(a.layers[la].id) != model::kNone) continue;
    LayerChanges c;
    c.layer = a.layers[la].id;
    c.change = Change::Removed;
    c.title = a.layers[la].title;
    c.extends = a.layers[la].extends.value_or("");
    out.layers.push_back(std::move(c));
  }

  auto find_scenario = [](const Diagram& d, const std::string& id) -> const model::Scenario* {
    for (const model::Scenario& s : d.scenarios) {
      if (s.id == id) return &s;
    }
    return nullptr;
  };
  auto layer_of = [](const Diagram& d, const model::Scenario& s) {
    return s.layer == model::kNone ? std::string() : d.layers[s.layer].id;
  };
  auto steps_of = [](const Diagram& d, const model::Scenario& s) {
    std::vector<std::string> out;
    for (const model::Step& step : s.steps) out.push_back(step_text(d, step));
    return out;
  };
  for (const model::Scenario& s : b.scenarios) {
    ElementChange c;
    c.type = "scenario";
    c.id = s.id;
    c.label = s.title;
    c.kind = layer_of(b, s);
    const model::Scenario* old = find_scenario(a, s.id);
    if (!old) {
      c.change = Change::Added;
      out.scenarios.push_back(std::move(c));
      continue;
    }
    if (old->title != s.title) c.fields.push_back({"title", old->title, s.title});
    if (layer_of(a, *old) != layer_of(b, s)) c.fields.push_back({"layer", layer_of(a, *old), layer_of(b, s)});
    compare_steps(steps_of(a, *old), steps_of(b, s), c);
    if (c.fields.empty() && c.steps_added.empty() && c.steps_removed.empty()) continue;
    out.scenarios.push_back(std::move(c));
  }
  for (const model::Scenario& s : a.scenarios) {
    if (find_scenario(b, s.id)) continue;
    ElementChange c;
    c.type = "scenario";
    c.change = Change::Removed;
    c.id = s.id;
    c.label = s.title;
    c.kind = layer_of(a, s);
    out.scenarios.push_back(std::move(c));
  }
  out.views = compare_views(a, b);
  out.rules = compare_rules(before, after);
  return out;
}

}  // namespace archc::diff
