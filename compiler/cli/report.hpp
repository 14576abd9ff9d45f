#pragma once
// Printing diagnostics: human (ARCH_LANGUAGE §6), JSON and GitHub annotations.

#include <ostream>
#include <string>
#include <vector>

#include "cli/driver.hpp"
#include "source/diagnostics.hpp"

namespace archc::cli {

struct FileReport {
  std::string file;
  source::SourceMap sources;
  std::vector<source::Diagnostic> diags;  // sorted
};

// Human diagnostics of one compile, sorted, then a count when there is anything to count.
void print_human(std::ostream& err, const source::SourceMap& sources, const source::Diagnostics& diags,
                 bool color);

void print_reports(const std::string& format, const std::vector<FileReport>& reports, Env& env);

}  // namespace archc::cli
