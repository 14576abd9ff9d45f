// Hostile inputs and interruptions, driven as a user would: the real binary in a child
// process (signals, resource limits), or the command line in-process. Each test fails
// without the protection it names.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/driver.hpp"
#include "generator.hpp"

namespace archc {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

class Hostile : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("archc-hostile-" + std::to_string(::getpid()) + "-" +
                                        testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  int run(std::vector<std::string> args) {
    args.insert(args.begin(), "archc");
    out_.str("");
    err_.str("");
    cli::Env env{out_, err_, false};
    return cli::run(args, env);
  }
  // Names in `dir` that hold ".tmp-": what a run must never leave.
  static std::vector<std::string> debris(const fs::path& dir) {
    std::vector<std::string> found;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.path().filename().string().find(".tmp-") != std::string::npos) found.push_back(e.path().string());
    }
    return found;
  }
  static std::string big_diagram() {
    bench::GeneratorOptions options;
    options.nodes = 600;
    return bench::generate_architecture(options).arch;
  }

  fs::path dir_;
  std::ostringstream out_, err_;
};

TEST_F(Hostile, AFifoImportedFromInsideTheRootIsRefusedAtOnce) {
  ASSERT_EQ(::mkfifo((dir_ / "part.arch").c_str(), 0600), 0);
  std::ofstream(dir_ / "main.arch") << "import \"part.arch\"\nservice a\n";
  auto t0 = Clock::now();
  EXPECT_EQ(run({"check", (dir_ / "main.arch").string()}), 1);
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(5));
  EXPECT_NE(err_.str().find("it is a FIFO, not a regular file"), std::string::npos) << err_.str();
}

TEST_F(Hostile, ADeviceIsRefusedAtOnce) {
  auto t0 = Clock::now();
  EXPECT_EQ(run({"check", "/dev/zero"}), 2);
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(5));
  EXPECT_NE(err_.str().find("cannot read `/dev/zero`: it is a character device"), std::string::npos) << err_.str();
}

TEST_F(Hostile, AFileOverTheCapIsRefusedBeforeItIsRead) {
  { std::ofstream(dir_ / "huge.arch") << "service a\n"; }
  fs::resize_file(dir_ / "huge.arch", std::uint64_t{300} << 20);  // 300 MB, sparse
  auto t0 = Clock::now();
  EXPECT_EQ(run({"check", (dir_ / "huge.arch").string()}), 2);
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(2));
  EXPECT_NE(err_.str().find("it is larger than 256 MiB"), std::string::npos) << err_.str();
}

// The real binary in a child: its exit status and peak resident memory.
struct ChildRun {
  int status = -1;
  long peak_kb = 0;
  std::string err;
};
ChildRun run_child(const fs::path& dir, const std::vector<std::string>& args) {
  fs::path err_file = dir / "child.err";
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, 2);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(ARCHC_BINARY, argv.data());
    ::_exit(127);
  }
  ChildRun r;
  struct rusage usage {};
  int status = 0;
  ::wait4(pid, &status, 0, &usage);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.peak_kb = usage.ru_maxrss;
  std::ifstream in(err_file);
  r.err.assign(std::istreambuf_iterator<char>(in), {});
  return r;
}

// Issue 23, point 4: `archc fmt` rewrites the content and keeps the file: its mode, its hard
// links, a symlink as a link (its target formatted); a FIFO or a device is refused at once.
// Still atomic: no temporary left.
TEST_F(Hostile, FmtKeepsTheFilesModeLinksAndSymlinks) {
  const std::string messy = "service   a\nservice b\nconnect( a , b )\n", tidy = "service a\nservice b\nconnect(a, b)\n";
  auto read = [](const fs::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  for (mode_t mode : {0600, 0755}) {
    fs::path p = dir_ / ("m" + std::to_string(mode) + ".arch");
    std::ofstream(p) << messy;
    ASSERT_EQ(::chmod(p.c_str(), mode), 0);
    ChildRun r = run_child(dir_, {"archc", "fmt", p.string()});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(read(p), tidy);
    struct stat st {};
    ASSERT_EQ(::stat(p.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, mode) << std::oct << mode;
  }
  // Hard links: both names see the formatted text; one inode still.
  std::ofstream(dir_ / "a.arch") << messy;
  fs::create_hard_link(dir_ / "a.arch", dir_ / "b.arch");
  EXPECT_EQ(run_child(dir_, {"archc", "fmt", (dir_ / "a.arch").string()}).status, 0);
  EXPECT_EQ(read(dir_ / "b.arch"), tidy);
  EXPECT_EQ(fs::hard_link_count(dir_ / "a.arch"), 2u);
  // A symlink stays a link; its target is formatted.
  fs::create_directories(dir_ / "real");
  std::ofstream(dir_ / "real" / "t.arch") << messy;
  fs::create_symlink("real/t.arch", dir_ / "link.arch");
  EXPECT_EQ(run_child(dir_, {"archc", "fmt", (dir_ / "link.arch").string()}).status, 0);
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.arch"));
  EXPECT_EQ(read(dir_ / "real" / "t.arch"), tidy);
  // A FIFO (with no writer: reading it would wait for ever) and a device are refused at once.
  ASSERT_EQ(::mkfifo((dir_ / "pipe.arch").c_str(), 0644), 0);
  auto t0 = Clock::now();
  ChildRun fifo = run_child(dir_, {"archc", "fmt", (dir_ / "pipe.arch").string()});
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(5));
  EXPECT_EQ(fifo.status, 2);
  EXPECT_NE(fifo.err.find("it is a FIFO, not a regular file"), std::string::npos) << fifo.err;
  fs::create_symlink("/dev/null", dir_ / "null.arch");
  ChildRun device = run_child(dir_, {"archc", "fmt", (dir_ / "null.arch").string()});
  EXPECT_EQ(device.status, 2);
  EXPECT_NE(device.err.find("character device"), std::string::npos) << device.err;
  EXPECT_EQ(debris(dir_), std::vector<std::string>{});
}

// A file its owner made read-only is left as it is (as an editor does), not replaced by a
// rename: found by a cold try as an attacker.
TEST_F(Hostile, FmtLeavesAReadOnlyFileAsItIs) {
  fs::path p = dir_ / "ro.arch";
  std::ofstream(p) << "service   a\n";
  ASSERT_EQ(::chmod(p.c_str(), 0444), 0);
  ChildRun r = run_child(dir_, {"archc", "fmt", p.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("it is read-only (mode 0444)"), std::string::npos) << r.err;
  std::ifstream in(p);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "service   a\n");
}

// 100,000 nested blocks on one line (600 KB) cost what their text does: each block past the
// limit was reported again, and walked the whole stack, so this took two minutes.
TEST_F(Hostile, HundredThousandNestedBlocksCostWhatTheirTextDoes) {
  std::string text = "scenario s \"S\" {";
  for (int i = 0; i < 100000; ++i) text += "par {";
  text += std::string(100001, '}') + "\n";
  std::ofstream(dir_ / "deep.arch") << text;
  auto t0 = Clock::now();
  ChildRun r = run_child(dir_, {"archc", "check", (dir_ / "deep.arch").string()});
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(10));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("error[too-deep]"), std::string::npos) << r.err.substr(0, 500);
}

// The same for `-o`: an output that exists keeps its mode and links.
TEST_F(Hostile, AnOutputKeepsItsModeAndLinks) {
  std::ofstream(dir_ / "a.arch") << "service a\n";
  std::ofstream(dir_ / "out.json") << "old\n";
  ASSERT_EQ(::chmod((dir_ / "out.json").c_str(), 0640), 0);
  fs::create_hard_link(dir_ / "out.json", dir_ / "copy.json");
  ChildRun r = run_child(dir_, {"archc", (dir_ / "a.arch").string(), "-o", (dir_ / "out.json").string()});
  ASSERT_EQ(r.status, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "out.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_EQ(st.st_nlink, 2u);
  EXPECT_GT(fs::file_size(dir_ / "copy.json"), 100u);
  EXPECT_EQ(debris(dir_), std::vector<std::string>{});
}

// Point 2, from the command line: an import must name a `.arch` file, and a refused one is
// never read (its bytes are in no message).
TEST_F(Hostile, AnImportThatIsNotADiagramIsRefusedUnread) {
  std::ofstream(dir_ / ".env") << "SECRET_TOKEN=hunter2\n";
  std::ofstream(dir_ / "main.arch") << "import \".env\"\nservice a\n";
  ChildRun r = run_child(dir_, {"archc", "check", (dir_ / "main.arch").string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("error[import-refused]: `.env` is not a `.arch` file"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
}

// 10,000 layers, each extending the one before and adding a node and a connection that breaks
// a rule (630 KB). With a list of members per layer, `check` took 8.7 s and 1.07 GB and
// `-o x.json` grew until the kernel killed it; with layers as deltas, check costs what the
// text does (27 MB here; 520 MB when each layer still kept a bit per node) and an output that
// would list 50 million memberships is refused before any work.
TEST_F(Hostile, TenThousandChainedLayersCostWhatTheirTextDoes) {
  // Each layer adds a node and a connection; in chain.arch the broker dials it (a violation
  // in every layer from there on), in clean.arch it dials the broker.
  for (bool broken : {true, false}) {
    std::ofstream out(dir_ / (broken ? "chain.arch" : "clean.arch"));
    out << "kafka k\nlayer l0 { service s0 }\n";
    for (int i = 1; i < 10'000; ++i) {
      std::string s = "s" + std::to_string(i);
      out << "layer l" << i << " <> { service " << s << "; connect(" << (broken ? "k, " + s : s + ", k") << ") }\n";
    }
  }
  // Generous for a sanitizer build (115 MB there, 27 MB in a release build); a list of
  // members per layer needed 520 MB.
  ChildRun clean = run_child(dir_, {"archc", "check", (dir_ / "clean.arch").string()});
  EXPECT_EQ(clean.status, 0) << clean.err.substr(0, 2000);
  EXPECT_LT(clean.peak_kb, 256 * 1024) << "peak RSS of `archc check`";

  // Each violation names its first layers and counts the rest.
  ChildRun check = run_child(dir_, {"archc", "check", (dir_ / "chain.arch").string()});
  EXPECT_EQ(check.status, 1);
  EXPECT_NE(check.err.find("(in l1, l2, l3 and 9996 more layers)"), std::string::npos) << check.err.substr(0, 2000);
  EXPECT_NE(check.err.find("(in l9999)"), std::string::npos);
  EXPECT_NE(check.err.find("archc: 9999 errors"), std::string::npos);

  // An output would list 50 million memberships: refused before any work.
  ChildRun json = run_child(dir_, {"archc", (dir_ / "clean.arch").string(), "-o", (dir_ / "chain.json").string()});
  EXPECT_EQ(json.status, 1);
  EXPECT_NE(json.err.find("error[output-budget]"), std::string::npos) << json.err.substr(0, 2000);
  EXPECT_LT(json.peak_kb, 256 * 1024) << "peak RSS of `archc -o chain.json`";
  EXPECT_FALSE(fs::exists(dir_ / "chain.json"));
}

// A disk that fills half-way through a folder output (here: a file-size limit, which fails a
// write the same way) leaves the old folder exactly as it was, and nothing else.
TEST_F(Hostile, AFolderOutputThatFailsHalfWayLeavesTheOldFolderAsItWas) {
  std::ifstream example(std::string(ARCHC_EXAMPLES_DIR) + "/cloud_platform.arch");
  std::stringstream text;
  text << example.rdbuf();
  std::ofstream(dir_ / "in.arch") << text.str();
  ASSERT_EQ(run({(dir_ / "in.arch").string(), "-o", (dir_ / "out").string() + "/"}), 0) << err_.str();
  std::map<std::string, std::string> before;
  for (const auto& e : fs::directory_iterator(dir_ / "out")) {
    std::ifstream in(e.path());
    std::stringstream s;
    s << in.rdbuf();
    before[e.path().filename().string()] = s.str();
  }
  std::ofstream(dir_ / "out" / "mine.txt") << "the user's own file";
  // A changed title changes every file; the limit fails the larger SVGs, not the first ones.
  std::string changed = text.str();
  std::size_t title = changed.find("\ntitle ");
  ASSERT_NE(title, std::string::npos);
  changed.replace(title + 1, changed.find('\n', title + 1) - title - 1, "title \"Changed\"");
  std::ofstream(dir_ / "in.arch") << changed;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{30 * 1024, 30 * 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    std::ostringstream o, e;
    cli::Env env{o, e, false};
    ::_exit(cli::run({"archc", (dir_ / "in.arch").string(), "-o", (dir_ / "out").string() + "/"}, env));
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2) << "the write failed";
  for (const auto& [name, content] : before) {
    std::ifstream in(dir_ / "out" / name);
    std::stringstream s;
    s << in.rdbuf();
    EXPECT_EQ(s.str(), content) << name << " changed";
  }
  EXPECT_TRUE(fs::exists(dir_ / "out" / "mine.txt"));
  EXPECT_EQ(debris(dir_), std::vector<std::string>{});
}

TEST_F(Hostile, AFolderOutputIntoAnExistingFolderKeepsTheUsersOtherFiles) {
  fs::create_directories(dir_ / "out");
  std::ofstream(dir_ / "out" / "notes.md") << "mine";
  std::ofstream(dir_ / "in.arch") << "layer v1 { service a }\n";
  ASSERT_EQ(run({(dir_ / "in.arch").string(), "-o", (dir_ / "out").string() + "/"}), 0) << err_.str();
  EXPECT_TRUE(fs::exists(dir_ / "out" / "v1.svg"));
  EXPECT_TRUE(fs::exists(dir_ / "out" / "index.html"));
  EXPECT_TRUE(fs::exists(dir_ / "out" / "notes.md"));
  EXPECT_EQ(debris(dir_), std::vector<std::string>{});
}

// The binary is interrupted the moment its temporary file appears, in the middle of writing
// it: the handler removes it, and the process still ends by that signal.
void interrupt_while_writing(const fs::path& dir, const std::vector<std::string>& args, int sig) {
  int watch = ::inotify_init1(IN_CLOEXEC);
  ASSERT_GE(watch, 0);
  ASSERT_GE(::inotify_add_watch(watch, dir.c_str(), IN_CREATE), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(ARCHC_BINARY, argv.data());
    ::_exit(127);
  }
  bool caught = false;
  char buf[4096] __attribute__((aligned(8)));
  while (!caught) {
    ssize_t n = ::read(watch, buf, sizeof buf);
    if (n <= 0) break;
    for (char* p = buf; p < buf + n;) {
      auto* event = reinterpret_cast<inotify_event*>(p);
      if (event->len && std::string(event->name).find(".tmp-") != std::string::npos) caught = true;
      p += sizeof(inotify_event) + event->len;
    }
  }
  ::kill(pid, sig);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(watch);
  ASSERT_TRUE(caught);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << "ends by the signal, status " << status;
  std::vector<std::string> left;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().filename().string().find(".tmp-") != std::string::npos) left.push_back(e.path().string());
  }
  EXPECT_EQ(left, std::vector<std::string>{});
}

TEST_F(Hostile, SigintDuringAWriteLeavesNoTemporaryFile) {
  std::ofstream(dir_ / "big.arch") << big_diagram();
  interrupt_while_writing(dir_, {"archc", (dir_ / "big.arch").string(), "-o", (dir_ / "big.html").string()}, SIGINT);
  EXPECT_FALSE(fs::exists(dir_ / "big.html"));
}

TEST_F(Hostile, SigtermDuringAFolderWriteLeavesNoTemporaryFolder) {
  std::ofstream(dir_ / "big.arch") << big_diagram();
  interrupt_while_writing(dir_, {"archc", (dir_ / "big.arch").string(), "-o", (dir_ / "out").string() + "/"}, SIGTERM);
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

// The layout child ends with its parent: killing archc (even with SIGKILL, which no handler
// sees) does not leave Graphviz running on until the time limit.
TEST_F(Hostile, TheLayoutChildEndsWithItsParent) {
  bench::GeneratorOptions options;
  options.nodes = 3000;
  std::ofstream(dir_ / "huge.arch") << bench::generate_architecture(options).arch;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::execl(ARCHC_BINARY, "archc", (dir_ / "huge.arch").c_str(), "-o", (dir_ / "huge.html").c_str(),
            "--layout-timeout", "10m", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Wait for the layout child to appear.
  pid_t child = 0;
  auto deadline = Clock::now() + std::chrono::seconds(30);
  std::string children = "/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children";
  while (child == 0 && Clock::now() < deadline) {
    std::ifstream in(children);
    in >> child;
    if (child == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_NE(child, 0) << "no layout child seen";
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  deadline = Clock::now() + std::chrono::seconds(5);
  while (::kill(child, 0) == 0 && Clock::now() < deadline) {
    // The child is reparented to init (or a subreaper), which reaps it once it is gone.
    std::ifstream stat("/proc/" + std::to_string(child) + "/stat");
    std::string line;
    std::getline(stat, line);
    if (line.find(") Z ") != std::string::npos) break;  // a zombie: it has ended
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::ifstream stat("/proc/" + std::to_string(child) + "/stat");
  std::string line;
  std::getline(stat, line);
  EXPECT_TRUE(line.empty() || line.find(") Z ") != std::string::npos) << "the layout child still runs: " << line;
}

// An unreadable file says "permission denied" with its path. Root reads every file, so the
// binary runs as `nobody` when the test runs as root.
// Runs the binary as `nobody` when the test runs as root (root reads every file); returns
// its exit status and stderr.
std::pair<int, std::string> run_unprivileged(const fs::path& binary, const std::vector<std::string>& args) {
  int fds[2];
  if (::pipe(fds) != 0) return {-1, "pipe"};
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  // A plain environment: the sanitizers' options name suppression files that `nobody` may
  // not be able to read (and `check` lays nothing out, so Graphviz leaks nothing here).
  std::string asan = "ASAN_OPTIONS=detect_leaks=0";
  std::vector<char*> envp{const_cast<char*>("PATH=/usr/bin:/bin"), asan.data(), nullptr};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], STDERR_FILENO);
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(126);
    ::execve(binary.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string err;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) err.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, err};
}

// An unreadable file, named or imported, says "permission denied" with its path.
TEST_F(Hostile, AnUnreadableFileSaysPermissionDeniedWithItsPath) {
  // A copy of the binary that `nobody` may run: the build folder may be out of its reach.
  fs::copy_file(ARCHC_BINARY, dir_ / "archc");
  std::ofstream(dir_ / "secret.arch") << "service a\n";
  fs::permissions(dir_ / "secret.arch", fs::perms::none);
  auto [status, err] = run_unprivileged(dir_ / "archc", {"archc", "check", (dir_ / "secret.arch").string()});
  ASSERT_NE(status, 126) << "could not drop to nobody";
  ASSERT_NE(status, 127) << "could not run the binary";
  EXPECT_EQ(status, 2) << err;
  EXPECT_NE(err.find("cannot read `" + (dir_ / "secret.arch").string() + "`: permission denied"), std::string::npos)
      << err;

  std::ofstream(dir_ / "main.arch") << "import \"secret.arch\"\nservice b\n";
  auto [import_status, import_err] =
      run_unprivileged(dir_ / "archc", {"archc", "check", (dir_ / "main.arch").string()});
  EXPECT_EQ(import_status, 1) << import_err;
  EXPECT_NE(import_err.find("error[io-error]: cannot read `"), std::string::npos) << import_err;
  EXPECT_NE(import_err.find("secret.arch`: permission denied"), std::string::npos) << import_err;
}

}  // namespace
}  // namespace archc
