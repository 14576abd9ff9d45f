#include "source/beneath.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

namespace archc::source {

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

namespace {

// Whether the kernel has openat2; learnt from the first call (ENOSYS), then remembered.
std::atomic<bool> g_no_openat2{false};

// The components of `relative`, each a plain name; false for `..`, `.`, an absolute path.
bool plain_components(const std::filesystem::path& relative, std::vector<std::string>& parts) {
  if (relative.is_absolute() || relative.has_root_name() || relative.has_root_directory()) return false;
  for (const std::filesystem::path& p : relative) {
    const std::string& s = p.native();
    if (s.empty()) continue;  // a trailing slash
    if (s == "." || s == "..") return false;
    parts.push_back(s);
  }
  return true;
}

// Without openat2: one component at a time, none of them followed if it is a symlink.
int open_walking(int dir_fd, const std::vector<std::string>& parts, int flags, unsigned mode) {
  if (parts.empty()) return ::openat(dir_fd, ".", flags | O_CLOEXEC, mode);
  Fd current;
  int at = dir_fd;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    int next = ::openat(at, parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) return -1;  // ELOOP for a symlink, ENOTDIR, ENOENT, ...
    current = Fd(next);
    at = current.get();
  }
  int fd = ::openat(at, parts.back().c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
  // O_PATH with O_NOFOLLOW opens a symlink itself instead of failing.
  struct stat st {};
  if (fd >= 0 && (flags & O_PATH) && ::fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) {
    ::close(fd);
    errno = ELOOP;
    return -1;
  }
  return fd;
}

}  // namespace

int open_beneath(int dir_fd, const std::filesystem::path& relative, int flags, unsigned mode) {
  std::vector<std::string> parts;
  if (!plain_components(relative, parts)) {
    errno = EXDEV;
    return -1;
  }
  if (!g_no_openat2.load(std::memory_order_relaxed)) {
    std::string joined;
    for (const std::string& p : parts) joined += (joined.empty() ? "" : "/") + p;
    if (joined.empty()) joined = ".";
    open_how how{};
    how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
    how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    long fd = ::syscall(SYS_openat2, dir_fd, joined.c_str(), &how, sizeof how);
    if (fd >= 0) return static_cast<int>(fd);
    // ENOSYS: an older kernel; EPERM: a seccomp filter (containers) that does not know it.
    if (errno != ENOSYS && errno != EPERM) return -1;
    g_no_openat2 = true;
  }
  return open_walking(dir_fd, parts, flags, mode);
}

std::string beneath_reason(int error) {
  switch (error) {
    case ELOOP: return "symlinks are not followed under the served folder";
    case EXDEV: return "the path leads outside the folder";
    case ENOENT:
    case ENOTDIR: return "no such file";
    case EACCES:
    case EPERM: return "permission denied";
    default: break;
  }
  char buf[256];
  std::string s = strerror_r(error, buf, sizeof buf);
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

}  // namespace archc::source
