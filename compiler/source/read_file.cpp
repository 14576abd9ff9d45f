#include "source/read_file.hpp"

#include "source/beneath.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace archc::source {

namespace {

FileText failure(ReadError error, std::string detail = {}) {
  FileText f;
  f.error = error;
  f.detail = std::move(detail);
  return f;
}

FileText read_all(int fd, bool pipe, std::uint64_t size, std::size_t max_bytes);

}  // namespace

std::string FileText::reason() const {
  switch (error) {
    case ReadError::None: return "";
    case ReadError::NotFound: return "no such file";
    case ReadError::IsFolder: return "it is a folder";
    case ReadError::NotRegular: return "it is " + detail + ", not a regular file";
    case ReadError::PermissionDenied: return "permission denied";
    case ReadError::TooLarge: return "it is larger than " + detail;
    case ReadError::Refused: return detail;
    case ReadError::Failed: return detail;
  }
  return detail;
}

FileText read_file(const std::filesystem::path& path, Allow allow, std::size_t max_bytes) {
  // Non-blocking, so that opening a FIFO with no writer returns at once; the type is known
  // from the descriptor, so nothing can swap the file between the check and the read.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (fd.get() < 0) {
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) return failure(ReadError::NotFound);
    if (e == EACCES || e == EPERM) return failure(ReadError::PermissionDenied);
    return failure(ReadError::Failed, std::strerror(e));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return failure(ReadError::Failed, std::strerror(errno));
  if (S_ISFIFO(st.st_mode) && allow == Allow::RegularFilesAndPipes) {
    // A pipe the user named: open it again, blocking, which waits for a writer (read on a
    // FIFO that no one has opened for writing yet would see the end at once).
    Fd blocking(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (blocking.get() < 0) return failure(ReadError::Failed, std::strerror(errno));
    return read_all(blocking.get(), true, 0, max_bytes);
  }
  return read_fd(fd.get(), max_bytes);
}

const char* kind_of(unsigned mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symlink";
  return "not a regular file";
}

FileText read_fd(int fd, std::size_t max_bytes) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return failure(ReadError::Failed, std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return failure(ReadError::IsFolder);
  if (!S_ISREG(st.st_mode)) return failure(ReadError::NotRegular, kind_of(st.st_mode));
  return read_all(fd, false, static_cast<std::uint64_t>(st.st_size), max_bytes);
}
namespace {

FileText read_all(int fd, bool pipe, std::uint64_t size, std::size_t max_bytes) {
  auto too_large = [&] { return failure(ReadError::TooLarge, std::to_string(max_bytes >> 20) + " MiB"); };
  if (!pipe && size > max_bytes) return too_large();
  FileText out;
  if (!pipe) out.text.reserve(static_cast<std::size_t>(size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failure(ReadError::Failed, std::strerror(errno));
    if (n == 0) break;
    out.text.append(buf, static_cast<std::size_t>(n));
    // A file may grow while it is read, and a pipe has no size: the cap holds as we go.
    if (out.text.size() > max_bytes) return too_large();
  }
  return out;
}

}  // namespace

}  // namespace archc::source
