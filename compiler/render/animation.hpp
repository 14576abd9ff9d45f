#pragma once
// Animated SVG of a scenario, without script: SMIL moves a packet along the routed edge of
// each step, `par` branches at once, captions appear with their step, and the whole loops.

#include <string>
#include <vector>

#include "layout/layout.hpp"
#include "model/diagram.hpp"
#include "model/timeline.hpp"

namespace archc::render {

std::string render_scenario_svg(const model::Diagram& diagram, const layout::Layout& layout,
                                model::ScenarioId scenario);

}  // namespace archc::render
