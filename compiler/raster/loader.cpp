// raster's front, in the binary: the drawing module (drawing.hpp) loaded on the first picture
// (source/modules.hpp); a module that cannot load is each picture's error, naming the packages.

#include "raster/drawing.hpp"
#include "raster/raster.hpp"
#include "source/modules.hpp"

namespace archc::raster {

namespace {

const source::Module& module() {
  return source::load_module(kDrawingFile, kDrawingEntry, kDrawingVersion,
                             "librsvg, cairo and giflib for PNG, PDF and GIF (Debian: `apt install librsvg2-2 libcairo2 libgif7`)");
}
const Drawing* drawing() { return static_cast<const Drawing*>(module().api); }

Picture unavailable() {
  Picture p;
  p.error = module().where;
  return p;
}

// render::ScenarioFrames as the module sees it.
class SceneFrames final : public Frames {
 public:
  explicit SceneFrames(const render::ScenarioFrames& f) : f_(f) {}
  double total_ms() const override { return f_.total_ms(); }
  const std::string& background() const override { return f_.background(); }
  std::string overlay(double t_ms) const override { return f_.overlay(t_ms); }
  layout::Box overlay_box(double t_ms) const override { return f_.overlay_box(t_ms); }

 private:
  const render::ScenarioFrames& f_;
};

}  // namespace

Picture png(std::string_view svg, double scale, bool shrink) {
  const Drawing* d = drawing();
  return d ? d->png(svg, scale, shrink) : unavailable();
}

Picture pdf(std::string_view svg, std::string_view title) {
  const Drawing* d = drawing();
  return d ? d->pdf(svg, title) : unavailable();
}

Picture gif(const render::ScenarioFrames& frames, const GifOptions& options) {
  const Drawing* d = drawing();
  if (!d) return unavailable();
  SceneFrames scene(frames);
  return d->gif(scene, options);
}

std::string drawing_module(bool& ok) {
  ok = drawing() != nullptr;
  return module().where;
}

}  // namespace archc::raster
