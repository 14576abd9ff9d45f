#pragma once
// `archc fmt [--check] [--diff] FILE... | -`: files rewritten in the canonical style
// (format/format.hpp), atomically and only when something changes.

#include <string>
#include <vector>

#include "cli/driver.hpp"

namespace archc::cli {

struct FmtOptions {
  bool check = false;  // write nothing; list the files that would change; exit 1 if any
  bool diff = false;   // write nothing; print a unified diff of each change
};

// Exit status: 0 (formatted, or nothing to change), 1 (syntax errors, or --check found a
// change), 2 (a file that cannot be read or written).
int run_fmt(const std::vector<std::string>& files, const FmtOptions& options, Env& env);

}  // namespace archc::cli
