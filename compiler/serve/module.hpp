#pragma once
// `archc serve` as a module of its own (`archc-serve.so`, source/modules.hpp): the binary
// loads it, and with it cpp-httplib, OpenSSL and brotli, only for `archc serve`.

#include <ostream>
#include <string>
#include <vector>

namespace archc::serve {

struct ServeModule {
  unsigned version;
  int (*run_command)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
};
inline constexpr unsigned kServeModuleVersion = 1;
inline constexpr const char* kServeModuleEntry = "archc_serve";
inline constexpr const char* kServeModuleFile = "archc-serve.so";

}  // namespace archc::serve
