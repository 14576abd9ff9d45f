#include "source/write_file.hpp"

#include "source/read_file.hpp"
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
#include <cstdio>
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

// Creates `name` in `dir_fd` (it must not exist) with `mode` and writes `content` to disk.
// A new file is created 0666 so the umask applies as for any new file (mkstemp would make it
// 0600, and changing the umask to undo that is process-wide). When `like` is given, the new
// file takes its owner (where the process may) and its mode before any byte is written, so a
// private file is never readable by others, not even for a moment. On failure nothing is left.
std::string write_new_file(int dir_fd, const std::string& name, std::string_view content,
                           const struct stat* like = nullptr) {
  int fd = ::openat(dir_fd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, like ? 0600 : 0666);
  if (fd < 0) return reason(errno);
  auto fail = [&](int error) {
    ::close(fd);
    ::unlinkat(dir_fd, name.c_str(), 0);
    return reason(error);
  };
  if (like) {
    // The owner first: chown clears the set-user-ID and set-group-ID bits that fchmod sets.
    // Another user's file stays ours when we may not give it away (EPERM): its mode still holds.
    if (::fchown(fd, like->st_uid, like->st_gid) != 0 && errno != EPERM) return fail(errno);
    if (::fchmod(fd, like->st_mode & 07777) != 0) return fail(errno);
  }
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(errno);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return fail(errno);
  if (::close(fd) != 0) {
    int error = errno;
    ::unlinkat(dir_fd, name.c_str(), 0);
    return reason(error);
  }
  return {};
}

// Writes `content` over the file open as `fd` from its first byte, then cuts it to that size.
std::string overwrite(int fd, std::string_view content) {
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::pwrite(fd, content.data() + written, content.size() - written, static_cast<off_t>(written));
    if (n < 0) {
      if (errno == EINTR) continue;
      return reason(errno);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::ftruncate(fd, static_cast<off_t>(content.size())) != 0 || ::fsync(fd) != 0) return reason(errno);
  return {};
}

// A file with several names (hard links) keeps them all only if it is written in place: a
// rename would give this name a new file and leave the others on the old text. So, as Vim
// does for such files, the new text goes to a temporary beside it first (a whole copy on
// disk, should the write in place be cut short), then over the file, then the copy goes.
std::string write_in_place(int dir_fd, const std::string& name, std::string_view content, const std::string& shown_dir,
                           const struct stat& st) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string temp = temp_name(std::filesystem::path(shown_dir) / name);
    std::string temp_leaf = std::filesystem::path(temp).filename().string();
    std::string error;
    {
      Temporary guard(temp, Temporary::Kind::File);
      error = write_new_file(dir_fd, temp_leaf, content, &st);
    }
    if (error == reason(EEXIST)) continue;
    if (!error.empty()) return error;
    // From here the copy is no longer removed by a signal: cut short, the write in place
    // leaves it beside the file, whole.
    int fd = ::openat(dir_fd, name.c_str(), O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) error = reason(errno);
    if (fd >= 0) {
      struct stat now {};
      // The same file still, and still a regular one (not swapped for a FIFO meanwhile).
      if (::fstat(fd, &now) != 0 || !S_ISREG(now.st_mode) || now.st_ino != st.st_ino || now.st_dev != st.st_dev) {
        error = "the file changed while it was written; nothing was written";
      } else {
        error = overwrite(fd, content);
      }
      ::close(fd);
    }
    ::unlinkat(dir_fd, temp_leaf.c_str(), 0);
    return error;
  }
  return reason(EEXIST);
}

}  // namespace

std::string write_atomically_at(int dir_fd, const std::string& name, std::string_view content,
                                const std::string& shown_dir) {
  struct stat st {};
  bool exists = ::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
  if (!exists && errno != ENOENT) return reason(errno);
  if (exists) {
    if (S_ISDIR(st.st_mode)) return "it is a folder";
    if (!S_ISREG(st.st_mode)) return std::string("it is ") + kind_of(st.st_mode) + ", not a regular file";
    // A rename would replace a file its owner made read-only, or one this user may not write
    // (in a folder others may write to): as an editor does, leave it.
    if ((st.st_mode & 0222) == 0) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
      return std::string("it is read-only (mode ") + mode + "): make it writable first";
    }
    if (::faccessat(dir_fd, name.c_str(), W_OK, AT_EACCESS) != 0 && errno == EACCES) {
      return "permission denied: this user may not write it";
    }
    if (st.st_nlink > 1) return write_in_place(dir_fd, name, content, shown_dir, st);
  }
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string temp = temp_name(std::filesystem::path(shown_dir) / name);
    std::string temp_leaf = std::filesystem::path(temp).filename().string();
    Temporary guard(temp, Temporary::Kind::File);  // registered before it exists
    std::string error = write_new_file(dir_fd, temp_leaf, content, exists ? &st : nullptr);
    if (error == reason(EEXIST)) continue;
    if (!error.empty()) return error;
    if (::renameat(dir_fd, temp_leaf.c_str(), dir_fd, name.c_str()) != 0) {
      error = reason(errno);
      ::unlinkat(dir_fd, temp_leaf.c_str(), 0);
      return error;
    }
    return {};
  }
  return reason(EEXIST);
}

std::filesystem::path follow_symlinks(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  fs::path p = path;
  // As the kernel does: at most 40 links, then the name itself is written (and fails or not).
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec)) || ec) return p;
    fs::path target = fs::read_symlink(p, ec);
    if (ec) return p;
    p = target.is_absolute() ? target : p.parent_path() / target;
  }
  return p;
}

std::string write_atomically(const std::filesystem::path& path_in, std::string_view content) {
  // A symlink stays one: its target is what gets written.
  std::filesystem::path path = follow_symlinks(path_in);
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return "the folder `" + dir.string() + "` does not exist";
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return reason(errno);
  std::string error = write_atomically_at(dir_fd, path.filename().string(), content, dir.string());
  ::close(dir_fd);
  return error;
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
    std::string error = write_new_file(AT_FDCWD, path, f.content);
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
