// The archc binary: `archc serve …` goes to the dev server, `archc lsp` to the language
// server, every other command to the command line's driver. The front ends share the compile entry point, not each other.

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/driver.hpp"
#include "lsp/server.hpp"
#include "serve/module.hpp"
#include "source/modules.hpp"
#include "source/temp_files.hpp"

namespace {

// `archc serve`, from its module (loaded here only): an error names what to install.
int serve(const std::vector<std::string>& args) {
  using namespace archc::serve;
  const archc::source::Module& m = archc::source::load_module(
      kServeModuleFile, kServeModuleEntry, kServeModuleVersion,
      "cpp-httplib for `archc serve` (Debian: `apt install libcpp-httplib0.11`)");
  if (!m.api) {
    std::cerr << "archc: error: " << m.where << "\n";
    return 2;
  }
  return static_cast<const ServeModule*>(m.api)->run_command(args, std::cout, std::cerr);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  try {
    if (args.size() > 1 && args[1] == "serve") return serve(args);
    if (args.size() > 1 && args[1] == "lsp") {
      if (args.size() > 2 && (args[2] == "--help" || args[2] == "-h")) {
        std::cout << "the language server for editors: the Language Server Protocol over stdin and stdout\n"
                     "Usage: archc lsp\n\n"
                     "Diagnostics as you type, quick fixes, hover, definition, references, rename,\n"
                     "completion, symbols and formatting; docs/editors.md sets it up in VS Code,\n"
                     "Neovim and Helix.\n";
        return 0;
      }
      return archc::lsp::run_stdio();
    }
    const char* no_color = std::getenv("NO_COLOR");
    archc::cli::Env env{std::cout, std::cerr, isatty(STDERR_FILENO) && !(no_color && *no_color)};
    // An interrupted run removes its temporary files.
    archc::source::remove_temporaries_on_signal();
    return archc::cli::run(args, env);
  } catch (const std::exception& e) {
    // A bug, never a user error: say so rather than crash.
    std::cerr << "archc: internal error: " << e.what() << "\n";
    return 2;
  }
}
