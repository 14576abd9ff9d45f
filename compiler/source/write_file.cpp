#include "source/write_file.hpp"

#include "source/temp_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <functional>
#include <memory>
#include <thread>
#include <cerrno>
#include <cstring>
#include <vector>

namespace archc::source {

namespace {

// strerror is not thread-safe; the GNU strerror_r is.
std::string reason(int error) {
  char buf[256];
  std::string s = strerror_r(error, buf, sizeof buf);
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

// A unique name beside `path` for a temporary (a hidden file or folder): the process, the
// thread and a counter.
std::string temp_name(const std::filesystem::path& path) {
  static std::atomic<unsigned> counter{0};
  auto thread = std::hash<std::thread::id>{}(std::this_thread::get_id()) % 1000000;
  std::filesystem::path dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  // At most 200 bytes of the name (cut before a UTF-8 continuation byte), so that the
  // temporary's name stays within the 255 bytes a file system takes when the name does.
  std::string name = path.filename().string();
  if (name.size() > 200) {
    std::size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    name.resize(cut);
  }
  return (dir / ("." + name + ".tmp-" + std::to_string(::getpid()) + "-" +
                 std::to_string(thread) + "-" + std::to_string(counter++)))
      .string();
}

// Creates `name` (which must not exist) and writes `content` to disk. Created 0666 so the
// umask applies as for any new file (mkstemp would make it 0600, and changing the umask to
// undo that is process-wide). On failure nothing is left.
std::string write_new_file(const std::string& name, std::string_view content) {
  int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
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
  return {};
}

}  // namespace

std::string write_atomically(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return "the folder `" + dir.string() + "` does not exist";
  if (std::filesystem::is_directory(path, ec)) return "it is a folder";
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = temp_name(path);
    Temporary guard(name, Temporary::Kind::File);  // registered before it exists
    std::string error = write_new_file(name, content);
    if (error == reason(EEXIST)) continue;
    if (!error.empty()) return error;
    if (std::rename(name.c_str(), path.c_str()) != 0) {
      error = reason(errno);
      ::unlink(name.c_str());
      return error;
    }
    return {};
  }
  return reason(EEXIST);
}

std::string write_folder_atomically(const std::filesystem::path& dir_in, const std::vector<NamedContent>& files) {
  namespace fs = std::filesystem;
  fs::path dir = dir_in;
  if (!dir.has_filename()) dir = dir.parent_path();  // `out/` names the folder `out`
  std::error_code ec;
  bool exists = fs::exists(dir, ec);
  if (exists && !fs::is_directory(dir, ec)) return "`" + dir.string() + "` is a file, not a folder";
  fs::path parent = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
  fs::create_directories(parent, ec);
  if (ec) return "cannot create the folder `" + parent.string() + "`: " + reason(ec.value());
  std::string staging;
  std::unique_ptr<Temporary> folder_guard;
  for (int attempt = 0;; ++attempt) {
    staging = temp_name(dir);
    folder_guard = std::make_unique<Temporary>(staging, Temporary::Kind::Folder);  // before it exists
    if (::mkdir(staging.c_str(), 0777) == 0) break;
    if (errno != EEXIST || attempt == 100) return reason(errno);
  }
  std::vector<std::unique_ptr<Temporary>> guards;
  auto discard = [&] {
    for (const NamedContent& f : files) ::unlink((fs::path(staging) / f.name).c_str());
    ::rmdir(staging.c_str());
  };
  for (const NamedContent& f : files) {
    std::string path = (fs::path(staging) / f.name).string();
    guards.push_back(std::make_unique<Temporary>(path, Temporary::Kind::File));
    std::string error = write_new_file(path, f.content);
    if (!error.empty()) {
      discard();
      return f.name + ": " + error;
    }
  }
  if (!exists) {
    if (std::rename(staging.c_str(), dir.c_str()) == 0) return {};
    std::string error = reason(errno);
    discard();
    return error;
  }
  // Into an existing folder: each file replaces its namesake atomically; the folder's other
  // files stay.
  for (const NamedContent& f : files) {
    if (std::rename((fs::path(staging) / f.name).c_str(), (dir / f.name).c_str()) != 0) {
      std::string error = f.name + ": " + reason(errno);
      discard();
      return error;
    }
  }
  ::rmdir(staging.c_str());
  return {};
}

}  // namespace archc::source
