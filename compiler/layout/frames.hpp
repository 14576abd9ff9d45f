#pragma once
// One layer's picture inside the union's layout: where each group's box sits when it frames
// only the members the layer shows, and the box around everything the layer shows. Nodes and
// edges keep the union's places (pills never move a node); only frames shrink to the layer.

#include "layout/layout.hpp"

namespace archc::layout {

// Room between a group's box and what it holds, as dot leaves it (margin 16, the title band
// above): a group framing all its members in a layer gets the union's box back.
struct GroupPadding {
  static constexpr double kSide = 16;
  static constexpr double kTop = 46;
  // The title: its text starts this far in from the box's left edge, in a band this tall.
  static constexpr double kTitleInset = 12;
  static constexpr double kTitleBand = 28;
};

// How wide a group's title is drawn.
double title_width(const model::Group& group);

// Where a title of `width` starts in the band at the top of `box` (from the box's left edge
// plus the inset), so that none of `lines` crosses it: the leftmost place with room, or 0
// where there is none.
double title_offset(const Box& box, double width, const std::vector<std::vector<Point>>& lines);

struct LayerFrame {
  // Everything the layer shows (its nodes, its edges and their labels, its group boxes), with
  // no margin; empty (zero size) for a layer that shows nothing.
  Box bounds;
  // Each group's box around the members it has in the layer, never larger than its box in the
  // union; not placed where the group holds nothing in the layer.
  model::Table<model::GroupId, GroupBox> groups;
};

// Framing every layer costs layers times (nodes + edges + groups): past this, pictures of a
// layer keep the union's frame and boxes (10,000 layers of 10,000 nodes cost no more).
inline constexpr std::size_t kFrameBudget = 20'000'000;
bool frames_affordable(const model::Diagram& diagram);

// O(nodes + edges + groups) for one layer; without `bounds`, only the groups' boxes.
LayerFrame frame_layer(const model::Diagram& diagram, const Layout& layout, model::LayerId layer,
                       bool bounds = true);

// Each group's boxes across all layers, for a page that toggles layers: every distinct box
// with the layers that show it (source order). Past the budget every group keeps its union
// box in every layer.
struct FramedBox {
  Box box;
  std::vector<model::LayerId> layers;
  double title_x = 0;  // as GroupBox::title_x
};
model::Table<model::GroupId, std::vector<FramedBox>> group_frames(const model::Diagram& diagram,
                                                                    const Layout& layout);

}  // namespace archc::layout
