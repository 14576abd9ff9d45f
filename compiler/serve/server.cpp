#include "serve/server.hpp"

#include <httplib.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <chrono>
#include <thread>

#include "serve/api.hpp"
#include "serve/connections.hpp"
#include "serve/guard.hpp"
#include "serve/events.hpp"
#include "serve/watch.hpp"

namespace archc::serve {

namespace fs = std::filesystem;

namespace {

bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// Why a port cannot be bound, in words: try it with a plain socket.
std::string bind_error(const std::string& host, int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return std::strerror(errno);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(host == "0.0.0.0" ? INADDR_ANY : INADDR_LOOPBACK);
  int rc = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  int e = errno;
  ::close(fd);
  if (rc == 0) return "the address cannot be bound";
  if (e == EADDRINUSE) return "the port is in use (another `archc serve`?)";
  if (e == EACCES) return "permission denied (ports below 1024 need privileges)";
  return std::strerror(e);
}

void open_browser(const std::string& url, std::ostream& err) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setsid();
    ::execlp("xdg-open", "xdg-open", url.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (pid < 0) err << "archc serve: cannot open a browser; open " << url << "\n";
}

void answer(httplib::Response& res, const HttpResponse& out) {
  res.status = out.status;
  res.set_content(out.body, out.type.c_str());
}

HttpRequest adapt(const httplib::Request& req, std::string body) {
  HttpRequest r;
  // HEAD is GET without the body, which cpp-httplib leaves out.
  r.method = req.method == "HEAD" ? "GET" : req.method;
  r.path = req.path;
  for (const auto& [k, v] : req.params) r.query.emplace(k, v);
  r.body = std::move(body);
  return r;
}

RequestHead head_of(const httplib::Request& req) {
  RequestHead h;
  h.method = req.method;
  h.path = req.path;
  for (const char* name : {"host", "origin", "content-type", "sec-fetch-site"}) {
    std::size_t n = req.headers.count(name);
    if (n == 1) h.headers[name] = req.get_header_value(name);
    if (n > 1) h.duplicate_guarded_header = true;
  }
  return h;
}

// The body, read as it comes and never more than the cap, however it is sent (with a
// length, or chunked: cpp-httplib caps only the first); nullopt with the answer in `res`.
std::optional<std::string> read_body(const httplib::Request&, httplib::Response& res,
                                     const httplib::ContentReader& reader) {
  std::string body;
  bool too_large = false;
  bool ok = reader([&](const char* data, std::size_t n) {
    if (body.size() + n > kMaxBodyBytes) {
      too_large = true;
      return false;
    }
    body.append(data, n);
    return true;
  });
  if (too_large || res.status == 413) {
    answer(res, error_response(413, "the request is too large"));
    return std::nullopt;
  }
  if (!ok) {
    answer(res, error_response(400, "the request's body could not be read"));
    return std::nullopt;
  }
  return body;
}

// Writes the server-sent events of one page: a greeting, then each change, and a comment
// every 15 s so that proxies and the browser keep the stream open.
void serve_events(Events& events, httplib::Response& res) {
  std::shared_ptr<Events::Subscription> sub = events.subscribe();
  if (!sub) {
    answer(res, error_response(503, "too many open pages"));
    return;
  }
  res.set_header("Cache-Control", "no-store");
  auto greeted = std::make_shared<bool>(false);
  res.set_chunked_content_provider(
      "text/event-stream",
      [sub, greeted](std::size_t, httplib::DataSink& sink) {
        std::string chunk;
        if (!*greeted) {
          *greeted = true;
          chunk = "retry: 1000\n: connected\n\n";
        } else {
          std::optional<std::string> message = sub->wait(std::chrono::seconds(15));
          if (sub->stopped()) return false;
          chunk = message ? "event: change\ndata: " + *message + "\n\n" : ": keep-alive\n\n";
        }
        return sink.write(chunk.data(), chunk.size());
      },
      [sub](bool) { sub->close(); });
}

}  // namespace

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Options o;
  int timeout_seconds = 20;
  CLI::App app{"the local dev instance: an editor, the examples and DIR's .arch files, live reload", "archc serve"};
  app.add_option("DIR", o.dir, "the folder whose .arch files are listed, edited and watched (default: none)");
  app.add_option("--port,-p", o.port, "the port to listen on; 0 picks a free one (default 3000)")->check(CLI::Range(0, 65535));
  app.add_option("--host", o.host, "the address to listen on (default 127.0.0.1; others are reachable from the network)");
  app.add_flag("--open", o.open, "open the page in the browser");
  app.add_option("--compile-timeout", timeout_seconds,
                 "seconds a compile may take before it is stopped (default 20; 0: no limit, the layout runs in the "
                 "server's process)")
      ->check(CLI::Range(0, 3600));
  try {
    std::vector<std::string> rest(args.size() > 2 ? args.begin() + 2 : args.end(), args.end());
    std::reverse(rest.begin(), rest.end());
    app.parse(rest);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e, out, err);
    return code == 0 ? 0 : 2;
  }
  o.compile_timeout = std::chrono::seconds(timeout_seconds);

  std::error_code ec;
  if (!o.dir.empty() && !fs::is_directory(o.dir, ec)) {
    err << "archc serve: `" << o.dir.string() << "` is not a folder\n";
    return 2;
  }
  Folder folder(o.dir);
  ApiOptions api_options;
  api_options.compile_timeout = o.compile_timeout;
  api_options.folder_label = folder.empty() ? "" : folder.dir().filename().string();
  Api api(folder, api_options);

  // Signals go to one thread that stops the server: blocked here, before any thread starts,
  // so that every thread inherits the mask.
  sigset_t stop_signals, previous;
  sigemptyset(&stop_signals);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&stop_signals, s);
  pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);

  Events events;
  std::unique_ptr<Watcher> watcher;
  if (!folder.empty()) {
    watcher = std::make_unique<Watcher>(folder.dir(), [&](const std::vector<fs::path>& paths) {
      nlohmann::json changed = nlohmann::json::array();
      for (const fs::path& p : paths) {
        std::string rel = folder.relative(p);
        if (!rel.empty()) changed.push_back(rel);
      }
      if (!changed.empty()) events.publish(nlohmann::json{{"paths", changed}}.dump());
    });
    if (!watcher->error().empty()) err << "archc serve: warning: no live reload: " << watcher->error() << "\n";
  }

  // Each page holds a connection for its event stream and the gate holds slow ones: the
  // soft limit on open files (often 1,024) goes up to the hard one.
  if (rlimit files{}; ::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
  // The lanes: reads, event streams (as many workers as pages may listen, none queued),
  // compiles (one worker per compile that may run; the rest wait in the queue) and writes.
  enum : std::size_t { kRead, kStream, kCompile, kWrite };
  ConnectionLimits limits;
  limits.max_body_bytes = kMaxBodyBytes;
  limits.lanes = {Lane{16, 256}, Lane{Events::kMaxSubscribers, 0}, Lane{compile_places(0), 64}, Lane{8, 64}};
  limits.lane_of = [](std::string_view method, std::string_view target) -> std::size_t {
    std::string_view path = target.substr(0, target.find('?'));
    if (method != "POST") return path == "/api/events" ? kStream : kRead;
    return path == "/api/compile" ? kCompile : kWrite;
  };
  Connections server(limits);
  server.set_payload_max_length(kMaxBodyBytes);
  // SO_REUSEADDR (a restart binds at once) but not the library's SO_REUSEPORT, with which a
  // second server would silently share the port with the first.
  // The library listens with a backlog of 5: 50 pages connecting at once would see resets.
  // The options hook sees the socket before it is bound; once bound, it listens again with
  // the system's backlog (Linux updates a listening socket's backlog in place).
  socket_t listening = -1;
  server.set_socket_options([&listening](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listening = sock;
  });
  server.set_read_timeout(10, 0);
  server.set_write_timeout(10, 0);
  // Known once bound (`--port 0` picks one): until then no request arrives.
  HostPolicy policy{o.port, o.host};
  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    if (std::optional<HttpResponse> refusal = refuse(head_of(req), policy)) {
      answer(res, *refusal);
      return httplib::Server::HandlerResponse::Handled;
    }
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "no-store");
    // No other site may frame the page (and click through it).
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Content-Security-Policy", "frame-ancestors 'none'");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.Get("/api/events", [&](const httplib::Request&, httplib::Response& res) { serve_events(events, res); });
  server.Get(R"(/.*)", [&](const httplib::Request& req, httplib::Response& res) { answer(res, api.handle(adapt(req, {}))); });
  // A POST's body is read here, capped, whether it comes with a length or chunked.
  server.Post(R"(/.*)", [&](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    if (std::optional<std::string> body = read_body(req, res, reader)) answer(res, api.handle(adapt(req, std::move(*body))));
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    answer(res, error_response(500, "internal error; the server keeps serving"));
  });
  server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string what = res.status == 413 ? "the request is too large" : res.status == 414 ? "the URL is too long"
                                                                                          : "bad request";
    answer(res, error_response(res.status, what));
    return httplib::Server::HandlerResponse::Handled;
  }));

  int port = o.port;
  bool bound = port == 0 ? (port = server.bind_to_any_port(o.host)) > 0 : server.bind_to_port(o.host, port);
  if (!bound) {
    err << "archc serve: cannot listen on " << o.host << ":" << o.port << ": " << bind_error(o.host, o.port)
        << "\nhelp: pick another port with `--port`, e.g. `archc serve --port " << (o.port == 3000 ? 3001 : 3000)
        << "`\n";
    watcher.reset();
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return 2;
  }
  if (listening >= 0) ::listen(listening, SOMAXCONN);
  policy.port = port;
  std::string shown_host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  // The loopback by its name, as people type it (and as the seed's steps say).
  std::string url = "http://" + (o.host == "0.0.0.0" || o.host == "127.0.0.1" ? std::string("localhost") : shown_host) +
                    ":" + std::to_string(port) + "/";
  if (!is_loopback(o.host)) {
    err << "archc serve: warning: listening on " << o.host
        << ": anyone who can reach this machine can read and write the .arch files of the folder\n";
  }
  out << "archc serve: " << url << (folder.empty() ? "  (the built-in examples)" : "  (" + folder.dir().string() + ")")
      << "\narchc serve: Ctrl-C stops\n"
      << std::flush;
  if (o.open) open_browser(url, err);

  std::atomic<bool> done{false};
  std::thread stopper([&] {
    timespec tick{0, 200'000'000};
    while (!done) {
      if (::sigtimedwait(&stop_signals, nullptr, &tick) > 0) break;
    }
    events.stop();
    // A signal that comes before the server runs would find nothing to stop (cpp-httplib's
    // stop() does nothing until listen has begun), and the server would then run on: ask
    // again until it has stopped.
    while (!done) {
      server.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  server.listen_after_bind();
  done = true;
  stopper.join();
  events.stop();
  server.shut_down();
  watcher.reset();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  out << "archc serve: stopped\n" << std::flush;
  return 0;
}

}  // namespace archc::serve
