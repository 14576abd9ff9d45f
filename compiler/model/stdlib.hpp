#pragma once
// The stdlib modules, embedded in the binary at build time from stdlib/*.arch.

#include <span>
#include <string_view>

namespace archc::model {

struct StdModule {
  std::string_view name;  // `streaming` for std.streaming
  std::string_view text;
};

// In load order: `core` first (it holds the roles), then the others by name.
std::span<const StdModule> std_modules();

}  // namespace archc::model
