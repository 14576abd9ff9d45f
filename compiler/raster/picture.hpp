#pragma once
// What a picture is and how large it may be: shared by raster's front (raster.hpp, in the
// binary) and its drawing (drawing.hpp, a module loaded on first use).

#include <cstddef>
#include <string>
#include <string_view>

namespace archc::raster {

struct Picture {
  std::string bytes;
  std::string error;         // empty on success
  bool over_budget = false;  // the error says the picture would be too large
  std::string help;          // then, what helps (empty when the error says it)
  bool ok() const { return error.empty(); }
};

// Beyond these a picture is refused before any drawing: a frame of at most 64 million pixels
// (256 MB in memory; cairo's limit is 32,767 pixels a side), a GIF of at most 6,000 frames.
inline constexpr double kMaxPixels = 64e6;
inline constexpr std::size_t kMaxFrames = 6000;
// GIF delays are in hundredths of a second, and browsers slow anything under two to ten.
inline constexpr double kMinFps = 1, kMaxFps = 50;
inline constexpr double kMinScale = 0.1, kMaxScale = 8;

// The default scale (`shrink`) draws a picture at most this wide, to fit a slide: 2× a
// diagram up to 2,000 CSS pixels wide, less for a wider one.
inline constexpr double kSlideWidth = 4000;

// The largest scale up to `wanted` at which a picture of `width` × `height` CSS pixels stays
// within `max_pixels` and 32,767 pixels a side (two decimals, rounded down).
double fitting_scale(double width, double height, double wanted, double max_pixels = kMaxPixels);

struct GifOptions {
  double fps = 20;
  double scale = 1;
  bool shrink = false;  // as for png(): at most kSlideWidth wide, within the limit of a GIF frame
  // Frames are drawn on this many threads (0: one per core); the bytes are the same for any.
  unsigned threads = 0;
};

inline constexpr double kMaxGifPixels = 16e6;

// How many frames a GIF of `total_ms` has at `fps`: the duration times the frame rate.
std::size_t gif_frame_count(double total_ms, double fps);

}  // namespace archc::raster
