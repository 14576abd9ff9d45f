// Views (ARCH_LANGUAGE §3 Views): which nodes each shows, resolved once the layers are, and
// the diagram of one view that the later stages lay out and draw.

#include "model/views.hpp"

#include <unordered_map>

#include "model/builder.hpp"
#include "model/props.hpp"

namespace archc::model {

using source::Code;

namespace {

class ViewReader {
 public:
  ViewReader(const Diagram& d, const Elements& e, Names& names, source::Diagnostics& diags)
      : d_(d), e_(e), names_(names), diags_(diags) {}

  // The nodes of `layer` that `decl` shows; empty (with an error) when it shows none.
  std::vector<NodeId> read(const syntax::ViewDecl& decl, LayerId layer) {
    // With no `include` line, a view starts from the whole layer and excludes from it.
    bool includes = std::any_of(decl.lines.begin(), decl.lines.end(), [](const syntax::ViewLine& l) { return l.include; });
    std::vector<char> shown(d_.nodes.size(), 0);
    for (NodeId n : d_.nodes.ids()) shown[n.index()] = !includes && d_.in_layer(d_.nodes[n].layers, layer);
    bool failed = false;
    for (const syntax::ViewLine& line : decl.lines) {
      if (line.all) {
        for (NodeId n : d_.nodes.ids()) {
          if (d_.in_layer(d_.nodes[n].layers, layer)) shown[n.index()] = line.include;
        }
      }
      for (const syntax::Name& name : line.names) {
        std::vector<NodeId> nodes = named(name, layer);
        failed |= nodes.empty();
        for (NodeId n : nodes) shown[n.index()] = line.include;
      }
    }
    std::vector<NodeId> out;
    for (NodeId n : d_.nodes.ids()) {
      if (shown[n.index()]) out.push_back(n);
    }
    if (out.empty() && !failed) {
      diags_.error(Code::EmptyView, decl.id.span,
                   "view `" + decl.id.text + "` shows no node of layer `" + d_.layers[layer].id + "`",
                   "`include` nodes, groups (all their members) or `*` for every node of the layer");
    }
    return out;
  }

 private:
  // The nodes a name of a view line stands for in `layer`: a node, or a group's members
  // there; none (reported) when it names nothing of the layer.
  std::vector<NodeId> named(const syntax::Name& name, LayerId layer) {
    const std::string& layer_id = d_.layers[layer].id;
    if (auto it = e_.nodes().find(name.text); it != e_.nodes().end()) {
      NodeId n(it->second);
      if (d_.in_layer(d_.nodes[n].layers, layer)) return {n};
      diags_.error(Code::UnknownNode, name.span, "node `" + name.text + "` is not in layer `" + layer_id + "`",
                   "a view shows nodes of its layer: pick another with `of LAYER`, or leave the node out");
      return {};
    }
    if (auto it = e_.groups().find(name.text); it != e_.groups().end()) {
      std::vector<NodeId> members;
      for (NodeId n : d_.members(GroupId(it->second))) {
        if (d_.in_layer(d_.nodes[n].layers, layer)) members.push_back(n);
      }
      if (members.empty()) {
        diags_.error(Code::UnknownNode, name.span, "group `" + name.text + "` has no node in layer `" + layer_id + "`",
                     "a view shows nodes of its layer: pick another with `of LAYER`, or leave the group out");
      }
      return members;
    }
    if (d_.find_layer(name.text) != kNone) {
      diags_.error(Code::UnknownNode, name.span, "`" + name.text + "` is a layer, not a node",
                   "a view of a layer names it in its header: `view ID \"title\" of " + name.text + " {`");
      return {};
    }
    names_.unknown(Code::UnknownNode, name, "node", e_.nodes());
    return {};
  }

  const Diagram& d_;
  const Elements& e_;
  Names& names_;
  source::Diagnostics& diags_;
};

}  // namespace

void add_views(Diagram& d, const Elements& elements, Names& names, source::Diagnostics& diags) {
  Index ids;
  ViewReader reader(d, elements, names, diags);
  const auto& decls = elements.views();
  for (std::size_t i = 0; i < decls.size(); ++i) {
    const syntax::ViewDecl& decl = *decls[i];
    View v;
    v.id = decl.id.text;
    v.title = decl.title ? decl.title->text : decl.id.text;
    v.span = decl.id.span;
    read_props(decl.props, v.props, {"view", false, {}},
               [&](const syntax::Property& p) {
                 if (p.key.text != "layer") return false;
                 diags.error(Code::BadProperty, p.key.span, "a view has no property `layer`",
                             "a view's layer is written in its header: `view " + decl.id.text + " of LAYER {`");
                 return true;
               },
               diags);
    if (auto first = ids.find(v.id); first != ids.end()) {
      diags.error(Code::DuplicateId, decl.id.span, "view `" + v.id + "` is declared twice")
          .note(decls[first->second]->id.span, "the first declaration is here");
      continue;
    }
    ids.emplace(v.id, i);
    if (decl.layer) {
      v.layer = d.find_layer(decl.layer->text);
      if (v.layer == kNone) {
        names.unknown(Code::UnknownLayer, *decl.layer, "layer", elements.layers());
        continue;
      }
    } else {
      if (d.layers.empty()) continue;
      v.layer = LayerId(d.layers.size() - 1);  // no `of`: the last layer
    }
    v.nodes = reader.read(decl, v.layer);
    if (!v.nodes.empty()) d.views.push_back(std::move(v));
  }
}

Diagram view_diagram(const Diagram& d, const View& v) {
  Diagram out;
  out.title = d.title;
  out.description = d.description;
  out.direction = d.direction;
  out.roles = d.roles;
  out.kinds = d.kinds;
  out.modules = d.modules;
  Layer layer;
  layer.id = v.id;
  layer.title = v.title;
  layer.span = v.span;
  out.layers.push_back(std::move(layer));
  out.layer_order = LayerOrder(Table<LayerId, LayerId>(1, LayerId(kNone)));
  const LayerSet one = out.layer_order.all();

  // The groups around the shown nodes, in declaration order (a parent before its children).
  std::vector<char> shown(d.nodes.size(), 0);
  std::vector<char> framed(d.groups.size(), 0);
  for (NodeId n : v.nodes) {
    shown[n.index()] = 1;
    for (GroupId g = d.nodes[n].group; g != kNone && !framed[g.index()]; g = d.groups[g].parent) framed[g.index()] = 1;
  }
  Table<GroupId, GroupId> group_at(d.groups.size(), GroupId(kNone));
  for (GroupId g : d.groups.ids()) {
    if (!framed[g.index()]) continue;
    group_at[g] = out.groups.next_id();
    Group copy = d.groups[g];
    copy.parent = copy.parent == kNone ? GroupId(kNone) : group_at[copy.parent];
    copy.layers = one;
    out.groups.push_back(std::move(copy));
  }
  auto group_of = [&](GroupId g) { return g == kNone ? GroupId(kNone) : group_at[g]; };
  Table<NodeId, NodeId> node_at(d.nodes.size(), NodeId(kNone));
  for (NodeId n : v.nodes) {
    node_at[n] = out.nodes.next_id();
    Node copy = d.nodes[n];
    copy.group = group_of(copy.group);
    copy.layers = one;
    out.nodes.push_back(std::move(copy));
  }
  // The layer's connections between shown nodes; a group connection is drawn by its first
  // pair shown.
  std::unordered_map<std::size_t, EdgeId> drawer;  // the statement's pair that draws it there -> here
  for (const Edge& e : d.edges) {
    if (!d.in_layer(e.layers, v.layer) || !shown[e.from.index()] || !shown[e.to.index()]) continue;
    Edge copy = e;
    copy.from = node_at[e.from];
    copy.to = node_at[e.to];
    copy.from_group = group_of(e.from_group);
    copy.to_group = group_of(e.to_group);
    copy.layers = one;
    copy.group_layers.clear();
    if (e.of_group()) {
      auto [it, fresh] = drawer.emplace(e.drawn_by.index(), out.edges.next_id());
      copy.drawn_by = it->second;
      if (fresh) copy.group_layers = one;
    }
    out.edges.push_back(std::move(copy));
  }
  return out;
}

}  // namespace archc::model
