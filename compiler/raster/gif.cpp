// The scenario as an animated GIF: frames drawn by librsvg over the scenario's background,
// one palette taken from the pictures, and each frame after the first stored as the rectangle
// that changed, its unchanged pixels transparent.

#include <gif_lib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "raster/drawing.hpp"
#include "raster/palette.hpp"
#include "raster/surface.hpp"

namespace archc::raster {

namespace {

using detail::failed;

using detail::Surface;
using detail::Svg;

using detail::bin;
using detail::kTransparent;
using detail::Palette;
using detail::Rect;
using detail::Rgb;

int write_out(GifFileType* gif, const GifByteType* data, int length) {
  static_cast<std::string*>(gif->UserData)->append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(length));
  return length;
}

// Draws frames: the background once, then each overlay over it.
class Painter {
 public:
  Painter(Svg& background, double scale, int w, int h) : scale_(scale) {
    background_ = Surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h));
    frame_ = Surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h));
    cairo_t* cr = cairo_create(background_.get());
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    ok_ = background.draw(cr, background.width() * scale, background.height() * scale);
    cairo_destroy(cr);
    cairo_surface_flush(background_.get());
    if (!ok_) error_ = background.error();
    std::memcpy(cairo_image_surface_get_data(frame_.get()), cairo_image_surface_get_data(background_.get()),
                static_cast<std::size_t>(cairo_image_surface_get_stride(frame_.get())) * static_cast<std::size_t>(h));
    cairo_surface_mark_dirty(frame_.get());
  }

  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }

  // The frame with `overlay` drawn over the background, which is restored first inside
  // `restore` (where the frame before drew); null on failure (see error()).
  const std::uint32_t* paint(const std::string& overlay, const Rect& restore) {
    Svg svg(overlay);
    if (!svg.ok()) {
      error_ = svg.error();
      return nullptr;
    }
    cairo_surface_flush(frame_.get());
    const std::size_t stride = static_cast<std::size_t>(cairo_image_surface_get_stride(frame_.get()));
    unsigned char* to = cairo_image_surface_get_data(frame_.get());
    const unsigned char* from = cairo_image_surface_get_data(background_.get());
    for (int y = restore.top; y < restore.bottom; ++y) {
      std::size_t at = static_cast<std::size_t>(y) * stride + static_cast<std::size_t>(restore.left) * 4;
      std::memcpy(to + at, from + at, static_cast<std::size_t>(restore.right - restore.left) * 4);
    }
    cairo_surface_mark_dirty(frame_.get());
    cairo_t* cr = cairo_create(frame_.get());
    bool drawn = svg.draw(cr, svg.width() * scale_, svg.height() * scale_);
    cairo_destroy(cr);
    cairo_surface_flush(frame_.get());
    if (!drawn) {
      error_ = svg.error();
      return nullptr;
    }
    return pixels(frame_.get());
  }

  const std::uint32_t* background_pixels() { return pixels(background_.get()); }
  int stride() const { return cairo_image_surface_get_stride(frame_.get()) / 4; }

 private:
  static const std::uint32_t* pixels(cairo_surface_t* s) {
    return reinterpret_cast<const std::uint32_t*>(cairo_image_surface_get_data(s));
  }
  double scale_;
  Surface background_, frame_;
  bool ok_ = false;
  std::string error_;
};

// The frame count, what it comes from, and what helps: the highest whole `--fps` within the
// limit and its count, or, when even 1 frame a second is too many, a shorter scenario or an
// animated SVG (which has no frames).
std::string too_many_frames(double total_ms, double fps, std::size_t count) {
  auto number = [](double x) {
    char text[32];
    return std::string(text, std::to_chars(text, text + sizeof text, x).ptr);
  };
  std::string out = "the GIF would have " + std::to_string(count) + " frames (" + number(std::round(total_ms / 100) / 10) +
                    " s at `--fps " + number(fps) + "`), over archc's limit of " + std::to_string(kMaxFrames);
  double fitting = std::floor(static_cast<double>(kMaxFrames) * 1000 / total_ms);
  while (fitting >= kMinFps && gif_frame_count(total_ms, fitting) > kMaxFrames) fitting -= 1;
  if (fitting >= kMinFps) {
    return out + ": lower `--fps` (`--fps " + number(fitting) + "` gives " +
           std::to_string(gif_frame_count(total_ms, fitting)) + " frames)";
  }
  if (fps > kMinFps) out += ", " + std::to_string(gif_frame_count(total_ms, kMinFps)) + " even at `--fps 1`";
  return out + ": shorten the scenario's steps (`duration:`), or draw it as an animated SVG (`-o FILE.svg --scenario ID`), "
               "which has no frames";
}


// Writes frame `k`: the rectangle of `current` that differs from `previous` (all of the
// first frame), its unchanged pixels transparent; then `previous` becomes the frame shown.
bool put_frame(GifFileType* file, std::size_t k, double fps, int w, int h, const Rect& changed,
               const std::vector<GifByteType>& current, std::vector<GifByteType>& previous,
               std::vector<GifByteType>& rect) {
  int left = 0, top = 0, right = w - 1, bottom = h - 1;
  if (k > 0) {
    left = w, top = h, right = -1, bottom = -1;
    for (int y = changed.top; y < changed.bottom; ++y) {
      const GifByteType* a = current.data() + static_cast<std::ptrdiff_t>(y) * w;
      const GifByteType* b = previous.data() + static_cast<std::ptrdiff_t>(y) * w;
      for (int x = changed.left; x < changed.right; ++x) {
        if (a[x] != b[x]) {
          left = std::min(left, x);
          right = std::max(right, x);
          top = std::min(top, y);
          bottom = y;
        }
      }
    }
    if (right < 0) left = top = right = bottom = 0;  // unchanged: one transparent pixel
  }
  const int rw = right - left + 1, rh = bottom - top + 1;
  rect.resize(static_cast<std::size_t>(rw));
  // Delays in hundredths of a second, rounded so that they add up to the frame times.
  int delay = static_cast<int>(std::llround((static_cast<double>(k) + 1) * 100 / fps) - std::llround(static_cast<double>(k) * 100 / fps));
  GraphicsControlBlock gcb{DISPOSE_DO_NOT, false, delay, k == 0 ? NO_TRANSPARENT_COLOR : kTransparent};
  GifByteType ext[4];
  std::size_t ext_length = EGifGCBToExtension(&gcb, ext);
  bool ok = EGifPutExtension(file, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(ext_length), ext) == GIF_OK &&
            EGifPutImageDesc(file, left, top, rw, rh, false, nullptr) == GIF_OK;
  for (int y = top; ok && y <= bottom; ++y) {
    const GifByteType* a = current.data() + static_cast<std::ptrdiff_t>(y) * w;
    const GifByteType* b = previous.data() + static_cast<std::ptrdiff_t>(y) * w;
    for (int x = 0; x < rw; ++x) rect[static_cast<std::size_t>(x)] = k > 0 && a[left + x] == b[left + x] ? kTransparent : a[left + x];
    ok = EGifPutLine(file, rect.data(), rw) == GIF_OK;
  }
  for (int y = changed.top; y < changed.bottom; ++y) {
    std::size_t at = static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(changed.left);
    std::memcpy(previous.data() + at, current.data() + at, static_cast<std::size_t>(changed.right - changed.left));
  }
  return ok;
}

// Runs `work(worker)` on `threads` threads, the calling one included.
void on_threads(unsigned threads, const std::function<void(unsigned)>& work) {
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& t : pool) t.join();
}

// One frame of the GIF as the encoder takes it: whether its overlay differs from the frame
// before, where the overlay draws (`now`), and the rectangle taken from the drawn frame
// (`changed`: where the frame before drew, and `now`).
struct FramePlan {
  bool drawn = false;
  std::string overlay;  // when drawn
  Rect now, changed;
};

}  // namespace

Picture draw::gif(const Frames& frames, const GifOptions& options) {
  // NaN passes std::clamp: a caller's NaN is the default rate.
  const double fps = std::isfinite(options.fps) ? std::clamp(options.fps, kMinFps, kMaxFps) : 20.0;
  const std::size_t count = gif_frame_count(frames.total_ms(), fps);
  if (count > kMaxFrames) return failed(too_many_frames(frames.total_ms(), fps, count), true);
  Svg background(frames.background());
  if (!background.ok()) return failed(background.error());
  double scale = options.scale;
  if (!std::isfinite(scale) || scale <= 0) return failed("the scale must be a positive number");
  if (options.shrink)
    scale = std::max(kMinScale, fitting_scale(background.width(), background.height(),
                                              std::min(scale, kSlideWidth / background.width()), kMaxGifPixels));
  int w = 0, h = 0;
  if (std::string why = detail::check_size(background.width(), background.height(), scale, w, h, kMaxGifPixels); !why.empty())
    return failed(why + ", a GIF frame's", true, detail::kFewerPixels);
  // Frames are drawn on every core, each worker with a painter of its own (librsvg handles
  // and cairo surfaces are not shared between threads); what a frame's pixels are does not
  // depend on which worker drew it, so the bytes are the same whatever the count.
  const unsigned threads = std::max(1u, options.threads ? options.threads : std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<Painter>> painters(threads);
  std::vector<Rect> painted(threads);  // where each painter's last overlay drew
  std::string error;
  std::mutex error_lock;
  auto fail = [&](const std::string& why) {
    std::lock_guard<std::mutex> lock(error_lock);
    if (error.empty()) error = why;
  };
  on_threads(threads, [&](unsigned t) {
    // Each with a handle of its own: librsvg handles are not shared between threads.
    std::optional<Svg> own;
    if (t > 0) own.emplace(frames.background());
    painters[t] = std::make_unique<Painter>(own ? *own : background, scale, w, h);
    if (!painters[t]->ok()) fail(painters[t]->error());
  });
  if (!error.empty()) return failed(error);
  const int stride = painters[0]->stride();
  auto time_of = [&](std::size_t k) { return static_cast<double>(k) * 1000 / fps; };

  // Where an overlay draws, in pixels (with a margin for anti-aliasing).
  auto region_of = [&](double t) {
    layout::Box b = frames.overlay_box(t);
    if (b.width <= 0) return Rect{};
    Rect r{static_cast<int>(std::floor(b.x * scale)) - 2, static_cast<int>(std::floor(b.y * scale)) - 2,
           static_cast<int>(std::ceil((b.x + b.width) * scale)) + 2, static_cast<int>(std::ceil((b.y + b.height) * scale)) + 2};
    r = {std::max(r.left, 0), std::max(r.top, 0), std::min(r.right, w), std::min(r.bottom, h)};
    return r.empty() ? Rect{} : r;
  };
  // Draws `overlay` with worker `t`'s painter: null on failure (reported).
  auto paint = [&](unsigned t, const std::string& overlay, const Rect& now) -> const std::uint32_t* {
    const std::uint32_t* px = painters[t]->paint(overlay, painted[t]);
    if (!px) fail(painters[t]->error());
    painted[t] = now;
    return px;
  };

  // The palette: the background and the overlays of each distinct moment of the scenario,
  // sampled by each worker into a palette of its own and summed (the sums are whole numbers:
  // their order does not change them).
  std::vector<std::pair<std::string, Rect>> moments;
  {
    std::string last;
    for (std::size_t k = 0; k < count; k += std::max<std::size_t>(1, static_cast<std::size_t>(fps / 4))) {
      std::string overlay = frames.overlay(time_of(k));
      if (overlay == last) continue;
      last = overlay;
      moments.emplace_back(std::move(overlay), region_of(time_of(k)));
    }
  }
  std::vector<Palette> partial(threads);
  partial[0].sample(painters[0]->background_pixels(), Rect{0, 0, w, h}, stride);
  on_threads(threads, [&](unsigned t) {
    for (std::size_t i = t; i < moments.size() && error.empty(); i += threads) {
      if (const std::uint32_t* px = paint(t, moments[i].first, moments[i].second)) partial[t].sample(px, moments[i].second, stride);
    }
  });
  if (!error.empty()) return failed(error);
  Palette& palette = partial[0];
  for (unsigned t = 1; t < threads; ++t) palette.add(partial[t]);
  palette.build();

  Picture out;
  int gif_error = 0;
  GifFileType* file = EGifOpen(&out.bytes, write_out, &gif_error);
  if (!file) return failed("giflib cannot start a GIF");
  EGifSetGifVersion(file, true);
  ColorMapObject* map = GifMakeMapObject(256, nullptr);
  for (int i = 0; i < 256; ++i) {
    Rgb c = i < static_cast<int>(palette.colours().size()) ? palette.colours()[static_cast<std::size_t>(i)] : Rgb{0, 0, 0};
    map->Colors[i] = {static_cast<GifByteType>(c.r), static_cast<GifByteType>(c.g), static_cast<GifByteType>(c.b)};
  }
  bool ok = EGifPutScreenDesc(file, w, h, 8, 0, map) == GIF_OK;
  GifFreeMapObject(map);
  // Loop for ever (the NETSCAPE2.0 extension, count 0).
  const GifByteType loop[3] = {1, 0, 0};
  ok = ok && EGifPutExtensionLeader(file, APPLICATION_EXT_FUNC_CODE) == GIF_OK &&
       EGifPutExtensionBlock(file, 11, "NETSCAPE2.0") == GIF_OK && EGifPutExtensionBlock(file, 3, loop) == GIF_OK &&
       EGifPutExtensionTrailer(file) == GIF_OK;

  // The frames, in batches: planned in order, drawn on the workers (each frame's pixels
  // inside `changed`, as palette indices), then written in order.
  const std::size_t batch = 16 * static_cast<std::size_t>(threads);
  std::vector<FramePlan> plans;
  std::vector<std::vector<GifByteType>> indexed;
  std::string last;
  Rect drawn;  // where the frame before holds an overlay; elsewhere it is the background
  // `previous` is the frame shown; `current` the one being made, equal to it outside `changed`.
  std::vector<GifByteType> previous(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  std::vector<GifByteType> current(previous.size()), rect;
  for (std::size_t first = 0; ok && first < count; first += batch) {
    const std::size_t end = std::min(count, first + batch);
    plans.assign(end - first, FramePlan{});
    for (std::size_t k = first; k < end; ++k) {
      std::string overlay = frames.overlay(time_of(k));
      if (k > 0 && overlay == last) continue;
      FramePlan& plan = plans[k - first];
      plan.drawn = true;
      plan.now = region_of(time_of(k));
      plan.changed = k == 0 ? Rect{0, 0, w, h} : drawn.unite(plan.now);
      drawn = plan.now;
      last = overlay;
      plan.overlay = std::move(overlay);
    }
    indexed.assign(plans.size(), {});
    on_threads(threads, [&](unsigned t) {
      for (std::size_t i = t; i < plans.size() && error.empty(); i += threads) {
        const FramePlan& plan = plans[i];
        if (!plan.drawn) continue;
        const std::uint32_t* px = paint(t, plan.overlay, plan.now);
        if (!px) return;
        const Rect& c = plan.changed;
        std::vector<GifByteType>& to = indexed[i];
        to.resize(static_cast<std::size_t>(c.right - c.left) * static_cast<std::size_t>(c.bottom - c.top));
        GifByteType* at = to.data();
        for (int y = c.top; y < c.bottom; ++y) {
          const std::uint32_t* row = px + static_cast<std::ptrdiff_t>(y) * stride;
          for (int x = c.left; x < c.right; ++x) *at++ = palette.index(row[x]);
        }
      }
    });
    if (!error.empty()) {
      EGifCloseFile(file, &gif_error);
      return failed(error);
    }
    for (std::size_t k = first; ok && k < end; ++k) {
      const FramePlan& plan = plans[k - first];
      const Rect changed = plan.drawn ? plan.changed : Rect{};
      if (plan.drawn) {
        const GifByteType* from = indexed[k - first].data();
        const std::size_t row = static_cast<std::size_t>(changed.right - changed.left);
        for (int y = changed.top; y < changed.bottom; ++y, from += row)
          std::memcpy(current.data() + static_cast<std::ptrdiff_t>(y) * w + changed.left, from, row);
      }
      ok = put_frame(file, k, fps, w, h, changed, current, previous, rect);
    }
  }
  if (EGifCloseFile(file, &gif_error) != GIF_OK || !ok) return failed("giflib cannot write the GIF");
  return out;
}

}  // namespace archc::raster
