#pragma once
// The command line, as a function of its arguments and streams (no globals), so that tests
// and a future server can run it in-process.

#include <ostream>
#include <string>
#include <vector>

namespace archc::cli {

struct Env {
  std::ostream& out;
  std::ostream& err;
  bool color = false;  // colour human diagnostics (a TTY without NO_COLOR)
};

// Exit status: 0 success (warnings allowed), 1 the input has errors, 2 usage or I/O errors.
inline constexpr int kOk = 0;
inline constexpr int kInputErrors = 1;
inline constexpr int kUsage = 2;

int run(const std::vector<std::string>& args, Env& env);

}  // namespace archc::cli
