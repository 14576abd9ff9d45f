#pragma once
// Who `archc serve` answers, decided from a request's head alone (before any body is read):
// plain functions of the headers, so that the unit tests and the fuzz target drive them
// without a socket.
//
// DNS rebinding: a page of another site that makes its own name resolve to 127.0.0.1 reaches
// this server with its own name in Host. So Host must name this server exactly: `localhost`,
// `127.0.0.1` or `[::1]` with the serving port, or the name given with `--host`. A server
// bound to every address (`--host 0.0.0.0`) also answers an IP address literal (a rebinding
// needs a name; a literal is what another machine of the network types).
//
// Cross-site writes: a POST must carry JSON (another site's form cannot send that without a
// preflight we never answer) and, when the browser says where it comes from (Origin,
// Sec-Fetch-Site), come from this server's own origin.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "serve/api.hpp"

namespace archc::serve {

struct HostPolicy {
  int port = 3000;          // the port served: Host must carry it (a browser leaves out only :80)
  std::string host;         // `--host` as given ("127.0.0.1", "0.0.0.0", "dev.example")
};

// Whether a Host header names this server.
bool host_allowed(std::string_view host_header, const HostPolicy& policy);

// Whether an Origin header is this server's own origin, as reached through `host_header`.
bool origin_allowed(std::string_view origin, std::string_view host_header, const HostPolicy& policy);

struct RequestHead {
  std::string method;
  std::string path;
  // Header names lower-case (the caller folds them); a header given twice is refused
  // before this (`duplicate`).
  std::map<std::string, std::string> headers;
  bool duplicate_guarded_header = false;  // Host, Origin or Content-Type given twice
};

// The refusal for a request this server does not answer (403, 405), or nullopt to go on.
std::optional<HttpResponse> refuse(const RequestHead& head, const HostPolicy& policy);

}  // namespace archc::serve
