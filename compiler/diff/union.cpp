#include "diff/union.hpp"

#include "diff/diff.hpp"

#include <map>

namespace archc::diff {

namespace {

using model::Diagram;
using model::LayerId;

// Which layers of one version hold an element, as U's layer ids.
struct Presence {
  std::vector<bool> before, after;  // indexed by U's layers
};

std::string ids_where(const Diagram& u, const std::vector<bool>& where) {
  std::string out;
  for (LayerId l : u.layers.ids()) {
    if (where[l.index()]) out += (out.empty() ? "" : " ") + u.layers[l].id;
  }
  return out;
}

}  // namespace

Union union_of(const Diagram& before, const Diagram& after) {
  Union u;
  Diagram& d = u.diagram;
  d.title = after.title;
  d.description = after.description;
  d.roles = after.roles;
  d.kinds = after.kinds;
  for (const model::Kind& k : before.kinds) {
    if (!after.find_kind(k.id)) d.kinds.push_back(k);  // a removed node keeps its icon
  }
  d.modules = after.modules;
  u.marks.before.clear();

  // Layers: the new version's, then those only the old one has.
  for (const model::Layer& l : after.layers) d.layers.push_back(l);
  for (const model::Layer& l : before.layers) {
    if (after.find_layer(l.id) == model::kNone) d.layers.push_back(l);
  }
  model::Table<LayerId, LayerId> bases(d.layers.size(), model::kNone);
  for (LayerId l : d.layers.ids()) {
    if (d.layers[l].extends) bases[l] = d.find_layer(*d.layers[l].extends);
  }
  d.layer_order = model::LayerOrder(bases);
  const std::size_t n = d.layers.size();
  // U's layer for each layer of a version.
  auto mapping = [&](const Diagram& v) {
    std::vector<LayerId> to(v.layers.size());
    for (LayerId l : v.layers.ids()) to[l.index()] = d.find_layer(v.layers[l].id);
    return to;
  };
  const std::vector<LayerId> from_before = mapping(before), from_after = mapping(after);
  auto presence = [&](const Diagram& v, const std::vector<LayerId>& to, const model::LayerSet& set) {
    std::vector<bool> out(n, false);
    for (LayerId l : v.layer_order.list(set)) out[to[l.index()].index()] = true;
    return out;
  };
  auto set_of = [&](const std::vector<bool>& a, const std::vector<bool>& b) {
    model::LayerSet out;
    for (LayerId l : d.layers.ids()) {
      if (!a[l.index()] && !b[l.index()]) continue;
      std::uint32_t p = d.layer_order.position(l);
      out = model::unite(out, model::LayerSet{{p, p + 1}});
    }
    return out;
  };
  // Where an element differs: added where only the new version has it, removed where only
  // the old one has it, changed where both have it and `same` says they differ.
  auto marks = [&](const Presence& p, bool same) {
    std::vector<bool> added(n), removed(n), changed(n);
    for (std::size_t i = 0; i < n; ++i) {
      added[i] = p.after[i] && !p.before[i];
      removed[i] = p.before[i] && !p.after[i];
      changed[i] = p.before[i] && p.after[i] && !same;
    }
    return render::ElementMarks{ids_where(d, added), ids_where(d, removed), ids_where(d, changed)};
  };
  const std::vector<bool> none(n, false);

  // Groups, by id; parents once every group is in.
  std::map<std::string, model::GroupId> groups;
  std::vector<std::pair<const model::Group*, const Diagram*>> group_source;
  for (const Diagram* v : {&after, &before}) {
    for (const model::Group& g : v->groups) {
      if (groups.count(g.id)) continue;
      groups.emplace(g.id, d.groups.next_id());
      d.groups.push_back(g);
      group_source.push_back({&g, v});
    }
  }
  auto group_in_u = [&](const Diagram& v, model::GroupId g) {
    return g == model::kNone ? model::GroupId(model::kNone) : groups.at(v.groups[g].id);
  };
  for (model::GroupId g : d.groups.ids()) {
    const auto& [source, v] = group_source[g.index()];
    d.groups[g].parent = group_in_u(*v, source->parent);
  }
  auto find_group = [](const Diagram& v, const std::string& id) -> const model::Group* {
    for (const model::Group& g : v.groups) {
      if (g.id == id) return &g;
    }
    return nullptr;
  };
  for (model::GroupId g : d.groups.ids()) {
    const model::Group* a = find_group(after, d.groups[g].id);
    const model::Group* b = find_group(before, d.groups[g].id);
    Presence p{b ? presence(before, from_before, b->layers) : none, a ? presence(after, from_after, a->layers) : none};
    d.groups[g].layers = set_of(p.before, p.after);
    bool same = a && b && !differs(after, *a, before, *b);
    u.marks.groups.push_back(marks(p, same));
  }

  // Nodes, by id.
  std::map<std::string, model::NodeId> nodes;
  for (const Diagram* v : {&after, &before}) {
    for (const model::Node& node : v->nodes) {
      if (nodes.count(node.id)) continue;
      nodes.emplace(node.id, d.nodes.next_id());
      model::Node copy = node;
      copy.group = group_in_u(*v, node.group);
      d.nodes.push_back(std::move(copy));
    }
  }
  for (model::NodeId i : d.nodes.ids()) {
    model::NodeId a = after.find_node(d.nodes[i].id), b = before.find_node(d.nodes[i].id);
    Presence p{b != model::kNone ? presence(before, from_before, before.nodes[b].layers) : none,
               a != model::kNone ? presence(after, from_after, after.nodes[a].layers) : none};
    d.nodes[i].layers = set_of(p.before, p.after);
    bool same = a != model::kNone && b != model::kNone && !differs(after, after.nodes[a], before, before.nodes[b]);
    u.marks.nodes.push_back(marks(p, same));
  }

  // Connections, by their two ends.
  // A group connection is one connection, by the names written; the pair that draws it stands for it.
  auto key = [](const Diagram& v, const model::Edge& e) { return v.end_name(e, true) + '\x1f' + v.end_name(e, false); };
  auto drawn = [](const model::Edge& e) { return !e.of_group() || !e.drawn_layers().empty(); };
  std::map<std::string, const model::Edge*> in_after, in_before;
  for (const model::Edge& e : after.edges) {
    if (drawn(e)) in_after.emplace(key(after, e), &e);
  }
  for (const model::Edge& e : before.edges) {
    if (drawn(e)) in_before.emplace(key(before, e), &e);
  }
  for (const Diagram* v : {&after, &before}) {
    for (const model::Edge& e : v->edges) {
      if (!drawn(e)) continue;
      const std::string k = key(*v, e);
      if (v == &before && in_after.count(k)) continue;
      model::Edge copy = e;
      copy.from = nodes.at(v->nodes[e.from].id);
      copy.to = nodes.at(v->nodes[e.to].id);
      copy.from_group = group_in_u(*v, e.from_group);
      copy.to_group = group_in_u(*v, e.to_group);
      const model::Edge* a = in_after.count(k) ? in_after.at(k) : nullptr;
      const model::Edge* b = in_before.count(k) ? in_before.at(k) : nullptr;
      Presence p{b ? presence(before, from_before, b->drawn_layers()) : none,
                 a ? presence(after, from_after, a->drawn_layers()) : none};
      copy.layers = set_of(p.before, p.after);
      copy.group_layers = copy.of_group() ? copy.layers : model::LayerSet{};
      copy.drawn_by = copy.of_group() ? d.edges.next_id() : model::EdgeId(model::kNone);
      bool same = a && b && !differs(after, *a, before, *b);
      d.edges.push_back(std::move(copy));
      u.marks.edges.push_back(marks(p, same));
    }
  }
  return u;
}

}  // namespace archc::diff
