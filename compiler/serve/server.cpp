#include "serve/server.hpp"

#include <httplib.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
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
#include "serve/events.hpp"
#include "serve/watch.hpp"

namespace archc::serve {

namespace fs = std::filesystem;

namespace {

bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// The Host header of a request to a loopback server must name the loopback: a page of another
// site that resolves its own name to 127.0.0.1 (DNS rebinding) gets nothing.
bool host_header_ok(const std::string& header) {
  std::string name = header;
  if (!name.empty() && name.front() == '[') {
    name = name.substr(0, name.find(']') + 1);
  } else if (std::size_t colon = name.rfind(':'); colon != std::string::npos) {
    name = name.substr(0, colon);
  }
  return name == "localhost" || name == "127.0.0.1" || name == "[::1]" || name.rfind("127.", 0) == 0;
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

HttpRequest adapt(const httplib::Request& req) {
  HttpRequest r;
  r.method = req.method;
  r.path = req.path;
  for (const auto& [k, v] : req.params) r.query.emplace(k, v);
  r.body = req.body;
  return r;
}

void answer(httplib::Response& res, const HttpResponse& out) {
  res.status = out.status;
  res.set_content(out.body, out.type.c_str());
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

  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
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
  const bool loopback = is_loopback(o.host);
  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    if (loopback && !host_header_ok(req.get_header_value("Host"))) {
      answer(res, error_response(403, "this server answers requests for localhost only"));
      return httplib::Server::HandlerResponse::Handled;
    }
    // Writes come from our page only: JSON bodies (another site's form cannot send one
    // without a preflight we never answer) from our own origin.
    if (req.method == "POST") {
      std::string origin = req.get_header_value("Origin");
      bool json = req.get_header_value("Content-Type").rfind("application/json", 0) == 0;
      bool same = origin.empty() || origin == "http://" + req.get_header_value("Host");
      if (!json || !same) {
        answer(res, error_response(403, json ? "requests from another site are refused" : "expected a JSON body"));
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "no-store");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.Get("/api/events", [&](const httplib::Request&, httplib::Response& res) { serve_events(events, res); });
  auto route = [&](const httplib::Request& req, httplib::Response& res) { answer(res, api.handle(adapt(req))); };
  server.Get(R"(/.*)", route);
  server.Post(R"(/.*)", route);
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
  std::string shown_host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  // The loopback by its name, as people type it (and as the seed's steps say).
  std::string url = "http://" + (o.host == "0.0.0.0" || o.host == "127.0.0.1" ? std::string("localhost") : shown_host) +
                    ":" + std::to_string(port) + "/";
  if (!loopback) {
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
  watcher.reset();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  out << "archc serve: stopped\n" << std::flush;
  return 0;
}

}  // namespace archc::serve
