// `archc serve` over real HTTP: the binary in a child process, a cpp-httplib client. Every
// refusal of the issue (foreign hosts and origins, oversized and malformed requests, paths
// out of the folder), 50 requests at once, live reload's events, the compile time limit, a
// port in use, and a clean stop on SIGINT and SIGTERM.

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

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

class Serve : public testing::Test {
 protected:
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
