// PNG, PDF and GIF read back with the libraries that read them everywhere (cairo's PNG
// reader, giflib), on the seed's diagram.

#include "raster/raster.hpp"

#include <cairo.h>
#include <gif_lib.h>
#include <gtest/gtest.h>
#include <librsvg/rsvg.h>

#include <cmath>
#include <cstring>
#include <regex>

#include "compile/compile.hpp"
#include "render/svg.hpp"

namespace archc::raster {
namespace {

struct Seed {
  compile::Result r;
  Seed() {
    compile::Request request;
    request.path = std::string(ARCHC_SOURCE_DIR) + "/examples/cloud_platform.arch";
    request.workspace = compile::disk_workspace({});
    request.lay_out = true;
    r = compile::compile(request);
  }
  const model::Diagram& d() const { return r.diagram; }
  const layout::Layout& l() const { return *r.layout; }
  model::ScenarioId scenario(std::string_view id) const {
    for (model::ScenarioId i : d().scenarios.ids()) {
      if (d().scenarios[i].id == id) return i;
    }
    ADD_FAILURE() << "no scenario " << id;
    return model::ScenarioId(0);
  }
};

const Seed& seed() {
  static const Seed s;
  return s;
}

std::string svg_of_last_layer() {
  render::SvgOptions options;
  options.visible_layer = model::LayerId(seed().d().layers.size() - 1);
  return render::render_svg(seed().d(), seed().l(), options);
}

// The viewBox of a standalone picture of `layer`: framed to what that layer shows.
layout::Box view_of(model::LayerId layer) {
  render::SvgOptions options;
  options.visible_layer = layer;
  return render::picture_frame(seed().d(), seed().l(), options);
}
layout::Box view_of_last_layer() { return view_of(model::LayerId(seed().d().layers.size() - 1)); }

struct Reader {
  std::string_view bytes;
  std::size_t at = 0;
};

cairo_status_t read_png(void* closure, unsigned char* data, unsigned int length) {
  auto* r = static_cast<Reader*>(closure);
  if (r->at + length > r->bytes.size()) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, r->bytes.data() + r->at, length);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

std::uint32_t rgb(std::uint32_t argb) { return argb & 0xffffff; }

int distance(std::uint32_t a, std::uint32_t b) {
  int d = 0;
  for (int shift : {0, 8, 16}) d = std::max(d, std::abs(static_cast<int>((a >> shift) & 0xff) - static_cast<int>((b >> shift) & 0xff)));
  return d;
}

TEST(Png, IsTheSvgAtTwiceItsSizeWithItsColours) {
  std::string svg = svg_of_last_layer();
  Picture p = png(svg, 2);
  ASSERT_TRUE(p.ok()) << p.error;
  Reader reader{p.bytes};
  cairo_surface_t* s = cairo_image_surface_create_from_png_stream(read_png, &reader);
  ASSERT_EQ(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
  const layout::Box view = view_of_last_layer();
  EXPECT_EQ(cairo_image_surface_get_width(s), static_cast<int>(std::ceil(2 * view.width)));
  EXPECT_EQ(cairo_image_surface_get_height(s), static_cast<int>(std::ceil(2 * view.height)));
  const auto* px = reinterpret_cast<const std::uint32_t*>(cairo_image_surface_get_data(s));
  const int stride = cairo_image_surface_get_stride(s) / 4;
  // SVG coordinates to pixels: the picture starts at the view's corner.
  auto at = [&](double x, double y) {
    return rgb(px[static_cast<int>(2 * (y - view.y)) * stride + static_cast<int>(2 * (x - view.x))]);
  };
  EXPECT_EQ(at(view.x + 1, view.y + 1), 0xf7f8fau) << "the background";
  // Every card is white where its label is not (librsvg 2.54 drew them black through var()).
  const model::Diagram& d = seed().d();
  const model::LayerId last(d.layers.size() - 1);
  int cards = 0;
  for (std::size_t i = 0; i < d.nodes.size(); ++i) {
    if (!seed().l().node_placed[i] || !d.in_layer(d.nodes[i].layers, last)) continue;
    ++cards;
    const layout::Box& b = seed().l().nodes[i];
    EXPECT_EQ(at(b.x + render::kMargin + b.width - 4, b.y + render::kMargin + b.height - 4), 0xffffffu) << d.nodes[i].id;
  }
  EXPECT_GT(cards, 10);
  cairo_surface_destroy(s);
}

TEST(Png, DrawnInBandsIsThePictureDrawnWhole) {
  std::string svg = svg_of_last_layer();
  Picture p = png(svg, 1.5);
  ASSERT_TRUE(p.ok()) << p.error;
  Reader reader{p.bytes};
  cairo_surface_t* banded = cairo_image_surface_create_from_png_stream(read_png, &reader);
  ASSERT_EQ(cairo_surface_status(banded), CAIRO_STATUS_SUCCESS);
  const int w = cairo_image_surface_get_width(banded), h = cairo_image_surface_get_height(banded);
  // The same SVG drawn by librsvg in one piece.
  GError* error = nullptr;
  RsvgHandle* handle = rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error);
  ASSERT_NE(handle, nullptr);
  rsvg_handle_set_dpi(handle, 96);
  double sw = 0, sh = 0;
  rsvg_handle_get_intrinsic_size_in_pixels(handle, &sw, &sh);
  cairo_surface_t* whole = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t* cr = cairo_create(whole);
  RsvgRectangle viewport{0, 0, sw * 1.5, sh * 1.5};
  ASSERT_TRUE(rsvg_handle_render_document(handle, cr, &viewport, nullptr));
  cairo_destroy(cr);
  g_object_unref(handle);
  cairo_surface_flush(whole);
  std::size_t differing = 0;
  for (int y = 0; y < h; ++y) {
    const auto* a = reinterpret_cast<const std::uint32_t*>(cairo_image_surface_get_data(banded) + y * cairo_image_surface_get_stride(banded));
    const auto* b = reinterpret_cast<const std::uint32_t*>(cairo_image_surface_get_data(whole) + y * cairo_image_surface_get_stride(whole));
    for (int x = 0; x < w; ++x) differing += rgb(a[x]) != rgb(b[x]);
  }
  EXPECT_EQ(differing, 0u) << "of " << w * h << " pixels";
  cairo_surface_destroy(banded);
  cairo_surface_destroy(whole);
}

TEST(Png, SameBytesOnEveryRun) {
  std::string svg = svg_of_last_layer();
  EXPECT_EQ(png(svg, 1).bytes, png(svg, 1).bytes);
}

TEST(Png, APictureOverTheLimitIsRefusedBeforeAnyDrawing) {
  Picture p = png(svg_of_last_layer(), 8);  // the seed at 8×: 20,000 pixels wide
  EXPECT_FALSE(p.ok());
  EXPECT_TRUE(p.over_budget);
  EXPECT_NE(p.error.find("over archc's limit"), std::string::npos) << p.error;
  EXPECT_TRUE(p.bytes.empty());
}

// The size of a PNG, in pixels.
std::pair<int, int> png_size(const Picture& p) {
  Reader reader{p.bytes};
  cairo_surface_t* s = cairo_image_surface_create_from_png_stream(read_png, &reader);
  EXPECT_EQ(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
  std::pair<int, int> size{cairo_image_surface_get_width(s), cairo_image_surface_get_height(s)};
  cairo_surface_destroy(s);
  return size;
}

TEST(Png, TheDefaultScaleFitsASlide) {
  // The seed's last layer is wider than 2,000 CSS pixels: drawn 4,000 pixels wide, not 2×.
  const layout::Box view = view_of_last_layer();
  ASSERT_GT(view.width, kSlideWidth / 2);
  Picture p = png(svg_of_last_layer(), 2, true);
  ASSERT_TRUE(p.ok()) << p.error;
  auto [w, h] = png_size(p);
  EXPECT_LE(w, kSlideWidth);
  EXPECT_GE(w, kSlideWidth - 60);
  EXPECT_NEAR(static_cast<double>(h) / w, view.height / view.width, 0.01);
  // A small picture is drawn at 2×.
  std::string small = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"200\"><rect width=\"300\" height=\"200\"/></svg>";
  EXPECT_EQ(png_size(png(small, 2, true)), (std::pair{600, 400}));
  // A tall one keeps within the pixel budget.
  std::string tall = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000\" height=\"30000\"><rect width=\"1000\" height=\"30000\"/></svg>";
  auto [tw, th] = png_size(png(tall, 2, true));
  EXPECT_LE(static_cast<double>(tw) * th, kMaxPixels);
  EXPECT_LE(th, 32767);
  for (auto [w, h] : {std::pair{100.0, 100.0}, {20000.0, 300.0}, {3000.0, 2999.0}, {12345.6, 7890.1}}) {
    double scale = fitting_scale(w, h, 8);
    EXPECT_LE(std::ceil(w * scale) * std::ceil(h * scale), kMaxPixels) << w << "x" << h;
    EXPECT_LE(std::ceil(w * scale), 32767) << w << "x" << h;
  }
  EXPECT_EQ(fitting_scale(100, 100, 2), 2);
}

TEST(Png, WhatLibrsvgCannotReadIsAnErrorNotACrash) {
  for (std::string_view bad : {"", "<svg", "not xml at all", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"}) {
    Picture p = png(bad, 1);
    EXPECT_FALSE(p.ok()) << bad;
    EXPECT_FALSE(p.over_budget);
  }
}

TEST(Pdf, OneVectorPageSizedAsABrowserPrintsIt) {
  std::string svg = svg_of_last_layer();
  Picture p = pdf(svg, "Cloud data platform");
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.bytes.substr(0, 5), "%PDF-");
  EXPECT_NE(p.bytes.find("%%EOF"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(p.bytes, m, std::regex(R"(/MediaBox \[ *0 0 ([0-9.]+) ([0-9.]+) *\])")));
  EXPECT_NEAR(std::stod(m[1]), 0.75 * view_of_last_layer().width, 1);
  EXPECT_NEAR(std::stod(m[2]), 0.75 * view_of_last_layer().height, 1);
  EXPECT_EQ(std::count(p.bytes.begin(), p.bytes.end(), '\n') > 0, true);
  EXPECT_NE(p.bytes.find("/Type /Page"), std::string::npos);
  EXPECT_EQ(pdf(svg, "Cloud data platform").bytes, p.bytes) << "the same bytes on every run";
}

// A GIF decoded as a viewer shows it: each frame drawn over the one before.
struct Movie {
  int width = 0, height = 0, loops = -1;
  std::vector<std::vector<std::uint32_t>> frames;  // 0xRRGGBB
  std::vector<int> delays;                          // hundredths of a second
};

int read_gif(GifFileType* gif, GifByteType* data, int length) {
  auto* r = static_cast<Reader*>(gif->UserData);
  int n = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(length), r->bytes.size() - r->at));
  std::memcpy(data, r->bytes.data() + r->at, static_cast<std::size_t>(n));
  r->at += static_cast<std::size_t>(n);
  return n;
}

Movie decode(std::string_view bytes) {
  Movie m;
  Reader reader{bytes};
  int error = 0;
  GifFileType* gif = DGifOpen(&reader, read_gif, &error);
  if (!gif) return m;
  if (DGifSlurp(gif) != GIF_OK) {
    DGifCloseFile(gif, &error);
    return m;
  }
  m.width = gif->SWidth;
  m.height = gif->SHeight;
  std::vector<std::uint32_t> canvas(static_cast<std::size_t>(m.width * m.height), 0);
  for (int i = 0; i < gif->ImageCount; ++i) {
    const SavedImage& image = gif->SavedImages[i];
    GraphicsControlBlock gcb{};
    DGifSavedExtensionToGCB(gif, i, &gcb);
    for (int e = 0; e < image.ExtensionBlockCount; ++e) {
      const ExtensionBlock& b = image.ExtensionBlocks[e];
      if (b.Function == APPLICATION_EXT_FUNC_CODE && b.ByteCount == 11 && std::memcmp(b.Bytes, "NETSCAPE2.0", 11) == 0 &&
          e + 1 < image.ExtensionBlockCount)
        m.loops = image.ExtensionBlocks[e + 1].Bytes[1] | image.ExtensionBlocks[e + 1].Bytes[2] << 8;
    }
    const ColorMapObject* map = image.ImageDesc.ColorMap ? image.ImageDesc.ColorMap : gif->SColorMap;
    const GifImageDesc& d = image.ImageDesc;
    for (int y = 0; y < d.Height; ++y) {
      for (int x = 0; x < d.Width; ++x) {
        int index = image.RasterBits[y * d.Width + x];
        if (index == gcb.TransparentColor) continue;
        const GifColorType& c = map->Colors[index];
        canvas[static_cast<std::size_t>((d.Top + y) * m.width + d.Left + x)] =
            static_cast<std::uint32_t>(c.Red) << 16 | static_cast<std::uint32_t>(c.Green) << 8 | c.Blue;
      }
    }
    m.frames.push_back(canvas);
    m.delays.push_back(gcb.DelayTime);
  }
  DGifCloseFile(gif, &error);
  return m;
}

TEST(Gif, TheOrderEventScenarioFrameByFrame) {
  model::ScenarioId id = seed().scenario("order-event");
  render::ScenarioFrames frames(seed().d(), seed().l(), id);
  Picture p = gif(frames, GifOptions{});
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.bytes.substr(0, 6), "GIF89a");
  EXPECT_LT(p.bytes.size(), 2u << 20) << "under 2 MB at 1×";
  Movie m = decode(p.bytes);
  EXPECT_EQ(m.loops, 0) << "loops for ever";
  const layout::Box view = view_of(seed().d().scenarios[id].layer);
  EXPECT_EQ(m.width, static_cast<int>(std::ceil(view.width)));
  // Duration × fps frames, and their delays add up to the duration.
  const std::size_t count = static_cast<std::size_t>(std::llround(frames.total_ms() * 20 / 1000));
  ASSERT_EQ(m.frames.size(), count);
  EXPECT_EQ(gif_frame_count(frames.total_ms(), 20), count);
  int total_cs = 0;
  for (int delay : m.delays) {
    EXPECT_EQ(delay, 5);
    total_cs += delay;
  }
  EXPECT_NEAR(total_cs * 10, frames.total_ms(), 50);

  // A frame in the middle of each step shows its packet between its two nodes, on the path.
  const model::Diagram& d = seed().d();
  const model::Scenario& s = d.scenarios[id];
  model::Timeline t = model::scenario_timeline(s);
  int checked = 0;
  for (const model::Step& step : s.steps) {
    if (step.from == model::kNone || step.edge == model::kNone) continue;
    double from = t.slot_start_ms[static_cast<std::size_t>(step.start)], to = t.slot_start_ms[static_cast<std::size_t>(step.end)];
    std::size_t k = static_cast<std::size_t>(std::llround((from + to) / 2 * 20 / 1000));
    std::vector<layout::Point> packets = frames.packets_at(static_cast<double>(k) * 50);
    ASSERT_FALSE(packets.empty());
    // The packet of this step: the one on this edge's path, nearest its middle.
    bool found = false;
    for (layout::Point c : packets) {
      // The packet is a disc of radius 6: its colour 3 pixels away in all four directions,
      // which the lit hop under it (a line 3 pixels wide) cannot be.
      bool packet = true;
      for (auto [dx, dy] : {std::pair{3.0, 0.0}, {-3.0, 0.0}, {0.0, 3.0}, {0.0, -3.0}}) {
        std::uint32_t colour = m.frames[k][static_cast<std::size_t>(std::floor(c.y - view.y + dy)) * static_cast<std::size_t>(m.width) +
                                           static_cast<std::size_t>(std::floor(c.x - view.x + dx))];
        packet = packet && distance(colour, step.style == "alert" ? 0xd93636u : 0x2f6fd0u) < 40;
      }
      auto inside = [&](model::NodeId n) {
        const layout::Box& b = seed().l().nodes[n.index()];
        return c.x >= b.x + render::kMargin && c.x <= b.x + render::kMargin + b.width && c.y >= b.y + render::kMargin &&
               c.y <= b.y + render::kMargin + b.height;
      };
      found = found || (packet && !inside(step.from) && !inside(step.to));
    }
    EXPECT_TRUE(found) << "step " << d.nodes[step.from].id << " -> " << d.nodes[step.to].id << " at frame " << k;
    ++checked;
  }
  EXPECT_GE(checked, 3);
  // The rest at the end shows no packet: the last frame is the first one's picture.
  std::size_t differing = 0;
  for (std::size_t i = 0; i < m.frames.back().size(); ++i) differing += m.frames.back()[i] != m.frames.front()[i];
  EXPECT_LT(differing, m.frames.front().size() / 50) << "only the first step's packet and caption differ";
}

// Frame k drawn whole, as a reference: the background, then the overlay at its time.
std::vector<std::uint32_t> drawn_whole(const render::ScenarioFrames& frames, double t, int w, int h) {
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t* cr = cairo_create(s);
  for (const std::string& svg : {frames.background(), frames.overlay(t)}) {
    RsvgHandle* handle = rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), nullptr);
    rsvg_handle_set_dpi(handle, 96);
    RsvgRectangle viewport{0, 0, static_cast<double>(w), static_cast<double>(h)};
    rsvg_handle_render_document(handle, cr, &viewport, nullptr);
    g_object_unref(handle);
  }
  cairo_destroy(cr);
  cairo_surface_flush(s);
  std::vector<std::uint32_t> out(static_cast<std::size_t>(w * h));
  for (int y = 0; y < h; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(cairo_image_surface_get_data(s) + y * cairo_image_surface_get_stride(s));
    for (int x = 0; x < w; ++x) out[static_cast<std::size_t>(y * w + x)] = rgb(row[x]);
  }
  cairo_surface_destroy(s);
  return out;
}

TEST(Gif, EveryFrameIsTheFrameDrawnWholeUpToThePalette) {
  // Frames are drawn and compared only where the overlays reach: nothing may be left behind.
  render::ScenarioFrames frames(seed().d(), seed().l(), seed().scenario("sla-breach"));
  Movie m = decode(gif(frames, GifOptions{10, 1}).bytes);
  ASSERT_FALSE(m.frames.empty());
  for (std::size_t k = 0; k < m.frames.size(); k += 3) {
    std::vector<std::uint32_t> whole = drawn_whole(frames, static_cast<double>(k) * 100, m.width, m.height);
    std::size_t far = 0;
    for (std::size_t i = 0; i < whole.size(); ++i) far += distance(whole[i], m.frames[k][i]) > 64;
    EXPECT_LE(far, 20u) << "frame " << k;
  }
}

TEST(Gif, SameBytesOnEveryRunAndEveryScenarioUnderTwoMegabytes) {
  for (model::ScenarioId i : seed().d().scenarios.ids()) {
    render::ScenarioFrames frames(seed().d(), seed().l(), i);
    Picture a = gif(frames, GifOptions{}), b = gif(frames, GifOptions{});
    ASSERT_TRUE(a.ok()) << a.error;
    EXPECT_EQ(a.bytes, b.bytes) << seed().d().scenarios[i].id;
    EXPECT_LT(a.bytes.size(), 2u << 20) << seed().d().scenarios[i].id;
  }
}

TEST(Gif, TheSameBytesOnAnyNumberOfThreads) {
  render::ScenarioFrames frames(seed().d(), seed().l(), seed().scenario("order-event"));
  GifOptions one{10, 0.5, false, 1};
  const Picture alone = gif(frames, one);
  ASSERT_TRUE(alone.ok()) << alone.error;
  for (unsigned threads : {2u, 3u, 16u}) {
    GifOptions many = one;
    many.threads = threads;
    EXPECT_EQ(gif(frames, many).bytes, alone.bytes) << threads << " threads";
  }
}

TEST(Gif, OtherRatesKeepTheDuration) {
  render::ScenarioFrames frames(seed().d(), seed().l(), seed().scenario("order-event"));
  Movie m = decode(gif(frames, GifOptions{30, 0.5}).bytes);
  ASSERT_EQ(m.frames.size(), gif_frame_count(frames.total_ms(), 30));
  int total_cs = 0;
  for (int delay : m.delays) total_cs += delay;
  EXPECT_NEAR(total_cs * 10, frames.total_ms(), 10);
  EXPECT_EQ(m.width, static_cast<int>(std::ceil(0.5 * view_of(seed().d().scenarios[seed().scenario("order-event")].layer).width)));
}

TEST(Gif, TooManyFramesAreRefused) {
  render::ScenarioFrames frames(seed().d(), seed().l(), seed().scenario("order-event"));
  // No scenario of the seed lasts five minutes; ask for more frames than the limit instead.
  EXPECT_EQ(gif_frame_count(kMaxFrames * 1000.0 / 50 + 1000, 50) > kMaxFrames, true);
  Picture p = gif(frames, GifOptions{20, 8});
  EXPECT_FALSE(p.ok());
  EXPECT_TRUE(p.over_budget);
}

}  // namespace
}  // namespace archc::raster

namespace archc::compile {
namespace {

TEST(Folder, PngFlagPutsAPictureOfEachLayerBesideItsSvg) {
  Request request = text_request("layer v1 {\n  service a\n}\nlayer v2 <> {\n  service b\n  connect(a, b)\n}\n", "/unit/folder.arch", "folder.arch");
  request.format = Format::Folder;
  request.folder_png = true;
  request.scale = 1;
  Result r = compile(request);
  ASSERT_TRUE(r.ok());
  std::vector<std::string> names;
  for (const Artifact& a : r.artifacts) {
    names.push_back(a.name);
    if (a.name.ends_with(".png")) {
      EXPECT_EQ(a.content.substr(1, 3), "PNG") << a.name;
    }
  }
  EXPECT_EQ(names, (std::vector<std::string>{"v1.png", "v1.svg", "v2.png", "v2.svg", "index.html"}));
}

}  // namespace
}  // namespace archc::compile
