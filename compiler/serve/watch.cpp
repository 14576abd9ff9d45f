#include "serve/watch.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace archc::serve {

namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE;

bool skipped(const fs::path& name) {
  std::string n = name.string();
  return n.empty() || n[0] == '.' || n == "node_modules" || n == "build" || n.rfind("build-", 0) == 0;
}

}  // namespace

Watcher::Watcher(fs::path dir, Callback changed) : dir_(std::move(dir)), changed_(std::move(changed)) {
  fd_ = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (fd_ < 0 || ::pipe2(wake_, O_CLOEXEC) != 0) {
    error_ = std::string("inotify: ") + std::strerror(errno);
    return;
  }
  watch_tree(dir_);
  thread_ = std::thread([this] { run(); });
}

Watcher::~Watcher() {
  if (thread_.joinable()) {
    char c = 0;
    (void)!::write(wake_[1], &c, 1);
    thread_.join();
  }
  for (int fd : {fd_, wake_[0], wake_[1]}) {
    if (fd >= 0) ::close(fd);
  }
}

void Watcher::watch_tree(const fs::path& dir) {
  std::vector<fs::path> todo{dir};
  while (!todo.empty() && watches_.size() < kMaxWatches) {
    fs::path d = todo.back();
    todo.pop_back();
    int wd = ::inotify_add_watch(fd_, d.c_str(), kMask);
    if (wd < 0) {
      if (error_.empty() && d == dir_) error_ = std::string("inotify: ") + std::strerror(errno);
      continue;
    }
    watches_.emplace(wd, d);
    std::error_code ec;
    for (fs::directory_iterator it(d, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
         it.increment(ec)) {
      std::error_code type_ec;
      if (it->is_directory(type_ec) && !it->is_symlink(type_ec) && !skipped(it->path().filename())) {
        todo.push_back(it->path());
      }
    }
  }
}

void Watcher::run() {
  std::vector<fs::path> pending;
  alignas(inotify_event) char buf[16384];
  for (;;) {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    // With changes pending, wait only for the quiet time; then report them.
    int ready = ::poll(fds, 2, pending.empty() ? -1 : kQuietMs);
    if (ready < 0 && errno != EINTR) return;
    if (fds[1].revents) return;
    if (ready == 0 && !pending.empty()) {
      std::sort(pending.begin(), pending.end());
      pending.erase(std::unique(pending.begin(), pending.end()), pending.end());
      changed_(pending);
      pending.clear();
      continue;
    }
    if (!(fds[0].revents & POLLIN)) continue;
    for (;;) {
      ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      for (char* p = buf; p < buf + n;) {
        auto* e = reinterpret_cast<inotify_event*>(p);
        p += sizeof(inotify_event) + e->len;
        auto w = watches_.find(e->wd);
        if (w == watches_.end() || e->len == 0) continue;
        fs::path path = w->second / e->name;
        if ((e->mask & IN_ISDIR) && (e->mask & (IN_CREATE | IN_MOVED_TO)) && !skipped(path.filename())) {
          watch_tree(path);
          pending.push_back(path);
        } else if (!(e->mask & IN_ISDIR)) {
          pending.push_back(path);
        }
      }
    }
  }
}

}  // namespace archc::serve
