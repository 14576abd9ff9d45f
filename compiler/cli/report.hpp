#pragma once
// The printers of `archc check` (human, JSON, SARIF 2.1.0, GitHub annotations) and of
// `archc stdlib` (text and Markdown; docs/stdlib.md and docs/rules.md come from the latter).

#include <ostream>
#include <string>
#include <vector>

#include "cli/driver.hpp"
#include "model/diagram.hpp"
#include "source/diagnostics.hpp"

namespace archc::cli {

// What SARIF says about a rule: its id, its text and its severity.
struct RuleInfo {
  std::string id;
  std::string description;
  source::Severity severity = source::Severity::Error;
};

// "error" or "warning".
const char* severity_word(source::Severity s);

// One checked file: its diagnostics (sorted) and the rules its diagram knows.
struct FileReport {
  std::string file;
  source::SourceMap sources;
  std::vector<source::Diagnostic> diags;
  std::vector<RuleInfo> rules;
  // `--explain-flow`: a line for each connection of the file's own, saying which way data
  // flows over it and what decided.
  std::vector<std::string> flows;
};

// Human diagnostics of one compile, sorted, then a count when there is anything to count.
// The first `shown` were printed already (by print_so_far): they are counted, not repeated.
void print_human(std::ostream& err, const source::SourceMap& sources, const source::Diagnostics& diags,
                 bool color, std::size_t shown = 0);

// The diagnostics so far, sorted, without the count: said before a long wait.
void print_so_far(std::ostream& err, const source::SourceMap& sources, const source::Diagnostics& diags, bool color);

// Every report in command-line order, in `format` (human, json, sarif or github). Human goes
// to env.err with one count at the end; the others are one document (or line set) on env.out.
void print_reports(const std::string& format, const std::vector<FileReport>& reports, Env& env);

// `archc stdlib`: the stdlib's modules, roles, kinds and rules, as text or Markdown
// (`format` is "text", "markdown" or "svg", the icon sheet); `rules_only` prints just the
// rules, `kinds_only` just the kinds.
void print_stdlib(const model::Diagram& stdlib, const std::string& format, bool rules_only, std::ostream& out,
                  bool kinds_only = false);

}  // namespace archc::cli
