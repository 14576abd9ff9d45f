// The sizes of pictures: plain arithmetic, in the binary and in the drawing module alike.

#include <algorithm>
#include <cmath>

#include "raster/picture.hpp"

namespace archc::raster {

double fitting_scale(double width, double height, double wanted, double max_pixels) {
  double fit = std::min({std::sqrt(max_pixels / (width * height)), 32767 / width, 32767 / height});
  if (fit >= wanted) return wanted;
  // Two decimals, and one hundredth under: the pixel size, rounded up, stays within the limit.
  return std::floor(fit * 100) / 100 - 0.01;
}

std::size_t gif_frame_count(double total_ms, double fps) {
  return std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(total_ms * fps / 1000)));
}

}  // namespace archc::raster
