#pragma once
// Pictures without a browser: our SVG drawn by librsvg into cairo. A PNG or a PDF of one SVG,
// and a scenario as an animated GIF, frame by frame from the timeline the animated SVG and
// the player use (render::ScenarioFrames).
//
// The drawing lives in a module of its own (`archc-raster.so`, drawing.hpp), loaded on the
// first picture: the commands that draw none never load librsvg, cairo, Pango and GLib. When
// it cannot be loaded, each function says so in Picture::error, naming the packages.

#include <string>
#include <string_view>

#include "raster/picture.hpp"
#include "render/animation.hpp"

namespace archc::raster {

// The SVG at `scale` × its size in pixels (its width and height are CSS pixels). With
// `shrink` (the default scale), `scale` is lowered so that the picture is at most kSlideWidth
// pixels wide and within kMaxPixels, instead of refused.
Picture png(std::string_view svg, double scale, bool shrink = false);

// The SVG as one vector page, sized as a browser prints it (96 CSS pixels to the inch).
Picture pdf(std::string_view svg, std::string_view title);

// The scenario as a looping GIF: one palette for all frames, taken from the pictures
// themselves, no dithering (text stays sharp); each frame after the first stores only the
// rectangle that changed. The same bytes on every run.
Picture gif(const render::ScenarioFrames& frames, const GifOptions& options);

// Where the drawing module was loaded from, or why it could not be: for `archc --version`.
std::string drawing_module(bool& loaded);

}  // namespace archc::raster
