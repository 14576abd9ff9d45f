#include "model/layer_set.hpp"

#include <algorithm>
#include <bit>
#include <queue>

namespace archc::model {

LayerSet set_of(std::vector<LayerRun> runs) {
  std::sort(runs.begin(), runs.end(), [](LayerRun a, LayerRun b) { return a.begin < b.begin; });
  LayerSet out;
  for (LayerRun r : runs) {
    if (r.begin >= r.end) continue;
    if (!out.empty() && out.back().end >= r.begin) {
      out.back().end = std::max(out.back().end, r.end);
    } else {
      out.push_back(r);
    }
  }
  return out;
}

namespace {

// Appends a run, joining it to the last one when they touch or overlap.
void append(LayerSet& out, LayerRun run) {
  if (run.begin >= run.end) return;
  if (!out.empty() && out.back().end >= run.begin) {
    out.back().end = std::max(out.back().end, run.end);
  } else {
    out.push_back(run);
  }
}

}  // namespace

LayerSet intersect(const LayerSet& a, const LayerSet& b) {
  LayerSet out;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    append(out, {std::max(a[i].begin, b[j].begin), std::min(a[i].end, b[j].end)});
    (a[i].end < b[j].end) ? ++i : ++j;
  }
  return out;
}

LayerSet subtract(const LayerSet& a, const LayerSet& b) {
  LayerSet out;
  std::size_t j = 0;
  for (LayerRun run : a) {
    std::uint32_t from = run.begin;
    while (j < b.size() && b[j].end <= from) ++j;
    for (std::size_t k = j; k < b.size() && b[k].begin < run.end; ++k) {
      append(out, {from, std::min(b[k].begin, run.end)});
      from = std::max(from, b[k].end);
    }
    append(out, {from, run.end});
  }
  return out;
}

LayerSet unite(const LayerSet& a, const LayerSet& b) {
  LayerSet out;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    bool take_a = j == b.size() || (i < a.size() && a[i].begin <= b[j].begin);
    append(out, take_a ? a[i++] : b[j++]);
  }
  return out;
}

LayerOrder::LayerOrder(const Table<LayerId, LayerId>& bases)
    : positions_(bases.size(), 0), ends_(bases.size(), 0) {
  Table<LayerId, std::vector<LayerId>> extensions(bases.size());
  for (LayerId l : bases.ids()) {
    if (bases[l] != kNone) extensions[bases[l]].push_back(l);
  }
  // The trees in the order of their first layer in the source: the root of the first
  // layer's tree comes first, even when that layer extends one declared after it.
  Table<LayerId, LayerId> root(bases.size(), kNone);
  std::vector<LayerId> roots, path;
  for (LayerId l : bases.ids()) {
    LayerId at = l;
    for (; root[at] == kNone && bases[at] != kNone; at = bases[at]) path.push_back(at);
    LayerId r = root[at] != kNone ? root[at] : at;
    if (root[r] == kNone) {
      root[r] = r;
      roots.push_back(r);
    }
    for (LayerId p : path) root[p] = r;
    path.clear();
  }
  // An explicit stack: a chain of 10,000 layers is 10,000 deep.
  struct Frame {
    LayerId layer;
    std::size_t next = 0;
  };
  std::vector<Frame> stack;
  at_.reserve(bases.size());
  for (LayerId root : roots) {
    stack.push_back({root});
    positions_[root] = static_cast<std::uint32_t>(at_.size());
    at_.push_back(root);
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.next < extensions[f.layer].size()) {
        LayerId child = extensions[f.layer][f.next++];
        positions_[child] = static_cast<std::uint32_t>(at_.size());
        at_.push_back(child);
        stack.push_back({child});
      } else {
        ends_[f.layer] = static_cast<std::uint32_t>(at_.size());
        stack.pop_back();
      }
    }
  }
  // A sparse table of minima: the smallest id of any run in two lookups.
  const std::size_t n = at_.size();
  if (n == 0) return;
  minimum_.emplace_back(n);
  for (std::size_t p = 0; p < n; ++p) minimum_[0][p] = static_cast<std::uint32_t>(p);
  for (std::size_t k = 1; (std::size_t{1} << k) <= n; ++k) {
    const std::vector<std::uint32_t>& below = minimum_[k - 1];
    std::vector<std::uint32_t> level(n - (std::size_t{1} << k) + 1);
    for (std::size_t p = 0; p < level.size(); ++p) {
      std::uint32_t x = below[p], y = below[p + (std::size_t{1} << (k - 1))];
      level[p] = at_[x] < at_[y] ? x : y;
    }
    minimum_.push_back(std::move(level));
  }
}

LayerSet LayerOrder::subtree(LayerId layer) const { return LayerSet{{positions_[layer], ends_[layer]}}; }

LayerSet LayerOrder::all() const {
  if (at_.empty()) return {};
  return LayerSet{{0, static_cast<std::uint32_t>(at_.size())}};
}

bool LayerOrder::contains(const LayerSet& set, LayerId layer) const {
  if (!layer.valid() || layer.index() >= positions_.size()) return false;
  std::uint32_t p = positions_[layer];
  auto it = std::upper_bound(set.begin(), set.end(), p, [](std::uint32_t v, LayerRun r) { return v < r.begin; });
  return it != set.begin() && p < std::prev(it)->end;
}

std::size_t LayerOrder::count(const LayerSet& set) const {
  std::size_t n = 0;
  for (LayerRun r : set) n += r.end - r.begin;
  return n;
}

std::uint32_t LayerOrder::min_position(std::uint32_t begin, std::uint32_t end) const {
  std::size_t k = std::bit_width(static_cast<std::size_t>(end - begin)) - 1;
  std::uint32_t x = minimum_[k][begin], y = minimum_[k][end - (std::size_t{1} << k)];
  return at_[x] < at_[y] ? x : y;
}

std::vector<LayerId> LayerOrder::first(const LayerSet& set, std::size_t limit) const {
  // Take the smallest id of the runs, split its run around it, repeat.
  struct Candidate {
    LayerId id;
    std::uint32_t position, begin, end;
    bool operator>(const Candidate& o) const { return o.id < id; }
  };
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
  auto push = [&](std::uint32_t begin, std::uint32_t end) {
    if (begin >= end) return;
    std::uint32_t p = min_position(begin, end);
    queue.push({at_[p], p, begin, end});
  };
  for (LayerRun r : set) push(r.begin, std::min<std::uint32_t>(r.end, static_cast<std::uint32_t>(at_.size())));
  std::vector<LayerId> out;
  out.reserve(std::min(limit, count(set)));
  while (out.size() < limit && !queue.empty()) {
    Candidate c = queue.top();
    queue.pop();
    out.push_back(c.id);
    push(c.begin, c.position);
    push(c.position + 1, c.end);
  }
  return out;
}

}  // namespace archc::model
