// How long `archc lsp` takes to tell an editor what a change did, driven over pipes as an
// editor drives it: the seed and a generated diagram of about 2,000 nodes. For each:
//   - a change, then the diagnostics of that version published (median and p95),
//   - a change, then a hover answered (the request compiles what it reads),
//   - a burst of changes at 20 per second for a few seconds: how many compiles were published
//     during it, how far behind the newest version the last one published was, and how long
//     after the burst the diagnostics of its last version came,
//   - the server's peak RSS.
// Its table goes in docs/performance.md and the issue notes.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "generator.hpp"
#include "lsp/protocol.hpp"

namespace {

using archc::lsp::Json;
using Clock = std::chrono::steady_clock;

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

// `archc lsp` as a child, with its stdin and stdout as pipes.
class Client {
 public:
  explicit Client(const std::string& archc) {
    int in[2], out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], STDIN_FILENO);
      ::dup2(out[1], STDOUT_FILENO);
      ::close(in[1]);
      ::close(out[0]);
      ::execl(archc.c_str(), archc.c_str(), "lsp", static_cast<char*>(nullptr));
      _exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    to_ = in[1];
    reader_ = std::make_unique<archc::lsp::Reader>(out[0]);
    from_ = out[0];
  }
  void send(const Json& m) {
    std::string bytes = archc::lsp::frame(m);
    for (std::size_t at = 0; at < bytes.size();) {
      ssize_t n = ::write(to_, bytes.data() + at, bytes.size() - at);
      if (n <= 0) throw std::runtime_error("archc lsp is gone");
      at += static_cast<std::size_t>(n);
    }
  }
  // The next message within `timeout_ms` (null: none came).
  Json next(int timeout_ms) {
    if (!reader_->ready(timeout_ms)) return nullptr;
    std::optional<Json> m = reader_->next();
    return m ? *m : Json(nullptr);
  }
  // Ends the server; its peak RSS in MiB.
  double finish() {
    send(Json{{"jsonrpc", "2.0"}, {"id", 999999}, {"method", "shutdown"}});
    send(Json{{"jsonrpc", "2.0"}, {"method", "exit"}});
    ::close(to_);
    int status = 0;
    rusage usage{};
    ::wait4(pid_, &status, 0, &usage);
    ::close(from_);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
  }

 private:
  pid_t pid_ = -1;
  int to_ = -1, from_ = -1;
  std::unique_ptr<archc::lsp::Reader> reader_;
};

struct Row {
  std::string name;
  int nodes = 0;
  std::vector<double> publish, hover;
  int burst_changes = 0, burst_publishes = 0, burst_behind = 0;
  double burst_settle = 0, rss = 0;
};

Json change(const std::string& uri, int version, const std::string& text) {
  return Json{{"jsonrpc", "2.0"},
              {"method", "textDocument/didChange"},
              {"params", {{"textDocument", {{"uri", uri}, {"version", version}}}, {"contentChanges", {{{"text", text}}}}}}};
}

// Waits for the diagnostics of `version` of `uri`; the versions published meanwhile go to `seen`.
bool published(Client& c, const std::string& uri, int version, std::vector<int>* seen = nullptr, int timeout_ms = 30000) {
  const Clock::time_point until = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Clock::now() < until) {
    Json m = c.next(static_cast<int>(ms(until - Clock::now())) + 1);
    if (m.is_null()) return false;
    if (m.value("method", "") != "textDocument/publishDiagnostics" || m["params"]["uri"] != uri) continue;
    int v = m["params"].value("version", -1);
    if (seen) seen->push_back(v);
    if (v == version) return true;
  }
  return false;
}

Row measure(const std::string& archc, const std::string& name, int nodes, const std::string& text, int changes, double burst_seconds) {
  Row row;
  row.name = name;
  row.nodes = nodes;
  Client c(archc);
  const std::string uri = "file:///tmp/archc-lsp-latency/" + name + ".arch";
  c.send(Json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"}, {"params", Json::object()}});
  c.send(Json{{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", Json::object()}});
  c.send(Json{{"jsonrpc", "2.0"},
              {"method", "textDocument/didOpen"},
              {"params", {{"textDocument", {{"uri", uri}, {"version", 1}, {"text", text}}}}}});
  int version = 1;
  if (!published(c, uri, version)) throw std::runtime_error(name + ": no diagnostics after didOpen");
  // One change at a time, the editor then idle until the diagnostics come.
  for (int i = 0; i < changes; ++i) {
    c.send(change(uri, ++version, text + "// edit " + std::to_string(i) + "\n"));
    const Clock::time_point t0 = Clock::now();
    if (!published(c, uri, version)) throw std::runtime_error(name + ": no diagnostics for a change");
    row.publish.push_back(ms(Clock::now() - t0));
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  // A change, then a hover at once.
  for (int i = 0; i < changes; ++i) {
    c.send(change(uri, ++version, text + "// hover " + std::to_string(i) + "\n"));
    const Clock::time_point t0 = Clock::now();
    c.send(Json{{"jsonrpc", "2.0"},
                {"id", 1000 + i},
                {"method", "textDocument/hover"},
                {"params", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 0}, {"character", 0}}}}}});
    for (;;) {
      Json m = c.next(30000);
      if (m.is_null()) throw std::runtime_error(name + ": no hover");
      if (m.value("id", Json()) == 1000 + i) break;
    }
    row.hover.push_back(ms(Clock::now() - t0));
    published(c, uri, version);
  }
  // A burst: 20 changes a second, the server answering meanwhile.
  std::vector<int> seen;
  Clock::time_point last_sent{}, last_seen{};
  const Clock::time_point start = Clock::now();
  const int first = version + 1;
  for (int i = 0; ms(Clock::now() - start) < burst_seconds * 1000; ++i) {
    c.send(change(uri, ++version, text + "// burst " + std::to_string(i) + "\n"));
    last_sent = Clock::now();
    const Clock::time_point next = start + std::chrono::milliseconds(50 * (i + 1));
    while (Clock::now() < next) {
      Json m = c.next(std::max(1, static_cast<int>(ms(next - Clock::now()))));
      if (!m.is_null() && m.value("method", "") == "textDocument/publishDiagnostics") {
        seen.push_back(m["params"].value("version", -1));
        last_seen = Clock::now();
      }
    }
  }
  row.burst_changes = version - first + 1;
  row.burst_publishes = static_cast<int>(seen.size());
  row.burst_behind = seen.empty() ? row.burst_changes : version - seen.back();
  if (seen.empty() || seen.back() != version) {
    if (!published(c, uri, version)) throw std::runtime_error(name + ": the burst's last version was never published");
    last_seen = Clock::now();
  }
  row.burst_settle = ms(last_seen - last_sent);
  row.rss = c.finish();
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"archc lsp's latency after a change, over pipes as an editor drives it"};
  std::string archc = "archc", seed;
  int nodes = 2000, changes = 40;
  double burst = 3;
  app.add_option("--archc", archc, "the archc binary")->required();
  app.add_option("--seed", seed, "the seed's .arch file")->required();
  app.add_option("--nodes", nodes, "the generated diagram's size");
  app.add_option("--changes", changes, "changes measured one at a time");
  app.add_option("--burst-seconds", burst, "how long the burst of 20 changes a second lasts");
  CLI11_PARSE(app, argc, argv);
  std::ifstream in(seed);
  std::stringstream text;
  text << in.rdbuf();
  archc::bench::GeneratorOptions options;
  options.nodes = nodes;
  archc::bench::Generated g = archc::bench::generate_architecture(options);
  std::vector<Row> rows;
  try {
    rows.push_back(measure(archc, "seed", 28, text.str(), changes, burst));
    rows.push_back(measure(archc, "generated", g.nodes, g.arch, changes, burst));
  } catch (const std::exception& e) {
    std::cerr << "archc_lsp_latency: failed: " << e.what() << '\n';
    return 1;
  }
  std::printf("| file | nodes | change → diagnostics median | p95 | change → hover median | p95 | burst: changes / compiles published / last published behind by | burst end → current diagnostics | peak RSS |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---|---:|---:|\n");
  for (const Row& r : rows) {
    std::printf("| %s | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d / %d / %d versions | %.0f ms | %.1f MiB |\n", r.name.c_str(), r.nodes,
                percentile(r.publish, 0.5), percentile(r.publish, 0.95), percentile(r.hover, 0.5), percentile(r.hover, 0.95),
                r.burst_changes, r.burst_publishes, r.burst_behind, r.burst_settle, r.rss);
  }
  return 0;
}
