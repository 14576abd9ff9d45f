// libFuzzer target (c): archc lsp's message handler (lsp/server.hpp), the code every message
// from an editor reaches. The input is split at NUL bytes into up to eight messages, each
// parsed as JSON (a body that is not JSON is handled as such); then the pending compiles run.
// Whatever the bytes: an answer for every request, and no crash.

#include <cstddef>
#include <cstdint>
#include <string>

#include "lsp/server.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using archc::lsp::Json;
  if (size > 8192) return 0;
  archc::lsp::Server server;
  std::string input(reinterpret_cast<const char*>(data), size);
  std::size_t at = 0;
  for (int i = 0; i < 8 && at <= input.size(); ++i) {
    std::size_t end = input.find('\0', at);
    if (end == std::string::npos) end = input.size();
    Json message = Json::parse(input.substr(at, end - at), nullptr, false);
    std::vector<Json> out = server.handle(message);
    if (message.is_object() && message.contains("id") && message.contains("method") && message["method"].is_string() &&
        message["method"] != "exit" && out.empty()) {
      __builtin_trap();  // a request went unanswered
    }
    at = end + 1;
  }
  (void)server.flush();
  return 0;
}
