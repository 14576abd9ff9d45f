#pragma once
// Modules of archc's own: shared libraries built with the binary that hold what only some
// commands use (the pictures' librsvg and cairo, git's libgit2), loaded on first use so that
// every other command starts without them. A module is looked for beside the binary (the
// build tree), where `cmake --install` puts it (LIBDIR/archc), and in the build tree the
// tests run from. Each is loaded once per process and never unloaded.

#include <string>

namespace archc::source {

struct Module {
  // What the module's entry point returned: a table of functions whose first member is its
  // version (`unsigned`); null when the module could not be loaded.
  const void* api = nullptr;
  // The module's path, or why it could not be loaded (ending with what to install: `needs`).
  std::string where;
};

// Loads `file` (`archc-raster.so`) and calls its `entry` (`const void* entry()`); a module
// whose first member is not `version` is from another build. `needs` says which packages it
// needs, for the error ("librsvg2-2, libcairo2 and libgif7").
const Module& load_module(const std::string& file, const char* entry, unsigned version, const std::string& needs);

}  // namespace archc::source
