#pragma once
// Diagnostics are values: stages append them to a Diagnostics sink and keep going; only the
// command line prints them.

#include <string>
#include <string_view>
#include <vector>

#include "source/source_map.hpp"

namespace archc::source {

enum class Code {
#define ARCHC_DIAGNOSTIC(id, code, what) id,
#include "source/diagnostic_codes.def"
#undef ARCHC_DIAGNOSTIC
};

// The stable kebab-case name of a code, as printed in `error[NAME]`.
std::string_view code_name(Code code);
std::string_view code_description(Code code);

enum class Severity { Error, Warning };

// Bounds on what a diagnostic quotes: a name or token between backticks, a whole message, a
// source line (a window around the span is shown), the context kept before the span.
inline constexpr std::size_t kMaxQuotedChars = 200;
inline constexpr std::size_t kMaxMessageChars = 2000;
inline constexpr std::size_t kMaxLineChars = 160;
inline constexpr std::size_t kLineContextChars = 40;

// `text` with every backtick-quoted token longer than kMaxQuotedChars cut with `…`, and the
// whole cut at kMaxMessageChars.
std::string shorten_quoted(std::string_view text);

// Another place that explains a diagnostic: "the first declaration is here".
struct Related {
  Span span;
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::Error;
  Code code = Code::SyntaxError;
  // Rule diagnostics print the rule's name instead of the code's.
  std::string rule;
  Span span;
  std::string message;
  std::string help;
  // The replacement text that `help` proposes for `span`, when there is one (SARIF fixes).
  std::string fix;
  // Printed as `note:` lines, SARIF `relatedLocations`, LSP `relatedInformation`.
  std::vector<Related> related;

  Diagnostic& note(Span at, std::string what) {
    related.push_back(Related{at, shorten_quoted(what)});
    return *this;
  }

  std::string_view name() const { return rule.empty() ? code_name(code) : std::string_view(rule); }
};

class Diagnostics {
 public:
  Diagnostic& error(Code code, Span span, std::string message, std::string help = {});
  Diagnostic& warning(Code code, Span span, std::string message, std::string help = {});
  Diagnostic& add(Diagnostic d);

  bool has_errors() const { return errors_ > 0; }
  std::size_t error_count() const { return errors_; }
  std::size_t warning_count() const { return all_.size() - errors_; }
  const std::vector<Diagnostic>& all() const { return all_; }

  // Sorted by file, offset and code (stably), with exact duplicates dropped.
  std::vector<Diagnostic> sorted() const;

 private:
  std::vector<Diagnostic> all_;
  std::size_t errors_ = 0;
};

}  // namespace archc::source
