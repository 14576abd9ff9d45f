#pragma once
// What raster.cpp and gif.cpp share: our SVG parsed by librsvg and drawn into cairo.

#include <cairo.h>

#include <memory>
#include <string>
#include <string_view>

#include "raster/picture.hpp"

namespace archc::raster::detail {

struct SurfaceFree {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceFree>;

// An SVG ready to draw, with its size in CSS pixels; `error` says why not.
class Svg {
 public:
  explicit Svg(std::string_view text);
  ~Svg();
  Svg(const Svg&) = delete;
  Svg& operator=(const Svg&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  double width() const { return width_; }
  double height() const { return height_; }
  // Draws the whole picture into `cr`, scaled to `width` × `height`; false (and `error`) on failure.
  bool draw(cairo_t* cr, double width, double height);

 private:
  struct _RsvgHandle* handle_ = nullptr;
  double width_ = 0, height_ = 0;
  std::string error_;
};

inline Picture failed(std::string why, bool over_budget = false, std::string help = {}) {
  Picture p;
  p.error = std::move(why);
  p.over_budget = over_budget;
  p.help = std::move(help);
  return p;
}

// What helps a picture over the pixel budget.
inline constexpr const char* kFewerPixels = "draw an SVG or a PDF instead, which have no pixels, or lower `--scale`";

// A pixel size for the SVG at `scale`, or an error when it is over kMaxPixels.
std::string check_size(double width, double height, double scale, int& w, int& h, double max_pixels = kMaxPixels);

}  // namespace archc::raster::detail
