#pragma once
// The Language Server Protocol's wire and positions: JSON-RPC messages framed by
// `Content-Length` headers (by hand on nlohmann-json: Debian packages no LSP framework), and
// positions as the protocol counts them, in UTF-16 code units.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace archc::lsp {

using Json = nlohmann::json;

// Reads framed messages from a file descriptor, with its own buffer (so that the server can
// ask whether a message is already waiting before it compiles).
class Reader {
 public:
  explicit Reader(int fd) : fd_(fd) {}
  // The next message; nullopt at the end of the input. A body that is not JSON is returned
  // as a discarded value (the server answers it with a parse error).
  std::optional<Json> next();
  // Whether a whole message is buffered, or more input arrives within `timeout_ms`.
  bool ready(int timeout_ms);

  static constexpr std::size_t kMaxMessageBytes = 64u << 20;

 private:
  bool fill(int timeout_ms);  // false at the end of the input (or on a timeout)
  int fd_;
  std::string buffer_;
  bool eof_ = false;
};

// The framed bytes of one message.
std::string frame(const Json& message);

struct Position {
  std::uint32_t line = 0;       // 0-based
  std::uint32_t character = 0;  // UTF-16 code units
};

// Byte offsets of a text to protocol positions and back (a position past the end of a line
// is its end).
Position position_of(std::string_view text, std::size_t offset);
std::size_t offset_of(std::string_view text, Position p);
Json range_json(std::string_view text, std::size_t begin, std::size_t end);

// `file:///a/b%20c.arch` <-> `/a/b c.arch`.
std::string path_of_uri(std::string_view uri);
std::string uri_of_path(std::string_view path);

}  // namespace archc::lsp
