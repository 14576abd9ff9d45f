#include "layout/layout.hpp"

#include <gvc.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <string>

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

struct GraphDeleter {
  void operator()(Agraph_t* g) const { agclose(g); }
};
struct ContextDeleter {
  void operator()(GVC_t* gvc) const { gvFreeContext(gvc); }
};

// The layer index at which an element first appears, or layers.size() when in none.
template <typename Member>
std::vector<std::size_t> first_layer(const model::Diagram& d, std::size_t count, Member member) {
  std::vector<std::size_t> first(count, d.layers.size());
  for (std::size_t l = d.layers.size(); l-- > 0;) {
    for (std::size_t i : d.layers[l].*member) first[i] = l;
  }
  return first;
}

}  // namespace

double node_width(const model::Node& node) {
  double label = text_width(node.label, Sizes::kLabelFont, true);
  double kind = text_width(node.kind, Sizes::kKindFont);
  return std::ceil(std::clamp(Sizes::kIconSpace + std::max(label, kind) + 2 * Sizes::kPadding,
                             Sizes::kMinNodeWidth, Sizes::kMaxNodeWidth));
}

Box edge_label_size(const model::Edge& edge) {
  if (edge.label.empty()) return {};
  double w = std::min(text_width(edge.label, Sizes::kEdgeFont) + 8, Sizes::kMaxEdgeLabelWidth);
  return Box{0, 0, std::ceil(w), Sizes::kEdgeFont + 6};
}

Layout compute_layout(const model::Diagram& d) {
  Layout out;
  out.nodes.resize(d.nodes.size());
  out.node_placed.resize(d.nodes.size(), false);
  out.edges.resize(d.edges.size());
  out.groups.resize(d.groups.size());

  auto node_first = first_layer(d, d.nodes.size(), &model::Layer::nodes);
  auto edge_first = first_layer(d, d.edges.size(), &model::Layer::edges);
  auto group_first = first_layer(d, d.groups.size(), &model::Layer::groups);

  // Graphviz prints its complaints to stderr; a stage never prints. What we feed it is
  // sized and named by us, so its messages carry nothing for the user: drop them.
  agusererrf previous_handler = agseterrf([](char*) { return 0; });
  std::unique_ptr<GVC_t, ContextDeleter> gvc(gvContextPlugins(kPreloaded, 0));
  Agdesc_t directed = Agdirected;
  std::unique_ptr<Agraph_t, GraphDeleter> graph(agopen(const_cast<char*>("archc"), directed, nullptr));
  Agraph_t* g = graph.get();
  set(g, "rankdir", "LR");
  set(g, "nodesep", "0.45");
  set(g, "ranksep", "0.9");
  set(g, "newrank", "true");
  set(g, "fontname", "Helvetica");
  set(g, "pad", "0");

  // Groups become clusters, nested as declared; created in source order.
  std::vector<Agraph_t*> clusters(d.groups.size(), nullptr);
  for (std::size_t i = 0; i < d.groups.size(); ++i) {
    if (group_first[i] == d.layers.size()) continue;
    const model::Group& group = d.groups[i];
    // A parent is declared before its children, so it exists by now.
    Agraph_t* parent = group.parent != model::kNone && clusters[group.parent] ? clusters[group.parent] : g;
    std::string name = "cluster_" + std::to_string(i);
    Agraph_t* sub = agsubg(parent, const_cast<char*>(name.c_str()), 1);
    clusters[i] = sub;
    // Room for the title: a fixed-size HTML label sized by our own metrics.
    double w = std::ceil(std::min(text_width(group.label, Sizes::kGroupFont, true) + 16, Sizes::kMaxGroupLabelWidth));
    std::string label = fixed_size_label(w, Sizes::kGroupFont + 10);
    agsafeset(sub, const_cast<char*>("label"), agstrdup_html(g, const_cast<char*>(label.c_str())),
              const_cast<char*>(""));
    set(sub, "labeljust", "l");
    set(sub, "margin", "16");
  }

  std::vector<Agnode_t*> gv_nodes(d.nodes.size(), nullptr);
  for (std::size_t i = 0; i < d.nodes.size(); ++i) {
    if (node_first[i] == d.layers.size()) continue;
    const model::Node& node = d.nodes[i];
    Agraph_t* home = node.group != model::kNone && clusters[node.group] ? clusters[node.group] : g;
    std::string name = "n" + std::to_string(i);
    Agnode_t* n = agnode(home, const_cast<char*>(name.c_str()), 1);
    gv_nodes[i] = n;
    set(n, "shape", "box");
    set(n, "fixedsize", "true");
    set(n, "label", "");
    set(n, "width", num(node_width(node) / kPointsPerInch));
    set(n, "height", num(Sizes::kNodeHeight / kPointsPerInch));
  }

  // Rank by data flow, draw by dial direction: each edge goes into the layout the way its
  // data travels, so the diagram reads sources → stores → serving, and dot's `dir=back`
  // keeps the arrowhead at the listener. Earlier layers weigh more, so v1 stays compact and
  // later layers grow around it.
  std::vector<Agedge_t*> gv_edges(d.edges.size(), nullptr);
  std::vector<bool> reversed(d.edges.size(), false);
  for (std::size_t i = 0; i < d.edges.size(); ++i) {
    if (edge_first[i] == d.layers.size()) continue;
    const model::Edge& edge = d.edges[i];
    if (!gv_nodes[edge.from] || !gv_nodes[edge.to]) continue;
    reversed[i] = edge.flow == model::Flow::Backward;
    Agnode_t* tail = gv_nodes[reversed[i] ? edge.to : edge.from];
    Agnode_t* head = gv_nodes[reversed[i] ? edge.from : edge.to];
    std::string name = "e" + std::to_string(i);
    Agedge_t* e = agedge(g, tail, head, const_cast<char*>(name.c_str()), 1);
    gv_edges[i] = e;
    set(e, "dir", reversed[i] ? "back" : "forward");
    set(e, "weight", std::to_string(1 + 2 * (d.layers.size() - edge_first[i])));
    if (!edge.label.empty()) {
      Box size = edge_label_size(edge);
      std::string label = fixed_size_label(size.width, size.height);
      agsafeset(e, const_cast<char*>("label"), agstrdup_html(g, const_cast<char*>(label.c_str())),
                const_cast<char*>(""));
    }
  }

  // Where data starts (a node that only sends: a source database, a scheduler), it starts
  // at the left edge, side by side, whatever its later layers hang on it.
  std::vector<int> in_degree(d.nodes.size(), 0), out_degree(d.nodes.size(), 0);
  for (std::size_t i = 0; i < d.edges.size(); ++i) {
    if (!gv_edges[i]) continue;
    std::size_t tail = reversed[i] ? d.edges[i].to : d.edges[i].from;
    std::size_t head = reversed[i] ? d.edges[i].from : d.edges[i].to;
    ++out_degree[tail];
    ++in_degree[head];
  }
  Agraph_t* sources = nullptr;
  for (std::size_t i = 0; i < d.nodes.size(); ++i) {
    if (!gv_nodes[i] || in_degree[i] > 0 || out_degree[i] == 0) continue;
    if (!sources) {
      sources = agsubg(g, const_cast<char*>("sources"), 1);
      set(sources, "rank", "min");
    }
    agsubnode(sources, gv_nodes[i], 1);
  }

  if (gvLayout(gvc.get(), g, "dot") != 0) {
    agseterrf(previous_handler);
    out.error = "Graphviz could not lay the diagram out";
    return out;
  }

  // Graphviz's y grows upward; ours grows downward from the top of the bounding box.
  boxf bb = GD_bb(g);
  double top = bb.UR.y;
  double left = bb.LL.x;
  auto flip = [&](pointf p) { return Point{p.x - left, top - p.y}; };
  out.width = bb.UR.x - bb.LL.x;
  out.height = bb.UR.y - bb.LL.y;

  for (std::size_t i = 0; i < d.nodes.size(); ++i) {
    Agnode_t* n = gv_nodes[i];
    if (!n) continue;
    double w = ND_width(n) * kPointsPerInch;
    double h = ND_height(n) * kPointsPerInch;
    Point c = flip(ND_coord(n));
    out.nodes[i] = Box{c.x - w / 2, c.y - h / 2, w, h};
    out.node_placed[i] = true;
  }
  for (std::size_t i = 0; i < d.edges.size(); ++i) {
    Agedge_t* e = gv_edges[i];
    if (!e || !ED_spl(e) || ED_spl(e)->size == 0) continue;
    const bezier& bz = ED_spl(e)->list[0];
    EdgeRoute& route = out.edges[i];
    route.placed = true;
    for (int k = 0; k < bz.size; ++k) route.points.push_back(flip(bz.list[k]));
    // With dir=back the arrow sits at the layout tail (sflag/sp), else at the head (eflag/ep).
    if (reversed[i]) {
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
  for (std::size_t i = 0; i < d.groups.size(); ++i) {
    if (!clusters[i]) continue;
    boxf b = GD_bb(clusters[i]);
    Point ul = flip(pointf{b.LL.x, b.UR.y});
    out.groups[i] = GroupBox{true, Box{ul.x, ul.y, b.UR.x - b.LL.x, b.UR.y - b.LL.y}};
  }
  gvFreeLayout(gvc.get(), g);
  agseterrf(previous_handler);
  return out;
}

}  // namespace archc::layout
