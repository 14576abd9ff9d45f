#pragma once
// Between raster's front (raster.hpp, loader.cpp, in the binary) and its drawing, built as a
// module of its own (`archc-raster.so`) that the front loads on the first picture. The
// module links librsvg, cairo and giflib and nothing of archc's: what a GIF draws reaches it
// through the virtual calls of Frames.

#include <string>
#include <string_view>

#include "layout/layout.hpp"
#include "raster/picture.hpp"

namespace archc::raster {

// What a GIF draws, as render::ScenarioFrames says it.
class Frames {
 public:
  virtual ~Frames() = default;
  virtual double total_ms() const = 0;
  virtual const std::string& background() const = 0;
  virtual std::string overlay(double t_ms) const = 0;
  virtual layout::Box overlay_box(double t_ms) const = 0;
};

// The module's functions; the module and the binary are built together, so a version that
// differs is a module from another build.
struct Drawing {
  unsigned version;
  Picture (*png)(std::string_view svg, double scale, bool shrink);
  Picture (*pdf)(std::string_view svg, std::string_view title);
  Picture (*gif)(const Frames& frames, const GifOptions& options);
};
inline constexpr unsigned kDrawingVersion = 1;
// The module's one exported symbol: `const void* archc_raster_drawing()`, a Drawing.
inline constexpr const char* kDrawingEntry = "archc_raster_drawing";
inline constexpr const char* kDrawingFile = "archc-raster.so";

// Inside the module.
namespace draw {
Picture png(std::string_view svg, double scale, bool shrink);
Picture pdf(std::string_view svg, std::string_view title);
Picture gif(const Frames& frames, const GifOptions& options);
}  // namespace draw

}  // namespace archc::raster
