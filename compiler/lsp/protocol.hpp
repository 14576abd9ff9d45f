#pragma once
// The Language Server Protocol's wire and positions: JSON-RPC messages framed by
// `Content-Length` headers (by hand on nlohmann-json: Debian packages no LSP framework), and
// positions as the protocol counts them, in UTF-16 code units.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>
#include <string_view>

namespace archc::lsp {

using Json = nlohmann::json;

// The error codes archc lsp answers with (JSON-RPC's, then the protocol's own).
enum class ErrorCode {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  RequestFailed = -32803,
  RequestCancelled = -32800,
};

// How much of the input the reader holds. A header section or a body beyond its limit is
// dropped as it streams in, never buffered (the fuzz target sets them small to reach them).
struct ReaderLimits {
  std::size_t max_header_bytes = 64u << 10;   // up to the blank line
  std::size_t max_message_bytes = 64u << 20;  // a body
  std::size_t read_bytes = 64u << 10;         // asked of one read()
};

// Reads framed messages from a file descriptor, with its own buffer (so that the server can
// ask whether a message is already waiting before it compiles).
class Reader {
 public:
  explicit Reader(int fd, ReaderLimits limits = {}) : fd_(fd), limits_(limits) {}
  // The next message; nullopt at the end of the input. What cannot be a message (a body that
  // is not JSON, a header section over the limit or without a usable Content-Length, a body
  // over the limit) is returned as a discarded value, once: the server answers it with a
  // parse error.
  std::optional<Json> next();
  // Whether a whole message is buffered, or more input arrives within `timeout_ms`.
  bool ready(int timeout_ms);
  // The most bytes held at once so far: at most a header section or a body, and one read.
  std::size_t most_held() const { return most_held_; }

 private:
  enum class Phase {
    Header,   // looking for the blank line that ends a header section
    Discard,  // dropping a header section over the limit up to its blank line
    Body,     // waiting for `length_` bytes of body
    Skip,     // dropping `length_` more bytes of a body over the limit
  };
  std::optional<Json> take();            // the next message from the bytes held, if whole
  std::optional<Json> end_of_header();   // after a header section: its body's phase
  void consume(std::size_t n);
  bool fill(int timeout_ms);  // false at the end of the input (or on a timeout)

  int fd_;
  ReaderLimits limits_;
  std::string buffer_;
  std::size_t at_ = 0;        // bytes before it are read (erased in bulk, not per message)
  std::size_t searched_ = 0;  // header bytes after at_ already searched for the blank line
  Phase phase_ = Phase::Header;
  std::uint64_t length_ = 0;
  std::optional<std::uint64_t> discarded_length_;  // what a dropped header section said
  int matched_ = 0;  // bytes of "\r\n\r\n" that end what Discard dropped so far
  std::optional<Json> ready_;  // a message ready() took already
  std::size_t most_held_ = 0;
  bool eof_ = false;
};

// The body length a header section (without its blank line) gives: nullopt when it gives
// none, two different ones, or one that is not a decimal number of 64 bits (a sign, a blank
// inside). When no line starts with it, a `Content-Length:` inside a line counts: the header
// then follows the tail of a body whose length was wrong, and the reader finds its footing.
std::optional<std::uint64_t> content_length(std::string_view header);

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

// position_of for many offsets of one text: the line starts found once, so that a pass over
// every token costs the text once, not once per token.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  Position at(std::size_t offset) const;
  // range_json(text, begin, end), without walking the text from its start.
  Json range(std::size_t begin, std::size_t end) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

// `file:///a/b%20c.arch` <-> `/a/b c.arch`.
std::string path_of_uri(std::string_view uri);
std::string uri_of_path(std::string_view path);

}  // namespace archc::lsp
