#include "model/stdlib.hpp"

#include <algorithm>
#include <vector>

#include "archc_stdlib.hpp"

namespace archc::model {

std::span<const StdModule> std_modules() {
  static const std::vector<StdModule> modules = [] {
    std::vector<StdModule> out;
    for (const auto& f : archc::generated::stdlib::kFiles) out.push_back({f.name, f.text});
    std::sort(out.begin(), out.end(), [](const StdModule& a, const StdModule& b) {
      if ((a.name == "core") != (b.name == "core")) return a.name == "core";
      return a.name < b.name;
    });
    return out;
  }();
  return modules;
}

}  // namespace archc::model
