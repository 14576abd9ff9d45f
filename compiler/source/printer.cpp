#include "source/printer.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "source/utf8.hpp"

namespace archc::source {

namespace {

// Characters that would act on a terminal or a log instead of being shown: C0 and C1
// controls, DEL, and the bidirectional controls that can make text read in another order
// than it runs (U+202A–202E, U+2066–2069, and the marks U+200E, U+200F, U+061C).
bool is_control(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
}

// The code point at `text[i]` and its length in bytes, or nullopt for an invalid sequence.
std::optional<std::pair<char32_t, std::size_t>> decode(std::string_view text, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || i + len > text.size()) return std::nullopt;
  if (len > 1 && find_invalid_utf8(text.substr(i, len))) return std::nullopt;
  char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  return std::pair{cp, len};
}

// The first `count` characters of `text`.
std::string_view first_chars(std::string_view text, std::size_t count) {
  std::size_t i = 0;
  for (std::size_t n = 0; i < text.size() && n < count; ++n) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  return text.substr(0, i);
}

// `text` from character `from`, at most `count` characters.
std::string_view char_slice(std::string_view text, std::size_t from, std::size_t count) {
  std::string_view head = first_chars(text, from);
  return first_chars(text.substr(head.size()), count);
}

}  // namespace

std::string printable_line(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (std::size_t i = 0; i < line.size();) {
    unsigned char b = static_cast<unsigned char>(line[i]);
    if (b >= 0x20 && b < 0x7F) {  // plain ASCII, most of any line
      out += static_cast<char>(b);
      ++i;
      continue;
    }
    auto cp = decode(line, i);
    if (!cp) {
      out += "\xEF\xBF\xBD";  // invalid UTF-8: the replacement character
      ++i;
      continue;
    }
    auto [c, len] = *cp;
    if (c == '\t') {
      out += ' ';  // one column, so that the caret line keeps its place
    } else if (is_control(c)) {
      static constexpr char kHex[] = "0123456789abcdef";
      std::string hex;
      for (char32_t v = c; v > 0 || hex.empty(); v >>= 4) hex.insert(hex.begin(), kHex[v & 0xF]);
      out += "\\u{" + hex + "}";
    } else {
      out.append(line.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string shorten_quoted(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t open = text.find('`', i);
    std::size_t close = open == std::string_view::npos ? open : text.find('`', open + 1);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open + 1 - i));
    std::string_view token = text.substr(open + 1, close - open - 1);
    if (count_chars(token) > kMaxQuotedChars) {
      out.append(first_chars(token, kMaxQuotedChars - 1));
      out += "…";
    } else {
      out.append(token);
    }
    out += '`';
    i = close + 1;
  }
  out.append(text.substr(i));
  if (count_chars(out) > kMaxMessageChars) {
    out = std::string(first_chars(out, kMaxMessageChars - 1)) + "…";
  }
  return out;
}

namespace {

struct Style {
  const char* bold;
  const char* reset;
  const char* blue;
};

// The source line of `span` with a caret line under it. Columns are counted on the line as
// printed (escapes widen it); a long line is shown as a window around the span.
void print_snippet(std::ostream& out, const SourceFile& file, Span span, const Style& style, const char* caret_color) {
  Location begin = file.location(span.begin);
  Location end = file.location(span.end);
  std::string_view raw = file.line_text(begin.line);
  std::string_view before = first_chars(raw, begin.column - 1);
  std::size_t span_chars = end.line == begin.line ? end.column - begin.column : count_chars(raw) + 1 - (begin.column - 1);
  std::string_view inside = first_chars(raw.substr(before.size()), span_chars);
  std::string line = printable_line(raw);
  std::size_t caret = count_chars(printable_line(before));
  std::size_t width = std::max<std::size_t>(count_chars(printable_line(inside)) + (end.line != begin.line), 1);
  std::size_t line_chars = count_chars(line);
  if (line_chars > kMaxLineChars) {
    // A window of the line: some context before the caret, as much of the span as fits.
    std::size_t from = caret > kLineContextChars ? caret - kLineContextChars : 0;
    std::size_t shown = std::min(kMaxLineChars, line_chars - from);
    std::string window = std::string(char_slice(line, from, shown));
    std::string lead = from > 0 ? "…" : "";
    line = lead + window + (from + shown < line_chars ? "…" : "");
    caret = caret - from + (from > 0 ? 1 : 0);
    width = std::min(width, shown - (caret - (from > 0 ? 1 : 0)));
    width = std::max<std::size_t>(width, 1);
  }
  std::string gutter = std::to_string(begin.line);
  std::string pad(gutter.size(), ' ');
  out << style.blue << "  " << gutter << " | " << style.reset << line << "\n";
  out << style.blue << "  " << pad << " | " << style.reset << std::string(caret, ' ') << caret_color
      << std::string(width, '^') << style.reset << "\n";
}

}  // namespace

void print_human(std::ostream& out, const SourceMap& sources, const Diagnostic& d,
                 const PrintOptions& options) {
  Style style{options.color ? "\x1b[1m" : "", options.color ? "\x1b[0m" : "", options.color ? "\x1b[1;34m" : ""};
  const char* sev_color = !options.color ? ""
                          : d.severity == Severity::Error ? "\x1b[1;31m"
                                                          : "\x1b[1;33m";
  const char* note_color = options.color ? "\x1b[1;36m" : "";
  const char* sev = d.severity == Severity::Error ? "error" : "warning";
  // Names in messages come from the input, and may hold escape sequences: never let them
  // reach the terminal as such.
  const std::string message = printable_line(d.message);
  const std::string help = printable_line(d.help);
  if (!d.span.valid()) {
    out << style.bold << "archc: " << style.reset << sev_color << sev << "[" << d.name() << "]" << style.reset
        << style.bold << ": " << message << style.reset << "\n";
  } else {
    const SourceFile& file = sources.file(d.span.file);
    Location begin = file.location(d.span.begin);
    out << style.bold << file.name() << ":" << begin.line << ":" << begin.column << ": " << style.reset << sev_color
        << sev << "[" << d.name() << "]" << style.reset << style.bold << ": " << message << style.reset << "\n";
    print_snippet(out, file, d.span, style, sev_color);
  }
  for (const Related& r : d.related) {
    const std::string what = printable_line(r.message);
    if (!r.span.valid()) {
      out << note_color << "note" << style.reset << ": " << what << "\n";
      continue;
    }
    const SourceFile& file = sources.file(r.span.file);
    Location at = file.location(r.span.begin);
    out << style.bold << file.name() << ":" << at.line << ":" << at.column << ": " << style.reset << note_color
        << "note" << style.reset << ": " << what << "\n";
    print_snippet(out, file, r.span, style, note_color);
  }
  if (!help.empty()) out << style.blue << "help" << style.reset << ": " << help << "\n";
}

}  // namespace archc::source
