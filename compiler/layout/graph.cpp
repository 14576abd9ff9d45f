#include "layout/graph.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include "layout/text_metrics.hpp"

// The dot layout plugin, linked in and preloaded so that Graphviz never scans its plugin
// folder (gvContext() loads every installed plugin: 12 ms against 0.07 ms).
extern "C" {
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
}

namespace archc::layout {

namespace {

const lt_symlist_t kPreloaded[] = {
    {"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
    {nullptr, nullptr},
};

constexpr double kPointsPerInch = 72;

// Object ids that depend only on the order objects are created in. Graphviz's own id
// discipline uses the address of each name's interned string as the id, and keeps
// subgraphs (our clusters) in id order: the layout then depended on the heap, so the same
// file laid out differently when named by another path or from another folder. Here a named
// object gets the next even number, an anonymous one the next odd number (as Graphviz keeps
// them apart), and the name is kept for agnameof.
struct IdState {
  std::unordered_map<std::string, IDTYPE> by_name;
  std::unordered_map<IDTYPE, std::string> names;
  IDTYPE next_named = 2;
  IDTYPE next_anonymous = 1;
};

void* id_open(Agraph_t*, Agdisc_t*) { return new IdState; }

long id_map(void* state, int, char* str, IDTYPE* id, int create) {
  auto* s = static_cast<IdState*>(state);
  if (!str) {
    *id = s->next_anonymous;
    s->next_anonymous += 2;
    return 1;
  }
  if (auto it = s->by_name.find(str); it != s->by_name.end()) {
    *id = it->second;
    return 1;
  }
  if (!create) return 0;
  *id = s->next_named;
  s->next_named += 2;
  s->by_name.emplace(str, *id);
  s->names.emplace(*id, str);
  return 1;
}

long id_alloc(void*, int, IDTYPE) { return 0; }  // ids are never asked for by number
void id_free(void*, int, IDTYPE) {}               // names stay until the graph closes
char* id_print(void* state, int, IDTYPE id) {
  auto* s = static_cast<IdState*>(state);
  auto it = s->names.find(id);
  return it == s->names.end() ? nullptr : const_cast<char*>(it->second.c_str());
}
void id_close(void* state) { delete static_cast<IdState*>(state); }
void id_register(void*, int, void*) {}

Agiddisc_t kOrderIds = {id_open, id_map, id_alloc, id_free, id_print, id_close, id_register};
Agdisc_t kDiscipline = {&AgMemDisc, &kOrderIds, &AgIoDisc};

// Fixed-precision numbers for Graphviz attributes: locale-free and exact across runs.
std::string num(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 4);
  return std::string(buf, end);
}

// An empty HTML-like label of an exact size in points: Graphviz reserves the room, we draw
// the text. (A plain text label would be measured with Graphviz's own font estimates.)
std::string fixed_size_label(double width, double height) {
  return "<TABLE BORDER=\"0\" CELLPADDING=\"0\" CELLSPACING=\"0\" FIXEDSIZE=\"TRUE\" WIDTH=\"" +
         std::to_string(static_cast<int>(std::ceil(width))) + "\" HEIGHT=\"" +
         std::to_string(static_cast<int>(std::ceil(height))) + "\"><TR><TD></TD></TR></TABLE>";
}

void set(void* obj, const char* name, const std::string& value) {
  agsafeset(obj, const_cast<char*>(name), const_cast<char*>(value.c_str()), const_cast<char*>(""));
}

void set_html_label(Agraph_t* g, void* obj, double width, double height) {
  std::string label = fixed_size_label(width, height);
  agsafeset(obj, const_cast<char*>("label"), agstrdup_html(g, const_cast<char*>(label.c_str())), const_cast<char*>(""));
}

// The layer index at which an element first appears, or layers.size() when in none.
template <typename Items>
std::vector<std::size_t> first_layer(const model::Diagram& d, const Items& items) {
  std::vector<std::size_t> first(items.size(), d.layers.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::vector<model::LayerId> one = d.layer_order.first(items[i].layers, 1);
    if (!one.empty()) first[i] = one[0].index();
  }
  return first;
}

void tune(Agraph_t* g, std::size_t node_count) {
  double n = static_cast<double>(std::max<std::size_t>(node_count, 1));
  // nslimit and nslimit1 are factors of the node count.
  std::string simplex = num(std::max(1.0, Tuning::kMinSimplexIterations / n));
  set(g, "nslimit", simplex);
  set(g, "nslimit1", simplex);
  set(g, "mclimit", num(std::clamp(Tuning::kFullMincrossNodes / n, Tuning::kMinMincrossFactor, 1.0)));
}

// Where data starts (a node that only sends: a source database, a scheduler), it starts at
// the left edge, side by side: the first sources of the earliest layers, a bounded set; a
// client or a person is not pinned there.
std::vector<model::NodeId> pinned_sources(const model::Diagram& d, const GraphvizGraph& gg,
                                          const std::vector<std::size_t>& node_first) {
  model::Table<model::NodeId, int> in_degree(d.nodes.size(), 0), out_degree(d.nodes.size(), 0);
  for (std::size_t i = 0; i < d.edges.size(); ++i) {
    if (!gg.edges[i]) continue;
    ++out_degree[gg.reversed[i] ? d.edges[i].to : d.edges[i].from];
    ++in_degree[gg.reversed[i] ? d.edges[i].from : d.edges[i].to];
  }
  // A client or a person only sends too (a browser UI, a load generator, a user), but it is
  // no origin of data: it sits beside what it dials, not across the picture in column one.
  auto origin = [&](model::NodeId i) {
    const model::Kind* k = d.find_kind(d.nodes[i].kind);
    if (!k) return true;
    for (const std::string& role : k->roles) {
      if (role == "client" || role == "person") return false;
    }
    return true;
  };
  std::vector<model::NodeId> sources;
  for (model::NodeId i : d.nodes.ids()) {
    if (gg.nodes[i] && in_degree[i] == 0 && out_degree[i] > 0 && origin(i)) sources.push_back(i);
  }
  std::stable_sort(sources.begin(), sources.end(),
                   [&](model::NodeId a, model::NodeId b) { return node_first[a.index()] < node_first[b.index()]; });
  if (sources.size() > Tuning::kMaxPinnedSources) sources.resize(Tuning::kMaxPinnedSources);
  std::sort(sources.begin(), sources.end());  // fed to Graphviz in source order
  return sources;
}

}  // namespace

GraphvizGraph build_graph(const model::Diagram& d) {
  GraphvizGraph out;
  auto node_first = first_layer(d, d.nodes);
  // A group connection is one edge, on the pair that draws it, in every layer of its pairs.
  std::vector<std::size_t> edge_first(d.edges.size(), d.layers.size());
  for (std::size_t i = 0; i < d.edges.size(); ++i) {
    std::vector<model::LayerId> one = d.layer_order.first(d.edges[i].drawn_layers(), 1);
    if (!one.empty()) edge_first[i] = one[0].index();
  }
  auto group_first = first_layer(d, d.groups);

  out.gvc.reset(gvContextPlugins(kPreloaded, 0));
  Agdesc_t directed = Agdirected;
  out.graph.reset(agopen(const_cast<char*>("archc"), directed, &kDiscipline));
  Agraph_t* g = out.graph.get();
  // Ranks follow the data: `direction: down` is dot's TB, and so on.
  switch (d.direction) {
    case model::Direction::Right: set(g, "rankdir", "LR"); break;
    case model::Direction::Down: set(g, "rankdir", "TB"); break;
    case model::Direction::Left: set(g, "rankdir", "RL"); break;
    case model::Direction::Up: set(g, "rankdir", "BT"); break;
  }
  set(g, "nodesep", "0.45");
  set(g, "ranksep", "0.9");
  // newrank ranks the whole graph at once, clusters included: the per-cluster ranking of
  // classic dot fails ("trouble in init_rank") and takes minutes on large clustered graphs.
  set(g, "newrank", "true");
  set(g, "fontname", "Helvetica");
  set(g, "pad", "0");

  // Groups become clusters, nested as declared; created in source order.
  out.clusters.assign(d.groups.size(), nullptr);
  for (std::size_t i = 0; i < d.groups.size(); ++i) {
    if (group_first[i] == d.layers.size()) continue;
    const model::Group& group = d.groups[i];
    // A parent is declared before its children, so it exists by now.
    Agraph_t* parent = group.parent != model::kNone && out.clusters[group.parent] ? out.clusters[group.parent] : g;
    std::string name = "cluster_" + std::to_string(i);
    Agraph_t* sub = agsubg(parent, const_cast<char*>(name.c_str()), 1);
    out.clusters[i] = sub;
    // Room for the title: a fixed-size HTML label sized by our own metrics.
    double w = std::ceil(std::min(text_width(group.label, Sizes::kGroupFont, true) + 16, Sizes::kMaxGroupLabelWidth));
    set_html_label(g, sub, w, Sizes::kGroupFont + 10);
    set(sub, "labeljust", "l");
    // dot turns a bottom-to-top graph upside down, clusters' title room included: asked for
    // at the bottom, it ends at the top, where the title is drawn.
    if (d.direction == model::Direction::Up) set(sub, "labelloc", "b");
    set(sub, "margin", "16");
  }

  out.nodes.assign(d.nodes.size(), nullptr);
  std::size_t node_count = 0;
  for (std::size_t i = 0; i < d.nodes.size(); ++i) {
    if (node_first[i] == d.layers.size()) continue;
    const model::Node& node = d.nodes[i];
    Agraph_t* home = node.group != model::kNone && out.clusters[node.group] ? out.clusters[node.group] : g;
    std::string name = "n" + std::to_string(i);
    Agnode_t* n = agnode(home, const_cast<char*>(name.c_str()), 1);
    out.nodes[i] = n;
    ++node_count;
    set(n, "shape", "box");
    set(n, "fixedsize", "true");
    set(n, "label", "");
    set(n, "width", num(node_width(node) / kPointsPerInch));
    set(n, "height", num(Sizes::kNodeHeight / kPointsPerInch));
  }
  tune(g, node_count);

  // Rank by data flow, draw by dial direction: each edge goes into the layout the way its
  // data travels, so the diagram reads sources → stores → serving, and dot's `dir=back`
  // keeps the arrowhead at the listener. Earlier layers weigh more, so v1 stays compact and
  // later layers grow around it.
  out.edges.assign(d.edges.size(), nullptr);
  out.reversed.assign(d.edges.size(), false);
  for (std::size_t i = 0; i < d.edges.size(); ++i) {
    if (edge_first[i] == d.layers.size()) continue;
    const model::Edge& edge = d.edges[i];
    if (!out.nodes[edge.from] || !out.nodes[edge.to]) continue;
    bool reversed = edge.flow == model::Flow::Backward;
    out.reversed[i] = reversed;
    Agnode_t* tail = out.nodes[reversed ? edge.to : edge.from];
    Agnode_t* head = out.nodes[reversed ? edge.from : edge.to];
    std::string name = "e" + std::to_string(i);
    Agedge_t* e = agedge(g, tail, head, const_cast<char*>(name.c_str()), 1);
    out.edges[i] = e;
    set(e, "dir", reversed ? "back" : "forward");
    // A group at an end: the edge stops at the group's border (a compound edge).
    for (bool from : {true, false}) {
      model::GroupId group = from ? edge.from_group : edge.to_group;
      if (group == model::kNone || !out.clusters[group]) continue;
      set(g, "compound", "true");
      set(e, from != reversed ? "ltail" : "lhead", agnameof(out.clusters[group]));
    }
    set(e, "weight", std::to_string(1 + 2 * (d.layers.size() - edge_first[i])));
    if (!edge.label.empty()) {
      Box size = edge_label_size(edge);
      set_html_label(g, e, size.width, size.height);
    }
  }

  out.pinned = pinned_sources(d, out, node_first);
  if (!out.pinned.empty()) {
    Agraph_t* sources = agsubg(g, const_cast<char*>("sources"), 1);
    set(sources, "rank", "min");
    for (model::NodeId i : out.pinned) agsubnode(sources, out.nodes[i], 1);
  }
  return out;
}

Layout read_back(const GraphvizGraph& gg, const model::Diagram& d) {
  Layout out;
  out.nodes.resize(d.nodes.size());
  out.node_placed.resize(d.nodes.size(), false);
  out.edges.resize(d.edges.size());
  out.groups.resize(d.groups.size());
  Agraph_t* g = gg.graph.get();

  // Graphviz's y grows upward; ours grows downward from the top of the bounding box.
  boxf bb = GD_bb(g);
  double top = bb.UR.y;
  double left = bb.LL.x;
  auto flip = [&](pointf p) { return Point{p.x - left, top - p.y}; };
  out.width = bb.UR.x - bb.LL.x;
  out.height = bb.UR.y - bb.LL.y;

  for (std::size_t i = 0; i < d.nodes.size(); ++i) {
    Agnode_t* n = gg.nodes[i];
    if (!n) continue;
    double w = ND_width(n) * kPointsPerInch;
    double h = ND_height(n) * kPointsPerInch;
    Point c = flip(ND_coord(n));
    out.nodes[i] = Box{c.x - w / 2, c.y - h / 2, w, h};
    out.node_placed[i] = true;
  }
  for (std::size_t i = 0; i < d.edges.size(); ++i) {
    Agedge_t* e = gg.edges[i];
    if (!e || !ED_spl(e) || ED_spl(e)->size == 0) continue;
    const bezier& bz = ED_spl(e)->list[0];
    EdgeRoute& route = out.edges[i];
    route.placed = true;
    for (int k = 0; k < bz.size; ++k) route.points.push_back(flip(bz.list[k]));
    // With dir=back the arrow sits at the layout tail (sflag/sp), else at the head (eflag/ep).
    if (gg.reversed[i]) {
      std::reverse(route.points.begin(), route.points.end());
      route.tip = bz.sflag ? flip(bz.sp) : route.points.back();
    } else {
      route.tip = bz.eflag ? flip(bz.ep) : route.points.back();
    }
    if (ED_label(e)) {
      Box size = edge_label_size(d.edges[i]);
      Point c = flip(ED_label(e)->pos);
      route.has_label = true;
      route.label = Box{c.x - size.width / 2, c.y - size.height / 2, size.width, size.height};
    }
  }
  // The other pairs of a group connection ride the route of the pair that draws it.
  for (std::size_t i = 0; i < d.edges.size(); ++i) {
    model::EdgeId by = d.edges[i].drawn_by;
    if (by != model::kNone && by.index() != i && !out.edges[i].placed) out.edges[i] = out.edges[by];
  }
  for (std::size_t i = 0; i < d.groups.size(); ++i) {
    if (!gg.clusters[i]) continue;
    boxf b = GD_bb(gg.clusters[i]);
    Point ul = flip(pointf{b.LL.x, b.UR.y});
    out.groups[i] = GroupBox{true, Box{ul.x, ul.y, b.UR.x - b.LL.x, b.UR.y - b.LL.y}};
  }
  return out;
}

std::string graphviz_source(const model::Diagram& d) {
  GraphvizGraph g = build_graph(d);
  char* text = nullptr;
  std::size_t length = 0;
  FILE* out = open_memstream(&text, &length);
  if (!out) return {};
  agwrite(g.graph.get(), out);
  std::fclose(out);
  std::string source(text, length);
  std::free(text);
  return source;
}

std::string graphviz_version() {
  GVC_t* gvc = gvContextPlugins(kPreloaded, 0);
  std::string v = gvc && gvcVersion(gvc) ? gvcVersion(gvc) : "unknown";
  if (gvc) gvFreeContext(gvc);
  return v;
}

}  // namespace archc::layout
