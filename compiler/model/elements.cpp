// Nodes, groups and connections, from every block of every file: what each layer adds is
// recorded as operations of a layer draft, resolved later (layers.cpp, layer_walk.cpp).

#include <algorithm>
#include <set>
#include <unordered_map>

#include "model/builder.hpp"
#include "model/props.hpp"

namespace archc::model {

namespace {

// The first word of a connection's label that says which way its data goes: a read
// (`GetObject`, "polls the queue", "scrape": the dialer takes data from the listener) or a
// write ("POST /api/logs", `PutObject`, "publish": the dialer hands data over), or empty.
// Words are split at spaces, punctuation and camelCase humps.
std::string label_verb(std::string_view label, bool& reads) {
  static const std::set<std::string, std::less<>> kReads{
      "get",   "gets",   "read",   "reads",    "download", "downloads", "fetch",   "fetches", "poll",    "polls",
      "pull",  "pulls",  "query",  "queries",  "scrape",   "scrapes",   "select",  "selects", "consume", "consumes",
      "receive", "receives", "subscribe", "subscribes", "tail", "tails", "watch", "watches", "list", "lists",
      "search", "searches", "lookup", "lookups", "verify", "verifies"};
  // Not "forward": it is also a noun ("port-forward"), and a proxy forwards requests.
  static const std::set<std::string, std::less<>> kWrites{
      "post",    "posts",    "put",     "puts",     "push",    "pushes",  "send",    "sends",    "write",
      "writes",  "publish",  "publishes", "export", "exports", "ship",    "ships",   "upload",   "uploads",
      "emit",    "emits",    "insert",  "inserts",  "produce", "produces", "deliver", "delivers"};
  std::string word;
  auto flush = [&]() -> bool {
    if (kReads.count(word) > 0) return reads = true;
    if (kWrites.count(word) > 0) {
      reads = false;
      return true;
    }
    word.clear();
    return false;
  };
  for (std::size_t i = 0; i < label.size(); ++i) {
    char c = label[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool hump = c >= 'A' && c <= 'Z' && i > 0 && label[i - 1] >= 'a' && label[i - 1] <= 'z';
    if ((!letter || hump) && !word.empty() && flush()) return word;
    if (letter) word += static_cast<char>(c | 0x20);
  }
  return !word.empty() && flush() ? word : "";
}

}  // namespace

Flow flow_without_scenarios(const Diagram& d, NodeId from, NodeId to, std::string_view label) {
  bool reads = false;
  std::string verb = label_verb(label, reads);
  if (!verb.empty() && !reads) return Flow::Forward;
  const Kind* dialer = d.find_kind(d.nodes[from].kind);
  const Kind* listener = d.find_kind(d.nodes[to].kind);
  if (dialer && listener) {
    for (const std::string& role_id : dialer->roles) {
      const Role* role = d.find_role(role_id);
      if (!role) continue;
      for (const std::string& read : role->reads) {
        if (read == "*" || read == listener->id ||
            std::find(listener->roles.begin(), listener->roles.end(), read) != listener->roles.end())
          return Flow::Backward;
      }
    }
  }
  return !verb.empty() ? Flow::Backward : Flow::Forward;
}

using source::Code;

void Elements::read(const std::vector<syntax::Statement>& body, LayerDraft* layer, GroupId group) {
  std::vector<Op>& ops = layer ? layer->ops : global_ops_;
  for (const syntax::Statement& s : body) {
    if (const auto* n = std::get_if<syntax::NodeDecl>(&s.item)) {
      add_node(*n, ops, group);
    } else if (const auto* c = std::get_if<syntax::ConnectDecl>(&s.item)) {
      add_edge(*c, ops);
    } else if (const auto* g = std::get_if<syntax::GroupDecl>(&s.item)) {
      add_group(*g, layer, group);
    } else if (const auto* r = std::get_if<syntax::RemoveDecl>(&s.item)) {
      ops.push_back(Op{Op::What::Remove, kNone, kNone, r});
    } else if (const auto* l = std::get_if<syntax::LayerDecl>(&s.item)) {
      auto span_of = [](const LayerDraft& d) { return d.decl->id.span; };
      if (!declare<LayerDraft>(layers_, drafts_, l->id, "layer", span_of, diags_)) continue;
      drafts_.push_back(LayerDraft{l, {}, kNone});
      // Bodies are read after every layer is known, in declaration order (read_layer_bodies).
    } else if (const auto* sc = std::get_if<syntax::ScenarioDecl>(&s.item)) {
      scenarios_.push_back(sc);
    } else if (const auto* v = std::get_if<syntax::ViewDecl>(&s.item)) {
      views_.push_back(v);
    }
  }
}

void Elements::read_layer_bodies() {
  for (LayerDraft& draft : drafts_) read(draft.decl->body, &draft, GroupId(kNone));
}

void Elements::add_node(const syntax::NodeDecl& n, std::vector<Op>& ops, GroupId group) {
  if (!declare<Node>(nodes_, d_.nodes, n.id, "node", [](const Node& x) { return x.span; }, diags_)) return;
  if (!types_.kinds().count(n.kind.text)) {
    names_.unknown(Code::UnknownKind, n.kind, "kind", types_.kinds(), "`archc stdlib` lists the kinds");
  }
  Node node;
  node.id = n.id.text;
  node.kind = n.kind.text;
  node.label = n.label ? n.label->text : n.id.text;
  node.group = group;
  node.span = n.id.span;
  read_props(n.props, node.props, {"node", true, {}}, nullptr, diags_);
  ops.push_back(Op{Op::What::AddNode, d_.nodes.next_id(), kNone, nullptr});
  d_.nodes.push_back(std::move(node));
}

void Elements::add_edge(const syntax::ConnectDecl& c, std::vector<Op>& ops) {
  Edge edge;
  edge.label = c.label ? c.label->text : "";
  edge.span = c.span;
  edge.head = c.head;
  edge.listed = c.listed;
  read_props(c.props, edge.props, {"connection", true, {"flow", "stream"}},
             [&](const syntax::Property& p) {
               if (p.key.text == "flow") {
                 std::string word;
                 if (expect_word(p, {"forward", "backward", "both"}, word, diags_)) {
                   edge.flow = word == "forward" ? Flow::Forward : word == "backward" ? Flow::Backward : Flow::Both;
                   edge.flow_explicit = true;
                   edge.flow_value = p.value.span;
                 }
                 return true;
               }
               if (p.key.text == "stream") return expect_bool(p, edge.stream, diags_), true;
               return false;
             },
             diags_);
  ops.push_back(Op{Op::What::AddEdge, kNone, d_.edges.next_id(), nullptr});
  d_.edges.push_back(std::move(edge));
  edge_decls_.push_back(&c);
}

void Elements::add_group(const syntax::GroupDecl& decl, LayerDraft* layer, GroupId parent) {
  GroupId index;
  if (auto it = groups_.find(decl.id.text); it != groups_.end()) {
    // A group may be reopened (a later layer adds to it), under the same parent.
    index = GroupId(it->second);
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
    index = d_.groups.next_id();
    groups_.emplace(decl.id.text, index.index());
    Group g;
    g.id = decl.id.text;
    g.label = decl.label ? decl.label->text : decl.id.text;
    g.parent = parent;
    g.span = decl.id.span;
    d_.groups.push_back(std::move(g));
  }
  merge_group_props(decl, d_.groups[index].props);
  read(decl.body, layer, index);
}

// A reopened group adds to its properties: lists gain what they lack, and a value given
// again must be the same (a group looks the same in every layer).
void Elements::merge_group_props(const syntax::GroupDecl& decl, Common& props) {
  Common more;
  read_props(decl.props, more, {"group", true, {}}, nullptr, diags_);
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
}

// One end of a connection as written: a node, or a group standing for its members.
struct Elements::End {
  NodeId node = kNone;
  GroupId group = kNone;
  std::vector<NodeId> nodes;  // the node, or the group's members
};

std::optional<Elements::End> Elements::end_of(const syntax::Name& name) {
  if (auto it = nodes_.find(name.text); it != nodes_.end()) {
    NodeId n(it->second);
    return End{n, kNone, {n}};
  }
  if (auto it = groups_.find(name.text); it != groups_.end()) {
    GroupId g(it->second);
    // Every group's members at once, the first time one is an end: one pass over the nodes.
    if (members_.empty()) {
      members_.resize(d_.groups.size());
      for (NodeId n : d_.nodes.ids()) {
        for (GroupId up = d_.nodes[n].group; up != kNone; up = d_.groups[up].parent) members_[up].push_back(n);
      }
    }
    return End{kNone, g, members_[g]};
  }
  names_.unknown(Code::UnknownNode, name, "node", nodes_);
  return std::nullopt;
}

void Elements::derive_flow(Edge& e) const {
  if (e.flow_explicit) {
    e.flow_evidence = FlowEvidence::Written;
    e.flow_reason = "as written";
    return;
  }
  e.flow = role_flow(e.from, e.to, e.flow_evidence, e.flow_reason);
  // The label says what this one connection does, the roles what such kinds usually do:
  // a write in the label wins over the roles ("POST /api/logs" from a collector to a
  // service pushes), a read decides where the roles say nothing.
  bool reads = false;
  if (std::string verb = label_verb(e.label, reads); !verb.empty()) {
    if (!reads || e.flow_evidence == FlowEvidence::Default) {
      e.flow = reads ? Flow::Backward : Flow::Forward;
      e.flow_evidence = FlowEvidence::Label;
      e.flow_reason = "by its label: `" + verb + "` is a " + (reads ? "read" : "write");
    }
  }
}

void Elements::resolve_edges() {
  const std::size_t written = d_.edges.size();
  edge_ok_.assign(written, false);
  // The pairs past the first of each group connection, appended to the table as they come.
  std::vector<std::vector<EdgeId>> more(written);
  for (std::size_t i = 0; i < written; ++i) {
    const syntax::ConnectDecl& c = *edge_decls_[i];
    std::optional<End> from = end_of(c.from), to = end_of(c.to);
    if (!from || !to) continue;
    if (from->node != kNone && from->node == to->node) {
      diags_.error(Code::SelfEdge, c.span, "`" + c.from.text + "` connects to itself",
                   "a connection needs a dialer and a listener that differ");
      continue;
    }
    if (from->group != kNone && from->group == to->group) {
      diags_.error(Code::SelfEdge, c.span, "group `" + c.from.text + "` connects to itself",
                   "connect the members that talk to each other");
      continue;
    }
    std::vector<std::pair<NodeId, NodeId>> pairs;
    for (NodeId a : from->nodes) {
      for (NodeId b : to->nodes) {
        if (a != b) pairs.emplace_back(a, b);
      }
    }
    if (pairs.empty()) {
      const syntax::Name& empty = from->nodes.empty() ? c.from : c.to;
      diags_.error(Code::UnknownNode, empty.span, "group `" + empty.text + "` has no node to connect",
                   "declare nodes inside it, or connect a node");
      continue;
    }
    d_.edges[i].from_group = from->group;
    d_.edges[i].to_group = to->group;
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      EdgeId id(i);
      if (k > 0) {
        id = d_.edges.next_id();
        Edge copy = d_.edges[i];
        d_.edges.push_back(std::move(copy));
        edge_decls_.push_back(&c);
        edge_ok_.push_back(false);
        more[i].push_back(id);
      }
      Edge& e = d_.edges[id];
      e.from = pairs[k].first;
      e.to = pairs[k].second;
      derive_flow(e);
      edge_ok_[id.index()] = true;
    }
  }
  // Each pair is added where its statement is.
  auto spread = [&](std::vector<Op>& ops) {
    std::vector<Op> out;
    out.reserve(ops.size());
    for (const Op& op : ops) {
      out.push_back(op);
      if (op.what != Op::What::AddEdge || op.edge.index() >= written) continue;
      for (EdgeId pair : more[op.edge.index()]) out.push_back(Op{Op::What::AddEdge, kNone, pair, nullptr});
    }
    ops = std::move(out);
  };
  if (d_.edges.size() > written) {
    spread(global_ops_);
    for (LayerDraft& draft : drafts_) spread(draft.ops);
  }
}

void Elements::gather_group_connections() {
  // The pairs of one statement share its declaration; the first with a layer draws them.
  std::unordered_map<const syntax::ConnectDecl*, EdgeId> drawer;
  for (EdgeId e : d_.edges.ids()) {
    const Edge& edge = d_.edges[e];
    if (!edge.of_group()) continue;
    auto [it, fresh] = drawer.emplace(edge_decls_[e.index()], e);
    if (!fresh && d_.edges[it->second].layers.empty() && !edge.layers.empty()) it->second = e;
  }
  for (EdgeId e : d_.edges.ids()) {
    Edge& edge = d_.edges[e];
    if (!edge.of_group()) continue;
    edge.drawn_by = drawer.at(edge_decls_[e.index()]);
    Edge& drawn = d_.edges[edge.drawn_by];
    drawn.group_layers = unite(drawn.group_layers, edge.layers);
  }
}

// Data flows backward when a role of the dialer reads a role or the kind of the listener
// (`role consumer { reads: [broker] }`): a consumer dialing Kafka pulls from it.
Flow Elements::role_flow(NodeId from, NodeId to, FlowEvidence& evidence, std::string& reason) const {
  evidence = FlowEvidence::Default;
  reason = "by default: the dialer sends";
  const Kind* dialer = d_.find_kind(d_.nodes[from].kind);
  const Kind* listener = d_.find_kind(d_.nodes[to].kind);
  if (!dialer || !listener) return Flow::Forward;
  for (const std::string& role_id : dialer->roles) {
    auto r = types_.roles().find(role_id);
    if (r == types_.roles().end()) continue;
    for (const std::string& read : d_.roles[r->second].reads) {
      if (read == "*" || read == listener->id ||
          std::find(listener->roles.begin(), listener->roles.end(), read) != listener->roles.end()) {
        evidence = FlowEvidence::Roles;
        auto a = [](const std::string& word) {
          return std::string(!word.empty() && std::string_view("aeiou").find(word[0]) != std::string_view::npos ? "an `" : "a `");
        };
        reason = "by the roles: " + a(role_id) + role_id + "` reads " + (read == "*" ? "what it dials" : a(read) + read + "`");
        return Flow::Backward;
      }
    }
  }
  return Flow::Forward;
}

}  // namespace archc::model
