// What each layer holds: what it extends, what its block adds and removes, and cycles of
// `extends` cut where they close.

#include <algorithm>

#include "model/builder.hpp"
#include "model/pair_map.hpp"
#include "model/props.hpp"

namespace archc::model {

using source::Code;

void LayerResolver::resolve() {
  Table<LayerId, LayerDraft>& drafts = e_.drafts();
  if (drafts.empty()) {
    // No layer declared: the diagram is one layer holding everything.
    Layer layer;
    layer.id = "main";
    layer.title = d_.title;
    d_.layers.push_back(std::move(layer));
    drafts.push_back(LayerDraft{});
    resolve_layer(LayerId(0));
    return;
  }
  declare_layers();
  cut_cycles();
  for (LayerId i : drafts.ids()) resolve_layer(i);
}

void LayerResolver::declare_layers() {
  Table<LayerId, LayerDraft>& drafts = e_.drafts();
  for (LayerId i : drafts.ids()) {
    const syntax::LayerDecl& decl = *drafts[i].decl;
    Layer layer;
    layer.id = decl.id.text;
    layer.title = decl.title ? decl.title->text : "";
    layer.span = decl.id.span;
    if (decl.extends) {
      if (decl.base) {
        auto it = e_.layers().find(decl.base->text);
        if (it == e_.layers().end()) {
          names_.unknown(Code::UnknownLayer, *decl.base, "layer", e_.layers());
        } else {
          drafts[i].base = LayerId(it->second);
        }
      } else if (i.index() == 0) {
        diags_.error(Code::UnknownLayer, decl.span,
                     "layer `" + layer.id + "` extends the layer above, but it is the first layer",
                     "remove `<>`, or name the layer to extend: `<> NAME`");
      } else {
        drafts[i].base = LayerId(i.index() - 1);
      }
      if (drafts[i].base != kNone) layer.extends = drafts[drafts[i].base].decl->id.text;
    }
    Common unused;
    read_props(decl.props, unused, {"layer", false, {}}, nullptr, diags_);
    d_.layers.push_back(std::move(layer));
  }
}

// Each layer has at most one base, so walk each chain once, colouring layers as on the
// current walk (1) or finished (2). Meeting a layer of the current walk closes a cycle:
// report it once, at its first layer, naming the loop, and cut it there.
void LayerResolver::cut_cycles() {
  Table<LayerId, LayerDraft>& drafts = e_.drafts();
  Table<LayerId, char> colour(drafts.size(), 0);
  for (LayerId i : drafts.ids()) {
    std::vector<LayerId> walk;
    LayerId at = i;
    while (at != kNone && colour[at] == 0) {
      colour[at] = 1;
      walk.push_back(at);
      at = drafts[at].base;
    }
    if (at != kNone && colour[at] == 1) {
      auto first = std::find(walk.begin(), walk.end(), at);
      LayerId start = *std::min_element(first, walk.end());
      std::string loop = drafts[start].decl->id.text;
      for (LayerId l = drafts[start].base; l != start; l = drafts[l].base) loop += " -> " + drafts[l].decl->id.text;
      loop += " -> " + drafts[start].decl->id.text;
      const syntax::LayerDecl& decl = *drafts[start].decl;
      diags_.error(Code::LayerCycle, decl.base ? decl.base->span : decl.span,
                   "layers extend each other in a cycle: " + loop,
                   "a layer can only extend a layer that does not extend it back");
      // a layer in a cycle keeps only its own contents
      for (auto it = first; it != walk.end(); ++it) drafts[*it].base = kNone;
    }
    for (LayerId l : walk) colour[l] = 2;
  }
}

void LayerResolver::resolve_layer(LayerId i) {
  Table<LayerId, LayerDraft>& drafts = e_.drafts();
  // Walk down the chain of bases to the first resolved one (or the bottom), then resolve back
  // up: no recursion, however long the chain.
  std::vector<LayerId> chain;
  for (LayerId at = i; at != kNone && !drafts[at].resolved; at = drafts[at].base) {
    if (std::find(chain.begin(), chain.end(), at) != chain.end()) break;  // cycle, reported
    chain.push_back(at);
  }
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    LayerDraft& draft = drafts[*it];
    Layer& layer = d_.layers[*it];
    Table<NodeId, char> has_node(d_.nodes.size(), 0);
    if (draft.base != kNone && drafts[draft.base].resolved) {
      const Layer& base = d_.layers[draft.base];
      layer.nodes = base.nodes;
      layer.edges = base.edges;
      for (NodeId n : layer.nodes) has_node[n] = 1;
    } else {
      apply(layer, has_node, e_.global_ops());
    }
    apply(layer, has_node, draft.ops);
    keep_edges_with_both_ends(layer, has_node);
    std::sort(layer.nodes.begin(), layer.nodes.end());
    std::sort(layer.edges.begin(), layer.edges.end());
    collect_groups(layer);
    draft.resolved = true;
  }
}

// Every connection needs both its ends in the layer; each connection is reported once.
void LayerResolver::keep_edges_with_both_ends(Layer& layer, const Table<NodeId, char>& has_node) {
  std::erase_if(layer.edges, [&](EdgeId e) {
    const Edge& edge = d_.edges[e];
    for (NodeId end : {edge.from, edge.to}) {
      if (has_node[end]) continue;
      if (edge_reported_[e].empty()) {
        edge_reported_[e] = layer.id;
        const syntax::ConnectDecl& c = *e_.edge_decls()[e.index()];
        const syntax::Name& name = end == edge.from ? c.from : c.to;
        diags_.error(Code::UnknownNode, name.span, "node `" + name.text + "` is not in layer `" + layer.id + "`",
                     "declare it in this layer or in a layer it extends");
      }
      return true;
    }
    return false;
  });
}

// A group is in a layer when one of its nodes is, and so are the groups around it.
void LayerResolver::collect_groups(Layer& layer) const {
  Table<GroupId, char> has_group(d_.groups.size(), 0);
  for (NodeId n : layer.nodes) {
    for (GroupId g = d_.nodes[n].group; g != kNone && !has_group[g]; g = d_.groups[g].parent) has_group[g] = 1;
  }
  for (GroupId g : has_group.ids()) {
    if (has_group[g]) layer.groups.push_back(g);
  }
}

void LayerResolver::apply(Layer& layer, Table<NodeId, char>& has_node, const std::vector<Op>& ops) {
  auto u32 = [](std::size_t i) { return static_cast<std::uint32_t>(i); };
  auto pair_key = [&](EdgeId e) { return PairMap::key(u32(d_.edges[e].from.index()), u32(d_.edges[e].to.index())); };
  auto name_key = [&](const syntax::Name& a, const syntax::Name& b) {
    return PairMap::key(u32(e_.nodes().at(a.text)), u32(e_.nodes().at(b.text)));
  };
  PairMap pairs(layer.edges.size());  // (dialer, listener) -> edge
  for (EdgeId e : layer.edges) pairs.emplace(pair_key(e), u32(e.index()));
  // What the layer has, removes aside: what it inherits plus everything its block adds.
  // A `remove` names something in there, whatever the order of the block's lines, so that
  // `remove redshift` then `remove connect(metabase, redshift)` both hold.
  Table<NodeId, char> had_node = has_node;
  PairMap had_pair(layer.edges.size() + ops.size());
  for (EdgeId e : layer.edges) had_pair.emplace(pair_key(e), 0);
  for (const Op& op : ops) {
    if (op.what == Op::What::AddNode) had_node[op.node] = 1;
    if (op.what == Op::What::AddEdge && e_.edge_ok()[op.edge.index()]) had_pair.emplace(pair_key(op.edge), 0);
  }
  // Removals are marked as they come and swept from the lists once at the end: a removal
  // costs the same whatever the layer's size. A node is declared once in the whole diagram,
  // so one removed here never comes back in this block, and an edge touching it is dead.
  Table<NodeId, char> removed_node(d_.nodes.size(), 0);
  Table<EdgeId, char> removed_edge(d_.edges.size(), 0);
  bool removed_any = false;
  auto dead = [&](EdgeId e) {
    return removed_edge[e] || removed_node[d_.edges[e].from] || removed_node[d_.edges[e].to];
  };
  for (const Op& op : ops) {
    switch (op.what) {
      case Op::What::AddNode:
        has_node[op.node] = 1;
        layer.nodes.push_back(op.node);
        break;
      case Op::What::AddEdge: {
        if (!e_.edge_ok()[op.edge.index()]) break;
        const Edge& e = d_.edges[op.edge];
        auto [slot, fresh] = pairs.emplace(pair_key(op.edge), u32(op.edge.index()));
        if (!fresh && !dead(EdgeId(*slot))) {
          EdgeId same(*slot);
          if (edge_reported_[op.edge].empty()) {
            edge_reported_[op.edge] = layer.id;
            diags_.error(Code::DuplicateEdge, e.span,
                         "`connect(" + d_.nodes[e.from].id + ", " + d_.nodes[e.to].id +
                             ")` is declared twice in layer `" + layer.id + "`",
                         "put both labels on one connection")
              .note(d_.edges[same].span, "the first declaration is here");
          }
          break;
        }
        *slot = u32(op.edge.index());
        layer.edges.push_back(op.edge);
        break;
      }
      case Op::What::Remove: {
        const syntax::RemoveDecl& r = *op.remove;
        if (!r.is_edge) {
          auto it = e_.nodes().find(r.node.text);
          if (it == e_.nodes().end()) {
            names_.unknown(Code::UnknownNode, r.node, "node", e_.nodes());
          } else if (!has_node[NodeId(it->second)]) {
            // Nodes are removed in line order: one added further down this block, or removed
            // already, is not there to remove.
            diags_.error(Code::RemoveAbsent, r.node.span,
                         "layer `" + layer.id + "` has no node `" + r.node.text + "` to remove",
                         had_node[NodeId(it->second)] ? "`" + r.node.text + "` is declared further down this block, or removed already"
                                              : "");
          } else {
            has_node[NodeId(it->second)] = 0;
            removed_node[NodeId(it->second)] = 1;
            removed_any = true;
          }
        } else {
          for (const syntax::Name* name : {&r.from, &r.to}) {
            if (!e_.nodes().count(name->text)) names_.unknown(Code::UnknownNode, *name, "node", e_.nodes());
          }
          if (!e_.nodes().count(r.from.text) || !e_.nodes().count(r.to.text)) break;
          std::uint64_t key = name_key(r.from, r.to);
          if (!had_pair.contains(key)) {
            bool reversed = had_pair.contains(name_key(r.to, r.from));
            diags_.error(Code::RemoveAbsent, r.span,
                         "layer `" + layer.id + "` has no `connect(" + r.from.text + ", " +
                             r.to.text + ")` to remove",
                         reversed ? "it has `connect(" + r.to.text + ", " + r.from.text +
                                        ")`: the first name is the dialer"
                                  : "");
          } else if (std::uint32_t* e = pairs.find(key); e && !dead(EdgeId(*e))) {
            removed_edge[EdgeId(*e)] = 1;
            removed_any = true;
            pairs.erase(key);
          }
        }
        break;
      }
    }
  }
  if (removed_any) {
    std::erase_if(layer.nodes, [&](NodeId n) { return removed_node[n] != 0; });
    std::erase_if(layer.edges, dead);
  }
}

}  // namespace archc::model
