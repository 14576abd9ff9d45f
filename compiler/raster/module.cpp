// The drawing module's one entry point (drawing.hpp): everything else in it is hidden.

#include "raster/drawing.hpp"

extern "C" __attribute__((visibility("default"))) const void* archc_raster_drawing() {
  using namespace archc::raster;
  static const Drawing drawing{kDrawingVersion, &draw::png, &draw::pdf, &draw::gif};
  return &drawing;
}
