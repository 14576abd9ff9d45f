#include "model/scenarios.hpp"

#include <algorithm>
#include <unordered_map>

#include "model/props.hpp"
#include "model/suggest.hpp"

namespace archc::model {

using source::Code;

namespace {

class ScenarioBuilder {
 public:
  ScenarioBuilder(const Diagram& d, LayerId layer, const ConnectionIndex& connections, const NodeIndex& nodes,
                  Scenario& out, source::Diagnostics& diags)
      : d_(d), layer_id_(layer), layer_(d.layers[layer]), out_(out), diags_(diags), connections_(connections),
        nodes_(nodes) {}

  // Lays `items` from slot `start`; returns where they end. `depth` is bounded by the parser's
  // block nesting limit.
  int lay(const std::vector<syntax::ScenarioItem>& items, int start, bool parallel);

 private:
  StepEnd end(const syntax::Name& name);
  EdgeId member_pair(StepEnd a, StepEnd b, bool& against) const;
  int chain(const syntax::Chain& c, int start);

  const Diagram& d_;
  LayerId layer_id_;
  const Layer& layer_;
  Scenario& out_;
  source::Diagnostics& diags_;
  const ConnectionIndex& connections_;
  const NodeIndex& nodes_;
};

StepEnd ScenarioBuilder::end(const syntax::Name& name) {
  auto it = nodes_.find(name.text);
  if (it == nodes_.end() && d_.was_dropped(name.text)) return {};  // reported already
  if (it == nodes_.end()) {
    if (GroupId g = d_.find_group(name.text); g != kNone) {
      // A group stands for its members on a connection written with it.
      if (d_.in_layer(d_.groups[g].layers, layer_id_)) return {kNone, g};
      if (d_.groups[g].layers.empty()) {
        diags_.error(Code::UnknownNode, name.span, "group `" + name.text + "` has no node", "declare nodes inside it");
      } else {
        diags_.error(Code::UnknownNode, name.span, "group `" + name.text + "` is not in layer `" + layer_.id + "`",
                     "pick a layer that has it: `scenario … in LAYER`");
      }
      return {};
    }
  }
  if (it == nodes_.end()) {
    std::vector<std::string_view> names;
    for (const Node& n : d_.nodes) {
      if (d_.in_layer(n.layers, layer_id_)) names.push_back(n.id);
    }
    std::string near = closest(name.text, names);
    diags_.error(Code::UnknownNode, name.span, "unknown node `" + name.text + "`",
                 near.empty() ? "" : "a node with a similar name exists: `" + near + "`");
    return {};
  }
  if (!d_.in_layer(d_.nodes[NodeId(it->second)].layers, layer_id_)) {
    diags_.error(Code::UnknownNode, name.span,
                 "node `" + name.text + "` is not in layer `" + layer_.id + "`",
                 "pick a layer that has it: `scenario … in LAYER`");
    return {};
  }
  return {NodeId(it->second), kNone};
}

// A connection between a member of a group a step names and the other end, in either
// direction: `redis -> workers` rides `connect(mastodon, redis)` when `workers` is inside
// `mastodon`. kNone when no member has one.
EdgeId ScenarioBuilder::member_pair(StepEnd a, StepEnd b, bool& against) const {
  if (a.group == kNone && b.group == kNone) return kNone;
  auto nodes = [&](StepEnd e) {
    if (e.group == kNone) return std::vector<NodeId>{e.node};
    std::vector<NodeId> out;
    for (NodeId n : d_.members(e.group)) {
      if (d_.in_layer(d_.nodes[n].layers, layer_id_)) out.push_back(n);
    }
    return out;
  };
  const std::vector<NodeId> from = nodes(a), to = nodes(b);
  for (NodeId x : from) {
    for (NodeId y : to) {
      if (EdgeId e = connections_.find({x, kNone}, {y, kNone}, layer_id_); e != kNone) return against = false, e;
      if (EdgeId e = connections_.find({y, kNone}, {x, kNone}, layer_id_); e != kNone) return against = true, e;
    }
  }
  return kNone;
}

int ScenarioBuilder::chain(const syntax::Chain& c, int start) {
  double duration = 0;
  std::string style;
  Common unused;
  read_props(c.props, unused, {"step", false, {"duration", "style"}},
             [&](const syntax::Property& p) {
               if (p.key.text == "duration") return expect_duration(p, duration, diags_), true;
               if (p.key.text == "style") return expect_word(p, {"normal", "alert"}, style, diags_), true;
               return false;
             },
             diags_);
  if (style == "normal") style.clear();
  std::vector<StepEnd> ends;
  for (const syntax::Name& n : c.nodes) ends.push_back(end(n));
  int at = start;
  for (std::size_t i = 0; i + 1 < ends.size(); ++i) {
    StepEnd a = ends[i], b = ends[i + 1];
    if (!a.valid() || !b.valid()) continue;
    Step step;
    // The caption goes with the last hop of a chain: `a -> b -> c "arrives"`.
    if (i + 2 == ends.size() && c.caption) step.caption = c.caption->text;
    step.duration_ms = duration;
    step.style = style;
    step.span = Span{c.nodes[i].span.file, c.nodes[i].span.begin, c.nodes[i + 1].span.end};
    if (EdgeId e = connections_.find(a, b, layer_id_); e != kNone) {
      step.edge = e;
    } else if (EdgeId back = connections_.find(b, a, layer_id_); back != kNone) {
      step.edge = back;
      step.against = true;
    } else if (EdgeId inner = member_pair(a, b, step.against); inner != kNone) {
      step.edge = inner;
    } else {
      const std::string& na = c.nodes[i].text;
      const std::string& nb = c.nodes[i + 1].text;
      diags_.error(Code::StepWithoutEdge, step.span,
                   "no connection between `" + na + "` and `" + nb + "` in layer `" + layer_.id + "`",
                   "a step rides a `connect` of its layer, in either direction: add the connection "
                   "the way it is opened, `connect(" + na + ", " + nb + ")` or `connect(" + nb + ", " + na +
                       ")` (whichever dials), or step along existing ones");
      continue;
    }
    // A group named in the step rides the pair found: its nodes are the step's.
    const Edge& edge = d_.edges[step.edge];
    step.from = a.node != kNone ? a.node : step.against ? edge.to : edge.from;
    step.to = b.node != kNone ? b.node : step.against ? edge.from : edge.to;
    step.from_group = a.group;
    step.to_group = b.group;
    step.start = at;
    step.end = at + 1;
    ++at;
    out_.steps.push_back(std::move(step));
  }
  return std::max(at, start + 1);
}

int ScenarioBuilder::lay(const std::vector<syntax::ScenarioItem>& items, int start, bool parallel) {
  int end = start;
  int at = start;
  for (const syntax::ScenarioItem& item : items) {
    int from = parallel ? start : at;
    int to = from;
    if (const auto* c = std::get_if<syntax::Chain>(&item.item)) {
      to = chain(*c, from);
    } else if (const auto* n = std::get_if<syntax::Note>(&item.item)) {
      Step note;
      note.caption = n->text.text;
      note.start = from;
      note.end = from + 1;
      note.span = n->span;
      out_.steps.push_back(std::move(note));
      to = from + 1;
    } else if (const auto* p = std::get_if<syntax::Par>(&item.item)) {
      // Each line of a `par` starts together; the scenario goes on when the longest ends.
      to = lay(p->branches, from, true);
    }
    at = to;
    end = std::max(end, to);
  }
  return parallel ? end : at;
}

bool has_chain(const std::vector<syntax::ScenarioItem>& items) {
  for (const syntax::ScenarioItem& item : items) {
    if (std::holds_alternative<syntax::Chain>(item.item)) return true;
    if (const auto* p = std::get_if<syntax::Par>(&item.item); p && has_chain(p->branches)) return true;
  }
  return false;
}

}  // namespace

ConnectionIndex::ConnectionIndex(const Diagram& diagram) : d_(diagram) {
  edges_.reserve(diagram.edges.size());
  for (EdgeId e : diagram.edges.ids()) {
    const Edge& edge = diagram.edges[e];
    if (edge.layers.empty()) continue;
    // A pair of a group connection is there by its nodes, and by its groups in their stead:
    // `shop -> otel`, `shop -> logs` and `cart -> infra` all ride `connect(shop, infra)`.
    for (StepEnd from : {StepEnd{edge.from, kNone}, StepEnd{kNone, edge.from_group}}) {
      for (StepEnd to : {StepEnd{edge.to, kNone}, StepEnd{kNone, edge.to_group}}) {
        if (from.valid() && to.valid()) edges_[key(from, to)].push_back(e);
      }
    }
  }
}

EdgeId ConnectionIndex::find(StepEnd from, StepEnd to, LayerId layer) const {
  auto it = edges_.find(key(from, to));
  if (it == edges_.end()) return kNone;
  for (EdgeId e : it->second) {
    if (d_.in_layer(d_.edges[e].layers, layer)) return e;
  }
  return kNone;
}

std::optional<Scenario> build_scenario(const syntax::ScenarioDecl& decl, const Diagram& d,
                                       const NodeIndex& nodes, const ConnectionIndex& connections,
                                       source::Diagnostics& diags) {
  Scenario s;
  s.id = decl.id.text;
  s.title = decl.title ? decl.title->text : decl.id.text;
  s.span = decl.id.span;
  if (decl.layer) {
    s.layer = d.find_layer(decl.layer->text);
    if (s.layer == kNone) {
      std::vector<std::string_view> names;
      for (const Layer& l : d.layers) names.push_back(l.id);
      std::string near = closest(decl.layer->text, names);
      source::Diagnostic& diag = diags.error(Code::UnknownLayer, decl.layer->span, "unknown layer `" + decl.layer->text + "`",
                                             near.empty() ? "" : "a layer with a similar name exists: `" + near + "`");
      if (!near.empty()) diag.fix = as_written(near);  // an editor offers it as a quick fix
      return std::nullopt;
    }
  } else {
    s.layer = d.layers.empty() ? LayerId(kNone) : LayerId(d.layers.size() - 1);  // by default the last layer
    if (s.layer == kNone) return std::nullopt;
  }
  read_props(decl.props, s.props, {"scenario", false, {}}, nullptr, diags);
  ScenarioBuilder builder(d, s.layer, connections, nodes, s, diags);
  s.length = builder.lay(decl.items, 0, false);
  // Empty means no step written at all (a step that failed was reported on its own).
  if (!has_chain(decl.items) && !decl.damaged) {
    diags.error(Code::EmptyScenario, decl.id.span, "scenario `" + s.id + "` has no step",
                "add steps such as `a -> b \"caption\"`");
  }
  // Steps in timeline order (stable: source order within a slot).
  std::stable_sort(s.steps.begin(), s.steps.end(),
                   [](const Step& a, const Step& b) { return a.start < b.start; });
  return s;
}

}  // namespace archc::model
