// libFuzzer target (c): archc serve's request handler (serve/api.hpp), the code every HTTP
// request reaches, over a scratch folder, and the guard that decides from a request's head
// whether it is answered at all (serve/guard.hpp). The first byte picks a route; the rest is
// split into a path and a body (or, for the guard, the lines of a head). Whatever the bytes:
// an answer between 200 and 499 (a 5xx is a bug), a JSON body from every /api route, nothing
// written outside the folder, nothing of a hidden file in any answer, and no head let through
// unless it names this server and, for a write, comes from its own origin.

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "serve/api.hpp"
#include "serve/guard.hpp"

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
    std::ofstream(dir / ".hidden.arch") << "service hidden-secret\n";
    fs::create_symlink(outside, dir / "link.arch");
    folder = Folder(dir);
    ApiOptions options;
    options.compile_timeout = std::chrono::seconds(5);
    api = std::make_unique<Api>(folder, options);
  }
  ~Site() { fs::remove_all(root); }
};

}  // namespace

// The guard: method, Host, Origin, Content-Type and Sec-Fetch-Site from the lines of `rest`.
void fuzz_guard(const std::string& rest) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  for (std::size_t nl; lines.size() < 4 && (nl = rest.find('\n', at)) != std::string::npos; at = nl + 1) {
    lines.push_back(rest.substr(at, nl - at));
  }
  lines.push_back(rest.substr(at));
  lines.resize(5);
  RequestHead head;
  head.method = lines[0].empty() ? "GET" : lines[0];
  head.path = "/api/save";
  const char* names[] = {"host", "origin", "content-type", "sec-fetch-site"};
  for (int i = 0; i < 4; ++i) {
    if (!lines[i + 1].empty()) head.headers[names[i]] = lines[i + 1];
  }
  const HostPolicy policy{3000, "127.0.0.1"};
  std::optional<HttpResponse> refusal = refuse(head, policy);
  if (refusal) {
    if (refusal->status != 400 && refusal->status != 403 && refusal->status != 405) __builtin_trap();
    return;
  }
  std::string host = head.headers["host"];
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (host != "localhost:3000" && host != "127.0.0.1:3000" && host != "[::1]:3000") __builtin_trap();
  if (head.method == "POST") {
    std::string origin = head.headers["origin"];
    for (char& c : origin) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!origin.empty() && origin != "http://" + host) __builtin_trap();
  }
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Site site;
  if (size == 0 || size > 4096) return 0;
  std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 7 == 6) {
    fuzz_guard(rest);
    return 0;
  }
  std::size_t nl = rest.find('\n');
  std::string path = rest.substr(0, nl);
  std::string body = nl == std::string::npos ? "" : rest.substr(nl + 1);
  HttpRequest r;
  switch (data[0] % 7) {
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
  // (Unless the input itself spelled it: the fuzzer learns strings from comparisons.)
  if (out.body.find("hidden-secret") != std::string::npos && rest.find("hidden-secret") == std::string::npos) {
    __builtin_trap();
  }
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
