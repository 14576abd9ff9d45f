#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "model/imports.hpp"
#include "model/model.hpp"
#include "model/pair_map.hpp"
#include "model/props.hpp"
#include "model/scenarios.hpp"
#include "model/suggest.hpp"

namespace archc::model {

using source::Code;

namespace {

using Index = std::unordered_map<std::string, std::size_t>;

// One step of a layer body, kept in source order so that `remove` sees what came before it.
struct Op {
  enum class What { AddNode, AddEdge, Remove };
  What what = What::AddNode;
  std::size_t index = kNone;  // the node or edge added
  const syntax::RemoveDecl* remove = nullptr;
};

struct LayerDraft {
  const syntax::LayerDecl* decl = nullptr;
  std::vector<Op> ops;
  std::size_t base = kNone;
  bool resolved = false;
};

std::vector<std::string_view> keys_of(const Index& index) {
  std::vector<std::pair<std::size_t, std::string_view>> sorted;
  for (const auto& [k, v] : index) sorted.emplace_back(v, k);
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::string_view> out;
  for (const auto& [v, k] : sorted) out.push_back(k);
  return out;
}

class Builder {
 public:
  Builder(const source::SourceMap& sources, source::Diagnostics& diags)
      : sources_(sources), diags_(diags) {}

  Diagram run(const std::vector<LoadedFile>& files);

 private:
  // Registers `id` in `index` as the next of `items` unless it is there already (then a
  // duplicate-id error pointing at the first declaration).
  template <typename T>
  bool declare(Index& index, const std::vector<T>& items, const syntax::Name& id, std::string_view what);
  // For roles, kinds and rules: where to store a declaration from `module` ("" for a user
  // file), or kNone after a duplicate-id error. A user file may redeclare what the stdlib
  // declares: the user's declaration replaces it, as a local name shadows a prelude's.
  template <typename T>
  std::size_t declare_type(Index& index, std::vector<T>& items, const syntax::Name& id, std::string_view what,
                           const std::string& module);
  template <typename T>
  static void place(std::vector<T>& items, std::size_t slot, T item) {
    if (slot == items.size()) items.push_back(std::move(item)); else items[slot] = std::move(item);
  }
  static Span span_of(const LayerDraft& d) { return d.decl->id.span; }
  template <typename T>
  static Span span_of(const T& item) { return item.span; }
  void unknown(Code code, const syntax::Name& name, std::string_view what, const Index& index,
               std::string_view extra_help = {});
  // The names of `index` in declaration order, for suggestions; kept until the index grows,
  // so that a thousand unknown names do not sort a thousand times.
  const std::vector<std::string_view>& candidates(const Index& index);
  std::map<const Index*, std::pair<std::size_t, std::vector<std::string_view>>> candidates_;
  std::size_t suggestion_budget_ = 2'000'000;

  void declare_types(const LoadedFile& file, bool is_main);
  void check_types();
  void declare_elements(const std::vector<syntax::Statement>& body, LayerDraft* layer,
                        std::size_t group);
  void add_group(const syntax::GroupDecl& decl, LayerDraft* layer, std::size_t parent);
  void resolve_edges();
  void resolve_layers();
  void resolve_layer(std::size_t i);
  void apply(Layer& layer, std::vector<char>& has_node, const std::vector<Op>& ops);
  Flow default_flow(std::size_t from, std::size_t to) const;

  const source::SourceMap& sources_;
  source::Diagnostics& diags_;
  Diagram d_;
  Index roles_, kinds_, rules_, nodes_, groups_, layers_;
  std::vector<const syntax::ConnectDecl*> edge_decls_;  // parallel to d_.edges
  std::vector<bool> edge_ok_;
  std::vector<std::string> edge_reported_;  // the layer an edge was reported in, if any
  std::vector<LayerDraft> drafts_;
  std::vector<Op> global_ops_;
  std::vector<const syntax::ScenarioDecl*> scenarios_;
  bool saw_title_ = false, saw_description_ = false;
};

template <typename T>
bool Builder::declare(Index& index, const std::vector<T>& items, const syntax::Name& id, std::string_view what) {
  auto [it, fresh] = index.emplace(id.text, items.size());
  Span existing = fresh ? Span{} : span_of(items[it->second]);
  if (!fresh) {
    diags_.error(Code::DuplicateId, id.span, std::string(what) + " `" + id.text + "` is declared twice")
        .note(existing, "the first declaration is here");
  }
  return fresh;
}

template <typename T>
std::size_t Builder::declare_type(Index& index, std::vector<T>& items, const syntax::Name& id, std::string_view what,
                                  const std::string& module) {
  if (auto it = index.find(id.text); it != index.end() && !items[it->second].module.empty() && module.empty())
    return it->second;
  return declare(index, items, id, what) ? items.size() : kNone;
}

const std::vector<std::string_view>& Builder::candidates(const Index& index) {
  auto& [size, keys] = candidates_[&index];
  if (size != index.size() || keys.empty()) {
    keys = keys_of(index);
    size = index.size();
  }
  return keys;
}

void Builder::unknown(Code code, const syntax::Name& name, std::string_view what,
                      const Index& index, std::string_view extra_help) {
  if (code == Code::UnknownNode && d_.was_dropped(name.text)) return;  // reported already
  // Suggestions cost a comparison per candidate: a file of ten thousand unknown names gets
  // its errors at once, and suggestions only while the budget lasts.
  const auto& names = candidates(index);
  std::string near;
  if (suggestion_budget_ >= names.size()) {
    suggestion_budget_ -= names.size();
    near = closest(name.text, names);
  }
  std::string help = near.empty() ? std::string(extra_help)
                                  : "a " + std::string(what) + " with a similar name exists: `" + near + "`";
  diags_.error(code, name.span, "unknown " + std::string(what) + " `" + name.text + "`", help);
}

void Builder::declare_types(const LoadedFile& file, bool is_main) {
  for (const syntax::Statement& s : file.tree.statements) {
    if (const auto* meta = std::get_if<syntax::Meta>(&s.item)) {
      // A stdlib module's description describes the module (`archc stdlib` shows it).
      if (!file.module.empty() && meta->which == syntax::Meta::Which::Description) {
        for (Diagram::Module& m : d_.modules) {
          if (m.id == file.module) m.description = meta->text.text;
        }
      }
      if (!is_main) continue;  // an imported file's title does not retitle the diagram
      bool title = meta->which == syntax::Meta::Which::Title;
      bool& seen = title ? saw_title_ : saw_description_;
      if (seen) {
        diags_.error(Code::DuplicateProperty, meta->span,
                     std::string(title ? "`title`" : "`description`") + " is given twice",
                     "keep one of them");
      }
      seen = true;
      (title ? d_.title : d_.description) = meta->text.text;
    } else if (const auto* r = std::get_if<syntax::RoleDecl>(&s.item)) {
      std::size_t slot = declare_type(roles_, d_.roles, r->id, "role", file.module);
      if (slot == kNone) continue;
      Role role{r->id.text, r->description ? r->description->text : "", {}, file.module, r->id.span};
      Common unused;
      read_props(r->props, unused, {"role", false, {"reads"}},
                 [&](const syntax::Property& p) {
                   return p.key.text == "reads" && (expect_names(p, role.reads, diags_), true);
                 },
                 diags_);
      place(d_.roles, slot, std::move(role));
    } else if (const auto* k = std::get_if<syntax::KindDecl>(&s.item)) {
      std::size_t slot = declare_type(kinds_, d_.kinds, k->id, "kind", file.module);
      if (slot == kNone) continue;
      Kind kind{k->id.text, {}, {}, k->description ? k->description->text : "", "", file.module, k->id.span};
      for (const syntax::Name& role : k->roles) {
        kind.roles.push_back(role.text);
        kind.role_spans.push_back(role.span);
      }
      Common common;
      read_props(k->props, common, {"kind", false, {}}, nullptr, diags_);
      kind.icon = common.icon.empty() ? "box" : common.icon;
      place(d_.kinds, slot, std::move(kind));
    } else if (const auto* r = std::get_if<syntax::RuleDecl>(&s.item)) {
      std::size_t slot = declare_type(rules_, d_.rules, r->id, "rule", file.module);
      if (slot == kNone) continue;
      Rule rule;
      rule.id = r->id.text;
      rule.description = r->description ? r->description->text : "";
      rule.module = file.module;
      rule.span = r->id.span;
      for (const syntax::RuleClause& c : r->clauses) {
        auto pattern = [](const syntax::Pattern& p) {
          return Pattern{p.any, p.negated, p.name.text, p.name.span};
        };
        rule.clauses.push_back(RuleClause{c.which == syntax::RuleClause::Which::Forbid
                                              ? RuleClause::Which::Forbid
                                              : RuleClause::Which::Require,
                                          pattern(c.from), pattern(c.to), c.span});
      }
      Common unused;
      read_props(r->props, unused, {"rule", false, {"severity", "fix"}},
                 [&](const syntax::Property& p) {
                   std::string word;
                   if (p.key.text == "severity") {
                     if (expect_word(p, {"error", "warning"}, word, diags_)) {
                       rule.severity = word == "error" ? source::Severity::Error : source::Severity::Warning;
                     }
                     return true;
                   }
                   if (p.key.text == "fix") {
                     if (expect_word(p, {"reverse"}, word, diags_)) rule.fix_reverse = true;
                     return true;
                   }
                   return false;
                 },
                 diags_);
      if (rule.clauses.empty()) {
        diags_.error(Code::EmptyRule, r->id.span, "rule `" + rule.id + "` forbids and requires nothing",
                     "add a line such as `forbid connect(broker, *)` or `require connect(service, database)`");
      }
      place(d_.rules, slot, std::move(rule));
    }
  }
}

void Builder::check_types() {
  Index roles_and_kinds = roles_;
  for (const auto& [k, v] : kinds_) roles_and_kinds.emplace(k, roles_.size() + v);
  auto check_name = [&](const std::string& name, Span span, std::string_view what) {
    if (name == "*" || roles_and_kinds.count(name)) return;
    unknown(Code::UnknownRole, syntax::Name{name, span}, what, roles_and_kinds);
  };
  for (const Kind& k : d_.kinds) {
    for (std::size_t i = 0; i < k.roles.size(); ++i) {
      if (!roles_.count(k.roles[i])) unknown(Code::UnknownRole, syntax::Name{k.roles[i], k.role_spans[i]}, "role", roles_);
    }
  }
  for (const Role& r : d_.roles) {
    for (const std::string& name : r.reads) check_name(name, r.span, "role or kind");
  }
  for (const Rule& rule : d_.rules) {
    for (const RuleClause& c : rule.clauses) {
      if (!c.from.any) check_name(c.from.name, c.from.span, "role or kind");
      if (!c.to.any) check_name(c.to.name, c.to.span, "role or kind");
    }
  }
}

void Builder::add_group(const syntax::GroupDecl& decl, LayerDraft* layer, std::size_t parent) {
  std::size_t index;
  if (auto it = groups_.find(decl.id.text); it != groups_.end()) {
    // A group may be reopened (a later layer adds to it), under the same parent.
    index = it->second;
    Group& g = d_.groups[index];
    if (g.parent != parent) {
      diags_.error(Code::DuplicateId, decl.id.span, "group `" + decl.id.text + "` is reopened inside another group")
          .note(g.span, "the first declaration is here");
    } else if (decl.label && !g.label.empty() && g.label != decl.label->text && g.label != g.id) {
      diags_.error(Code::DuplicateId, decl.label->span, "group `" + decl.id.text + "` is reopened with another label")
          .note(g.span, "the first declaration is here");
    }
    if (decl.label && (g.label.empty() || g.label == g.id)) g.label = decl.label->text;
  } else {
    index = d_.groups.size();
    groups_.emplace(decl.id.text, index);
    Group g;
    g.id = decl.id.text;
    g.label = decl.label ? decl.label->text : decl.id.text;
    g.parent = parent;
    g.span = decl.id.span;
    d_.groups.push_back(std::move(g));
  }
  // A reopened group adds to its properties: lists gain what they lack, and a value given
  // again must be the same (a group looks the same in every layer).
  Common more;
  read_props(decl.props, more, {"group", true, {}}, nullptr, diags_);
  Common& props = d_.groups[index].props;
  auto same_or_set = [&](std::string& have, const std::string& given, std::string_view key) {
    if (given.empty() || have == given) return;
    if (have.empty()) {
      have = given;
      return;
    }
    for (const syntax::Property& p : decl.props) {
      if (p.key.text == key) {
        diags_.error(Code::DuplicateProperty, p.value.span,
                     "group `" + decl.id.text + "` already has another `" + std::string(key) + "`",
                     "a group looks the same in every layer: give `" + std::string(key) + "` once");
      }
    }
  };
  same_or_set(props.note, more.note, "note");
  same_or_set(props.icon, more.icon, "icon");
  same_or_set(props.color, more.color, "color");
  for (const std::string& tag : more.tags) {
    if (std::find(props.tags.begin(), props.tags.end(), tag) == props.tags.end()) props.tags.push_back(tag);
  }
  for (std::size_t i = 0; i < more.allow.size(); ++i) {
    if (std::find(props.allow.begin(), props.allow.end(), more.allow[i]) != props.allow.end()) continue;
    props.allow.push_back(more.allow[i]);
    props.allow_spans.push_back(more.allow_spans[i]);
  }
  for (const Extra& extra : more.extra) {
    auto it = std::find_if(props.extra.begin(), props.extra.end(), [&](const Extra& e) { return e.key == extra.key; });
    if (it == props.extra.end()) {
      props.extra.push_back(extra);
    } else {
      same_or_set(it->value, extra.value, extra.key);
    }
  }
  declare_elements(decl.body, layer, index);
}

void Builder::declare_elements(const std::vector<syntax::Statement>& body, LayerDraft* layer,
                               std::size_t group) {
  std::vector<Op>& ops = layer ? layer->ops : global_ops_;
  for (const syntax::Statement& s : body) {
    if (const auto* n = std::get_if<syntax::NodeDecl>(&s.item)) {
      if (!declare(nodes_, d_.nodes, n->id, "node"))
        continue;
      if (!kinds_.count(n->kind.text)) {
        unknown(Code::UnknownKind, n->kind, "kind", kinds_, "`archc stdlib` lists the kinds");
      }
      Node node;
      node.id = n->id.text;
      node.kind = n->kind.text;
      node.label = n->label ? n->label->text : n->id.text;
      node.group = group;
      node.span = n->id.span;
      read_props(n->props, node.props, {"node", true, {}}, nullptr, diags_);
      ops.push_back(Op{Op::What::AddNode, d_.nodes.size(), nullptr});
      d_.nodes.push_back(std::move(node));
    } else if (const auto* c = std::get_if<syntax::ConnectDecl>(&s.item)) {
      Edge edge;
      edge.label = c->label ? c->label->text : "";
      edge.span = c->span;
      edge.head = c->head;
      read_props(c->props, edge.props, {"connection", true, {"flow", "stream"}},
                 [&](const syntax::Property& p) {
                   if (p.key.text == "flow") {
                     std::string word;
                     if (expect_word(p, {"forward", "backward", "both"}, word, diags_)) {
                       edge.flow = word == "forward" ? Flow::Forward
                                   : word == "backward" ? Flow::Backward
                                                        : Flow::Both;
                       edge.flow_explicit = true;
                       edge.flow_value = p.value.span;
                     }
                     return true;
                   }
                   if (p.key.text == "stream") return expect_bool(p, edge.stream, diags_), true;
                   return false;
                 },
                 diags_);
      ops.push_back(Op{Op::What::AddEdge, d_.edges.size(), nullptr});
      d_.edges.push_back(std::move(edge));
      edge_decls_.push_back(c);
    } else if (const auto* g = std::get_if<syntax::GroupDecl>(&s.item)) {
      add_group(*g, layer, group);
    } else if (const auto* r = std::get_if<syntax::RemoveDecl>(&s.item)) {
      ops.push_back(Op{Op::What::Remove, kNone, r});
    } else if (const auto* l = std::get_if<syntax::LayerDecl>(&s.item)) {
      LayerDraft draft;
      draft.decl = l;
      if (!declare(layers_, drafts_, l->id, "layer"))
        continue;
      drafts_.push_back(std::move(draft));
      // Bodies are read after every layer is known, in declaration order (see run()).
    } else if (const auto* sc = std::get_if<syntax::ScenarioDecl>(&s.item)) {
      scenarios_.push_back(sc);
    }
  }
}

void Builder::resolve_edges() {
  edge_ok_.assign(d_.edges.size(), false);
  edge_reported_.assign(d_.edges.size(), "");
  for (std::size_t i = 0; i < d_.edges.size(); ++i) {
    const syntax::ConnectDecl& c = *edge_decls_[i];
    Edge& e = d_.edges[i];
    auto from = nodes_.find(c.from.text);
    auto to = nodes_.find(c.to.text);
    if (from == nodes_.end()) unknown(Code::UnknownNode, c.from, "node", nodes_);
    if (to == nodes_.end()) unknown(Code::UnknownNode, c.to, "node", nodes_);
    if (from == nodes_.end() || to == nodes_.end()) continue;
    e.from = from->second;
    e.to = to->second;
    if (e.from == e.to) {
      diags_.error(Code::SelfEdge, c.span, "`" + c.from.text + "` connects to itself",
                   "a connection needs a dialer and a listener that differ");
      continue;
    }
    if (!e.flow_explicit) e.flow = default_flow(e.from, e.to);
    edge_ok_[i] = true;
  }
}

// Data flows backward when a role of the dialer reads a role or the kind of the listener
// (`role consumer { reads: [broker] }`): a consumer dialing Kafka pulls from it.
Flow Builder::default_flow(std::size_t from, std::size_t to) const {
  const Kind* dialer = d_.find_kind(d_.nodes[from].kind);
  const Kind* listener = d_.find_kind(d_.nodes[to].kind);
  if (!dialer || !listener) return Flow::Forward;
  for (const std::string& role_id : dialer->roles) {
    auto r = roles_.find(role_id);
    if (r == roles_.end()) continue;
    for (const std::string& read : d_.roles[r->second].reads) {
      if (read == "*" || read == listener->id ||
          std::find(listener->roles.begin(), listener->roles.end(), read) != listener->roles.end())
        return Flow::Backward;
    }
  }
  return Flow::Forward;
}

void Builder::apply(Layer& layer, std::vector<char>& has_node, const std::vector<Op>& ops) {
  auto pair_key = [&](std::size_t e) {
    return PairMap::key(static_cast<std::uint32_t>(d_.edges[e].from), static_cast<std::uint32_t>(d_.edges[e].to));
  };
  auto name_key = [&](const syntax::Name& a, const syntax::Name& b) {
    return PairMap::key(static_cast<std::uint32_t>(nodes_.at(a.text)), static_cast<std::uint32_t>(nodes_.at(b.text)));
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
    if (op.what == Op::What::AddEdge && edge_ok_[op.index]) had_pair.emplace(pair_key(op.index), 0);
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
        if (!edge_ok_[op.index]) break;
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
          auto it = nodes_.find(r.node.text);
          if (it == nodes_.end()) {
            unknown(Code::UnknownNode, r.node, "node", nodes_);
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
            if (!nodes_.count(name->text)) unknown(Code::UnknownNode, *name, "node", nodes_);
          }
          if (!nodes_.count(r.from.text) || !nodes_.count(r.to.text)) break;
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

void Builder::resolve_layer(std::size_t i) {
  // Walk down the chain of bases to the first resolved one (or the bottom), then resolve back
  // up: no recursion, however long the chain.
  std::vector<std::size_t> chain;
  for (std::size_t at = i; at != kNone && !drafts_[at].resolved; at = drafts_[at].base) {
    if (std::find(chain.begin(), chain.end(), at) != chain.end()) break;  // cycle, reported
    chain.push_back(at);
  }
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    LayerDraft& draft = drafts_[*it];
    Layer& layer = d_.layers[*it];
    std::vector<char> has_node(d_.nodes.size(), 0);
    if (draft.base != kNone && drafts_[draft.base].resolved) {
      const Layer& base = d_.layers[draft.base];
      layer.nodes = base.nodes;
      layer.edges = base.edges;
      for (std::size_t n : layer.nodes) has_node[n] = 1;
    } else {
      apply(layer, has_node, global_ops_);
    }
    apply(layer, has_node, draft.ops);
    // Every connection needs both its ends in the layer; report each connection once.
    std::erase_if(layer.edges, [&](std::size_t e) {
      const Edge& edge = d_.edges[e];
      for (std::size_t end : {edge.from, edge.to}) {
        if (has_node[end]) continue;
        if (edge_reported_[e].empty()) {
          edge_reported_[e] = layer.id;
          const syntax::ConnectDecl& c = *edge_decls_[e];
          const syntax::Name& name = end == edge.from ? c.from : c.to;
          diags_.error(Code::UnknownNode, name.span,
                       "node `" + name.text + "` is not in layer `" + layer.id + "`",
                       "declare it in this layer or in a layer it extends");
        }
        return true;
      }
      return false;
    });
    std::sort(layer.nodes.begin(), layer.nodes.end());
    std::sort(layer.edges.begin(), layer.edges.end());
    // A group is in a layer when one of its nodes is, and so are the groups around it.
    std::vector<char> has_group(d_.groups.size(), 0);
    for (std::size_t n : layer.nodes) {
      for (std::size_t g = d_.nodes[n].group; g != kNone && !has_group[g]; g = d_.groups[g].parent)
        has_group[g] = 1;
    }
    for (std::size_t g = 0; g < has_group.size(); ++g) {
      if (has_group[g]) layer.groups.push_back(g);
    }
    draft.resolved = true;
  }
}

void Builder::resolve_layers() {
  for (std::size_t i = 0; i < drafts_.size(); ++i) {
    const syntax::LayerDecl& decl = *drafts_[i].decl;
    Layer layer;
    layer.id = decl.id.text;
    layer.title = decl.title ? decl.title->text : "";
    layer.span = decl.id.span;
    if (decl.extends) {
      if (decl.base) {
        auto it = layers_.find(decl.base->text);
        if (it == layers_.end()) {
          unknown(Code::UnknownLayer, *decl.base, "layer", layers_);
        } else {
          drafts_[i].base = it->second;
        }
      } else if (i == 0) {
        diags_.error(Code::UnknownLayer, decl.span,
                     "layer `" + layer.id + "` extends the layer above, but it is the first layer",
                     "remove `<>`, or name the layer to extend: `<> NAME`");
      } else {
        drafts_[i].base = i - 1;
      }
      if (drafts_[i].base != kNone) layer.extends = drafts_[drafts_[i].base].decl->id.text;
    }
    Common unused;
    read_props(decl.props, unused, {"layer", false, {}}, nullptr, diags_);
    d_.layers.push_back(std::move(layer));
  }
  // Cycles: each layer has at most one base, so walk each chain once, colouring layers as
  // on the current walk (1) or finished (2). Meeting a layer of the current walk closes a
  // cycle: report it once, at its first layer, naming the loop, and cut it there.
  std::vector<char> colour(drafts_.size(), 0);
  for (std::size_t i = 0; i < drafts_.size(); ++i) {
    std::vector<std::size_t> walk;
    std::size_t at = i;
    while (at != kNone && colour[at] == 0) {
      colour[at] = 1;
      walk.push_back(at);
      at = drafts_[at].base;
    }
    if (at != kNone && colour[at] == 1) {
      auto first = std::find(walk.begin(), walk.end(), at);
      std::size_t start = *std::min_element(first, walk.end());
      std::string loop = drafts_[start].decl->id.text;
      for (std::size_t l = drafts_[start].base; l != start; l = drafts_[l].base) loop += " -> " + drafts_[l].decl->id.text;
      loop += " -> " + drafts_[start].decl->id.text;
      const syntax::LayerDecl& decl = *drafts_[start].decl;
      diags_.error(Code::LayerCycle, decl.base ? decl.base->span : decl.span,
                   "layers extend each other in a cycle: " + loop,
                   "a layer can only extend a layer that does not extend it back");
      // a layer in a cycle keeps only its own contents
      for (auto it = first; it != walk.end(); ++it) drafts_[*it].base = kNone;
    }
    for (std::size_t l : walk) colour[l] = 2;
  }
  for (std::size_t i = 0; i < drafts_.size(); ++i) resolve_layer(i);
}

Diagram Builder::run(const std::vector<LoadedFile>& files) {
  for (const LoadedFile& f : files) {
    d_.dropped_nodes.insert(d_.dropped_nodes.end(), f.tree.dropped_nodes.begin(), f.tree.dropped_nodes.end());
  }
  std::sort(d_.dropped_nodes.begin(), d_.dropped_nodes.end());
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!files[i].module.empty()) d_.modules.push_back({files[i].module, ""});
    declare_types(files[i], i + 1 == files.size());
  }
  check_types();
  for (const LoadedFile& f : files) declare_elements(f.tree.statements, nullptr, kNone);
  // Layer bodies, in declaration order, once every layer name is known.
  for (LayerDraft& draft : drafts_) declare_elements(draft.decl->body, &draft, kNone);
  resolve_edges();
  if (drafts_.empty()) {
    // No layer declared: the diagram is one layer holding everything.
    Layer layer;
    layer.id = "main";
    layer.title = d_.title;
    d_.layers.push_back(std::move(layer));
    drafts_.push_back(LayerDraft{});
    resolve_layer(0);
  } else {
    resolve_layers();
  }
  // `allow` must name a rule.
  auto check_allow = [&](const Common& c) {
    for (std::size_t i = 0; i < c.allow.size(); ++i) {
      const std::string& rule = c.allow[i];
      Span span = c.allow_spans[i];
      if (!rules_.count(rule)) {
        std::string near = closest(rule, candidates(rules_));
        diags_.warning(Code::UnknownRule, span, "`allow` names an unknown rule `" + rule + "`",
                       near.empty() ? "`archc stdlib` lists the rules"
                                    : "a rule with a similar name exists: `" + near + "`");
      }
    }
  };
  for (const Node& n : d_.nodes) check_allow(n.props);
  for (const Edge& e : d_.edges) check_allow(e.props);
  for (const Group& g : d_.groups) check_allow(g.props);

  Index scenario_ids;
  LayerLookup layer_lookup(d_);
  for (std::size_t i = 0; i < scenarios_.size(); ++i) {
    const syntax::ScenarioDecl* s = scenarios_[i];
    auto first = scenario_ids.find(s->id.text);
    if (first != scenario_ids.end()) {
      diags_.error(Code::DuplicateId, s->id.span, "scenario `" + s->id.text + "` is declared twice")
          .note(scenarios_[first->second]->id.span, "the first declaration is here");
      continue;
    }
    scenario_ids.emplace(s->id.text, i);
    if (auto scenario = build_scenario(*s, d_, nodes_, layer_lookup, diags_)) d_.scenarios.push_back(std::move(*scenario));
  }
  return std::move(d_);
}

}  // namespace

Diagram build_model(source::SourceMap& sources, const std::filesystem::path& main_path,
                    std::string main_name, std::string_view main_text, const Workspace& workspace,
                    source::Diagnostics& diags) {
  std::vector<LoadedFile> files =
      load_all(sources, main_path, std::move(main_name), main_text, workspace, diags);
  return Builder(sources, diags).run(files);
}

}  // namespace archc::model
