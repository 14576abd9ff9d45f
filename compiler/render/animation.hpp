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

// The same scenario one frame at a time, for pictures that cannot animate (a GIF): the same
// timeline, picture and geometry as the animated SVG, as two standalone SVGs of one size:
// `background()` (the scenario's layer and title) and `overlay(t)` (over a transparent
// background: the lit hops, the packets where they are at `t` and the captions showing then).
class ScenarioFrames {
 public:
  ScenarioFrames(const model::Diagram& diagram, const layout::Layout& layout, model::ScenarioId scenario);

  double total_ms() const { return timeline_.total_ms; }
  const std::string& background() const { return background_; }
  std::string overlay(double t_ms) const;
  // Where the packets are at `t` (SVG coordinates), in step order: for tests.
  std::vector<layout::Point> packets_at(double t_ms) const;
  // What overlay(t) can draw on, from the picture's top-left corner (the viewBox's origin;
  // width 0: nothing): a frame differs from the background only there.
  layout::Box overlay_box(double t_ms) const;

 private:
  struct Hop {
    double from_ms, to_ms;
    bool alert, against;
    std::string path;                  // edge_path, for the lit hop
    std::vector<layout::Point> line;   // the path flattened, for the packet
    std::vector<double> length;        // running length along `line`
  };
  struct Caption {
    double from_ms, to_ms, y;  // y: the text's baseline
    bool alert;
    std::string text;
  };
  std::vector<Hop> hops_;
  std::vector<Caption> captions_;
  model::Timeline timeline_;
  std::string background_, open_, style_;
  double width_ = 0;  // of the picture
  double left_ = 0, top_ = 0;  // the viewBox's origin: the scenario's layer is framed to itself
};

}  // namespace archc::render
