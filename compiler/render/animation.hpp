#pragma once
// Animated SVG of a scenario, without script: SMIL moves a packet along the routed edge of
// each step, `par` branches at once, captions appear with their step, and the whole loops.

#include <string>
#include <vector>

#include "layout/layout.hpp"
#include "model/diagram.hpp"

namespace archc::render {

// Wall-clock times of a scenario's slots: a slot lasts as long as its longest step
// (`duration:`, else kDefaultStepMs), and the loop rests kRestMs before starting again.
struct Timeline {
  static constexpr double kDefaultStepMs = 1200;
  static constexpr double kRestMs = 1500;
  std::vector<double> slot_start_ms;  // one more than the slots: the last is the end
  double total_ms = 0;                // including the rest
};

Timeline scenario_timeline(const model::Scenario& scenario);

std::string render_scenario_svg(const model::Diagram& diagram, const layout::Layout& layout,
                                std::size_t scenario);

}  // namespace archc::render
