#include "raster/drawing.hpp"

#include <cairo-pdf.h>
#include <librsvg/rsvg.h>

#include <algorithm>
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

std::string check_size(double width, double height, double scale, int& w, int& h, double max_pixels) {
  double pw = std::ceil(width * scale), ph = std::ceil(height * scale);
  if (pw * ph > max_pixels || pw > 32767 || ph > 32767) {
    return "the picture would be " + std::to_string(static_cast<long long>(pw)) + " × " +
           std::to_string(static_cast<long long>(ph)) + " pixels, over archc's limit of " +
           std::to_string(static_cast<long long>(max_pixels / 1e6)) + " million (and 32,767 a side)";
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

}  // namespace

Picture draw::pdf(std::string_view text, std::string_view title) {
  detail::Svg svg(text);
  if (!svg.ok()) return failed(svg.error());
  // A CSS pixel is 0.75 points, as browsers and rsvg-convert print.
  double w = svg.width() * 0.75, h = svg.height() * 0.75;
  if (w > 14400 || h > 14400) return failed("the page would be over 200 inches a side, PDF's limit", true, "draw an SVG instead, which has no page size");
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
