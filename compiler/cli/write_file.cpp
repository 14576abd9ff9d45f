#include "cli/write_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <vector>

namespace archc::cli {

namespace {

std::string reason(int error) {
  std::string s = std::strerror(error);
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

}  // namespace

std::string write_atomically(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return "the folder `" + dir.string() + "` does not exist";
  if (std::filesystem::is_directory(path, ec)) return "it is a folder";
  std::string pattern = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) return reason(errno);
  // mkstemp makes the file 0600; give it the permissions a plain create would have.
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string err = reason(errno);
      ::close(fd);
      ::unlink(name.data());
      return err;
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string err = reason(errno);
    ::unlink(name.data());
    return err;
  }
  if (std::rename(name.data(), path.c_str()) != 0) {
    std::string err = reason(errno);
    ::unlink(name.data());
    return err;
  }
  return {};
}

}  // namespace archc::cli
