#include "serve/guard.hpp"

#include <arpa/inet.h>

#include <cctype>

namespace archc::serve {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool wildcard(const std::string& host) { return host.empty() || host == "0.0.0.0" || host == "::" || host == "[::]"; }

// "[::1]" for "::1": a Host header spells an IPv6 address in brackets.
std::string as_host_name(const std::string& host) {
  if (host.find(':') != std::string::npos && host.front() != '[') return "[" + lower(host) + "]";
  return lower(host);
}

bool ip_literal(const std::string& name) {
  unsigned char buf[16];
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') {
    return ::inet_pton(AF_INET6, name.substr(1, name.size() - 2).c_str(), buf) == 1;
  }
  return ::inet_pton(AF_INET, name.c_str(), buf) == 1;
}

}  // namespace

bool host_allowed(std::string_view header, const HostPolicy& policy) {
  if (header.empty() || header.size() > 255) return false;
  std::string_view name = header, port;
  if (header.front() == '[') {
    std::size_t close = header.find(']');
    if (close == std::string_view::npos) return false;
    name = header.substr(0, close + 1);
    std::string_view rest = header.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return false;
    if (!rest.empty()) port = rest.substr(1);
    if (rest == ":") return false;
  } else if (std::size_t colon = header.find(':'); colon != std::string_view::npos) {
    name = header.substr(0, colon);
    port = header.substr(colon + 1);
    if (port.empty()) return false;
  }
  // The port exactly as the browser writes it: left out only for 80, never with zeros before.
  if (port.empty() ? policy.port != 80 : port != std::to_string(policy.port)) return false;
  std::string n = lower(name);
  if (n == "localhost" || n == "127.0.0.1" || n == "[::1]") return true;
  if (!wildcard(policy.host)) return n == as_host_name(policy.host);
  return ip_literal(n);
}

bool origin_allowed(std::string_view origin, std::string_view host_header, const HostPolicy& policy) {
  constexpr std::string_view kScheme = "http://";
  if (origin.size() <= kScheme.size() || lower(origin.substr(0, kScheme.size())) != kScheme) return false;
  std::string_view rest = origin.substr(kScheme.size());
  return lower(rest) == lower(host_header) && host_allowed(rest, policy);
}

std::optional<HttpResponse> refuse(const RequestHead& head, const HostPolicy& policy) {
  if (head.method != "GET" && head.method != "HEAD" && head.method != "POST") {
    return error_response(405, "method not allowed");
  }
  if (head.duplicate_guarded_header) return error_response(400, "a header is given twice");
  auto header = [&](const char* name) -> std::string_view {
    auto it = head.headers.find(name);
    return it == head.headers.end() ? std::string_view() : std::string_view(it->second);
  };
  std::string_view host = header("host");
  if (!host_allowed(host, policy)) {
    return error_response(403, wildcard(policy.host) || policy.host == "127.0.0.1" || policy.host == "localhost"
                                   ? "this server answers requests for localhost or its address only"
                                   : "this server answers requests for `" + policy.host + "` and localhost only");
  }
  std::string site = lower(header("sec-fetch-site"));
  if (head.method != "POST") {
    // The API is our page's: another site's page may link to `/`, but not fetch the API
    // (an event stream it held open would take one of the pages' places).
    if (head.path.rfind("/api/", 0) == 0 && !site.empty() && site != "same-origin" && site != "none") {
      return error_response(403, "requests from another site are refused");
    }
    return std::nullopt;
  }
  // Writes come from our page only.
  std::string type = lower(header("content-type"));
  type = type.substr(0, type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  if (type != "application/json") return error_response(403, "expected a JSON body");
  std::string_view origin = header("origin");
  bool own = origin.empty() ? site.empty() || site == "same-origin" || site == "none"
                            : origin_allowed(origin, host, policy) && (site.empty() || site == "same-origin");
  if (!own) return error_response(403, "requests from another site are refused");
  return std::nullopt;
}

}  // namespace archc::serve
