#include "lsp/protocol.hpp"

#include <poll.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>

namespace archc::lsp {

bool Reader::fill(int timeout_ms) {
  if (eof_) return false;
  pollfd p{fd_, POLLIN, 0};
  int r = ::poll(&p, 1, timeout_ms);
  if (r == 0) return false;
  char buf[65536];
  ssize_t n = ::read(fd_, buf, sizeof buf);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  buffer_.append(buf, static_cast<std::size_t>(n));
  return true;
}

namespace {

// The body's length from the headers, and where the body starts; nullopt until the headers
// are complete. A malformed header gives length 0.
std::optional<std::pair<std::size_t, std::size_t>> header(const std::string& b) {
  std::size_t end = b.find("\r\n\r\n");
  if (end == std::string::npos) return std::nullopt;
  std::size_t length = 0;
  for (std::size_t at = 0; at < end;) {
    std::size_t eol = b.find("\r\n", at);
    std::string line = b.substr(at, eol - at);
    constexpr std::string_view kKey = "content-length:";
    std::string lower = line.substr(0, kKey.size());
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == kKey) length = std::strtoull(line.c_str() + kKey.size(), nullptr, 10);
    at = eol + 2;
  }
  return std::make_pair(length, end + 4);
}

}  // namespace

bool Reader::ready(int timeout_ms) {
  for (;;) {
    if (auto h = header(buffer_); h && buffer_.size() >= h->second + std::min(h->first, kMaxMessageBytes)) return true;
    if (!fill(timeout_ms)) return false;
  }
}

std::optional<Json> Reader::next() {
  for (;;) {
    if (auto h = header(buffer_)) {
      auto [length, start] = *h;
      if (length > kMaxMessageBytes) {
        // Too large to hold: skip its bytes as they come, and say so as a bad message.
        std::size_t remaining = length;
        buffer_.erase(0, start);
        for (;;) {
          std::size_t take = std::min(remaining, buffer_.size());
          buffer_.erase(0, take);
          remaining -= take;
          if (remaining == 0 || !fill(-1)) break;
        }
        return Json(Json::value_t::discarded);
      }
      if (buffer_.size() >= start + length) {
        Json message = Json::parse(buffer_.begin() + static_cast<std::ptrdiff_t>(start),
                                   buffer_.begin() + static_cast<std::ptrdiff_t>(start + length), nullptr, false);
        buffer_.erase(0, start + length);
        return message;
      }
    }
    if (!fill(-1)) return std::nullopt;
  }
}

std::string frame(const Json& message) {
  std::string body = message.dump(-1, ' ', false, Json::error_handler_t::replace);
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

namespace {

// The length in bytes of the UTF-8 sequence that starts with `c`.
std::size_t sequence_length(unsigned char c) {
  return c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
}

}  // namespace

Position position_of(std::string_view text, std::size_t offset) {
  Position p;
  offset = std::min(offset, text.size());
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  }
  for (std::size_t i = line_start; i < offset;) {
    std::size_t n = sequence_length(static_cast<unsigned char>(text[i]));
    p.character += n == 4 ? 2 : 1;  // outside the BMP: a surrogate pair
    i += n;
  }
  return p;
}

std::size_t offset_of(std::string_view text, Position p) {
  std::size_t i = 0;
  for (std::uint32_t line = 0; line < p.line && i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
  }
  for (std::uint32_t units = 0; i < text.size() && text[i] != '\n' && units < p.character;) {
    std::size_t n = sequence_length(static_cast<unsigned char>(text[i]));
    units += n == 4 ? 2 : 1;
    i += n;
  }
  return std::min(i, text.size());
}

Json range_json(std::string_view text, std::size_t begin, std::size_t end) {
  Position a = position_of(text, begin), b = position_of(text, end);
  return Json{{"start", {{"line", a.line}, {"character", a.character}}}, {"end", {{"line", b.line}, {"character", b.character}}}};
}

std::string path_of_uri(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.substr(0, kScheme.size()) == kScheme) uri.remove_prefix(kScheme.size());
  std::string out;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && std::isxdigit(static_cast<unsigned char>(uri[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(uri[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(uri.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += uri[i];
    }
  }
  return out;
}

std::string uri_of_path(std::string_view path) {
  std::string out = "file://";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

}  // namespace archc::lsp
