#include "render/json.hpp"
#include "layout/frames.hpp"

#include <optional>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "model/timeline.hpp"

namespace archc::render {

namespace {

using Json = nlohmann::ordered_json;

// Two decimals are plenty for SVG units, and keep the output identical across machines.
double round2(double v) {
  double r = std::round(v * 100) / 100;
  return r == 0 ? 0 : r;
}

std::string_view flow_name(model::Flow f) {
  switch (f) {
    case model::Flow::Forward: return "forward";
    case model::Flow::Backward: return "backward";
    case model::Flow::Both: return "both";
  }
  return "forward";
}

std::string_view flow_evidence_name(model::FlowEvidence f) {
  switch (f) {
    case model::FlowEvidence::Written: return "written";
    case model::FlowEvidence::Scenario: return "scenario";
    case model::FlowEvidence::Roles: return "roles";
    case model::FlowEvidence::Label: return "label";
    case model::FlowEvidence::Default: return "default";
  }
  return "default";
}

void add_common(Json& j, const model::Common& c) {
  if (!c.note.empty()) j["note"] = c.note;
  if (!c.icon.empty()) j["icon"] = c.icon;
  if (!c.color.empty()) j["color"] = c.color;
  if (!c.tags.empty()) j["tags"] = c.tags;
  if (!c.allow.empty()) j["allow"] = c.allow;
  if (!c.extra.empty()) {
    Json props = Json::object();
    for (const model::Extra& e : c.extra) props[e.key] = e.value;
    j["props"] = std::move(props);
  }
}

Json node_json(const model::Diagram& d, const layout::Layout* l, model::NodeId i) {
  const model::Node& n = d.nodes[i];
  Json j;
  j["id"] = n.id;
  j["kind"] = n.kind;
  j["label"] = n.label;
  j["group"] = n.group == model::kNone ? Json(nullptr) : Json(d.groups[n.group].id);
  if (l) {
    const layout::Box& b = l->nodes[i];
    j["x"] = round2(b.x);
    j["y"] = round2(b.y);
    j["width"] = round2(b.width);
    j["height"] = round2(b.height);
  }
  add_common(j, n.props);
  return j;
}

Json edge_json(const model::Diagram& d, const layout::Layout* l, model::EdgeId i) {
  const model::Edge& e = d.edges[i];
  Json j;
  j["from"] = d.end_name(e, true);
  j["to"] = d.end_name(e, false);
  j["label"] = e.label;
  j["flow"] = flow_name(e.flow);
  j["flow_evidence"] = flow_evidence_name(e.flow_evidence);
  j["stream"] = e.stream;
  add_common(j, e.props);
  if (l && l->edges[i].placed) {
    const layout::EdgeRoute& r = l->edges[i];
    Json path = Json::array();
    for (const layout::Point& p : r.points) path.push_back({round2(p.x), round2(p.y)});
    j["path"] = std::move(path);
    j["tip"] = {round2(r.tip.x), round2(r.tip.y)};
    if (r.has_label) {
      j["label_box"] = {{"x", round2(r.label.x)}, {"y", round2(r.label.y)},
                        {"width", round2(r.label.width)}, {"height", round2(r.label.height)}};
    }
  }
  return j;
}

// Appends each element's id to the lists of the layers that hold it.
template <typename Items, typename IdType>
void gather(const model::Diagram& d, const Items& items, model::Table<model::LayerId, std::vector<IdType>>& out) {
  for (IdType i : items.ids()) {
    for (model::LayerRun run : model::drawn_layers(items[i])) {
      for (std::uint32_t p = run.begin; p < run.end; ++p) out[d.layer_order.at(p)].push_back(i);
    }
  }
}

// The layer diff of every layer at once, in one pass over the memberships: an element is
// added in a layer that holds it when the layer's base does not, and removed in a layer that
// extends one holding it when it does not hold it itself.
template <typename Items, typename IdType>
void gather_changes(const model::Diagram& d, const Items& items,
                    model::Table<model::LayerId, std::vector<IdType>>& added,
                    model::Table<model::LayerId, std::vector<IdType>>& removed) {
  model::Table<model::LayerId, model::LayerId> base(d.layers.size(), model::kNone);
  model::Table<model::LayerId, std::vector<model::LayerId>> extensions(d.layers.size());
  for (model::LayerId l : d.layers.ids()) {
    if (d.layers[l].extends) base[l] = d.find_layer(*d.layers[l].extends);
    if (base[l] != model::kNone) extensions[base[l]].push_back(l);
  }
  for (IdType i : items.ids()) {
    const model::LayerSet& set = model::drawn_layers(items[i]);
    for (model::LayerRun run : set) {
      for (std::uint32_t p = run.begin; p < run.end; ++p) {
        model::LayerId l = d.layer_order.at(p);
        if (base[l] != model::kNone && !d.in_layer(set, base[l])) added[l].push_back(i);
        for (model::LayerId e : extensions[l]) {
          if (!d.in_layer(set, e)) removed[e].push_back(i);
        }
      }
    }
  }
  for (auto* lists : {&added, &removed}) {
    for (auto& list : *lists) std::sort(list.begin(), list.end());
  }
}

}  // namespace

namespace {
Json model_json(const model::Diagram& d, const layout::Layout* l, const ViewPictures* views);
}  // namespace

std::string render_json(const model::Diagram& d, const layout::Layout* l, const ViewPictures* views) {
  return model_json(d, l, views).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

namespace {

Json model_json(const model::Diagram& d, const layout::Layout* l, const ViewPictures* views) {
  Json root;
  root["title"] = d.title;
  root["description"] = d.description;
  root["direction"] = model::direction_word(d.direction);
  if (l) {
    root["width"] = round2(l->width);
    root["height"] = round2(l->height);
  }
  // Each layer's contents, gathered in one pass over the memberships (in id order).
  model::Table<model::LayerId, std::vector<model::NodeId>> layer_nodes(d.layers.size());
  model::Table<model::LayerId, std::vector<model::EdgeId>> layer_edges(d.layers.size());
  model::Table<model::LayerId, std::vector<model::GroupId>> layer_groups(d.layers.size());
  gather(d, d.nodes, layer_nodes);
  gather(d, d.edges, layer_edges);
  gather(d, d.groups, layer_groups);
  model::Table<model::LayerId, std::vector<model::NodeId>> nodes_added(d.layers.size()), nodes_removed(d.layers.size());
  model::Table<model::LayerId, std::vector<model::EdgeId>> edges_added(d.layers.size()), edges_removed(d.layers.size());
  model::Table<model::LayerId, std::vector<model::GroupId>> groups_added(d.layers.size()), groups_removed(d.layers.size());
  gather_changes(d, d.nodes, nodes_added, nodes_removed);
  gather_changes(d, d.edges, edges_added, edges_removed);
  gather_changes(d, d.groups, groups_added, groups_removed);
  Json layers = Json::array();
  const bool framed = l && layout::frames_affordable(d);
  for (model::LayerId li : d.layers.ids()) {
    const model::Layer& layer = d.layers[li];
    Json lj;
    lj["id"] = layer.id;
    lj["title"] = layer.title;
    lj["extends"] = layer.extends ? Json(*layer.extends) : Json(nullptr);
    // What a picture of this layer frames, and each group's box around its members here.
    std::optional<layout::LayerFrame> frame;
    if (framed) frame = layout::frame_layer(d, *l, li);
    if (l) {
      layout::Box b = frame && (frame->bounds.width > 0 || frame->bounds.height > 0) ? frame->bounds
                                                                                   : layout::Box{0, 0, l->width, l->height};
      lj["frame"] = Json{{"x", round2(b.x)}, {"y", round2(b.y)}, {"width", round2(b.width)}, {"height", round2(b.height)}};
    }
    Json nodes = Json::array();
    for (model::NodeId n : layer_nodes[li]) nodes.push_back(node_json(d, l, n));
    lj["nodes"] = std::move(nodes);
    Json edges = Json::array();
    for (model::EdgeId e : layer_edges[li]) edges.push_back(edge_json(d, l, e));
    lj["edges"] = std::move(edges);
    Json groups = Json::array();
    for (model::GroupId g : layer_groups[li]) {
      const model::Group& group = d.groups[g];
      Json gj;
      gj["id"] = group.id;
      gj["label"] = group.label;
      gj["parent"] = group.parent == model::kNone ? Json(nullptr) : Json(d.groups[group.parent].id);
      const layout::GroupBox* placed = frame && frame->groups[g].placed ? &frame->groups[g]
                                       : l && l->groups[g].placed && !frame ? &l->groups[g]
                                                                            : nullptr;
      if (placed) {
        const layout::Box& b = placed->box;
        gj["x"] = round2(b.x);
        gj["y"] = round2(b.y);
        gj["width"] = round2(b.width);
        gj["height"] = round2(b.height);
      }
      add_common(gj, group.props);
      groups.push_back(std::move(gj));
    }
    lj["groups"] = std::move(groups);
    // The layer diff: what this layer adds to the one it extends, and what it removes.
    for (bool add : {true, false}) {
      Json c = {{"nodes", Json::array()}, {"edges", Json::array()}, {"groups", Json::array()}};
      for (model::NodeId n : (add ? nodes_added : nodes_removed)[li]) c["nodes"].push_back(d.nodes[n].id);
      for (model::EdgeId e : (add ? edges_added : edges_removed)[li]) {
        c["edges"].push_back(Json{{"from", d.end_name(d.edges[e], true)}, {"to", d.end_name(d.edges[e], false)}});
      }
      for (model::GroupId g : (add ? groups_added : groups_removed)[li]) c["groups"].push_back(d.groups[g].id);
      lj[add ? "added" : "removed"] = std::move(c);
    }
    layers.push_back(std::move(lj));
  }
  root["layers"] = std::move(layers);
  Json scenarios = Json::array();
  for (const model::Scenario& s : d.scenarios) {
    Json sj;
    sj["id"] = s.id;
    sj["title"] = s.title;
    sj["layer"] = d.layers[s.layer].id;
    sj["length"] = s.length;
    // The timeline in milliseconds, computed once in the model: the HTML player reads it.
    const model::Timeline timeline = model::scenario_timeline(s);
    Json slots = Json::array();
    for (double ms : timeline.slot_start_ms) slots.push_back(round2(ms));
    sj["slot_start_ms"] = std::move(slots);
    auto at_ms = [&](int slot) {
      return round2(timeline.slot_start_ms[static_cast<std::size_t>(std::clamp(slot, 0, s.length))]);
    };
    Json steps = Json::array();
    Json notes = Json::array();
    for (const model::Step& step : s.steps) {
      Json st;
      if (step.from == model::kNone) {
        st["caption"] = step.caption;
        st["start"] = step.start;
        st["end"] = step.end;
        st["start_ms"] = at_ms(step.start);
        st["end_ms"] = at_ms(step.end);
        notes.push_back(std::move(st));
        continue;
      }
      st["from"] = d.end_name(step, true);
      st["to"] = d.end_name(step, false);
      st["caption"] = step.caption;
      st["start"] = step.start;
      st["end"] = step.end;
      // The connection as drawn: a group connection's element names its groups.
      st["edge"] = Json{{"from", d.end_name(d.edges[step.edge], true)}, {"to", d.end_name(d.edges[step.edge], false)}};
      st["against"] = step.against;
      if (step.duration_ms > 0) st["duration_ms"] = round2(step.duration_ms);
      st["start_ms"] = at_ms(step.start);
      st["end_ms"] = at_ms(step.end);
      st["travel_ms"] = round2(model::travel_ms(step));
      if (!step.style.empty()) st["style"] = step.style;
      steps.push_back(std::move(st));
    }
    sj["steps"] = std::move(steps);
    sj["notes"] = std::move(notes);
    add_common(sj, s.props);
    scenarios.push_back(std::move(sj));
  }
  root["scenarios"] = std::move(scenarios);
  // The kinds the nodes use, with what they are: the page's details read them.
  Json kinds = Json::object();
  for (const model::Node& n : d.nodes) {
    if (kinds.contains(n.kind)) continue;
    if (const model::Kind* k = d.find_kind(n.kind)) kinds[n.kind] = Json{{"description", k->description}, {"roles", k->roles}};
  }
  root["kinds"] = std::move(kinds);
  // Each view as a layer of its own, laid out on its own: its boxes are its picture's.
  Json view_list = Json::array();
  for (const ViewPicture& v : views ? *views : ViewPictures{}) {
    Json shown = model_json(v.diagram, &v.layout, nullptr);
    Json& layer = shown["layers"][0];
    Json vj;
    vj["id"] = v.view->id;
    vj["title"] = v.view->title;
    vj["layer"] = d.layers[v.view->layer].id;
    vj["width"] = shown["width"];
    vj["height"] = shown["height"];
    for (const char* key : {"nodes", "edges", "groups"}) vj[key] = std::move(layer[key]);
    add_common(vj, v.view->props);
    view_list.push_back(std::move(vj));
  }
  root["views"] = std::move(view_list);
  return root;
}

}  // namespace

}  // namespace archc::render
