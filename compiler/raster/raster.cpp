#include "raster/raster.hpp"

#include <cairo-pdf.h>
#include <librsvg/rsvg.h>
#include <png.h>

#include <csetjmp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "raster/surface.hpp"

namespace archc::raster {

namespace detail {

Svg::Svg(std::string_view text) {
  // From memory, with no base file: the SVG can reference nothing outside itself. Unlimited:
  // a diagram of thousands of nodes is larger than libxml2's default limits allow.
  GInputStream* in = g_memory_input_stream_new_from_data(text.data(), static_cast<gssize>(text.size()), nullptr);
  GError* error = nullptr;
  handle_ = rsvg_handle_new_from_stream_sync(in, nullptr, RSVG_HANDLE_FLAG_UNLIMITED, nullptr, &error);
  g_object_unref(in);
  if (!handle_) {
    error_ = std::string("librsvg cannot read the SVG: ") + (error ? error->message : "unknown error");
    if (error) g_error_free(error);
    return;
  }
  rsvg_handle_set_dpi(handle_, 96);
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle_, &width_, &height_) || !(width_ > 0) || !(height_ > 0))
    error_ = "the SVG has no size in pixels";
}

Svg::~Svg() {
  if (handle_) g_object_unref(handle_);
}

bool Svg::draw(cairo_t* cr, double width, double height) {
  RsvgRectangle viewport{0, 0, width, height};
  GError* error = nullptr;
  if (rsvg_handle_render_document(handle_, cr, &viewport, &error)) return true;
  error_ = std::string("librsvg cannot draw the SVG: ") + (error ? error->message : "unknown error");
  if (error) g_error_free(error);
  return false;
}

std::string check_size(double width, double height, double scale, int& w, int& h) {
  double pw = std::ceil(width * scale), ph = std::ceil(height * scale);
  if (pw * ph > kMaxPixels || pw > 32767 || ph > 32767) {
    return "the picture would be " + std::to_string(static_cast<long long>(pw)) + " × " +
           std::to_string(static_cast<long long>(ph)) + " pixels, over archc's limit of " +
           std::to_string(static_cast<long long>(kMaxPixels / 1e6)) + " million (and 32,767 a side)";
  }
  w = std::max(1, static_cast<int>(pw));
  h = std::max(1, static_cast<int>(ph));
  return {};
}

}  // namespace detail

namespace {

using detail::failed;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void append_png(png_structp png, png_bytep data, png_size_t length) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

// The picture as an RGB PNG (the background is opaque). libpng rather than cairo's writer:
// cairo compresses at zlib's default level, five times slower for a tenth smaller files;
// level 2 without row filters suits flat diagrams.
bool encode_png(cairo_surface_t* surface, std::string& out) {
  cairo_surface_flush(surface);
  const int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (!png) return false;
  png_infop info = png_create_info_struct(png);
  std::vector<png_byte> row(static_cast<std::size_t>(w) * 3);
  // libpng reports errors by longjmp: nothing here owns anything that needs destroying.
  if (!info || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_set_write_fn(png, &out, append_png, nullptr);
  png_set_IHDR(png, info, static_cast<png_uint_32>(w), static_cast<png_uint_32>(h), 8, PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, 2);
  png_set_filter(png, 0, PNG_FILTER_NONE);
  png_write_info(png, info);
  for (int y = 0; y < h; ++y) {
    const auto* px = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    for (int x = 0; x < w; ++x) {
      row[3 * static_cast<std::size_t>(x)] = static_cast<png_byte>(px[x] >> 16);
      row[3 * static_cast<std::size_t>(x) + 1] = static_cast<png_byte>(px[x] >> 8);
      row[3 * static_cast<std::size_t>(x) + 2] = static_cast<png_byte>(px[x]);
    }
    png_write_row(png, row.data());
  }
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return true;
}

}  // namespace

Picture png(std::string_view text, double scale) {
  detail::Svg svg(text);
  if (!svg.ok()) return failed(svg.error());
  int w = 0, h = 0;
  if (std::string why = detail::check_size(svg.width(), svg.height(), scale, w, h); !why.empty())
    return failed(why, true);
  detail::Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return failed("cairo cannot make a picture that large");
  cairo_t* cr = cairo_create(surface.get());
  // White under anything the SVG leaves uncovered (ours draws its own background).
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  bool drawn = svg.draw(cr, svg.width() * scale, svg.height() * scale);
  cairo_destroy(cr);
  if (!drawn) return failed(svg.error());
  Picture p;
  if (!encode_png(surface.get(), p.bytes)) return failed("libpng cannot write the PNG");
  return p;
}

Picture pdf(std::string_view text, std::string_view title) {
  detail::Svg svg(text);
  if (!svg.ok()) return failed(svg.error());
  // A CSS pixel is 0.75 points, as browsers and rsvg-convert print.
  double w = svg.width() * 0.75, h = svg.height() * 0.75;
  if (w > 14400 || h > 14400) return failed("the page would be over 200 inches a side, PDF's limit", true);
  Picture p;
  detail::Surface surface(cairo_pdf_surface_create_for_stream(append, &p.bytes, w, h));
  std::string t(title);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, t.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "archc");
  // A fixed date: the same input gives the same bytes.
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
  cairo_t* cr = cairo_create(surface.get());
  bool drawn = svg.draw(cr, w, h);
  cairo_destroy(cr);
  cairo_surface_finish(surface.get());
  if (!drawn) return failed(svg.error());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return failed("cairo cannot write the PDF");
  return p;
}

}  // namespace archc::raster
