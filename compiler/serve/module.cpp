// The serve module's one entry point (module.hpp).

#include "serve/module.hpp"
#include "serve/server.hpp"

extern "C" __attribute__((visibility("default"))) const void* archc_serve() {
  using namespace archc::serve;
  static const ServeModule module{kServeModuleVersion, &run_command};
  return &module;
}
