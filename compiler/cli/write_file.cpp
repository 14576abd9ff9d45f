#include "cli/write_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <functional>
#include <thread>
#include <cerrno>
#include <cstring>
#include <vector>

namespace archc::cli {

namespace {

// strerror is not thread-safe; the GNU strerror_r is.
std::string reason(int error) {
  char buf[256];
  std::string s = strerror_r(error, buf, sizeof buf);
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

// A new file next to `path` that no one else has: O_EXCL with a name made of the process,
// the thread and a counter. Created 0666 so the umask applies as for any new file (mkstemp
// would make it 0600, and changing the umask to undo that is process-wide).
int create_temp(const std::filesystem::path& path, std::string& name) {
  static std::atomic<unsigned> counter{0};
  auto thread = std::hash<std::thread::id>{}(std::this_thread::get_id()) % 1000000;
  for (int attempt = 0; attempt < 100; ++attempt) {
    name = (path.parent_path() / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                                  std::to_string(thread) + "-" + std::to_string(counter++)))
               .string();
    int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1;
}

}  // namespace

std::string write_atomically(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return "the folder `" + dir.string() + "` does not exist";
  if (std::filesystem::is_directory(path, ec)) return "it is a folder";
  std::string name;
  int fd = create_temp(path.parent_path().empty() ? std::filesystem::path(".") / path : path, name);
  if (fd < 0) return reason(errno);
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string err = reason(errno);
      ::close(fd);
      ::unlink(name.c_str());
      return err;
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string err = reason(errno);
    ::unlink(name.c_str());
    return err;
  }
  if (std::rename(name.c_str(), path.c_str()) != 0) {
    std::string err = reason(errno);
    ::unlink(name.c_str());
    return err;
  }
  return {};
}

}  // namespace archc::cli
