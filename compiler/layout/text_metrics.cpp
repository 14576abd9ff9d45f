#include "layout/text_metrics.hpp"

#include <array>
#include <cstdint>

namespace archc::layout {

namespace {

// Helvetica advance widths in 1/1000 em for ASCII 32..126 (Adobe AFM).
constexpr std::array<std::uint16_t, 95> kRegular{
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556,                                // 0..9
    278, 278, 584, 584, 584, 556, 1015,                                              // :..@
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,                 // A..M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611,                 // N..Z
    278, 278, 278, 469, 556, 333,                                                    // [..`
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,                 // a..m
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,                 // n..z
    334, 260, 334, 584};                                                             // {..~

// Helvetica-Bold.
constexpr std::array<std::uint16_t, 95> kBold{
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556,
    333, 333, 584, 584, 584, 611, 975,
    722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833,
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611,
    333, 278, 333, 584, 556, 333,
    556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889,
    611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500,
    389, 280, 389, 584};

}  // namespace

double text_width(std::string_view text, double font_size, bool bold) {
  const auto& table = bold ? kBold : kRegular;
  double units = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      units += (c >= 32 && c <= 126) ? table[c - 32] : 0;
      ++i;
      continue;
    }
    std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (i + len > text.size()) break;
    // East Asian scripts and emoji (3- and 4-byte sequences from U+2E80 on) are full width.
    bool wide = (len == 3 && c >= 0xE2 && !(c == 0xE2 && static_cast<unsigned char>(text[i + 1]) < 0xBA)) || len == 4;
    units += wide ? 1000 : 833;
    i += len;
  }
  return units * font_size / 1000.0;
}

std::string fit_text(std::string_view text, double font_size, bool bold, double max_width) {
  if (text_width(text, font_size, bold) <= max_width) return std::string(text);
  double budget = max_width - text_width("\xE2\x80\xA6", font_size, bold);
  std::size_t cut = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (i + len > text.size() || text_width(text.substr(0, i + len), font_size, bold) > budget) break;
    i += len;
    cut = i;
  }
  return std::string(text.substr(0, cut)) + "\xE2\x80\xA6";
}

}  // namespace archc::layout
