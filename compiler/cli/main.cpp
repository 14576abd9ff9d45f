#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/driver.hpp"
#include "cli/temp_files.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  const char* no_color = std::getenv("NO_COLOR");
  archc::cli::Env env{std::cout, std::cerr, isatty(STDERR_FILENO) && !(no_color && *no_color)};
  // An interrupted run removes its temporary files.
  archc::cli::remove_temporaries_on_signal();
  try {
    return archc::cli::run(args, env);
  } catch (const std::exception& e) {
    // A bug, never a user error: say so rather than crash.
    std::cerr << "archc: internal error: " << e.what() << "\n";
    return 2;
  }
}
