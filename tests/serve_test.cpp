// `archc serve` over real HTTP: the binary in a child process, a cpp-httplib client. Every
// refusal of the issue (foreign hosts and origins, oversized and malformed requests, paths
// out of the folder), 50 requests at once, live reload's events, the compile time limit, a
// port in use, and a clean stop on SIGINT and SIGTERM.

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "generator.hpp"

namespace archc {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using namespace std::chrono_literals;

// One `archc serve` child: started with a free port unless told otherwise, stopped by a signal.
class Server {
 public:
  explicit Server(std::vector<std::string> args, bool wait_for_url = true) {
    int out[2], err[2];
    EXPECT_EQ(::pipe(out), 0);
    EXPECT_EQ(::pipe(err), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::dup2(err[1], 2);
      for (int fd : {out[0], out[1], err[0], err[1]}) ::close(fd);
      args.insert(args.begin(), {"archc", "serve"});
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(ARCHC_BINARY, argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    ::close(err[1]);
    out_fd_ = out[0];
    err_fd_ = err[0];
    ::fcntl(err_fd_, F_SETFL, O_NONBLOCK);
    if (!wait_for_url) return;
    // The first line names the URL.
    std::string line;
    char c;
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline && ::read(out_fd_, &c, 1) == 1) {
      out_ += c;
      std::smatch m;
      if (c == '\n' && std::regex_search(out_, m, std::regex(R"(http://([^:/\s]+):(\d+)/)"))) {
        port_ = std::stoi(m[2]);
        break;
      }
    }
    EXPECT_GT(port_, 0) << out_ << stderr_text();
  }
  ~Server() {
    if (pid_ > 0 && !exited_) stop(SIGKILL);
    ::close(out_fd_);
    ::close(err_fd_);
  }

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5);
    c.set_read_timeout(30);
    return c;
  }
  // Sends the signal, waits for the exit, and returns the exit status (-1 if by a signal).
  int stop(int sig) {
    ::kill(pid_, sig);
    return wait();
  }
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    exited_ = true;
    char buf[4096];
    for (ssize_t n; (n = ::read(out_fd_, buf, sizeof buf)) > 0;) out_.append(buf, static_cast<std::size_t>(n));
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string stderr_text() {
    char buf[4096];
    for (ssize_t n; (n = ::read(err_fd_, buf, sizeof buf)) > 0;) err_.append(buf, static_cast<std::size_t>(n));
    return err_;
  }
  const std::string& stdout_text() const { return out_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1, err_fd_ = -1;
  int port_ = 0;
  bool exited_ = false;
  std::string out_, err_;
};

// A raw connection to the server, for what an HTTP library would not send.
class Raw {
 public:
  explicit Raw(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    timeval tv{20, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }
  ~Raw() { close(); }
  Raw(const Raw&) = delete;
  Raw& operator=(const Raw&) = delete;
  Raw(Raw&& o) noexcept : fd_(std::exchange(o.fd_, -1)), connected_(o.connected_) {}

  bool connected() const { return connected_; }
  int fd() const { return fd_; }
  // False once the server has closed the connection (or reset it).
  bool send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // Everything until the server closes, or `timeout` passes.
  std::string read_all(std::chrono::milliseconds timeout = 20s) {
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    char buf[8192];
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

int status_of(const std::string& response) {
  return response.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(response.c_str() + 9) : 0;
}

class Serve : public testing::Test {
 protected:
  // A generated diagram of `nodes` nodes, written as big.arch: its text.
  std::string big_diagram(int nodes) {
    bench::GeneratorOptions options;
    options.nodes = nodes;
    std::string text = bench::generate_architecture(options).arch;
    std::ofstream(dir_ / "big.arch") << text;
    return text;
  }
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("archc-serve-" + std::to_string(::getpid()) + "-" +
                                        testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "team");
    std::ofstream(dir_ / "team" / "shop.arch") << "import \"parts.arch\"\nservice api\nconnect(api, db)\n";
    std::ofstream(dir_ / "team" / "parts.arch") << "postgres db\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  static Json compile_body(const std::string& path, const std::string& text) { return Json{{"path", path}, {"text", text}}; }
  fs::path dir_;
};

TEST_F(Serve, RefusalsAre4xxAndTheServerKeepsServing) {
  Server s({dir_.string(), "--port", "0"});
  httplib::Client c = s.client();
  // Another site's name for this address (DNS rebinding) gets nothing.
  auto foreign = c.Get("/api/files", httplib::Headers{{"Host", "attacker.example:80"}});
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->status, 403);
  // Writes: JSON from our own origin only.
  std::string body = Json{{"path", "team/parts.arch"}, {"text", "x"}, {"version", ""}, {"force", true}}.dump();
  EXPECT_EQ(c.Post("/api/save", body, "text/plain")->status, 403);
  EXPECT_EQ(c.Post("/api/save", httplib::Headers{{"Origin", "http://attacker.example"}}, body, "application/json")->status, 403);
  // Paths out of the folder, malformed and oversized bodies.
  EXPECT_EQ(c.Get("/api/file?path=..%2F..%2Fetc%2Fpasswd")->status, 403);
  EXPECT_EQ(c.Get("/api/file?path=%2Fetc%2Fpasswd")->status, 403);
  EXPECT_EQ(c.Post("/api/compile", "{\"path\":", "application/json")->status, 400);
  EXPECT_EQ(c.Post("/api/compile", std::string(9u << 20, 'x'), "application/json")->status, 413);
  EXPECT_EQ(c.Get("/no/such/page")->status, 404);
  // A request line that is no HTTP at all, and a header larger than any: the connection gets
  // 400 and the server answers the next one.
  for (std::string junk : {std::string("\x16\x03\x01 garbage\r\n\r\n"),
                           "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n"}) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(s.port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    (void)!::write(fd, junk.data(), junk.size());
    char reply[256] = {};
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ssize_t n = ::read(fd, reply, sizeof reply - 1);
    ::close(fd);
    EXPECT_TRUE(n <= 0 || std::string(reply).find("HTTP/1.1 4") == 0) << reply;
  }
  auto files = c.Get("/api/files");
  ASSERT_TRUE(files);
  EXPECT_EQ(files->status, 200);
  EXPECT_EQ(s.stop(SIGTERM), 0);
}

// clang 14's AddressSanitizer allocator is not safe across fork() while other threads
// allocate (a forked layout child can hang on its lock; later LLVM releases lock it around
// fork): under ASan, the compiles here lay out in the server's process instead.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARCHC_UNDER_ASAN 1
#endif
#endif

TEST_F(Serve, FiftyRequestsAtOnce) {
#ifdef ARCHC_UNDER_ASAN
  Server s({dir_.string(), "--port", "0", "--compile-timeout", "0"});
#else
  Server s({dir_.string(), "--port", "0"});
#endif
  std::atomic<int> ok{0};
  std::mutex mutex;
  std::vector<std::string> failures;
  auto fail = [&](const std::string& what) {
    std::lock_guard<std::mutex> lock(mutex);
    failures.push_back(what);
  };
  std::vector<std::thread> threads;
  std::string text = "import \"parts.arch\"\nservice api\nconnect(api, db)\n";
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client c = s.client();
      if (i % 2 == 0) {
        auto r = c.Get("/api/files");
        if (r && r->status == 200 && Json::parse(r->body)["files"].size() == 2) {
          ++ok;
        } else {
          fail(r ? std::to_string(r->status) + " " + r->body.substr(0, 200) : httplib::to_string(r.error()));
        }
      } else {
        auto r = c.Post("/api/compile", compile_body("team/shop.arch", text).dump(), "application/json");
        if (r && r->status == 200 && Json::parse(r->body)["ok"] == true) {
          ++ok;
        } else {
          fail(r ? std::to_string(r->status) + " " + r->body.substr(0, 200) : httplib::to_string(r.error()));
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 50) << testing::PrintToString(failures) << s.stderr_text();
  EXPECT_EQ(s.stop(SIGINT), 0);
  EXPECT_NE(s.stdout_text().find("archc serve: stopped"), std::string::npos);
}

TEST_F(Serve, AChangedFileIsAnnouncedToOpenPages) {
  Server s({dir_.string(), "--port", "0"});
  std::atomic<bool> heard{false};
  std::string received;
  httplib::Client c = s.client();
  c.set_read_timeout(10);
  std::thread listener([&] {
    c.Get("/api/events", [&](const char* data, std::size_t n) {
      received.append(data, n);
      if (received.find("\"team/parts.arch\"") != std::string::npos) {
        heard = true;
        return false;
      }
      return true;
    });
  });
  // The stream greets first; then the change comes within the quiet time.
  for (int i = 0; i < 50 && received.find("connected") == std::string::npos; ++i) std::this_thread::sleep_for(50ms);
  std::ofstream(dir_ / "team" / "parts.arch") << "postgres db\nservice cache\n";
  for (int i = 0; i < 60 && !heard; ++i) std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(heard.load()) << received;
  c.stop();
  listener.join();
  EXPECT_EQ(s.stop(SIGTERM), 0);
}

TEST_F(Serve, ACompilePastTheTimeLimitIsStoppedWithAnError) {
  bench::GeneratorOptions options;
  // Far more than a second of layout on any machine (1,500 nodes took 0.9 s on a quiet one).
  options.nodes = 5000;
  std::ofstream(dir_ / "big.arch") << bench::generate_architecture(options).arch;
  Server s({dir_.string(), "--port", "0", "--compile-timeout", "1"});
  httplib::Client c = s.client();
  std::ifstream in(dir_ / "big.arch");
  std::string text{std::istreambuf_iterator<char>(in), {}};
  auto t0 = std::chrono::steady_clock::now();
  auto r = c.Post("/api/compile", compile_body("big.arch", text).dump(), "application/json");
  ASSERT_TRUE(r);
  Json j = Json::parse(r->body);
  EXPECT_EQ(j["ok"], false);
  bool timed_out = false;
  for (const Json& d : j["diagnostics"]) timed_out = timed_out || d["code"] == "layout-timeout";
  EXPECT_TRUE(timed_out) << r->body.substr(0, 2000);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 30s);
  EXPECT_EQ(c.Get("/api/files")->status, 200);
  EXPECT_EQ(s.stop(SIGTERM), 0);
}

// Issue 23, point 1: a page of another site that resolves its own name to 127.0.0.1 gets
// nothing, on any route; only this server's own names (with its port) are answered.
TEST_F(Serve, DnsRebindingNamesAre403OnEveryRoute) {
  Server s({dir_.string(), "--port", "0"});
  httplib::Client c = s.client();
  const std::string port = std::to_string(s.port());
  const std::string before = "postgres db\n";
  for (const std::string& host : {"127.0.0.1.evil.example:" + port, "127.evil.example:" + port,
                                  "[::1].evil.example:" + port, "localhost.evil.example:" + port,
                                  "evil.example:" + port, std::string("localhost:1"), std::string("localhost"),
                                  "127.0.0.2:" + port}) {
    httplib::Headers h{{"Host", host}};
    for (const char* path : {"/", "/assets/serve.js", "/api/files", "/api/file?path=team/parts.arch"}) {
      auto r = c.Get(path, h);
      ASSERT_TRUE(r) << host << path;
      EXPECT_EQ(r->status, 403) << host << path;
      EXPECT_EQ(r->body.find("postgres"), std::string::npos) << host << path;
    }
    // Writes from the rebound page: same-origin to the browser, so JSON with its Origin.
    httplib::Headers w{{"Host", host}, {"Origin", "http://" + host}};
    std::string save = Json{{"path", "team/parts.arch"}, {"text", "service pwned\n"}, {"version", ""}, {"force", true}}.dump();
    EXPECT_EQ(c.Post("/api/save", w, save, "application/json")->status, 403) << host;
    EXPECT_EQ(c.Post("/api/compile", w, compile_body("team/parts.arch", "service x\n").dump(), "application/json")->status,
              403);
    Raw events(s.port());
    ASSERT_TRUE(events.send("GET /api/events HTTP/1.1\r\nHost: " + host + "\r\n\r\n"));
    EXPECT_EQ(status_of(events.read_all(5s)), 403) << host;
  }
  std::ifstream in(dir_ / "team" / "parts.arch");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), before);
  for (const std::string& host : {"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port}) {
    auto r = c.Get("/api/files", httplib::Headers{{"Host", host}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << host;
  }
  // A write from our own page, as the browser sends it.
  httplib::Headers own{{"Host", "localhost:" + port}, {"Origin", "http://localhost:" + port},
                       {"Sec-Fetch-Site", "same-origin"}};
  EXPECT_EQ(c.Post("/api/compile", own, compile_body("team/parts.arch", "service x\n").dump(), "application/json")->status,
            200);
  EXPECT_EQ(s.stop(SIGTERM), 0);
}

// Point 2: a Run imports only `.arch` files under the folder that are not hidden, and a
// refusal names the path without a byte of the file.
TEST_F(Serve, RunsReadOnlyDiagramFiles) {
  fs::create_directories(dir_ / ".git");
  std::ofstream(dir_ / ".env") << "SECRET_TOKEN=hunter2\n";
  std::ofstream(dir_ / ".token.arch") << "service hunter2-token\n";
  std::ofstream(dir_ / ".git" / "config.arch") << "service hunter2-git\n";
  std::ofstream(dir_ / "notes.txt") << "service hunter2-notes\n";
  std::ofstream(dir_ / "main.arch") << "service api\n";
  Server s({dir_.string(), "--port", "0"});
  httplib::Client c = s.client();
  std::string text = "import \".env\"\nimport \".token.arch\"\nimport \".git/config.arch\"\nimport \"notes.txt\"\n"
                     "service api\n";
  auto r = c.Post("/api/compile", compile_body("main.arch", text).dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->body.find("hunter2"), std::string::npos) << r->body;
  Json j = Json::parse(r->body);
  EXPECT_EQ(j["ok"], false);
  ASSERT_EQ(j["diagnostics"].size(), 4u) << r->body;
  std::vector<std::string> named;
  for (const Json& d : j["diagnostics"]) {
    EXPECT_EQ(d["code"], "import-refused") << d.dump();
    named.push_back(d["message"]);
  }
  EXPECT_NE(named[1].find("`.token.arch`"), std::string::npos) << named[1];
  EXPECT_NE(named[1].find("hidden"), std::string::npos) << named[1];
  for (const char* path : {".token.arch", ".git/config.arch", ".env"}) {
    auto f = c.Get(("/api/file?path=" + httplib::detail::encode_query_param(path)).c_str());
    ASSERT_TRUE(f);
    EXPECT_EQ(f->status, 403) << path;
    EXPECT_EQ(f->body.find("hunter2"), std::string::npos) << path;
  }
  EXPECT_EQ(s.stop(SIGTERM), 0);
}

// Point 3: a chunked body is capped as one with a length is, and nothing is written.
TEST_F(Serve, AChunkedBodyOverTheCapIs413AndNothingIsWritten) {
  Server s({dir_.string(), "--port", "0"});
  const std::string head = "POST /api/save HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(s.port()) +
                           "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  auto chunk = [](std::string_view data) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + std::string(data) + "\r\n";
  };
  {
    Raw big(s.port());
    ASSERT_TRUE(big.send(head));
    big.send(chunk(R"({"path":"team/parts.arch","version":"","force":true,"text":")"));
    const std::string piece(64 << 10, 'x');
    for (int i = 0; i < 9 * 16; ++i) {
      if (!big.send(chunk(piece))) break;  // the server may stop reading once it has said no
    }
    big.send(chunk("\"}") + "0\r\n\r\n");
    std::string reply = big.read_all(10s);
    EXPECT_EQ(status_of(reply), 413) << reply.substr(0, 300);
  }
  std::ifstream in(dir_ / "team" / "parts.arch");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "postgres db\n");
  // A small chunked save is read whole and written.
  Raw small(s.port());
  ASSERT_TRUE(small.send(head + chunk(R"({"path":"team/parts.arch","version":"",)") +
                         chunk(R"("force":true,"text":"postgres db\nredis cache\n"})") + "0\r\n\r\n"));
  std::string reply = small.read_all(10s);
  EXPECT_EQ(status_of(reply), 200) << reply;
  std::ifstream again(dir_ / "team" / "parts.arch");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(again), {}), "postgres db\nredis cache\n");
  EXPECT_EQ(s.client().Get("/api/files")->status, 200);
  EXPECT_EQ(s.stop(SIGTERM), 0);
}

// Point 4: Save rewrites the content and keeps the file: its mode, its hard links; a symlink
// or a FIFO is refused (and does not hang the server).
TEST_F(Serve, SaveKeepsTheFilesModeAndLinks) {
  fs::path parts = dir_ / "team" / "parts.arch";
  ASSERT_EQ(::chmod(parts.c_str(), 0600), 0);
  fs::create_hard_link(parts, dir_ / "team" / "parts-too.arch");
  fs::create_symlink("parts.arch", dir_ / "team" / "alias.arch");
  ASSERT_EQ(::mkfifo((dir_ / "team" / "pipe.arch").c_str(), 0644), 0);
  Server s({dir_.string(), "--port", "0"});
  httplib::Client c = s.client();
  auto save = [&](const std::string& path) {
    return c.Post("/api/save", Json{{"path", path}, {"text", "postgres db\nredis cache\n"}, {"version", ""}, {"force", true}}.dump(),
                  "application/json");
  };
  auto r = save("team/parts.arch");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  struct stat st {};
  ASSERT_EQ(::stat(parts.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(st.st_nlink, 2u);
  std::ifstream twin(dir_ / "team" / "parts-too.arch");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(twin), {}), "postgres db\nredis cache\n");
  for (const char* refused : {"team/alias.arch", "team/pipe.arch"}) {
    auto x = save(refused);
    ASSERT_TRUE(x) << refused;
    EXPECT_EQ(x->status, 403) << refused << ": " << x->body;
  }
  EXPECT_TRUE(fs::is_symlink(dir_ / "team" / "alias.arch"));
  EXPECT_TRUE(fs::is_fifo(dir_ / "team" / "pipe.arch"));
  // No temporary left beside them.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_ / "team")) ++entries;
  EXPECT_EQ(entries, 5u);
  EXPECT_EQ(s.stop(SIGTERM), 0);
}

// Point 5: a folder swapped for a symlink to elsewhere while requests run (atomically, with
// renameat2's exchange) never lets a read or a write reach the other side.
TEST_F(Serve, AFolderSwappedForASymlinkLeadsNowhere) {
  fs::path outside = dir_.parent_path() / (dir_.filename().string() + "-outside");
  fs::remove_all(outside);
  fs::create_directories(outside);
  std::ofstream(outside / "parts.arch") << "service secret\n";
  fs::create_directory_symlink(outside, dir_ / "swap");
  Server s({dir_.string(), "--port", "0"});
  std::atomic<bool> done{false};
  std::thread swapper([&] {
    while (!done) ::syscall(SYS_renameat2, AT_FDCWD, (dir_ / "team").c_str(), AT_FDCWD, (dir_ / "swap").c_str(), 2 /* RENAME_EXCHANGE */);
  });
  int leaks = 0, answered = 0;
  httplib::Client c = s.client();
  for (int i = 0; i < 150; ++i) {
    auto r = c.Get("/api/file?path=team/parts.arch");
    if (r && r->body.find("secret") != std::string::npos) ++leaks;
    auto w = c.Post("/api/save", Json{{"path", "team/parts.arch"}, {"text", "service pwned\n"}, {"version", ""}, {"force", true}}.dump(),
                    "application/json");
    auto k = c.Post("/api/compile", compile_body("top.arch", "import \"team/parts.arch\"\nservice a\n").dump(), "application/json");
    if (k && k->body.find("secret") != std::string::npos) ++leaks;
    answered += r && w && k;
  }
  done = true;
  swapper.join();
  EXPECT_EQ(leaks, 0);
  EXPECT_GT(answered, 120);
  std::ifstream in(outside / "parts.arch");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "service secret\n");
  EXPECT_EQ(s.stop(SIGTERM), 0);
  fs::remove_all(outside);
}

// Point 6: 100 clients that send a header line a second hold no worker: a normal request is
// answered within 2 s all along, and the slow ones are told 408 and closed.
TEST_F(Serve, SlowHeaderClientsDoNotStarveTheServer) {
  Server s({dir_.string(), "--port", "0"});
  std::vector<Raw> slow;
  for (int i = 0; i < 100; ++i) {
    slow.emplace_back(s.port());
    ASSERT_TRUE(slow.back().connected());
    slow.back().send("GET /api/files HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(s.port()) + "\r\n");
  }
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    for (int line = 0; !done; ++line) {
      for (Raw& r : slow) r.send("X-Slow-" + std::to_string(line) + ": y\r\n");
      for (int t = 0; t < 10 && !done; ++t) std::this_thread::sleep_for(100ms);
    }
  });
  httplib::Client c = s.client();
  std::chrono::milliseconds slowest{0};
  for (int i = 0; i < 14; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = c.Get("/api/files");
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
    slowest = std::max(slowest, took);
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->status, 200);
    std::this_thread::sleep_for(500ms);
  }
  done = true;
  trickle.join();
  EXPECT_LT(slowest, 2s);
  // By now (over 7 s) every slow client was answered 408 and closed.
  std::string reply = slow.front().read_all(3s);
  EXPECT_EQ(status_of(reply), 408) << reply;
  EXPECT_EQ(s.stop(SIGTERM), 0);
}

// Point 6: 500 open event streams: at most the cap is served, the others are told 503 and
// closed, and a normal request is still answered at once.
TEST_F(Serve, FiveHundredEventStreamsDoNotStarveTheServer) {
  Server s({dir_.string(), "--port", "0"});
  std::vector<Raw> pages;
  for (int i = 0; i < 500; ++i) {
    pages.emplace_back(s.port());
    ASSERT_TRUE(pages.back().connected()) << i;
    pages.back().send("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(s.port()) + "\r\n\r\n");
  }
  auto t0 = std::chrono::steady_clock::now();
  auto r = s.client().Get("/api/files");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  std::this_thread::sleep_for(1s);
  int open = 0, refused_and_closed = 0;
  for (Raw& p : pages) {
    // What has come by now, without waiting: a served stream's greeting, or a refusal and
    // the end of the connection.
    std::string reply;
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(p.fd(), buf, sizeof buf, MSG_DONTWAIT)) > 0) reply.append(buf, static_cast<std::size_t>(n));
    if (status_of(reply) == 200) ++open;
    if (status_of(reply) == 503 && n == 0) ++refused_and_closed;
  }
  EXPECT_GT(open, 0);
  EXPECT_LE(open, 32);
  EXPECT_EQ(open + refused_and_closed, 500);
  EXPECT_EQ(s.stop(SIGTERM), 0);
}

#ifndef ARCHC_UNDER_ASAN
// Point 6: Runs beyond the cap wait their turn: 8 Runs of a large diagram at once never lay
// out in more child processes than the cap (one per core, at most 8).
TEST_F(Serve, CompilesBeyondTheCapWait) {
  std::string text = big_diagram(250);
  Server s({dir_.string(), "--port", "0"});
  auto children = [&] {
    std::size_t n = 0;
    for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(s.pid()) + "/task")) {
      std::ifstream in(task.path() / "children");
      for (std::string pid; in >> pid;) ++n;
    }
    return n;
  };
  std::atomic<int> running{8};
  std::vector<std::thread> runs;
  for (int i = 0; i < 8; ++i) {
    runs.emplace_back([&] {
      auto r = s.client().Post("/api/compile", compile_body("big.arch", text).dump(), "application/json");
      EXPECT_TRUE(r && r->status == 200);
      --running;
    });
  }
  std::size_t most = 0;
  while (running > 0) {
    most = std::max(most, children());
    std::this_thread::sleep_for(5ms);
  }
  for (std::thread& t : runs) t.join();
  std::size_t cap = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  EXPECT_GT(most, 0u);
  EXPECT_LE(most, cap);
  EXPECT_EQ(s.stop(SIGTERM), 0);
}
#endif

// Found by a cold try as an attacker (issue 23): bodies that never finish hold only their
// own lane, and only for a moment; a POST without a length or over the cap is answered at
// once.
TEST_F(Serve, TrickledBodiesDoNotStarveReads) {
  Server s({dir_.string(), "--port", "0"});
  const std::string host = "Host: 127.0.0.1:" + std::to_string(s.port()) + "\r\n";
  std::vector<Raw> trickle;
  for (int i = 0; i < 16; ++i) {
    trickle.emplace_back(s.port());
    trickle.back().send("POST /api/compile HTTP/1.1\r\n" + host +
                        "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
  }
  for (int i = 0; i < 16; ++i) {
    trickle.emplace_back(s.port());
    trickle.back().send("POST /api/save HTTP/1.1\r\n" + host +
                        "Content-Type: application/json\r\nContent-Length: 200000\r\n\r\n" + std::string(70000, ' '));
  }
  httplib::Client c = s.client();
  for (int i = 0; i < 6; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = c.Get("/api/files");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s) << i;
    std::this_thread::sleep_for(300ms);
  }
  // No length, or one over the cap: answered without waiting for a byte of body.
  for (const std::string& length : {std::string(), std::string("Content-Length: 99999999999\r\n")}) {
    Raw r(s.port());
    auto t0 = std::chrono::steady_clock::now();
    r.send("POST /api/compile HTTP/1.1\r\n" + host + "Content-Type: application/json\r\n" + length + "\r\n");
    std::string reply = r.read_all(5s);
    EXPECT_EQ(status_of(reply), length.empty() ? 411 : 413) << reply;
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
  }
  EXPECT_EQ(s.stop(SIGTERM), 0);
}

#ifndef ARCHC_UNDER_ASAN
// Runs waiting for their turn wait in their own lane: reads are answered meanwhile.
TEST_F(Serve, QueuedRunsDoNotHoldReads) {
  std::string text = big_diagram(5000);
  Server s({dir_.string(), "--port", "0", "--compile-timeout", "1"});
  std::vector<std::thread> runs;
  for (int i = 0; i < 10; ++i) {
    runs.emplace_back([&] { s.client().Post("/api/compile", compile_body("big.arch", text).dump(), "application/json"); });
  }
  std::this_thread::sleep_for(500ms);
  auto t0 = std::chrono::steady_clock::now();
  auto r = s.client().Get("/api/files");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  EXPECT_EQ(s.stop(SIGTERM), 0);
  for (std::thread& t : runs) t.join();
}
#endif

// Another site's page can link to the page, but not read the API, hold an event stream open
// (each takes one of the pages' places) or make a HEAD a 405.
TEST_F(Serve, AnotherSitesPageCannotUseTheApi) {
  Server s({dir_.string(), "--port", "0"});
  httplib::Client c = s.client();
  for (const char* site : {"cross-site", "same-site"}) {
    httplib::Headers h{{"Sec-Fetch-Site", site}};
    EXPECT_EQ(c.Get("/api/files", h)->status, 403) << site;
    EXPECT_EQ(c.Get("/api/file?path=team/parts.arch", h)->status, 403) << site;
    Raw events(s.port());
    events.send("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(s.port()) + "\r\nSec-Fetch-Site: " +
                site + "\r\n\r\n");
    EXPECT_EQ(status_of(events.read_all(3s)), 403) << site;
  }
  EXPECT_EQ(c.Get("/", httplib::Headers{{"Sec-Fetch-Site", "cross-site"}})->status, 200);  // a link
  EXPECT_EQ(c.Get("/api/files", httplib::Headers{{"Sec-Fetch-Site", "same-origin"}})->status, 200);
  auto page = c.Get("/");
  EXPECT_EQ(page->get_header_value("X-Frame-Options"), "DENY");
  EXPECT_EQ(c.Head("/api/files")->status, 200);
  // A JSON look-alike is no JSON; a NUL in a header ends nothing.
  EXPECT_EQ(c.Post("/api/compile", compile_body("team/shop.arch", "service x\n").dump(), "application/jsonx")->status, 403);
  Raw nul(s.port());
  nul.send(std::string("GET /api/files HTTP/1.1\r\nHost: 127.0.0.1:") + std::to_string(s.port()) +
           std::string("\0evil\r\n\r\n", 9));
  EXPECT_EQ(status_of(nul.read_all(3s)), 400);
  EXPECT_EQ(s.stop(SIGTERM), 0);
}

// A Run's import through a symlink under the folder is refused, not followed, even to a
// diagram inside: the link's target is named nowhere.
TEST_F(Serve, ARunsImportThroughASymlinkIsRefused) {
  std::ofstream(dir_ / "private.arch") << "service zebra-private\n";
  fs::create_symlink("private.arch", dir_ / "link.arch");
  fs::create_directory_symlink("team", dir_ / "teamlink");
  Server s({dir_.string(), "--port", "0"});
  auto r = s.client().Post("/api/compile",
                           compile_body("main.arch", "import \"link.arch\"\nimport \"teamlink/parts.arch\"\nservice a\n").dump(),
                           "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body.find("zebra"), std::string::npos) << r->body;
  EXPECT_EQ(r->body.find("private.arch"), std::string::npos) << r->body;
  Json j = Json::parse(r->body);
  ASSERT_EQ(j["diagnostics"].size(), 2u) << r->body;
  for (const Json& d : j["diagnostics"]) {
    EXPECT_EQ(d["code"], "import-refused");
    EXPECT_NE(d["message"].get<std::string>().find("symlinks are not followed"), std::string::npos) << d.dump();
  }
  EXPECT_EQ(s.stop(SIGTERM), 0);
}

TEST_F(Serve, APortInUseIsAClearErrorAndExit2) {
  Server first({dir_.string(), "--port", "0"});
  Server second({dir_.string(), "--port", std::to_string(first.port())}, false);
  EXPECT_EQ(second.wait(), 2);
  std::string err = second.stderr_text();
  EXPECT_NE(err.find("cannot listen on 127.0.0.1:" + std::to_string(first.port())), std::string::npos) << err;
  EXPECT_NE(err.find("in use"), std::string::npos) << err;
  EXPECT_EQ(first.stop(SIGTERM), 0);
}

TEST_F(Serve, ListeningBeyondLoopbackWarns) {
  Server s({dir_.string(), "--port", "0", "--host", "0.0.0.0"});
  EXPECT_EQ(s.stop(SIGTERM), 0);
  EXPECT_NE(s.stderr_text().find("warning: listening on 0.0.0.0"), std::string::npos) << s.stderr_text();
}

TEST_F(Serve, AFolderThatIsNotOneIsAUsageError) {
  Server s({(dir_ / "missing").string()}, false);
  EXPECT_EQ(s.wait(), 2);
  EXPECT_NE(s.stderr_text().find("is not a folder"), std::string::npos);
}

}  // namespace
}  // namespace archc
