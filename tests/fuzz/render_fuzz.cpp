// libFuzzer target (b): small diagrams laid out and drawn by every renderer (HTML page,
// SVG of each layer, animated SVG of each scenario, JSON, the folder page). Inputs that
// resolve to more than kMaxNodes nodes are skipped: the layout's cost is Graphviz's, and a
// fuzzer wants many executions.

#include <cstddef>
#include <cstdint>
#include <string>

#include "compile/compile.hpp"
#include "render/animation.hpp"
#include "render/folder.hpp"
#include "render/html.hpp"
#include "render/json.hpp"
#include "render/svg.hpp"

namespace {
constexpr std::size_t kMaxBytes = 4096;
constexpr std::size_t kMaxNodes = 40;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archc;
  if (size > kMaxBytes) return 0;
  compile::Request request =
      compile::text_request(std::string(reinterpret_cast<const char*>(data), size), "/fuzz/main.arch", "main.arch");
  request.check_rules = false;
  compile::Result r = compile::compile(request);
  if (r.diags.has_errors() || r.diagram.nodes.size() > kMaxNodes) return 0;
  request.lay_out = true;
  r = compile::compile(request);
  if (!r.layout || !r.layout->error.empty()) return 0;
  const model::Diagram& d = r.diagram;
  const layout::Layout& l = *r.layout;
  (void)render::render_html(d, l);
  (void)render::render_json(d, &l);
  (void)render::render_json(d, nullptr);
  for (model::LayerId layer : d.layers.ids()) {
    render::SvgOptions options;
    options.visible_layer = layer;
    (void)render::render_svg(d, l, options);
  }
  for (model::ScenarioId s : d.scenarios.ids()) (void)render::render_scenario_svg(d, l, s);
  (void)render::render_folder(d, l);
  return 0;
}
