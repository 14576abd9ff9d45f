#pragma once
// Generated architectures for benchmarks and scale tests: realistic, reproducible, and written
// twice, as `.arch` and as the same graph in plain DOT, so that archc can be timed against
// `dot -Tsvg` on exactly what it lays out.

#include <cstdint>
#include <string>
#include <vector>

namespace archc::bench {

struct GeneratorOptions {
  int nodes = 300;          // about this many nodes (whole domains are added until reached)
  std::uint64_t seed = 1;   // same options, same bytes
  int max_scenarios = 50;
  bool groups = true;  // false: no group at all, every node at the top level
};

struct Generated {
  std::string arch;
  std::string dot;
  int nodes = 0;  // in the union of all layers
  int edges = 0;
  int layers = 0;
  int scenarios = 0;
  // Every connection (dialer, listener) and whether its data flows from the listener to the
  // dialer: how the DOT draws it. archc derives the same from the stdlib's roles.
  struct Connection {
    std::string from, to;
    bool backward = false;
  };
  std::vector<Connection> connections;
};

// A data platform of many domains, each the shape of the seed (source databases, ingestion,
// raw zone, streaming, lakehouse, warehouse, BI) with random variation, grouped per domain;
// domains share Kafka topics, lakehouse tables and one observability stack per ten domains.
// Layers: v1 (batch, most domains), v2 <> (streaming, new domains), v3 <> (observability,
// OLAP; removes some warehouses), v4 <> v2 (an alternative that removes batch paths).
// Every edge follows the stdlib's rules: `archc check` passes.
Generated generate_architecture(const GeneratorOptions& options);

}  // namespace archc::bench
