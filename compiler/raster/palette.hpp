#pragma once
// Inside the GIF (gif.cpp): rectangles of pixels, and the one palette of all frames.

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace archc::raster::detail {

constexpr int kTransparent = 255;  // the palette's last entry: "as the frame before"

// 5 bits a channel: the key of a colour in the histogram and the lookup table.
inline int bin(std::uint32_t argb) {
  return static_cast<int>(((argb >> 19) & 0x1f) << 10 | ((argb >> 11) & 0x1f) << 5 | ((argb >> 3) & 0x1f));
}

struct Rgb {
  int r, g, b;
};

// A rectangle of pixels, right and bottom excluded.
struct Rect {
  int left = 0, top = 0, right = 0, bottom = 0;
  bool empty() const { return right <= left || bottom <= top; }
  Rect unite(const Rect& o) const {
    if (empty()) return o;
    if (o.empty()) return *this;
    return {std::min(left, o.left), std::min(top, o.top), std::max(right, o.right), std::max(bottom, o.bottom)};
  }
};

// The most frequent colours of the sampled pictures (each bin's mean), then for every bin
// the nearest of them. Frequency keeps the flat colours of cards, text and wires exact and
// spends the rest on their anti-aliased edges, which is what keeps text sharp without dither.
class Palette {
 public:
  // Counts the pixels of rectangle `r` of a picture whose rows are `stride` pixels apart.
  void sample(const std::uint32_t* px, const Rect& r, int stride) {
    for (int y = r.top; y < r.bottom; ++y) sample(px + static_cast<std::ptrdiff_t>(y) * stride + r.left, static_cast<std::size_t>(r.right - r.left));
  }
  // Adds what `other` counted.
  void add(const Palette& other) {
    for (std::size_t i = 0; i < bins_.size(); ++i) {
      bins_[i].count += other.bins_[i].count;
      bins_[i].r += other.bins_[i].r;
      bins_[i].g += other.bins_[i].g;
      bins_[i].b += other.bins_[i].b;
    }
  }
  void sample(const std::uint32_t* pixels, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      Bin& b = bins_[static_cast<std::size_t>(bin(pixels[i]))];
      ++b.count;
      b.r += (pixels[i] >> 16) & 0xff;
      b.g += (pixels[i] >> 8) & 0xff;
      b.b += pixels[i] & 0xff;
    }
  }

  void build() {
    std::vector<int> used;
    for (int i = 0; i < kBins; ++i) {
      if (bins_[static_cast<std::size_t>(i)].count) used.push_back(i);
    }
    // Most frequent first; equal counts by bin, so that the palette is the same on every run.
    std::stable_sort(used.begin(), used.end(), [&](int a, int b) {
      return bins_[static_cast<std::size_t>(a)].count > bins_[static_cast<std::size_t>(b)].count;
    });
    if (used.size() > kTransparent) used.resize(kTransparent);
    for (int i : used) {
      const Bin& b = bins_[static_cast<std::size_t>(i)];
      colours_.push_back({static_cast<int>(b.r / b.count), static_cast<int>(b.g / b.count), static_cast<int>(b.b / b.count)});
    }
    if (colours_.empty()) colours_.push_back({255, 255, 255});
    for (int i = 0; i < kBins; ++i) {
      Rgb c{((i >> 10) & 0x1f) * 8 + 4, ((i >> 5) & 0x1f) * 8 + 4, (i & 0x1f) * 8 + 4};
      const Bin& b = bins_[static_cast<std::size_t>(i)];
      if (b.count) c = {static_cast<int>(b.r / b.count), static_cast<int>(b.g / b.count), static_cast<int>(b.b / b.count)};
      int best = 0;
      long best_distance = -1;
      for (std::size_t k = 0; k < colours_.size(); ++k) {
        long dr = c.r - colours_[k].r, dg = c.g - colours_[k].g, db = c.b - colours_[k].b;
        // Weighted as the eye weighs the channels (roughly 3:6:1 with red and blue lifted).
        long distance = 3 * dr * dr + 6 * dg * dg + 2 * db * db;
        if (best_distance < 0 || distance < best_distance) {
          best_distance = distance;
          best = static_cast<int>(k);
        }
      }
      nearest_[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(best);
    }
  }

  std::uint8_t index(std::uint32_t argb) const { return nearest_[static_cast<std::size_t>(bin(argb))]; }
  const std::vector<Rgb>& colours() const { return colours_; }

 private:
  static constexpr int kBins = 1 << 15;
  struct Bin {
    std::uint64_t count = 0, r = 0, g = 0, b = 0;
  };
  std::vector<Bin> bins_ = std::vector<Bin>(kBins);
  std::array<std::uint8_t, kBins> nearest_{};
  std::vector<Rgb> colours_;
};

}  // namespace archc::raster::detail
