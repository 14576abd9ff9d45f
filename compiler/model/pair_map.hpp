#pragma once
// A map from a connection's two ends to one value, for the per-layer bookkeeping that runs
// over every connection of every layer: open addressing in one flat array, so that a layer of
// 150,000 connections costs one allocation instead of one per entry, and lookups stay in cache.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace archc::model {

class PairMap {
 public:
  static std::uint64_t key(std::uint32_t from, std::uint32_t to) {
    return (static_cast<std::uint64_t>(from) << 32) | to;
  }

  explicit PairMap(std::size_t expected = 0) { rehash(capacity_for(expected)); }

  // Inserts when absent; returns the value now stored and whether it was inserted.
  std::pair<std::uint32_t*, bool> emplace(std::uint64_t k, std::uint32_t value) {
    if ((used_ + 1) * 4 > slots_.size() * 3) {
      // Grow when full of entries; when full of erased slots, only clear them.
      rehash(std::max(slots_.size(), capacity_for((size_ + 1) * 2)));
    }
    std::size_t i = find_slot(k);
    Slot& s = slots_[i];
    if (s.state == State::Full) return {&s.value, false};
    if (s.state == State::Empty) ++used_;
    s = Slot{k, value, State::Full};
    ++size_;
    return {&s.value, true};
  }

  std::uint32_t* find(std::uint64_t k) {
    Slot& s = slots_[find_slot(k)];
    return s.state == State::Full ? &s.value : nullptr;
  }
  bool contains(std::uint64_t k) const { return const_cast<PairMap*>(this)->find(k) != nullptr; }

  bool erase(std::uint64_t k) {
    Slot& s = slots_[find_slot(k)];
    if (s.state != State::Full) return false;
    s.state = State::Erased;
    --size_;
    return true;
  }

  std::size_t size() const { return size_; }
  std::size_t capacity() const { return slots_.size(); }

 private:
  enum class State : std::uint8_t { Empty, Full, Erased };
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = 0;
    State state = State::Empty;
  };

  static std::size_t capacity_for(std::size_t n) {
    std::size_t c = 16;
    while (c * 3 < n * 4 + 4) c *= 2;
    return c;
  }
  static std::size_t hash(std::uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return static_cast<std::size_t>(k);
  }
  // The slot holding `k`, or else the first erased or empty slot where it would go.
  std::size_t find_slot(std::uint64_t k) const {
    std::size_t mask = slots_.size() - 1;
    std::optional<std::size_t> reuse;
    for (std::size_t i = hash(k) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.state == State::Empty) return reuse.value_or(i);
      if (s.state == State::Erased) {
        if (!reuse) reuse = i;
      } else if (s.key == k) {
        return i;
      }
    }
  }
  void rehash(std::size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{});
    used_ = size_ = 0;
    for (const Slot& s : old) {
      if (s.state == State::Full) emplace(s.key, s.value);
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
  std::size_t used_ = 0;  // full or erased: what bounds a probe
};

}  // namespace archc::model
