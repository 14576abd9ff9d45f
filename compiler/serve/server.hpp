#pragma once
// `archc serve [DIR] [--port 3000] [--host 127.0.0.1] [--open]`: the local dev instance. An
// HTTP server in this process (cpp-httplib) answers the page and its API (api.hpp), watches
// DIR (watch.hpp) and tells open pages what changed (events.hpp), until SIGINT or SIGTERM.

#include <chrono>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace archc::serve {

struct Options {
  std::filesystem::path dir;  // empty: the built-in examples only
  std::string host = "127.0.0.1";
  int port = 3000;            // 0: any free port (the URL printed says which)
  bool open = false;          // open the page in the desktop's browser
  std::chrono::milliseconds compile_timeout{20'000};
};

// The whole command: parses `args` (args[0] is the program, args[1] "serve"), serves until
// a signal, returns the exit status (0 after a clean stop, 2 for a usage error or a port
// that cannot be bound).
int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace archc::serve
