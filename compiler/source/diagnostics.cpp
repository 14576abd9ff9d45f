#include "source/diagnostics.hpp"

#include <algorithm>
#include <array>
#include <tuple>

namespace archc::source {

namespace {
struct CodeInfo {
  std::string_view name;
  std::string_view description;
};
constexpr std::array kCodes{
#define ARCHC_DIAGNOSTIC(id, code, what) CodeInfo{code, what},
#include "source/diagnostic_codes.def"
#undef ARCHC_DIAGNOSTIC
};
}  // namespace

std::string_view code_name(Code code) { return kCodes[static_cast<std::size_t>(code)].name; }
std::string_view code_description(Code code) {
  return kCodes[static_cast<std::size_t>(code)].description;
}

Diagnostic& Diagnostics::add(Diagnostic d) {
  // A 10 MB name is quoted as its first characters: every output stays readable and small.
  d.message = shorten_quoted(d.message);
  d.help = shorten_quoted(d.help);
  for (Related& r : d.related) r.message = shorten_quoted(r.message);
  if (d.severity == Severity::Error) ++errors_;
  all_.push_back(std::move(d));
  return all_.back();
}

Diagnostic& Diagnostics::error(Code code, Span span, std::string message, std::string help) {
  return add(Diagnostic{Severity::Error, code, {}, span, std::move(message), std::move(help), {}, {}});
}

Diagnostic& Diagnostics::warning(Code code, Span span, std::string message, std::string help) {
  return add(Diagnostic{Severity::Warning, code, {}, span, std::move(message), std::move(help), {}, {}});
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> out = all_;
  auto key = [](const Diagnostic& d) {
    return std::tuple(d.span.file, d.span.begin, d.span.end, d.name(), d.message, d.severity, d.help);
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  out.erase(std::unique(out.begin(), out.end(),
                        [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
            out.end());
  return out;
}

}  // namespace archc::source
