#include "cli/write_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace archc::cli {

std::string write_atomically(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  std::string pattern = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) return "cannot create a file in `" + dir.string() + "`: " + std::strerror(errno);
  // mkstemp makes the file 0600; give it the permissions a plain create would have.
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string err = std::strerror(errno);
      ::close(fd);
      ::unlink(name.data());
      return "cannot write `" + path.string() + "`: " + err;
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string err = std::strerror(errno);
    ::unlink(name.data());
    return "cannot write `" + path.string() + "`: " + err;
  }
  if (std::rename(name.data(), path.c_str()) != 0) {
    std::string err = std::strerror(errno);
    ::unlink(name.data());
    return "cannot write `" + path.string() + "`: " + err;
  }
  return {};
}

}  // namespace archc::cli
