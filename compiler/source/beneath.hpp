#pragma once
// Files opened relative to a folder held open, so that nothing swapped in between a check
// and a use (a symlink, a renamed folder) can send a read or a write outside it: `archc
// serve` reads and saves only so.
//
// openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) where the kernel has it (Linux 5.6);
// elsewhere each component is opened in turn with O_NOFOLLOW, which refuses the same paths.

#include <filesystem>
#include <string>

namespace archc::source {

// An open file descriptor, closed with its owner.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd();
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

// Opens `relative` beneath the folder `dir_fd` with open(2)'s `flags` (and `mode` when it
// creates). Every component must be a plain name: no `..`, no `.`, no absolute path, no
// symlink anywhere on the way, the last component included. Returns the descriptor, or -1
// with errno set: ELOOP for a symlink, EXDEV for a path that would leave the folder,
// ENOENT, EACCES, ... An empty `relative` opens the folder itself again.
int open_beneath(int dir_fd, const std::filesystem::path& relative, int flags, unsigned mode = 0);

// Why open_beneath failed, in words for a message ("symlinks are not followed here", "no
// such file", ...).
std::string beneath_reason(int error);

}  // namespace archc::source
