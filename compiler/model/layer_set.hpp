#pragma once
// Which layers hold an element, without one list per layer.
//
// The layers are put in the order of a walk of the `extends` forest that lists each layer
// right before the layers built on it (preorder): a layer and every layer that extends it,
// directly or not, are one run of positions. An element is in the run of the layer that adds
// it, minus the runs of the layers that remove it, so its layers are a few runs however many
// layers there are, and 10,000 layers each extending the one before cost what one layer does.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/ids.hpp"

namespace archc::model {

// Positions [begin, end) of the walk.
struct LayerRun {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  friend bool operator==(LayerRun, LayerRun) = default;
};

// Sorted, disjoint, non-empty runs that do not touch.
using LayerSet = std::vector<LayerRun>;

LayerSet intersect(const LayerSet& a, const LayerSet& b);
LayerSet subtract(const LayerSet& a, const LayerSet& b);
LayerSet unite(const LayerSet& a, const LayerSet& b);
// The union of runs in any order (empty ones allowed).
LayerSet set_of(std::vector<LayerRun> runs);

class LayerOrder {
 public:
  LayerOrder() = default;
  // bases[l] is the layer l extends, or kNone; the bases form no cycle. The layers that extend
  // a layer are walked in source order, and the trees in the order of their first layer.
  explicit LayerOrder(const Table<LayerId, LayerId>& bases);

  std::size_t size() const { return at_.size(); }
  // The layer and every layer built on it.
  LayerSet subtree(LayerId layer) const;
  LayerSet all() const;
  std::uint32_t position(LayerId layer) const { return positions_[layer]; }
  LayerId at(std::uint32_t position) const { return at_[position]; }

  bool contains(const LayerSet& set, LayerId layer) const;
  std::size_t count(const LayerSet& set) const;
  // The first `limit` layers of the set in source order (LayerId order): O((runs + limit) log).
  std::vector<LayerId> first(const LayerSet& set, std::size_t limit) const;
  // Every layer of the set, in source order.
  std::vector<LayerId> list(const LayerSet& set) const { return first(set, count(set)); }

 private:
  // The position of the smallest LayerId within [begin, end), which must be non-empty.
  std::uint32_t min_position(std::uint32_t begin, std::uint32_t end) const;

  std::vector<LayerId> at_;                          // position -> layer
  Table<LayerId, std::uint32_t> positions_;          // layer -> position
  Table<LayerId, std::uint32_t> ends_;               // layer -> end of its run
  std::vector<std::vector<std::uint32_t>> minimum_;  // [k][p]: the position of the smallest id in [p, p + 2^k)
};

}  // namespace archc::model
