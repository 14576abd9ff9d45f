#include "source/printer.hpp"

#include <algorithm>
#include <string>

#include "source/utf8.hpp"

namespace archc::source {

std::string printable_line(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  std::size_t i = 0;
  while (i < line.size()) {
    auto bad = find_invalid_utf8(line.substr(i, std::min<std::size_t>(4, line.size() - i)));
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c == '\t') {
      out += ' ';
      ++i;
    } else if (c < 0x20 || c == 0x7F) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else {
      std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
      if ((bad && *bad < len) || i + len > line.size()) {
        out += "\xEF\xBF\xBD";
        ++i;
      } else {
        out.append(line.substr(i, len));
        i += len;
      }
    }
  }
  return out;
}

namespace {

struct Style {
  const char* bold;
  const char* reset;
  const char* blue;
};

// The source line of `span` with a caret line under it.
void print_snippet(std::ostream& out, const SourceFile& file, Span span, const Style& style, const char* caret_color) {
  Location begin = file.location(span.begin);
  std::string gutter = std::to_string(begin.line);
  std::string pad(gutter.size(), ' ');
  std::string line = printable_line(file.line_text(begin.line));
  out << style.blue << "  " << gutter << " | " << style.reset << line << "\n";
  // The caret runs under the whole span, clipped to its first line; an empty span (the end
  // of the file, say) still gets one caret.
  Location end = file.location(span.end);
  std::size_t line_chars = count_chars(line);
  std::size_t width = end.line == begin.line ? end.column - begin.column
                                             : line_chars + 1 - std::min<std::size_t>(line_chars, begin.column - 1);
  width = std::max<std::size_t>(width, 1);
  out << style.blue << "  " << pad << " | " << style.reset << std::string(begin.column - 1, ' ') << caret_color
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
