#pragma once
// The wall-clock timeline of a scenario: a fact of the model that every output reads (the
// animated SVGs, the JSON model, and through it the HTML player), computed once here.

#include <vector>

#include "model/diagram.hpp"

namespace archc::model {

// A slot lasts as long as its longest step (`duration:`, else kDefaultStepMs); a note or an
// empty slot takes the default. An animated SVG rests kRestMs before it loops.
struct Timeline {
  static constexpr double kDefaultStepMs = 1200;
  static constexpr double kRestMs = 1500;
  std::vector<double> slot_start_ms;  // one more than the slots: the last is the end
  double total_ms = 0;                // including the rest

  double end_ms() const { return slot_start_ms.empty() ? 0 : slot_start_ms.back(); }
};

Timeline scenario_timeline(const Scenario& scenario);

// How long the packet of one step travels: its `duration`, else the default.
inline double travel_ms(const Step& step) { return step.duration_ms > 0 ? step.duration_ms : Timeline::kDefaultStepMs; }

}  // namespace archc::model
