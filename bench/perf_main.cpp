// The scale benchmark: generated architectures of growing size, timed as a user runs them
// (`archc check`, `archc FILE -o out.json|svg|html`) against `dot -Tsvg` on the same graph.
// Prints one Markdown table per variant (flat, grouped): median wall time and peak RSS. Then
// the pictures: `-o out.png|pdf` against `dot -Tpng|-Tpdf`, and each scenario of `--example`
// as a GIF.
//
//   cmake --build build --target archc_perf && build/bench/archc_perf --archc build/archc
//
// Not a test: its figures go in docs/performance.md and the issue notes.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "compile/compile.hpp"
#include "generator.hpp"
#include "layout/layout.hpp"

namespace fs = std::filesystem;

namespace {

struct Run {
  double ms = 0;
  double cpu_ms = 0;  // user + system
  double rss_mb = 0;
  bool ok = false;
};

// Runs argv with stdout and stderr sent to /dev/null; wall time and the child's peak RSS.
Run run_once(const std::vector<std::string>& argv) {
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    FILE* null = std::fopen("/dev/null", "w");
    if (null) {
      dup2(fileno(null), 1);
      dup2(fileno(null), 2);
    }
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  Run r;
  r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  r.rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  auto ms = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1000 + static_cast<double>(t.tv_usec) / 1000; };
  r.cpu_ms = ms(usage.ru_utime) + ms(usage.ru_stime);
  r.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return r;
}

struct Measure {
  double median_ms = 0;
  double median_cpu_ms = 0;
  double peak_mb = 0;
  bool ok = true;
};

Measure measure(const std::vector<std::string>& argv, int runs) {
  std::vector<double> times, cpu;
  Measure m;
  for (int i = 0; i < runs; ++i) {
    Run r = run_once(argv);
    times.push_back(r.ms);
    cpu.push_back(r.cpu_ms);
    m.peak_mb = std::max(m.peak_mb, r.rss_mb);
    m.ok = m.ok && r.ok;
  }
  std::sort(times.begin(), times.end());
  std::sort(cpu.begin(), cpu.end());
  m.median_ms = times[times.size() / 2];
  m.median_cpu_ms = cpu[cpu.size() / 2];
  return m;
}

std::string cell(const Measure& m) {
  char buf[64];
  if (m.median_ms >= 10000) {
    std::snprintf(buf, sizeof buf, "%.1f s, %.0f MB", m.median_ms / 1000, m.peak_mb);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f ms, %.0f MB", m.median_ms, m.peak_mb);
  }
  return std::string(buf) + (m.ok ? "" : " (failed)");
}

std::string ratio(const Measure& a, const Measure& b) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f×", a.median_ms / b.median_ms);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"archc_perf: archc against dot -Tsvg on generated architectures"};
  std::string archc = "archc", dot = "dot", work = (fs::temp_directory_path() / "archc-perf").string();
  std::vector<int> sizes{100, 300, 1000, 2000, 5000};
  std::vector<int> check_sizes{10000, 100000};
  int runs = 5;
  std::uint64_t seed = 1;
  bool grouped_too = true;
  std::vector<int> picture_sizes{100, 300};
  std::string example;
  std::vector<std::string> scenarios{"nightly-batch", "order-event", "sla-breach"};
  app.add_option("--picture-sizes", picture_sizes, "sizes for the pictures table")->delimiter(',');
  app.add_option("--example", example, "a diagram (the seed's) for the pictures tables");
  app.add_option("--scenarios", scenarios, "the scenarios of --example drawn as GIFs")->delimiter(',');
  app.add_option("--archc", archc, "the archc binary");
  app.add_option("--dot", dot, "the dot binary");
  app.add_option("--work", work, "where the generated files go");
  app.add_option("--sizes", sizes, "sizes for the layout table")->delimiter(',');
  app.add_option("--check-sizes", check_sizes, "sizes for `archc check` alone")->delimiter(',');
  app.add_option("--runs", runs, "runs per measure (fewer above 2,000 nodes)")->check(CLI::Range(1, 100));
  app.add_option("--seed", seed, "the generator's seed");
  app.add_flag("!--flat-only", grouped_too, "skip the table of grouped diagrams");
  CLI11_PARSE(app, argc, argv);
  fs::create_directories(work);

  std::printf("archc_perf: seed %llu, median of %d runs (1 run above 2,000 nodes), peak RSS of any run\n\n",
              static_cast<unsigned long long>(seed), runs);
  // Start-up: what every command pays before its work, and the seed against dot on its graph.
  {
    std::printf("### Start-up\n\n| command | CPU | wall | peak RSS |\n|---|---:|---:|---:|\n");
    const std::string empty = work + "/empty.arch";
    std::ofstream(empty) << "";
    auto row = [&](const std::string& name, const std::vector<std::string>& argv) {
      Measure m = measure(argv, std::max(runs, 9));
      std::printf("| %s | %.1f ms | %.1f ms | %.1f MB |%s\n", name.c_str(), m.median_cpu_ms, m.median_ms, m.peak_mb,
                  m.ok ? "" : " failed");
      std::fflush(stdout);
      return m;
    };
    row("`archc --version`", {archc, "--version"});
    row("`archc check` of an empty file", {archc, "check", empty});
    if (!example.empty()) {
      // The seed's graph as the layout hands it to Graphviz, for dot to lay out and draw alone.
      archc::compile::Request request;
      request.path = example;
      request.workspace = archc::compile::disk_workspace({});
      archc::compile::Result c = archc::compile::compile(request);
      const std::string seed_dot = work + "/seed.dot";
      std::ofstream(seed_dot) << archc::layout::graphviz_source(c.diagram);
      Measure html = row("`archc " + fs::path(example).filename().string() + " -o out.html`",
                         {archc, example, "-o", work + "/seed.html"});
      Measure plain = row("`dot -Tsvg` of the same graph", {dot, "-Tsvg", seed_dot, "-o", work + "/seed.dot.svg"});
      std::printf("\nHTML / dot: %.2f× CPU, %.2f× peak RSS\n", html.median_cpu_ms / plain.median_cpu_ms,
                  html.peak_mb / plain.peak_mb);
    }
    std::printf("\n");
  }
  for (bool groups : {false, true}) {
    if (groups && !grouped_too) break;
    std::printf("### %s\n\n", groups ? "Grouped: one group per domain, nested source groups"
                                     : "Flat: no groups");
    std::printf("| nodes | edges | `check` | `-o out.json` | `-o out.svg` | `-o out.html` | `dot -Tsvg` | html / dot |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    std::fflush(stdout);
    for (int size : sizes) {
      archc::bench::GeneratorOptions options;
      options.nodes = size;
      options.seed = seed;
      options.groups = groups;
      archc::bench::Generated g = archc::bench::generate_architecture(options);
      std::string base = work + "/" + (groups ? "grouped-" : "flat-") + std::to_string(size);
      std::ofstream(base + ".arch") << g.arch;
      std::ofstream(base + ".dot") << g.dot;
      int n = size > 2000 ? 1 : runs;
      Measure check = measure({archc, "check", base + ".arch"}, n);
      Measure json = measure({archc, base + ".arch", "-o", base + ".json", "--layout-timeout", "0"}, n);
      Measure svg = measure({archc, base + ".arch", "-o", base + ".svg", "--layout-timeout", "0"}, n);
      Measure html = measure({archc, base + ".arch", "-o", base + ".html", "--layout-timeout", "0"}, n);
      Measure plain = measure({dot, "-Tsvg", base + ".dot", "-o", base + ".dot.svg"}, n);
      std::printf("| %d | %d | %s | %s | %s | %s | %s | %s |\n", g.nodes, g.edges, cell(check).c_str(),
                  cell(json).c_str(), cell(svg).c_str(), cell(html).c_str(), cell(plain).c_str(),
                  ratio(html, plain).c_str());
      std::fflush(stdout);
    }
    std::printf("\n");
  }
  // Pictures: each row one input, laid out and drawn from the command line as a user runs it.
  std::printf("### Pictures\n\n| input | `-o out.png` (2×) | `-o out.png --scale 1` | `-o out.pdf` | `dot -Tpng` | "
              "`dot -Tpdf` | png / dot |\n|---|---:|---:|---:|---:|---:|---:|\n");
  auto picture_row = [&](const std::string& name, const std::string& base, bool with_dot) {
    Measure png2 = measure({archc, base + ".arch", "-o", base + ".png", "--layout-timeout", "0"}, runs);
    Measure png1 = measure({archc, base + ".arch", "-o", base + "-1x.png", "--scale", "1", "--layout-timeout", "0"}, runs);
    Measure pdf = measure({archc, base + ".arch", "-o", base + ".pdf", "--layout-timeout", "0"}, runs);
    std::string dot_png = "–", dot_pdf = "–", ratio_png = "–";
    if (with_dot) {
      Measure dp = measure({dot, "-Tpng", base + ".dot", "-o", base + ".dot.png"}, runs);
      Measure dd = measure({dot, "-Tpdf", base + ".dot", "-o", base + ".dot.pdf"}, runs);
      dot_png = cell(dp);
      dot_pdf = cell(dd);
      ratio_png = ratio(png2, dp);
    }
    std::printf("| %s | %s | %s | %s | %s | %s | %s |\n", name.c_str(), cell(png2).c_str(), cell(png1).c_str(),
                cell(pdf).c_str(), dot_png.c_str(), dot_pdf.c_str(), ratio_png.c_str());
    std::fflush(stdout);
  };
  if (!example.empty()) {
    std::string base = work + "/example";
    fs::copy_file(example, base + ".arch", fs::copy_options::overwrite_existing);
    picture_row(fs::path(example).filename().string() + " (last layer)", base, false);
  }
  for (int size : picture_sizes) {
    archc::bench::GeneratorOptions options;
    options.nodes = size;
    options.seed = seed;
    archc::bench::Generated g = archc::bench::generate_architecture(options);
    std::string base = work + "/picture-" + std::to_string(size);
    std::ofstream(base + ".arch") << g.arch;
    std::ofstream(base + ".dot") << g.dot;
    picture_row(std::to_string(g.nodes) + " nodes, " + std::to_string(g.edges) + " edges", base, true);
  }
  std::printf("\n");
  if (!example.empty() && !scenarios.empty()) {
    std::printf("### Scenarios as GIFs (20 fps, 1×)\n\n| scenario | `-o out.gif --scenario ID` | size |\n|---|---:|---:|\n");
    for (const std::string& id : scenarios) {
      std::string out = work + "/" + id + ".gif";
      Measure gif = measure({archc, work + "/example.arch", "-o", out, "--scenario", id}, runs);
      std::error_code ec;
      auto bytes = fs::file_size(out, ec);
      std::printf("| %s | %s | %.0f KB |\n", id.c_str(), cell(gif).c_str(), ec ? 0.0 : static_cast<double>(bytes) / 1024);
      std::fflush(stdout);
    }
    std::printf("\n");
  }
  if (!check_sizes.empty()) {
    std::printf("### `archc check` alone (grouped)\n\n| nodes | edges | `check` |\n|---:|---:|---:|\n");
    for (int size : check_sizes) {
      archc::bench::GeneratorOptions options;
      options.nodes = size;
      options.seed = seed;
      archc::bench::Generated g = archc::bench::generate_architecture(options);
      std::string base = work + "/check-" + std::to_string(size);
      std::ofstream(base + ".arch") << g.arch;
      Measure check = measure({archc, "check", base + ".arch"}, runs);
      std::printf("| %d | %d | %s |\n", g.nodes, g.edges, cell(check).c_str());
      std::fflush(stdout);
    }
  }
  return 0;
}
