// libFuzzer target (c): archc lsp's message handler (lsp/server.hpp), the code every message
// from an editor reaches, and the framing reader in front of it (lsp/protocol.hpp). Each input
// is used twice.
//
// Messages: split at NUL bytes into up to eight messages, each parsed as JSON (a body that is
// not JSON is handled as such) and handed to a server that `initialize` has opened (before it
// every request is refused alike); then the pending compiles run.
//
// Framing: the bytes as they would come down the pipe, read by lsp::Reader with limits that a
// short input passes (a header section of 48 bytes, a body of 192, reads of 1 to 16 bytes as
// the first byte says, so a terminator falls across reads), each message handed to a server.
// The reader must come to the end of the input, hold no more than a header or a body and a
// read or two, and make no message out of nothing.
//
// Whatever the bytes: an answer for every request, and no crash.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "lsp/server.hpp"

namespace {

using archc::lsp::Json;

archc::lsp::Server initialized() {
  archc::lsp::Server server;
  (void)server.handle(Json::parse(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{}})"));
  return server;
}

void handle(archc::lsp::Server& server, const Json& message) {
  std::vector<Json> out = server.handle(message);
  if (message.is_object() && message.contains("id") && message.contains("method") && message["method"].is_string() &&
      message["method"] != "exit" && out.empty()) {
    __builtin_trap();  // a request went unanswered
  }
}

void messages(const std::string& input) {
  archc::lsp::Server server = initialized();
  std::size_t at = 0;
  for (int i = 0; i < 8 && at <= input.size(); ++i) {
    std::size_t end = input.find('\0', at);
    if (end == std::string::npos) end = input.size();
    handle(server, Json::parse(input.substr(at, end - at), nullptr, false));
    at = end + 1;
  }
  (void)server.flush();
}

void framing(const std::string& input) {
  // The whole input fits a pipe's buffer (64 KiB): written at once, then the end.
  int fds[2];
  if (::pipe(fds) != 0) return;
  if (::write(fds[1], input.data(), input.size()) != static_cast<ssize_t>(input.size())) __builtin_trap();
  ::close(fds[1]);
  const std::size_t read_bytes = 1 + (input.empty() ? 0 : static_cast<unsigned char>(input[0]) % 16u);
  archc::lsp::ReaderLimits limits{.max_header_bytes = 48, .max_message_bytes = 192, .read_bytes = read_bytes};
  archc::lsp::Reader reader(fds[0], limits);
  archc::lsp::Server server = initialized();
  std::size_t count = 0;
  for (bool ask = true;; ask = !ask) {
    if (ask) (void)reader.ready(0);
    std::optional<Json> m = reader.next();
    if (!m) break;
    // Every message took at least a header's blank line of the input.
    if (++count > input.size() / 4 + 1) __builtin_trap();
    if (server.exited()) continue;
    handle(server, *m);
  }
  ::close(fds[0]);
  // What the reader held: a header section (or what it may have read already) or a body, a
  // read, and what it read before them, erased only once it is no shorter than what is left.
  if (reader.most_held() > 2 * (limits.max_header_bytes + 4 + limits.max_message_bytes + limits.read_bytes)) {
    __builtin_trap();
  }
  (void)server.flush();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 8192) return 0;
  const std::string input(reinterpret_cast<const char*>(data), size);
  messages(input);
  framing(input);
  return 0;
}
