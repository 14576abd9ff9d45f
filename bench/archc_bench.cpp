// Times each stage of archc in-process, on the reference diagram and on generated diagrams
// of growing size. Not a test: run it and put the figures in the issue note.
//
//   cmake --build build --target archc_bench && build/bench/archc_bench [iterations]

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "check/check.hpp"
#include "layout/layout.hpp"
#include "model/model.hpp"
#include "render/html.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double median_ms(int iterations, const std::function<void()>& fn) {
  std::vector<double> times;
  for (int i = 0; i < iterations; ++i) {
    auto t0 = Clock::now();
    fn();
    times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// A layered pipeline: `width` parallel lanes of `depth` stages, each stage dialing the next,
// kinds cycling through a few stdlib kinds, in two layers.
std::string generate(int lanes, int depth) {
  const char* kinds[] = {"service", "postgres", "kafka", "flink", "s3", "trino"};
  std::ostringstream s;
  s << "import std\ntitle \"generated\"\nlayer v1 {\n";
  for (int l = 0; l < lanes; ++l) {
    for (int d = 0; d < depth; ++d) s << "  " << kinds[(l + d) % 6] << " n" << l << "-" << d << " \"node " << l << "/" << d << "\"\n";
  }
  for (int l = 0; l < lanes; ++l) {
    for (int d = 0; d + 1 < depth; ++d) {
      // dial in the allowed direction: brokers, stores and databases listen
      s << "  connect(n" << l << "-" << d << ", n" << l << "-" << d + 1 << ") { allow: [consumers-dial-brokers, databases-never-dial-clients, object-stores-never-dial] }\n";
    }
  }
  s << "}\nlayer v2 <> {\n";
  for (int l = 0; l + 1 < lanes; l += 2) s << "  connect(n" << l << "-0, n" << l + 1 << "-1) { allow: [consumers-dial-brokers, databases-never-dial-clients, object-stores-never-dial] }\n";
  s << "}\n";
  return s.str();
}

void bench(const std::string& name, const std::string& text, int iterations, bool with_layout) {
  using namespace archc;
  auto model_once = [&](source::SourceMap& sources, source::Diagnostics& diags) {
    return model::build_model(sources, "bench.arch", "bench.arch", text, model::disk_workspace({}), diags);
  };
  double t_model = median_ms(iterations, [&] {
    source::SourceMap sources;
    source::Diagnostics diags;
    model_once(sources, diags);
  });
  source::SourceMap sources;
  source::Diagnostics diags;
  model::Diagram d = model_once(sources, diags);
  if (diags.has_errors()) {
    std::printf("%s: the input has %zu errors (%s)\n", name.c_str(), diags.error_count(), diags.all()[0].message.c_str());
    return;
  }
  double t_check = median_ms(iterations, [&] {
    source::Diagnostics rd;
    check::check_rules(d, rd);
  });
  double t_layout = 0, t_html = 0;
  if (with_layout) {
    t_layout = median_ms(iterations, [&] { layout::compute_layout(d); });
    layout::Layout l = layout::compute_layout(d);
    t_html = median_ms(iterations, [&] { render::render_html(d, l); });
  }
  std::printf("%-22s %7zu nodes %7zu edges | parse+model %8.2f ms | check %7.2f ms | layout %9.2f ms | html %7.2f ms\n",
              name.c_str(), d.nodes.size(), d.edges.size(), t_model, t_check, t_layout, t_html);
}

}  // namespace

int main(int argc, char** argv) {
  int iterations = argc > 1 ? std::atoi(argv[1]) : 10;
  std::ifstream in(ARCHC_EXAMPLE);
  std::ostringstream text;
  text << in.rdbuf();
  bench("cloud_platform.arch", text.str(), iterations, true);
  bench("generated 100", generate(10, 10), iterations, true);
  bench("generated 1000", generate(50, 20), std::max(1, iterations / 5), true);
  bench("generated 10000 (check)", generate(200, 50), std::max(1, iterations / 5), false);
  return 0;
}
