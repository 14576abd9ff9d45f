// What each layer holds: what it extends, what its block adds and removes, and cycles of
// `extends` cut where they close.

#include <algorithm>

#include "model/builder.hpp"
#include "model/pair_map.hpp"
#include "model/props.hpp"

namespace archc::model {

using source::Code;

void LayerResolver::resolve() {
  std::vector<LayerDraft>& drafts = e_.drafts();
  if (drafts.empty()) {
    // No layer declared: the diagram is one layer holding everything.
    Layer layer;
    layer.id = "main";
    layer.title = d_.title;
    d_.layers.push_back(std::move(layer));
    drafts.push_back(LayerDraft{});
    resolve_layer(0);
    return;
  }
  declare_layers();
  cut_cycles();
  for (std::size_t i = 0; i < drafts.size(); ++i) resolve_layer(i);
}

void LayerResolver::declare_layers() {
  std::vector<LayerDraft>& drafts = e_.drafts();
  for (std::size_t i = 0; i < drafts.size(); ++i) {
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
          drafts[i].base = it->second;
        }
      } else if (i == 0) {
        diags_.error(Code::UnknownLayer, decl.span,
                     "layer `" + layer.id + "` extends the layer above, but it is the first layer",
                     "remove `<>`, or name the layer to extend: `<> NAME`");
      } else {
        drafts[i].base = i - 1;
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
  std::vector<LayerDraft>& drafts = e_.drafts();
  std::vector<char> colour(drafts.size(), 0);
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    std::vector<std::size_t> walk;
    std::size_t at = i;
    while (at != kNone && colour[at] == 0) {
      colour[at] = 1;
      walk.push_back(at);
      at = drafts[at].base;
    }
    if (at != kNone && colour[at] == 1) {
      auto first = std::find(walk.begin(), walk.end(), at);
      std::size_t start = *std::min_element(first, walk.end());
      std::string loop = drafts[start].decl->id.text;
      for (std::size_t l = drafts[start].base; l != start; l = drafts[l].base) loop += " -> " + drafts[l].decl->id.text;
      loop += " -> " + drafts[start].decl->id.text;
      const syntax::LayerDecl& decl = *drafts[start].decl;
      diags_.error(Code::LayerCycle, decl.base ? decl.base->span : decl.span,
                   "layers extend each other in a cycle: " + loop,
                   "a layer can only extend a layer that does not extend it back");
      // a layer in a cycle keeps only its own contents
      for (auto it = first; it != walk.end(); ++it) drafts[*it].base = kNone;
    }
    for (std::size_t l : walk) colour[l] = 2;
  }
}

void LayerResolver::resolve_layer(std::size_t i) {
  std::vector<LayerDraft>& drafts = e_.drafts();
  // Walk down the chain of bases to the first resolved one (or the bottom), then resolve back
  // up: no recursion, however long the chain.
  std::vector<std::size_t> chain;
  for (std::size_t at = i; at != kNone && !drafts[at].resolved; at = drafts[at].base) {
    if (std::find(chain.begin(), chain.end(), at) != chain.end()) break;  // cycle, reported
    chain.push_back(at);
  }
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    LayerDraft& draft = drafts[*it];
    Layer& layer = d_.layers[*it];
    std::vector<char> has_node(d_.nodes.size(), 0);
    if (draft.base != kNone && drafts[draft.base].resolved) {
      const Layer& base = d_.layers[draft.base];
      layer.nodes = base.nodes;
      layer.edges = base.edges;
      for (std::size_t n : layer.nodes) has_node[n] = 1;
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
void LayerResolver::keep_edges_with_both_ends(Layer& layer, const std::vector<char>& has_node) {
  std::erase_if(layer.edges, [&](std::size_t e) {
    const Edge& edge = d_.edges[e];
    for (std::size_t end : {edge.from, edge.to}) {
      if (has_node[end]) continue;
      if (edge_reported_[e].empty()) {
        edge_reported_[e] = layer.id;
        const syntax::ConnectDecl& c = *e_.edge_decls()[e];
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
  std::vector<char> has_group(d_.groups.size(), 0);
  for (std::size_t n : layer.nodes) {
    for (std::size_t g = d_.nodes[n].group; g != kNone && !has_group[g]; g = d_.groups[g].parent) has_group[g] = 1;
  }
  for (std::size_t g = 0; g < has_group.size(); ++g) {
    if (has_group[g]) layer.groups.push_back(g);
  }
}

void LayerResolver::apply(Layer& layer, std::vector<char>& has_node, const std::vector<Op>& ops) {
  auto pair_key = [&](std::size_t e) {
    return PairMap::key(static_cast<std::uint32_t>(d_.edges[e].from), static_cast<std::uint32_t>(d_.edges[e].to));
  };
  auto name_key = [&](const syntax::Name& a, const syntax::Name& b) {
    return PairMap::key(static_cast<std::uint32_t>(e_.nodes().at(a.text)), static_cast<std::uint32_t>(e_.nodes().at(b.text)));
  };
  PairMap pairs(layer.edges.size());  // (dialer, listener) -> edge
  for (std::size_t e : layer.edges) pairs.emplace(pair_key(e), static_cast<std::uint32_t>(e));
  // What the layer has, removes aside: what it inherits plus everything its block adds.
  // A `remove` names something in there, whatever the order of the block's lines, so that
  // `remove redshift` then `remove connect(metabase, redshift)` both hold.
  std::vector<char> had_node = has_node;
  PairMap had_pair(layer.edges.size() + ops.size());
  for (std::size_t e : layer.edges) had_pair.emplace(pair_key(e), 0);
  for (const Op& op : ops) {
    if (op.what == Op::What::AddNode) had_node[op.index] = 1;
    if (op.what == Op::What::AddEdge && e_.edge_ok()[op.index]) had_pair.emplace(pair_key(op.index), 0);
  }
  // Removals are marked as they come and swept from the lists once at the end: a removal
  // costs the same whatever the layer's size. A node is declared once in the whole diagram,
  // so one removed here never comes back in this block, and an edge touching it is dead.
  std::vector<char> removed_node(d_.nodes.size(), 0);
  std::vector<char> removed_edge(d_.edges.size(), 0);
  bool removed_any = false;
  auto dead = [&](std::size_t e) {
    return removed_edge[e] || removed_node[d_.edges[e].from] || removed_node[d_.edges[e].to];
  };
  for (const Op& op : ops) {
    switch (op.what) {
      case Op::What::AddNode:
        has_node[op.index] = 1;
        layer.nodes.push_back(op.index);
        break;
      case Op::What::AddEdge: {
        if (!e_.edge_ok()[op.index]) break;
        const Edge& e = d_.edges[op.index];
        auto [slot, fresh] = pairs.emplace(pair_key(op.index), static_cast<std::uint32_t>(op.index));
        if (!fresh && !dead(*slot)) {
          std::size_t same = *slot;
          if (edge_reported_[op.index].empty()) {
            edge_reported_[op.index] = layer.id;
            diags_.error(Code::DuplicateEdge, e.span,
                         "`connect(" + d_.nodes[e.from].id + ", " + d_.nodes[e.to].id +
                             ")` is declared twice in layer `" + layer.id + "`",
                         "put both labels on one connection")
              .note(d_.edges[same].span, "the first declaration is here");
          }
          break;
        }
        *slot = static_cast<std::uint32_t>(op.index);
        layer.edges.push_back(op.index);
        break;
      }
      case Op::What::Remove: {
        const syntax::RemoveDecl& r = *op.remove;
        if (!r.is_edge) {
          auto it = e_.nodes().find(r.node.text);
          if (it == e_.nodes().end()) {
            names_.unknown(Code::UnknownNode, r.node, "node", e_.nodes());
          } else if (!has_node[it->second]) {
            // Nodes are removed in line order: one added further down this block, or removed
            // already, is not there to remove.
            diags_.error(Code::RemoveAbsent, r.node.span,
                         "layer `" + layer.id + "` has no node `" + r.node.text + "` to remove",
                         had_node[it->second] ? "`" + r.node.text + "` is declared further down this block, or removed already"
                                              : "");
          } else {
            has_node[it->second] = 0;
            removed_node[it->second] = 1;
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
          } else if (std::uint32_t* e = pairs.find(key); e && !dead(*e)) {
            removed_edge[*e] = 1;
            removed_any = true;
            pairs.erase(key);
          }
        }
        break;
      }
    }
  }
  if (removed_any) {
    std::erase_if(layer.nodes, [&](std::size_t n) { return removed_node[n] != 0; });
    std::erase_if(layer.edges, dead);
  }
}

}  // namespace archc::model
