#pragma once
// Inside the layout stage: the Graphviz graph built from a diagram, and the positions read
// back from it. Only layout/*.cpp and the layout tests include this; nothing outside sees
// Graphviz.

#include <gvc.h>

#include <memory>
#include <vector>

#include "layout/layout.hpp"

namespace archc::layout {

// What keeps dot on its own floor at every size. Each bound is a count that does not grow
// with the input, or an iteration budget per node; docs/performance.md says what each costs.
struct Tuning {
  // Nodes where data only starts share the leftmost rank, but at most this many (the first
  // layer's first, in source order): a `rank=min` set that grows with the diagram forces
  // long edges from every source, and their virtual nodes make dot's network simplex and
  // crossing minimisation grow much faster than the graph.
  static constexpr std::size_t kMaxPinnedSources = 16;
  // Network simplex (ranking and coordinates) stops after max(N, this) iterations, N the
  // node count: small diagrams converge well before it, large ones stop improving
  // straightness there instead of running for minutes.
  static constexpr double kMinSimplexIterations = 2000;
  // Crossing minimisation runs its full passes up to this many nodes, fewer above.
  static constexpr double kFullMincrossNodes = 500;
  static constexpr double kMinMincrossFactor = 0.25;
};

struct GraphDeleter {
  void operator()(Agraph_t* g) const { agclose(g); }
};
struct ContextDeleter {
  void operator()(GVC_t* gvc) const { gvFreeContext(gvc); }
};

// The diagram as a Graphviz graph, with the handle of each element (null where the element
// is in no layer), parallel to the diagram's vectors.
struct GraphvizGraph {
  std::unique_ptr<GVC_t, ContextDeleter> gvc;
  std::unique_ptr<Agraph_t, GraphDeleter> graph;
  model::Table<model::NodeId, Agnode_t*> nodes;
  model::Table<model::EdgeId, Agedge_t*> edges;
  model::Table<model::GroupId, Agraph_t*> clusters;
  // Edges whose data flows from listener to dialer go into the graph reversed.
  model::Table<model::EdgeId, char> reversed;
  std::vector<model::NodeId> pinned;  // the nodes of the `rank=min` set
};

GraphvizGraph build_graph(const model::Diagram& diagram);

// Positions of a graph that gvLayout has laid out, in our coordinates.
Layout read_back(const GraphvizGraph& g, const model::Diagram& diagram);

}  // namespace archc::layout
