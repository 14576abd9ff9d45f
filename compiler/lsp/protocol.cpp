#include "lsp/protocol.hpp"

#include "source/nesting.hpp"

#include <poll.h>
#include <unistd.h>

#include <strings.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>

namespace archc::lsp {

bool Reader::fill(int timeout_ms) {
  if (eof_) return false;
  pollfd p{fd_, POLLIN, 0};
  int r = ::poll(&p, 1, timeout_ms);
  if (r == 0) return false;
  if (r < 0 && errno == EINTR) return true;
  char buf[65536];
  ssize_t n = r < 0 ? -1 : ::read(fd_, buf, std::min(sizeof buf, std::max<std::size_t>(limits_.read_bytes, 1)));
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  buffer_.append(buf, static_cast<std::size_t>(n));
  most_held_ = std::max(most_held_, buffer_.size());
  return true;
}

void Reader::consume(std::size_t n) {
  at_ += n;
  if (at_ == buffer_.size()) {
    // A large body's memory goes back once it is read.
    if (buffer_.capacity() > (1u << 20)) std::string().swap(buffer_);
    buffer_.clear();
    at_ = 0;
  } else if (at_ >= limits_.read_bytes && at_ >= buffer_.size() - at_) {
    // What moves is no longer than what was read: linear overall, where erasing each message
    // from the front of a buffer holding many would be quadratic.
    buffer_.erase(0, at_);
    at_ = 0;
  }
}

namespace {

constexpr std::string_view kHeaderEnd = "\r\n\r\n";

Json not_a_message() { return Json(Json::value_t::discarded); }

// A header's value as a decimal number of 64 bits, blanks around it allowed.
std::optional<std::uint64_t> decimal(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || v.front() < '0' || v.front() > '9' || ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
  return n;
}

}  // namespace

std::optional<std::uint64_t> content_length(std::string_view header) {
  // Names compare without case (RFC 9110). strncasecmp rather than a loop of our own: the
  // fuzzer sees the word it is compared with, and learns it.
  constexpr std::string_view kKey = "content-length:";
  auto key_at = [&](std::size_t at, std::size_t eol) {
    return eol - at >= kKey.size() && ::strncasecmp(header.data() + at, kKey.data(), kKey.size()) == 0;
  };
  std::optional<std::uint64_t> length;
  bool named = false;
  for (std::size_t at = 0; at <= header.size();) {
    std::size_t eol = std::min(header.find("\r\n", at), header.size());
    if (key_at(at, eol)) {
      named = true;
      std::optional<std::uint64_t> n = decimal(header.substr(at + kKey.size(), eol - at - kKey.size()));
      if (!n || (length && *length != *n)) return std::nullopt;
      length = n;
    }
    at = eol + 2;
  }
  if (named) return length;
  for (std::size_t at = header.size(); at-- > 0;) {
    if (key_at(at, header.size())) return content_length(header.substr(at));
  }
  return std::nullopt;
}

std::optional<Json> Reader::take() {
  for (;;) {
    const std::string_view rest(buffer_.data() + at_, buffer_.size() - at_);
    switch (phase_) {
      case Phase::Header: {
        // The search goes on where the last one stopped (less the terminator's first three
        // bytes, which may have come at the end of the last read).
        std::size_t end = rest.find(kHeaderEnd, searched_ < 3 ? 0 : searched_ - 3);
        if (end == std::string_view::npos && rest.size() < limits_.max_header_bytes + kHeaderEnd.size()) {
          searched_ = rest.size();
          return std::nullopt;
        }
        searched_ = 0;
        if (end <= limits_.max_header_bytes) {
          std::optional<std::uint64_t> length = content_length(rest.substr(0, end));
          consume(end + kHeaderEnd.size());
          if (!length) return not_a_message();
          length_ = *length;
          if (length_ <= limits_.max_message_bytes) {
            phase_ = Phase::Body;
            continue;
          }
          phase_ = Phase::Skip;
          return not_a_message();
        }
        // Over the limit: the length its whole lines within the limit give (to skip the body
        // too), and the rest dropped as it comes, one read at a time.
        std::string_view held = rest.substr(0, limits_.max_header_bytes);
        std::size_t last_line_end = held.rfind("\r\n");
        discarded_length_ = content_length(held.substr(0, last_line_end == std::string_view::npos ? 0 : last_line_end));
        matched_ = 0;
        phase_ = Phase::Discard;
        // (The bytes that may begin the terminator stay, for Discard to match.)
        consume(end == std::string_view::npos ? rest.size() - (kHeaderEnd.size() - 1) : end);
        return not_a_message();
      }
      case Phase::Discard: {
        std::size_t i = 0;
        while (i < rest.size() && matched_ < static_cast<int>(kHeaderEnd.size())) {
          if (matched_ == 0) {
            const void* cr = std::memchr(rest.data() + i, '\r', rest.size() - i);
            if (!cr) {
              i = rest.size();
              break;
            }
            i = static_cast<std::size_t>(static_cast<const char*>(cr) - rest.data());
          }
          matched_ = rest[i] == kHeaderEnd[static_cast<std::size_t>(matched_)] ? matched_ + 1 : rest[i] == '\r' ? 1 : 0;
          ++i;
        }
        consume(i);
        if (matched_ < static_cast<int>(kHeaderEnd.size())) return std::nullopt;
        matched_ = 0;
        phase_ = discarded_length_ ? Phase::Skip : Phase::Header;
        length_ = discarded_length_.value_or(0);
        continue;
      }
      case Phase::Skip: {
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(length_, rest.size()));
        consume(n);
        length_ -= n;
        if (length_ > 0) return std::nullopt;
        phase_ = Phase::Header;
        continue;
      }
      case Phase::Body: {
        if (rest.size() < length_) return std::nullopt;
        std::size_t n = static_cast<std::size_t>(length_);
        // Too deep to parse safely is a message that cannot be read: a parse error.
        Json message = source::nests_within(std::string_view(rest.data(), n), source::kMaxJsonDepth)
                           ? Json::parse(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(n), nullptr, false)
                           : Json(Json::value_t::discarded);
        consume(n);
        phase_ = Phase::Header;
        return message;
      }
    }
  }
}

bool Reader::ready(int timeout_ms) {
  while (!ready_) {
    ready_ = take();
    if (!ready_ && !fill(timeout_ms)) return false;
  }
  return true;
}

std::optional<Json> Reader::next() {
  for (;;) {
    if (ready_) {
      std::optional<Json> m = std::move(ready_);
      ready_.reset();
      return m;
    }
    if (std::optional<Json> m = take()) return m;
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

LineIndex::LineIndex(std::string_view text) : text_(text), starts_{0} {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

Position LineIndex::at(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  auto line = std::upper_bound(starts_.begin(), starts_.end(), offset) - 1;
  Position p;
  p.line = static_cast<std::uint32_t>(line - starts_.begin());
  for (std::size_t i = *line; i < offset;) {
    std::size_t n = sequence_length(static_cast<unsigned char>(text_[i]));
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

Json LineIndex::range(std::size_t begin, std::size_t end) const {
  Position a = at(begin), b = at(end);
  return Json{{"start", {{"line", a.line}, {"character", a.character}}}, {"end", {{"line", b.line}, {"character", b.character}}}};
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
