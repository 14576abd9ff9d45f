// The PNG: drawn in horizontal bands and compressed band by band, on up to two threads.
// Drawing and deflating 7 million pixels (the seed at 2×) takes 64 ms on one core, 45 ms in
// two bands on two (each band's librsvg handle parses the whole SVG but fills only its own
// pixels; more bands than cores cost more than they save). The bands are always the same
// (kBands, whatever the machine's cores), so the
// file is the same bytes everywhere: the zlib streams of the bands end on a byte boundary
// (Z_FULL_FLUSH) and follow each other as one stream, their Adler-32 sums combined.

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <thread>
#include <vector>

#include "raster/drawing.hpp"
#include "raster/surface.hpp"

namespace archc::raster {

namespace {

using detail::failed;

constexpr int kBands = 2;  // see the top of the file

struct Band {
  int top = 0, height = 0;
  std::string deflated;  // raw deflate: the band's filtered rows
  uLong adler = 1;       // of the band's filtered rows
  uLong length = 0;      // their length
  std::string error;
};

void put32(std::string& out, std::uint32_t v) {
  for (int shift : {24, 16, 8, 0}) out += static_cast<char>((v >> shift) & 0xff);
}

void chunk(std::string& out, const char* type, std::string_view data) {
  put32(out, static_cast<std::uint32_t>(data.size()));
  std::size_t start = out.size();
  out.append(type, 4);
  out.append(data);
  uLong crc = crc32(0, reinterpret_cast<const Bytef*>(out.data() + start), static_cast<uInt>(out.size() - start));
  put32(out, static_cast<std::uint32_t>(crc));
}

// Draws one band of the picture and deflates its rows (filter type 0, then RGB).
void draw_band(std::string_view text, double scale, int width, bool last, Band& band) {
  detail::Svg svg(text);  // a handle of its own: librsvg handles are not shared between threads
  if (!svg.ok()) {
    band.error = svg.error();
    return;
  }
  detail::Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, band.height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    band.error = "cairo cannot make a picture that large";
    return;
  }
  cairo_t* cr = cairo_create(surface.get());
  // White under anything the SVG leaves uncovered (ours draws its own background).
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_translate(cr, 0, -band.top);
  bool drawn = svg.draw(cr, svg.width() * scale, svg.height() * scale);
  cairo_destroy(cr);
  if (!drawn) {
    band.error = svg.error();
    return;
  }
  cairo_surface_flush(surface.get());
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());

  z_stream z{};
  // Level 2: flat diagrams compress nearly as well as at the default level, five times faster.
  if (deflateInit2(&z, 2, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    band.error = "zlib cannot start";
    return;
  }
  std::vector<Bytef> row(static_cast<std::size_t>(width) * 3 + 1);
  std::vector<Bytef> buffer(1 << 16);
  for (int y = 0; y < band.height; ++y) {
    const auto* px = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    row[0] = 0;  // no filter
    for (int x = 0; x < width; ++x) {
      row[1 + 3 * static_cast<std::size_t>(x)] = static_cast<Bytef>(px[x] >> 16);
      row[2 + 3 * static_cast<std::size_t>(x)] = static_cast<Bytef>(px[x] >> 8);
      row[3 + 3 * static_cast<std::size_t>(x)] = static_cast<Bytef>(px[x]);
    }
    band.adler = adler32(band.adler, row.data(), static_cast<uInt>(row.size()));
    band.length += row.size();
    z.next_in = row.data();
    z.avail_in = static_cast<uInt>(row.size());
    const bool end = y + 1 == band.height;
    const int flush = !end ? Z_NO_FLUSH : last ? Z_FINISH : Z_FULL_FLUSH;
    do {
      z.next_out = buffer.data();
      z.avail_out = static_cast<uInt>(buffer.size());
      deflate(&z, flush);
      band.deflated.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - z.avail_out);
    } while (z.avail_out == 0 || (z.avail_in > 0));
  }
  deflateEnd(&z);
}

}  // namespace

Picture draw::png(std::string_view text, double scale, bool shrink) {
  if (!std::isfinite(scale) || scale <= 0) return failed("the scale must be a positive number");
  detail::Svg svg(text);
  if (!svg.ok()) return failed(svg.error());
  if (shrink) scale = std::max(kMinScale, fitting_scale(svg.width(), svg.height(), std::min(scale, kSlideWidth / svg.width())));
  int w = 0, h = 0;
  if (std::string why = detail::check_size(svg.width(), svg.height(), scale, w, h); !why.empty())
    return failed(why, true, detail::kFewerPixels);
  std::vector<Band> bands;
  const int step = (h + kBands - 1) / kBands;
  for (int top = 0; top < h; top += step) bands.push_back({top, std::min(step, h - top), {}, 1, 0, {}});
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t threads = std::min<std::size_t>(bands.size(), cores);
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (std::size_t b = t; b < bands.size(); b += threads) draw_band(text, scale, w, b + 1 == bands.size(), bands[b]);
    });
  }
  for (std::size_t b = 0; b < bands.size(); b += threads) draw_band(text, scale, w, b + 1 == bands.size(), bands[b]);
  for (std::thread& t : pool) t.join();

  Picture p;
  uLong adler = 1;
  std::string idat = "\x78\x01";  // zlib: deflate, 32 KB window, "fastest" level
  for (const Band& b : bands) {
    if (!b.error.empty()) return failed(b.error);
    adler = adler32_combine(adler, b.adler, static_cast<z_off_t>(b.length));
    idat += b.deflated;
  }
  put32(idat, static_cast<std::uint32_t>(adler));
  p.bytes = "\x89PNG\r\n\x1a\n";
  std::string header;
  put32(header, static_cast<std::uint32_t>(w));
  put32(header, static_cast<std::uint32_t>(h));
  header += std::string("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, deflate, no filter method, no interlace
  chunk(p.bytes, "IHDR", header);
  chunk(p.bytes, "IDAT", idat);
  chunk(p.bytes, "IEND", "");
  return p;
}

}  // namespace archc::raster
