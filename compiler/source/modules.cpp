#include "source/modules.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <system_error>
#include <vector>

namespace archc::source {

namespace {

namespace fs = std::filesystem;

// The folders to look in, first match wins.
std::vector<fs::path> places() {
  std::vector<fs::path> out;
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return out;
  out.push_back(self.parent_path());
  out.push_back((self.parent_path() / ARCHC_MODULE_RELDIR).lexically_normal());
  // The tests and benchmarks of the build tree find the modules at its top; an installed
  // binary never looks there.
  const fs::path build = fs::path(ARCHC_BUILD_MODULE_DIR).lexically_normal();
  for (const char* folder : {"tests", "tests/fuzz", "bench"}) {
    if (self.parent_path().lexically_normal() == (build / folder).lexically_normal()) out.push_back(build);
  }
  return out;
}

Module load(const std::string& file, const char* entry, unsigned version, const std::string& needs) {
  std::string why;
  for (const fs::path& dir : places()) {
    const fs::path path = dir / file;
    std::error_code ec;
    if (!fs::exists(path, ec)) continue;
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char* error = dlerror();
      why = error ? error : "dlopen failed";
      continue;
    }
    using Entry = const void* (*)();
    auto call = reinterpret_cast<Entry>(dlsym(handle, entry));
    const void* api = call ? call() : nullptr;
    if (!api || *static_cast<const unsigned*>(api) != version) {
      why = path.string() + " is from another build of archc";
      continue;
    }
    return Module{api, path.string()};  // kept loaded for the life of the process
  }
  return Module{nullptr, "archc cannot load its module `" + file + "`" +
                             (why.empty() ? std::string(": it is neither beside the binary nor installed") : ": " + why) +
                             "; it needs " + needs};
}

}  // namespace

const Module& load_module(const std::string& file, const char* entry, unsigned version, const std::string& needs) {
  static std::mutex lock;
  static std::map<std::string, std::unique_ptr<Module>> loaded;
  std::lock_guard<std::mutex> hold(lock);
  std::unique_ptr<Module>& m = loaded[file];
  if (!m) m = std::make_unique<Module>(load(file, entry, version, needs));
  return *m;
}

}  // namespace archc::source
