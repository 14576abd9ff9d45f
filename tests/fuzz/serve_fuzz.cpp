// libFuzzer target (c): archc serve's request handler (serve/api.hpp), the code every HTTP
// request reaches, over a scratch folder. The first byte picks a route; the rest is split
// into a path and a body. Whatever the bytes: an answer between 200 and 499 (a 5xx is a bug),
// a JSON body from every /api route, and nothing written outside the folder.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "serve/api.hpp"

namespace {

namespace fs = std::filesystem;
using namespace archc::serve;

struct Site {
  fs::path root = fs::temp_directory_path() / ("archc-fuzz-serve-" + std::to_string(::getpid()));
  fs::path dir = root / "site";
  fs::path outside = root / "outside.arch";
  Folder folder{fs::path()};
  std::unique_ptr<Api> api;
  Site() {
    fs::remove_all(root);
    fs::create_directories(dir / "team");
    std::ofstream(dir / "team" / "shop.arch") << "import \"parts.arch\"\nservice api\nconnect(api, db)\n";
    std::ofstream(dir / "team" / "parts.arch") << "postgres db\n";
    std::ofstream(outside) << "service secret\n";
    fs::create_symlink(outside, dir / "link.arch");
    folder = Folder(dir);
    ApiOptions options;
    options.compile_timeout = std::chrono::seconds(5);
    api = std::make_unique<Api>(folder, options);
  }
  ~Site() { fs::remove_all(root); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Site site;
  if (size == 0 || size > 4096) return 0;
  std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::size_t nl = rest.find('\n');
  std::string path = rest.substr(0, nl);
  std::string body = nl == std::string::npos ? "" : rest.substr(nl + 1);
  HttpRequest r;
  switch (data[0] % 6) {
    case 0: r = {"GET", "/api/file", {{"path", path}}, ""}; break;
    case 1: r = {"POST", "/api/compile", {}, nlohmann::json{{"path", path}, {"text", body}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)}; break;
    case 2: r = {"POST", "/api/save", {}, nlohmann::json{{"path", path}, {"text", body}, {"version", ""}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)}; break;
    case 3: r = {"POST", "/api/compile", {}, rest}; break;
    case 4: r = {"GET", path, {}, body}; break;
    default: r = {"POST", "/api/save", {}, rest}; break;
  }
  // A save may create a file in the folder: removed again, so the folder stays small.
  std::error_code ec;
  std::vector<fs::path> before;
  for (const auto& e : fs::recursive_directory_iterator(site.dir, ec)) before.push_back(e.path());
  HttpResponse out = site.api->handle(r);
  if (out.status < 200 || out.status >= 500) __builtin_trap();
  if (r.path.rfind("/api/", 0) == 0 && nlohmann::json::parse(out.body, nullptr, false).is_discarded()) __builtin_trap();
  {
    std::ifstream in(site.outside);
    std::string text{std::istreambuf_iterator<char>(in), {}};
    if (text != "service secret\n") __builtin_trap();
  }
  for (const auto& e : fs::recursive_directory_iterator(site.dir, ec)) {
    if (std::find(before.begin(), before.end(), e.path()) == before.end()) fs::remove_all(e.path(), ec);
  }
  std::ofstream(site.dir / "team" / "shop.arch") << "import \"parts.arch\"\nservice api\nconnect(api, db)\n";
  std::ofstream(site.dir / "team" / "parts.arch") << "postgres db\n";
  return 0;
}
