#include "layout/isolate.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <type_traits>

namespace archc::layout {

namespace {

class Writer {
 public:
  template <typename T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put(const std::string& s) {
    put(static_cast<std::uint64_t>(s.size()));
    out_ += s;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <typename T>
  bool get(T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (in_.size() < sizeof v) return false;
    std::memcpy(&v, in_.data(), sizeof v);
    in_.remove_prefix(sizeof v);
    return true;
  }
  bool get(std::string& s) {
    std::uint64_t n = 0;
    if (!get(n) || n > in_.size()) return false;
    s.assign(in_.substr(0, n));
    in_.remove_prefix(n);
    return true;
  }
  // A count of items of at least `item_size` bytes each, never more than the bytes left.
  bool count(std::size_t& n, std::size_t item_size) {
    std::uint64_t v = 0;
    if (!get(v) || v > in_.size() / item_size) return false;
    n = static_cast<std::size_t>(v);
    return true;
  }
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

Layout failed(std::string why, bool timed_out = false) {
  Layout l;
  l.error = std::move(why);
  l.timed_out = timed_out;
  return l;
}

}  // namespace

std::string serialize(const Layout& l) {
  Writer w;
  w.put(l.width);
  w.put(l.height);
  w.put(l.error);
  w.put(static_cast<std::uint64_t>(l.nodes.size()));
  for (std::size_t i = 0; i < l.nodes.size(); ++i) {
    w.put(l.nodes[i]);
    w.put(static_cast<std::uint8_t>(l.node_placed[i]));
  }
  w.put(static_cast<std::uint64_t>(l.edges.size()));
  for (const EdgeRoute& e : l.edges) {
    w.put(static_cast<std::uint8_t>(e.placed));
    w.put(static_cast<std::uint64_t>(e.points.size()));
    for (const Point& p : e.points) w.put(p);
    w.put(e.tip);
    w.put(static_cast<std::uint8_t>(e.has_label));
    w.put(e.label);
  }
  w.put(static_cast<std::uint64_t>(l.groups.size()));
  for (const GroupBox& g : l.groups) {
    w.put(static_cast<std::uint8_t>(g.placed));
    w.put(g.box);
  }
  return w.take();
}

bool deserialize(std::string_view bytes, Layout& l) {
  Reader r(bytes);
  std::size_t n = 0;
  std::uint8_t flag = 0;
  if (!r.get(l.width) || !r.get(l.height) || !r.get(l.error)) return false;
  if (!r.count(n, sizeof(Box) + 1)) return false;
  l.nodes.resize(n);
  l.node_placed.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!r.get(l.nodes[i]) || !r.get(flag)) return false;
    l.node_placed[i] = flag != 0;
  }
  if (!r.count(n, 1 + 8 + sizeof(Point) + 1 + sizeof(Box))) return false;
  l.edges.resize(n);
  for (EdgeRoute& e : l.edges) {
    std::size_t points = 0;
    if (!r.get(flag) || !r.count(points, sizeof(Point))) return false;
    e.placed = flag != 0;
    e.points.resize(points);
    for (Point& p : e.points) {
      if (!r.get(p)) return false;
    }
    if (!r.get(e.tip) || !r.get(flag) || !r.get(e.label)) return false;
    e.has_label = flag != 0;
  }
  if (!r.count(n, 1 + sizeof(Box))) return false;
  l.groups.resize(n);
  for (GroupBox& g : l.groups) {
    if (!r.get(flag) || !r.get(g.box)) return false;
    g.placed = flag != 0;
  }
  return r.done();
}

Layout run_isolated(const std::function<Layout()>& work, std::chrono::milliseconds timeout,
                    const std::function<void()>& forked) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + timeout;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return failed(std::string("cannot start the layout: ") + std::strerror(errno));
  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return failed(std::string("cannot start the layout: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // The child: only lay out, answer, and leave without running the parent's exit handlers.
    // An exception must not unwind into the parent's code running in this copy.
    ::close(fds[0]);
    // The child lays out for its parent only: it ends with it (Ctrl-C, a kill) instead of
    // running on to the time limit.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    bool ok = false;
    try {
      ok = write_all(fds[1], serialize(work()));
    } catch (...) {
    }
    ::_exit(ok ? 0 : 1);
  }
  if (forked) forked();
  ::close(fds[1]);
  std::string bytes;
  bool timed_out = false;
  char buf[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1'000'000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) continue;  // the deadline is checked at the top
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // end of file: the child is done (or died)
    bytes.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return failed("the layout did not finish in time", true);
  Layout l;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !deserialize(bytes, l)) {
    return failed(WIFSIGNALED(status) ? "Graphviz stopped with signal " + std::to_string(WTERMSIG(status))
                                      : std::string("Graphviz could not lay the diagram out"));
  }
  return l;
}

}  // namespace archc::layout
