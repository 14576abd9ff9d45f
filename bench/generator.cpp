#include "generator.hpp"

#include <array>
#include <string>
#include <vector>

namespace archc::bench {

namespace {

// splitmix64: the same numbers from the same seed on every machine and standard library
// (std::uniform_int_distribution is not specified bit for bit).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }

 private:
  std::uint64_t state_;
};

enum Layer { kV1, kV2, kV3, kV4, kLayers };

// What one layer block adds, per domain: nodes inside the domain's group (and its nested
// sources group), and the connections.
struct DomainPart {
  std::vector<std::string> sources;
  std::vector<std::string> members;
};

struct Builder {
  std::array<std::string, kLayers> connects;
  std::array<std::string, kLayers> removes;
  std::array<std::string, kLayers> loose;  // nodes outside the domain groups
  std::string scenarios;
  // The union, for the DOT file.
  struct DotNode {
    std::string id, label;
    int cluster;  // -1: top level
  };
  struct DotCluster {
    std::string id, label;
    int parent;
  };
  std::vector<DotNode> dot_nodes;
  std::vector<DotCluster> dot_clusters;
  std::string dot_edges;
  std::vector<Generated::Connection> connections;
  int edge_count = 0;

  int cluster(const std::string& id, const std::string& label, int parent) {
    dot_clusters.push_back({id, label, parent});
    return static_cast<int>(dot_clusters.size()) - 1;
  }
  std::string node(const std::string& kind, const std::string& id, const std::string& label, int dot_cluster) {
    dot_nodes.push_back({id, label, dot_cluster});
    return kind + " " + id + " \"" + label + "\"";
  }
  // `reads`: the dialer pulls the data (the stdlib's roles make the flow backward). The DOT
  // edge then goes the way the data flows, with the arrowhead kept at the listener, which is
  // the picture archc draws.
  void connect(Layer layer, bool reads, const std::string& from, const std::string& to, const std::string& label,
               const std::string& props = "") {
    std::string& out = connects[layer];
    out += "  connect(" + from + ", " + to + ")";
    if (!label.empty()) out += " \"" + label + "\"";
    if (!props.empty()) out += " { " + props + " }";
    out += "\n";
    dot_edges += "  \"" + (reads ? to : from) + "\" -> \"" + (reads ? from : to) + "\"";
    std::string attrs = reads ? "dir=back" : "";
    if (!label.empty()) attrs += (attrs.empty() ? "" : ", ") + std::string("label=\"") + label + "\"";
    if (!attrs.empty()) dot_edges += " [" + attrs + "]";
    dot_edges += ";\n";
    connections.push_back({from, to, reads});
    ++edge_count;
  }
};

void emit_group(std::string& out, const std::string& id, const std::string& label, const DomainPart& part,
                const std::string& sources_id, const std::string& sources_label, bool groups) {
  if (part.sources.empty() && part.members.empty()) return;
  if (!groups) {
    for (const std::string& n : part.sources) out += "  " + n + "\n";
    for (const std::string& n : part.members) out += "  " + n + "\n";
    return;
  }
  out += "  group " + id + " \"" + label + "\" {\n";
  if (!part.sources.empty()) {
    out += "    group " + sources_id + " \"" + sources_label + "\" {\n";
    for (const std::string& n : part.sources) out += "      " + n + "\n";
    out += "    }\n";
  }
  for (const std::string& n : part.members) out += "    " + n + "\n";
  out += "  }\n";
}

std::string dot_text(const Builder& b) {
  std::string out = "digraph architecture {\n  rankdir=LR;\n  node [shape=box];\n";
  // Clusters nest: children of each cluster, written depth-first in declaration order.
  std::vector<std::vector<int>> children(b.dot_clusters.size() + 1);
  std::vector<std::vector<int>> members(b.dot_clusters.size() + 1);
  for (std::size_t c = 0; c < b.dot_clusters.size(); ++c) children[b.dot_clusters[c].parent + 1].push_back(static_cast<int>(c));
  for (std::size_t n = 0; n < b.dot_nodes.size(); ++n) members[b.dot_nodes[n].cluster + 1].push_back(static_cast<int>(n));
  auto write = [&](auto& self, int c, const std::string& indent) -> void {
    for (int n : members[c + 1]) out += indent + "\"" + b.dot_nodes[n].id + "\" [label=\"" + b.dot_nodes[n].label + "\"];\n";
    for (int k : children[c + 1]) {
      out += indent + "subgraph \"cluster_" + b.dot_clusters[k].id + "\" {\n" + indent + "  label=\"" +
             b.dot_clusters[k].label + "\";\n";
      self(self, k, indent + "  ");
      out += indent + "}\n";
    }
  };
  write(write, -1, "  ");
  out += b.dot_edges;
  out += "}\n";
  return out;
}

}  // namespace

Generated generate_architecture(const GeneratorOptions& options) {
  Random rng(options.seed);
  Builder b;
  // Each domain has about 22 nodes; 70% of the domains exist from v1, the rest arrive in v2.
  const int domains = std::max(1, (options.nodes + 11) / 22);
  const int batch_domains = std::max(1, domains * 7 / 10);
  std::array<std::vector<std::string>, kLayers> group_text;
  std::array<std::string, kLayers> groups;
  int scenarios = 0;

  for (int i = 0; i < domains; ++i) {
    const std::string s = "-" + std::to_string(i);
    const std::string n = " " + std::to_string(i);
    const Layer batch = i < batch_domains ? kV1 : kV2;
    std::array<DomainPart, kLayers> part;
    int domain = options.groups ? b.cluster("domain" + s, "Domain" + n, -1) : -1;
    int sources = options.groups ? b.cluster("sources" + s, "Operational databases" + n, domain) : -1;
    auto add = [&](Layer layer, bool source, const std::string& kind, const std::string& id, const std::string& label) {
      (source ? part[layer].sources : part[layer].members).push_back(b.node(kind, id + s, label + n, source ? sources : domain));
    };

    // The batch path, as v1 of the seed.
    add(batch, true, "postgres", "pg", "Postgres (orders)");
    add(batch, true, "mysql", "mysql", "MySQL (catalog)");
    int extra_dbs = rng.below(3);
    for (int k = 0; k < extra_dbs; ++k) add(batch, true, "postgres", "db" + std::to_string(k), "Postgres (ledger " + std::to_string(k) + ")");
    add(batch, false, "airbyte", "airbyte", "Airbyte");
    add(batch, false, "s3", "s3raw", "S3 (raw zone)");
    add(batch, false, "airflow", "airflow", "Airflow");
    add(batch, false, "dbt", "dbt", "dbt");
    add(batch, false, "redshift", "redshift", "Redshift Serverless");
    add(batch, false, "metabase", "metabase", "Metabase");
    int services = 1 + rng.below(4);
    for (int k = 0; k < services; ++k) add(batch, false, "service", "svc" + std::to_string(k), "Order service " + std::to_string(k));
    b.connect(batch, true, "airbyte" + s, "pg" + s, "JDBC");
    b.connect(batch, true, "airbyte" + s, "mysql" + s, "JDBC");
    for (int k = 0; k < extra_dbs; ++k) b.connect(batch, true, "airbyte" + s, "db" + std::to_string(k) + s, "JDBC");
    b.connect(batch, false, "airbyte" + s, "s3raw" + s, "raw files");
    b.connect(batch, false, "airflow" + s, "airbyte" + s, "nightly sync");
    b.connect(batch, false, "airflow" + s, "dbt" + s, "dbt run every 6 h");
    b.connect(batch, false, "dbt" + s, "redshift" + s, "models + tests");
    b.connect(batch, true, "redshift" + s, "s3raw" + s, "COPY raw files");
    b.connect(batch, true, "metabase" + s, "redshift" + s, "SQL queries");
    for (int k = 0; k < services; ++k) {
      const std::string svc = "svc" + std::to_string(k);
      b.connect(batch, false, svc + s, (k % 2 ? "mysql" : "pg") + s, "writes");
      // Services call services of the domains before them: the web across the domains.
      if (i > 0 && rng.chance(70)) {
        // An earlier domain exists in this one's first layer already.
        b.connect(batch, false, svc + s, "svc0-" + std::to_string(rng.below(i)), "API call");
      }
    }

    // The streaming path, as v2 of the seed, with reads across domains.
    add(kV2, false, "debezium", "debezium", "Debezium CDC");
    add(kV2, false, "kafka", "kafka", "Kafka");
    add(kV2, false, "flink", "flink", "Flink (orders job)");
    add(kV2, false, "iceberg", "iceberg", "Iceberg tables");
    add(kV2, false, "s3", "s3lake", "S3 (lakehouse zone)");
    add(kV2, false, "trino", "trino", "Trino");
    add(kV2, false, "service", "notify", "Notification service");
    b.connect(kV2, true, "debezium" + s, "pg" + s, "replication slot", "stream: true");
    b.connect(kV2, false, "debezium" + s, "kafka" + s, "orders topic", "stream: true");
    b.connect(kV2, true, "flink" + s, "kafka" + s, "consume orders", "stream: true");
    b.connect(kV2, true, "notify" + s, "kafka" + s, "consume orders", "flow: backward");
    b.connect(kV2, false, "flink" + s, "iceberg" + s, "Iceberg commits");
    b.connect(kV2, false, "iceberg" + s, "s3lake" + s, "table files");
    b.connect(kV2, true, "trino" + s, "iceberg" + s, "SQL reads");
    b.connect(kV2, true, "metabase" + s, "trino" + s, "live metrics");
    b.connect(kV2, false, "svc0" + s, "kafka" + s, "order events");
    b.connect(kV2, true, "trino" + s, "pg" + s, "federated query");
    if (i > 0) b.connect(kV2, true, "flink" + s, "kafka-" + std::to_string(rng.below(i)), "shared topic");
    if (i > 0 && rng.chance(50)) b.connect(kV2, true, "trino" + s, "iceberg-" + std::to_string(rng.below(i)), "federated read");

    // Production, as v3 of the seed: one observability stack per ten domains.
    const std::string p = "-" + std::to_string(i / 10);
    if (i % 10 == 0) {
      const std::string pn = " " + std::to_string(i / 10);
      int platform = options.groups ? b.cluster("platform" + p, "Observability" + pn, -1) : -1;
      std::string& out = b.loose[kV3];
      if (options.groups) out += "  group platform" + p + " \"Observability" + pn + "\" {\n";
      out += "    " + b.node("otel-collector", "otel" + p, "OpenTelemetry collector" + pn, platform) + "\n";
      out += "    " + b.node("prometheus", "prometheus" + p, "Prometheus" + pn, platform) + "\n";
      out += "    " + b.node("grafana", "grafana" + p, "Grafana" + pn, platform) + "\n";
      out += "    " + b.node("person", "oncall" + p, "On-call engineer" + pn, platform) + "\n";
      if (options.groups) out += "  }\n";
      b.connect(kV3, true, "prometheus" + p, "otel" + p, "scrape /metrics");
      b.connect(kV3, true, "grafana" + p, "prometheus" + p, "PromQL");
      b.connect(kV3, false, "grafana" + p, "oncall" + p, "page");
    }
    add(kV3, false, "clickhouse", "clickhouse", "ClickHouse");
    add(kV3, false, "datahub", "datahub", "DataHub catalog");
    add(kV3, false, "great-expectations", "ge", "Great Expectations");
    b.connect(kV3, false, "flink" + s, "otel" + p, "OTLP push");
    b.connect(kV3, true, "clickhouse" + s, "kafka" + s, "Kafka engine", "stream: true");
    b.connect(kV3, true, "metabase" + s, "clickhouse" + s, "ad-hoc SQL");
    b.connect(kV3, true, "datahub" + s, "s3raw" + s, "index metadata");
    b.connect(kV3, true, "datahub" + s, "iceberg" + s, "index metadata");
    b.connect(kV3, true, "datahub" + s, "pg" + s, "index schemas");
    b.connect(kV3, false, "dbt" + s, "ge" + s, "run checks");
    // Some domains retire their warehouse in v3 (ClickHouse took over its reports).
    if (i % 7 == 3) {
      b.removes[kV3] += "  remove redshift" + s + "\n";
      b.connect(kV3, true, "ge" + s, "iceberg" + s, "validate tables");
    } else {
      b.connect(kV3, true, "datahub" + s, "redshift" + s, "index metadata");
      b.connect(kV3, true, "ge" + s, "redshift" + s, "validate tables");
    }
    // v4, an alternative to v3: streaming only, the nightly batch gone where it was redundant.
    if (i % 5 == 1 && batch == kV1) {
      b.removes[kV4] += "  remove airbyte" + s + "\n";
      b.removes[kV4] += "  remove connect(metabase" + s + ", redshift" + s + ")\n";
    }

    for (int l = 0; l < kLayers; ++l) {
      emit_group(groups[l], "domain" + s, "Domain" + n, part[l], "sources" + s, "Operational databases" + n,
                 options.groups);
    }

    if (scenarios < options.max_scenarios) {
      ++scenarios;
      b.scenarios += "scenario order" + s + " \"Real-Time Order Event" + n + "\" in v2 {\n"
                     "  pg" + s + " -> debezium" + s + " \"order row read from the WAL\"\n"
                     "  debezium" + s + " -> kafka" + s + " \"orders topic\"\n"
                     "  par {\n"
                     "    kafka" + s + " -> flink" + s + " -> iceberg" + s + " -> trino" + s + " \"queryable within seconds\"\n"
                     "    kafka" + s + " -> notify" + s + " \"order confirmation\"\n"
                     "  }\n"
                     "  note \"Both paths finish within seconds\"\n"
                     "}\n";
    }
    if (i % 10 == 0 && scenarios < options.max_scenarios) {
      ++scenarios;
      b.scenarios += "scenario sla" + s + " \"SLA Breach Alert" + n + "\" in v3 {\n"
                     "  kafka" + s + " -> flink" + s + " \"backlog builds up\"\n"
                     "  flink" + s + " -> otel" + p + " \"consumer lag spikes\" { duration: 800ms }\n"
                     "  otel" + p + " -> prometheus" + p + " -> grafana" + p + " \"lag over the SLA\" { style: alert }\n"
                     "  grafana" + p + " -> oncall" + p + " \"page: SLA breach\" { style: alert }\n"
                     "}\n";
    }
  }

  const char* headers[kLayers] = {
      "layer v1 \"Batch\" {\n",
      "layer v2 <> \"Streaming\" {\n",
      "layer v3 <> \"Production\" {\n",
      "layer v4 <> v2 \"Streaming only\" {\n",
  };
  Generated g;
  g.arch = "// Generated by archc's bench generator (nodes=" + std::to_string(options.nodes) +
           ", seed=" + std::to_string(options.seed) + ").\nimport std\ntitle \"Generated platform\"\n\n";
  for (int l = 0; l < kLayers; ++l) {
    g.arch += headers[l] + groups[l] + b.loose[l] + b.connects[l] + b.removes[l] + "}\n\n";
  }
  g.arch += b.scenarios;
  g.dot = dot_text(b);
  g.nodes = static_cast<int>(b.dot_nodes.size());
  g.edges = b.edge_count;
  g.connections = std::move(b.connections);
  g.layers = kLayers;
  g.scenarios = scenarios;
  return g;
}

}  // namespace archc::bench
