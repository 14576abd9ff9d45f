// What each layer holds, found in one walk of the `extends` forest (LayerOrder's order).
//
// The walk keeps the state of one layer: its nodes, and its connections by their two ends.
// Entering a layer applies its block to the state of the layer it extends; leaving the layers
// built on it undoes the block. Each block is applied once and undone once, so the cost is
// the size of the input, not layers × nodes. What the walk records is where each element is
// added and where it is removed; each element's LayerSet follows from those.

#include <algorithm>

#include "model/builder.hpp"
#include "model/pair_map.hpp"

namespace archc::model {

using source::Code;

namespace {

std::uint32_t u32(std::size_t i) { return static_cast<std::uint32_t>(i); }

}  // namespace

class LayerResolver::Walk {
 public:
  explicit Walk(LayerResolver& r)
      : r_(r),
        d_(r.d_),
        order_(r.d_.layer_order),
        present_(d_.nodes.size(), 0),
        node_gone_(d_.nodes.size(), 0),
        node_block_(d_.nodes.size(), 0),
        edge_gone_(d_.edges.size(), 0),
        edge_block_(d_.edges.size(), 0),
        dropped_(d_.edges.size(), 0),
        node_base_(d_.nodes.size()),
        edge_base_(d_.edges.size()),
        top_dead_(d_.edges.size(), 0),
        kept_under_(d_.edges.size()),
        pairs_(d_.edges.size()),
        group_size_(d_.groups.size(), 0) {
    for (const Node& n : d_.nodes) {
      for (GroupId g = n.group; g != kNone; g = d_.groups[g].parent) ++group_size_[g];
    }
  }

  void run() {
    Table<LayerId, LayerDraft>& drafts = r_.e_.drafts();
    // The statements outside any layer are in every layer: a block above the roots.
    struct Frame {
      LayerId layer;
      std::size_t mark;
    };
    std::vector<Frame> stack{{kNone, 0}};
    apply(kNone, r_.e_.global_ops());
    for (std::uint32_t p = 0; p < order_.size(); ++p) {
      LayerId layer = order_.at(p);
      while (stack.back().layer != drafts[layer].base) {
        undo(stack.back().mark);
        stack.pop_back();
      }
      stack.push_back({layer, log_.size()});
      apply(layer, drafts[layer].ops);
      if (drafts[layer].base == kNone) keep_top_edges(layer, d_.layers[layer].id);
    }
    for (EdgeId e : conditional_) edge_base_[e] = set_of(std::move(kept_under_[e]));
  }

  void set_memberships() {
    std::sort(node_removals_.begin(), node_removals_.end());
    std::sort(edge_removals_.begin(), edge_removals_.end());
    auto removed = [&](auto& removals, std::size_t& k, auto id) {
      std::vector<LayerRun> runs;
      for (; k < removals.size() && removals[k].first == id; ++k) {
        LayerSet s = subtree(removals[k].second);
        runs.insert(runs.end(), s.begin(), s.end());
      }
      return set_of(std::move(runs));
    };
    std::size_t k = 0;
    for (NodeId n : d_.nodes.ids()) d_.nodes[n].layers = subtract(node_base_[n], removed(node_removals_, k, n));
    k = 0;
    for (EdgeId e : d_.edges.ids()) {
      Edge& edge = d_.edges[e];
      LayerSet gone = removed(edge_removals_, k, e);
      if (dropped_[e] || edge_base_[e].empty() || edge.from == kNone || edge.to == kNone) continue;
      LayerSet s = intersect(edge_base_[e], d_.nodes[edge.from].layers);
      edge.layers = subtract(intersect(s, d_.nodes[edge.to].layers), gone);
    }
  }

 private:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  enum class What : std::uint8_t { Present, NodeGone, EdgeGone, TopDead, Pair };
  struct Undo {
    What what;
    std::uint32_t index;
    std::uint32_t old;
    std::uint64_t key;
  };

  LayerSet subtree(LayerId layer) const { return layer == kNone ? order_.all() : order_.subtree(layer); }

  std::uint64_t key(NodeId from, NodeId to) const { return PairMap::key(u32(from.index()), u32(to.index())); }
  std::uint64_t key(EdgeId e) const { return key(d_.edges[e].from, d_.edges[e].to); }
  std::uint64_t key(const syntax::Name& a, const syntax::Name& b) const {
    return key(NodeId(r_.e_.nodes().at(a.text)), NodeId(r_.e_.nodes().at(b.text)));
  }

  // Whether the connection in a slot is in the current layer (as far as this block has gone).
  bool live(std::uint32_t slot) const {
    if (slot == kEmpty) return false;
    EdgeId e(slot);
    if (dropped_[e] || top_dead_[e] || edge_gone_[e]) return false;
    // One added by this block dies with an end this block removes; an inherited one had both
    // its ends, and dies with either, wherever removed.
    std::uint32_t since = edge_block_[e] == block_ ? block_ : 1;
    return node_gone_[d_.edges[e].from] < since && node_gone_[d_.edges[e].to] < since;
  }
  bool live_pair(std::uint64_t k) {
    std::uint32_t* slot = pairs_.find(k);
    return slot && live(*slot);
  }

  void set_present(NodeId n, char value) {
    log_.push_back({What::Present, u32(n.index()), static_cast<std::uint32_t>(present_[n]), 0});
    present_[n] = value;
  }
  void set_node_gone(NodeId n) {
    log_.push_back({What::NodeGone, u32(n.index()), node_gone_[n], 0});
    node_gone_[n] = block_;
  }
  void set_edge_gone(EdgeId e) {
    log_.push_back({What::EdgeGone, u32(e.index()), edge_gone_[e], 0});
    edge_gone_[e] = block_;
  }
  void set_pair(std::uint64_t k, EdgeId e) {
    auto [slot, fresh] = pairs_.emplace(k, kEmpty);
    log_.push_back({What::Pair, 0, *slot, k});
    *slot = u32(e.index());
  }
  void undo(std::size_t mark) {
    while (log_.size() > mark) {
      const Undo& u = log_.back();
      switch (u.what) {
        case What::Present: present_[u.index] = static_cast<char>(u.old); break;
        case What::NodeGone: node_gone_[u.index] = u.old; break;
        case What::EdgeGone: edge_gone_[u.index] = u.old; break;
        case What::TopDead: top_dead_[u.index] = static_cast<char>(u.old); break;
        case What::Pair: *pairs_.find(u.key) = u.old; break;
      }
      log_.pop_back();
    }
  }

  // Applies one block (kNone: the statements outside any layer) to the current state.
  void apply(LayerId layer, const std::vector<Op>& ops) {
    ++block_;
    const std::string& name = d_.layers[layer == kNone ? order_.at(0) : layer].id;
    const std::vector<bool>& ok = r_.e_.edge_ok();
    // What the layer has, removes aside: what it inherits plus everything its block adds. A
    // `remove` names something in there, whatever the order of the block's lines, so that
    // `remove redshift` then `remove connect(metabase, redshift)` both hold.
    PairMap added(ops.size());
    for (const Op& op : ops) {
      if (op.what == Op::What::AddNode) node_block_[op.node] = block_;
      if (op.what == Op::What::AddEdge && ok[op.edge.index()]) added.emplace(key(op.edge), 0);
    }
    std::vector<char> had(ops.size(), 0), had_reverse(ops.size(), 0);
    for (std::size_t i = 0; i < ops.size(); ++i) {
      const syntax::RemoveDecl* r = ops[i].remove;
      if (!r || !r->is_edge || !r_.e_.nodes().count(r->from.text) || !r_.e_.nodes().count(r->to.text)) continue;
      std::uint64_t k = key(r->from, r->to), back = key(r->to, r->from);
      had[i] = added.contains(k) || live_pair(k);
      had_reverse[i] = added.contains(back) || live_pair(back);
    }
    std::vector<EdgeId> accepted;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      const Op& op = ops[i];
      switch (op.what) {
        case Op::What::AddNode:
          set_present(op.node, 1);
          node_base_[op.node] = subtree(layer);
          break;
        case Op::What::AddEdge: add_edge(op.edge, layer, name, accepted); break;
        case Op::What::Remove:
          if (op.remove->is_edge) {
            remove_edge(*op.remove, layer, name, had[i], had_reverse[i]);
          } else {
            remove_node(*op.remove, layer, name);
          }
          break;
      }
    }
    if (layer == kNone) {
      for (EdgeId e : accepted) {
        const Edge& edge = d_.edges[e];
        // A group connection's pairs are wherever both their nodes are: nothing to check.
        if (!edge.of_group() && !gone_here(e) && (!present_[edge.from] || !present_[edge.to])) {
          conditional_.push_back(e);
        }
      }
    } else {
      keep_edges_with_both_ends(accepted, name);
    }
  }

  // Whether this block removed the connection, or one of its ends.
  bool gone_here(EdgeId e) const {
    const Edge& edge = d_.edges[e];
    return edge_gone_[e] != 0 || node_gone_[edge.from] == block_ || node_gone_[edge.to] == block_;
  }

  // A connection outside any layer is in every layer: each layer without a base gets it, and
  // must have both its ends by the end of that layer's block (an end may be a node the block
  // adds). The connections outside any layer with an end that is not (a node of a layer) are
  // checked at the end of each such block: kept below it, or reported once and left out.
  void keep_top_edges(LayerId root, const std::string& name) {
    for (EdgeId e : conditional_) {
      if (dropped_[e] || gone_here(e)) continue;
      const Edge& edge = d_.edges[e];
      NodeId lacking = !present_[edge.from] ? edge.from : !present_[edge.to] ? edge.to : NodeId(kNone);
      if (lacking == kNone) {
        LayerSet under = order_.subtree(root);
        kept_under_[e].insert(kept_under_[e].end(), under.begin(), under.end());
        continue;
      }
      log_.push_back({What::TopDead, u32(e.index()), static_cast<std::uint32_t>(top_dead_[e]), 0});
      top_dead_[e] = 1;
      report_missing_end(e, lacking, name);
    }
  }

  void add_edge(EdgeId e, LayerId layer, const std::string& name, std::vector<EdgeId>& accepted) {
    if (!r_.e_.edge_ok()[e.index()]) return;
    const Edge& edge = d_.edges[e];
    std::uint32_t* slot = pairs_.find(key(e));
    if (slot && live(*slot) && (edge.of_group() || d_.edges[EdgeId(*slot)].of_group())) {
      // A pair of a group connection gives way to the same pair written more narrowly: between
      // the nodes, or from a group inside the group. No error: the pair is there once, as the
      // narrowest statement says (the first of equals).
      if (breadth(e) >= breadth(EdgeId(*slot))) return;
      EdgeId pair(*slot);
      set_edge_gone(pair);
      edge_removals_.push_back({pair, layer});
    } else if (slot && live(*slot)) {
      dropped_[e] = 1;
      if (!r_.edge_reported_[e]) {
        r_.edge_reported_[e] = 1;
        r_.diags_.error(Code::DuplicateEdge, edge.span,
                        "`connect(" + d_.nodes[edge.from].id + ", " + d_.nodes[edge.to].id +
                            ")` is declared twice in layer `" + name + "`",
                        "put both labels on one connection")
            .note(d_.edges[EdgeId(*slot)].span, "the first declaration is here");
      }
      return;
    }
    set_pair(key(e), e);
    edge_block_[e] = block_;
    edge_base_[e] = subtree(layer);
    accepted.push_back(e);
  }

  // How many pairs the statement of connection `e` stands for; 0 between nodes, which no
  // group connection overrides.
  std::uint64_t breadth(EdgeId e) const {
    const Edge& edge = d_.edges[e];
    if (!edge.of_group()) return 0;
    auto size = [&](GroupId g) -> std::uint64_t { return g == kNone ? 1 : group_size_[g]; };
    return size(edge.from_group) * size(edge.to_group);
  }

  void remove_node(const syntax::RemoveDecl& r, LayerId layer, const std::string& name) {
    auto it = r_.e_.nodes().find(r.node.text);
    if (it == r_.e_.nodes().end()) {
      r_.names_.unknown(Code::UnknownNode, r.node, "node", r_.e_.nodes());
      return;
    }
    NodeId n(it->second);
    if (!present_[n]) {
      // Nodes are removed in line order: one added further down this block, or removed
      // already, is not there to remove.
      bool later = node_block_[n] == block_ || node_gone_[n] == block_;
      r_.diags_.error(Code::RemoveAbsent, r.node.span, "layer `" + name + "` has no node `" + r.node.text + "` to remove",
                      later ? "`" + r.node.text + "` is declared further down this block, or removed already" : "");
      return;
    }
    set_present(n, 0);
    set_node_gone(n);
    node_removals_.push_back({n, layer});
  }

  // `remove connect(shop, otel)` with a group written at an end: every pair of that group
  // connection the layer has.
  bool remove_group_edge(const syntax::RemoveDecl& r, LayerId layer, const std::string& name) {
    const Index& groups = r_.e_.groups();
    if (!groups.count(r.from.text) && !groups.count(r.to.text)) return false;
    bool found = false;
    for (EdgeId e : d_.edges.ids()) {
      const Edge& edge = d_.edges[e];
      if (!edge.of_group() || d_.end_name(edge, true) != r.from.text || d_.end_name(edge, false) != r.to.text) continue;
      std::uint32_t* slot = pairs_.find(key(e));
      if (!slot || *slot != u32(e.index()) || !live(*slot)) continue;
      set_edge_gone(e);
      edge_removals_.push_back({e, layer});
      found = true;
    }
    if (!found) {
      r_.diags_.error(Code::RemoveAbsent, r.span,
                      "layer `" + name + "` has no `connect(" + r.from.text + ", " + r.to.text + ")` to remove");
    }
    return true;
  }

  void remove_edge(const syntax::RemoveDecl& r, LayerId layer, const std::string& name, bool had, bool had_reverse) {
    if (remove_group_edge(r, layer, name)) return;
    for (const syntax::Name* n : {&r.from, &r.to}) {
      if (!r_.e_.nodes().count(n->text)) r_.names_.unknown(Code::UnknownNode, *n, "node", r_.e_.nodes());
    }
    if (!r_.e_.nodes().count(r.from.text) || !r_.e_.nodes().count(r.to.text)) return;
    if (!had) {
      r_.diags_.error(Code::RemoveAbsent, r.span,
                      "layer `" + name + "` has no `connect(" + r.from.text + ", " + r.to.text + ")` to remove",
                      had_reverse ? "it has `connect(" + r.to.text + ", " + r.from.text + ")`: the first name is the dialer"
                                  : "");
      return;
    }
    std::uint32_t* slot = pairs_.find(key(r.from, r.to));
    if (!slot || !live(*slot)) return;
    if (const Edge& pair = d_.edges[EdgeId(*slot)]; pair.of_group()) {
      // One pair of a group connection cannot go alone: its picture is the group's.
      const std::string whole = "connect(" + d_.end_name(pair, true) + ", " + d_.end_name(pair, false) + ")";
      r_.diags_.error(Code::RemoveAbsent, r.span,
                      "`connect(" + r.from.text + ", " + r.to.text + ")` is a pair of `" + whole + "`: it goes only with it",
                      "remove `" + whole + "` and connect the members that stay one by one, or remove the node");
      return;
    }
    set_edge_gone(EdgeId(*slot));
    edge_removals_.push_back({EdgeId(*slot), layer});
  }

  // Every connection needs both its ends in the layer that adds it; each is reported once.
  // One whose end this block removes is gone with it, silently.
  void report_missing_end(EdgeId e, NodeId end, const std::string& layer) {
    if (r_.edge_reported_[e]) return;
    r_.edge_reported_[e] = 1;
    const syntax::ConnectDecl& c = *r_.e_.edge_decls()[e.index()];
    const syntax::Name& n = end == d_.edges[e].from ? c.from : c.to;
    r_.diags_.error(Code::UnknownNode, n.span, "node `" + n.text + "` is not in layer `" + layer + "`",
                    "declare it in this layer or in a layer it extends");
  }

  void keep_edges_with_both_ends(const std::vector<EdgeId>& accepted, const std::string& name) {
    for (EdgeId e : accepted) {
      const Edge& edge = d_.edges[e];
      if (dropped_[e] || gone_here(e) || edge.of_group()) continue;
      for (NodeId end : {edge.from, edge.to}) {
        if (present_[end]) continue;
        dropped_[e] = 1;
        report_missing_end(e, end, name);
        break;
      }
    }
  }

  LayerResolver& r_;
  Diagram& d_;
  const LayerOrder& order_;
  Table<NodeId, char> present_;
  Table<NodeId, std::uint32_t> node_gone_;   // the block that removed the node on this path, or 0
  Table<NodeId, std::uint32_t> node_block_;  // the block that adds the node
  Table<EdgeId, std::uint32_t> edge_gone_;
  Table<EdgeId, std::uint32_t> edge_block_;  // the block that adds the connection
  Table<EdgeId, char> dropped_;              // in no layer: a duplicate, or an end missing where added
  Table<NodeId, LayerSet> node_base_;        // the layers under the block that adds it
  Table<EdgeId, LayerSet> edge_base_;
  // Connections outside any layer with an end that is not: checked in each layer without a
  // base, dead below one that lacks an end, kept below the one that has both.
  std::vector<EdgeId> conditional_;
  Table<EdgeId, char> top_dead_;
  Table<EdgeId, std::vector<LayerRun>> kept_under_;
  std::vector<std::pair<NodeId, LayerId>> node_removals_;
  std::vector<std::pair<EdgeId, LayerId>> edge_removals_;
  PairMap pairs_;  // (dialer, listener) -> the latest connection added on this path, or kEmpty
  Table<GroupId, std::uint32_t> group_size_;  // the nodes inside each group, nested ones too
  std::vector<Undo> log_;
  std::uint32_t block_ = 0;
};

void LayerResolver::walk_layers() {
  Walk walk(*this);
  walk.run();
  walk.set_memberships();
}

}  // namespace archc::model
