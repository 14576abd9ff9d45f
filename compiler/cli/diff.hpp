#pragma once
// `archc diff OLD NEW`: what an architecture change does (diff/diff.hpp), each side a file,
// `REV:PATH` from git, or `-` for stdin.

#include <string>
#include <vector>

#include "cli/driver.hpp"

namespace archc::cli {

struct DiffOptions {
  std::string format = "human";  // human, json or markdown
  bool exit_zero = false;        // exit 0 when the two differ too
  std::vector<std::string> includes;
  std::string out;    // diff.html or diff.svg: the union of both versions, the changes marked
  std::string layer;  // the layer the SVG shows, or the page opens on
};

// Exit status: 0 the two describe the same architecture, 1 they differ (0 with exit_zero),
// 2 a side cannot be read or does not compile (its diagnostics printed, nothing else).
int run_diff(const std::string& before, const std::string& after, const DiffOptions& options, Env& env);

}  // namespace archc::cli
