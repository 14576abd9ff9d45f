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

void print_human(std::ostream& out, const SourceMap& sources, const Diagnostic& d,
                 const PrintOptions& options) {
  const char* bold = options.color ? "\x1b[1m" : "";
  const char* reset = options.color ? "\x1b[0m" : "";
  const char* sev_color = !options.color ? ""
                          : d.severity == Severity::Error ? "\x1b[1;31m"
                                                          : "\x1b[1;33m";
  const char* blue = options.color ? "\x1b[1;34m" : "";
  const char* sev = d.severity == Severity::Error ? "error" : "warning";
  // Names in messages come from the input, and may hold escape sequences: never let them
  // reach the terminal as such.
  const std::string message = printable_line(d.message);
  const std::string help = printable_line(d.help);
  if (!d.span.valid()) {
    out << bold << "archc: " << reset << sev_color << sev << "[" << d.name() << "]" << reset << bold
        << ": " << message << reset << "\n";
  } else {
    const SourceFile& file = sources.file(d.span.file);
    Location begin = file.location(d.span.begin);
    out << bold << file.name() << ":" << begin.line << ":" << begin.column << ": " << reset
        << sev_color << sev << "[" << d.name() << "]" << reset << bold << ": " << message << reset
        << "\n";
    std::string gutter = std::to_string(begin.line);
    std::string pad(gutter.size(), ' ');
    std::string line = printable_line(file.line_text(begin.line));
    out << blue << "  " << gutter << " | " << reset << line << "\n";
    // The caret runs under the whole span, clipped to its first line; an empty span (the end
    // of the file, say) still gets one caret.
    Location end = file.location(d.span.end);
    std::size_t line_chars = count_chars(line);
    std::size_t width = end.line == begin.line ? end.column - begin.column
                                               : line_chars + 1 - std::min<std::size_t>(line_chars, begin.column - 1);
    width = std::max<std::size_t>(width, 1);
    out << blue << "  " << pad << " | " << reset << std::string(begin.column - 1, ' ') << sev_color
        << std::string(width, '^') << reset << "\n";
  }
  if (!help.empty()) out << blue << "help" << reset << ": " << help << "\n";
}

}  // namespace archc::source
