#include "model/timeline.hpp"

#include <algorithm>

namespace archc::model {

Timeline scenario_timeline(const Scenario& s) {
  Timeline t;
  std::vector<double> slot_ms(static_cast<std::size_t>(std::max(s.length, 0)), 0);
  for (const Step& step : s.steps) {
    if (step.start < 0 || static_cast<std::size_t>(step.start) >= slot_ms.size()) continue;
    auto& slot = slot_ms[static_cast<std::size_t>(step.start)];
    slot = std::max(slot, travel_ms(step));
  }
  double at = 0;
  for (double ms : slot_ms) {
    t.slot_start_ms.push_back(at);
    at += ms > 0 ? ms : Timeline::kDefaultStepMs;
  }
  t.slot_start_ms.push_back(at);
  t.total_ms = at + Timeline::kRestMs;
  return t;
}

}  // namespace archc::model
