#include "serve/socket_io.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace archc::serve::detail {

int millis_until(Clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(ms, 0, 60'000));
}

void send_status(int sock, int status, const char* reason, std::string_view json) {
  std::string r = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                  "\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nConnection: close\r\n"
                  "Content-Length: " + std::to_string(json.size()) + "\r\n\r\n" + std::string(json);
  (void)!::send(sock, r.data(), r.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

void address_of(int sock, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  int rc = peer ? ::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len)
                : ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return;
  char buf[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf);
    port = ntohs(a->sin6_port);
  }
  ip = buf;
}

Head read_head(std::string_view head) {
  Head h;
  if (head.find('\0') != std::string_view::npos) h.valid = false;
  std::size_t eol = head.find('\n');
  std::string_view line = head.substr(0, eol);
  std::size_t sp1 = line.find(' ');
  std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  h.method = line.substr(0, sp1 == std::string_view::npos ? 0 : sp1);
  h.target = sp2 == std::string_view::npos ? std::string_view() : line.substr(sp1 + 1, sp2 - sp1 - 1);
  auto lower_equals = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
    }
    return true;
  };
  auto trim = [](std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.remove_suffix(1);
    return v;
  };
  while (eol != std::string_view::npos) {
    std::size_t start = eol + 1;
    eol = head.find('\n', start);
    std::string_view field = head.substr(start, eol == std::string_view::npos ? std::string_view::npos : eol - start);
    std::size_t colon = field.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = trim(field.substr(0, colon)), value = trim(field.substr(colon + 1));
    if (lower_equals(name, "content-length")) {
      std::uint64_t n = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      // Two lengths that disagree, or one that is not a number, can only be an attack.
      if (ec != std::errc() || p != value.data() + value.size() || (h.length && *h.length != n)) h.valid = false;
      h.length = n;
    } else if (lower_equals(name, "transfer-encoding")) {
      h.chunked = true;
    }
  }
  return h;
}

}  // namespace archc::serve::detail
