// Per-stage micro-benchmarks (Google Benchmark): parse + model, rules, layout, each
// renderer and the pictures (PNG, PDF, GIF), on the reference diagram and on generated architectures of growing size.
//
//   cmake --build build --target archc_bench && build/bench/archc_bench
//   build/bench/archc_bench --benchmark_filter='Layout/1000'
//
// Not a test: the figures go in docs/performance.md and the issue notes. (A ctest runs it
// once, briefly, so that it keeps building and running.)

#include <benchmark/benchmark.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "check/check.hpp"
#include "generator.hpp"
#include "layout/layout.hpp"
#include "compile/compile.hpp"
#include "raster/raster.hpp"
#include "render/animation.hpp"
#include "render/html.hpp"
#include "render/json.hpp"
#include "render/svg.hpp"

namespace {

using namespace archc;

// Size 0 is the reference diagram; others are generated with that many nodes.
const std::string& input(int size) {
  static std::map<int, std::string> cache;
  auto it = cache.find(size);
  if (it != cache.end()) return it->second;
  std::string text;
  if (size == 0) {
    std::ifstream in(ARCHC_EXAMPLE);
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
  } else {
    bench::GeneratorOptions options;
    options.nodes = size;
    text = bench::generate_architecture(options).arch;
  }
  return cache.emplace(size, std::move(text)).first->second;
}

struct Compiled {
  source::SourceMap sources;
  source::Diagnostics diags;
  model::Diagram diagram;
};

std::unique_ptr<Compiled> compile(int size) {
  auto c = std::make_unique<Compiled>();
  compile::Request request;
  request.path = "bench.arch";
  request.text = input(size);
  request.check_rules = false;  // the Rules benchmark times them
  compile::Result r = compile::compile(request);
  c->sources = std::move(r.sources);
  c->diags = std::move(r.diags);
  c->diagram = std::move(r.diagram);
  return c;
}

void Model(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(compile(static_cast<int>(state.range(0))));
}

void Rules(benchmark::State& state) {
  auto c = compile(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    source::Diagnostics diags;
    check::check_rules(c->diagram, diags);
    benchmark::DoNotOptimize(diags);
  }
}

void Layout(benchmark::State& state) {
  auto c = compile(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(layout::compute_layout(c->diagram));
}

template <typename Render>
void Renderer(benchmark::State& state, Render render) {
  auto c = compile(static_cast<int>(state.range(0)));
  layout::Layout l = layout::compute_layout(c->diagram);
  for (auto _ : state) benchmark::DoNotOptimize(render(c->diagram, l));
}

void Html(benchmark::State& state) {
  Renderer(state, [](const model::Diagram& d, const layout::Layout& l) { return render::render_html(d, l); });
}
void Json(benchmark::State& state) {
  Renderer(state, [](const model::Diagram& d, const layout::Layout& l) { return render::render_json(d, &l); });
}
void Svg(benchmark::State& state) {
  Renderer(state, [](const model::Diagram& d, const layout::Layout& l) {
    render::SvgOptions options;
    options.visible_layer = model::LayerId(d.layers.size() - 1);
    return render::render_svg(d, l, options);
  });
}

// The last layer's SVG as a PNG at 2× (the default) and as a PDF; the SVG is rendered once.
template <typename Draw>
void Picture(benchmark::State& state, Draw draw) {
  auto c = compile(static_cast<int>(state.range(0)));
  layout::Layout l = layout::compute_layout(c->diagram);
  render::SvgOptions options;
  options.visible_layer = model::LayerId(c->diagram.layers.size() - 1);
  std::string svg = render::render_svg(c->diagram, l, options);
  for (auto _ : state) {
    raster::Picture p = draw(svg);
    if (!p.ok()) state.SkipWithError(p.error.c_str());
    benchmark::DoNotOptimize(p);
  }
}
void Png(benchmark::State& state) {
  Picture(state, [](const std::string& svg) { return raster::png(svg, 2); });
}
void Pdf(benchmark::State& state) {
  Picture(state, [](const std::string& svg) { return raster::pdf(svg, "bench"); });
}

// The first scenario as a GIF at 20 fps, 1× (the reference diagram's is order-event), its
// frames drawn on range(1) threads (the bytes are the same for any count).
void Gif(benchmark::State& state) {
  auto c = compile(static_cast<int>(state.range(0)));
  layout::Layout l = layout::compute_layout(c->diagram);
  if (c->diagram.scenarios.empty()) {
    state.SkipWithError("no scenario");
    return;
  }
  render::ScenarioFrames frames(c->diagram, l, model::ScenarioId(0));
  for (auto _ : state) {
    raster::GifOptions options;
    options.threads = static_cast<unsigned>(state.range(1));
    raster::Picture p = raster::gif(frames, options);
    if (!p.ok()) state.SkipWithError(p.error.c_str());
    benchmark::DoNotOptimize(p);
  }
}

BENCHMARK(Model)->Arg(0)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(Rules)->Arg(0)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(Layout)->Arg(0)->Arg(100)->Arg(300)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(Html)->Arg(0)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(Json)->Arg(0)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(Svg)->Arg(0)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(Png)->Arg(0)->Arg(100)->Unit(benchmark::kMillisecond);
BENCHMARK(Pdf)->Arg(0)->Arg(300)->Unit(benchmark::kMillisecond);
BENCHMARK(Gif)->Args({0, 1})->Args({0, 2})->Args({0, 16})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
