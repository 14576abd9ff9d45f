#include "serve/files.hpp"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "source/read_file.hpp"
#include "source/write_file.hpp"

namespace archc::serve {

namespace fs = std::filesystem;

namespace {

// What a served file may be: the editor holds it whole.
constexpr std::size_t kMaxServedBytes = 8u << 20;

bool inside(const fs::path& path, const fs::path& root) {
  fs::path rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != ".." && rel != ".";
}

bool hidden(const fs::path& name) {
  const std::string& n = name.native();
  return !n.empty() && n[0] == '.' && n != "." && n != "..";
}

bool skipped_folder(const fs::path& name) {
  const std::string& n = name.native();
  return n.empty() || hidden(name) || n == "node_modules" || n == "build" || n.rfind("build-", 0) == 0;
}

// The checks of a relative path as written: nullopt when it may be opened, else why not.
std::optional<std::string> refused(std::string_view relative) {
  if (relative.empty() || relative.size() > 4096 || relative.find('\0') != std::string_view::npos) {
    return "not a file name";
  }
  fs::path rel(relative);
  if (rel.is_absolute() || relative.front() == '/' || relative.front() == '\\') {
    return "absolute paths are refused; name a file relative to the folder";
  }
  for (unsigned char c : relative) {
    if (c < 0x20 || c == 0x7f) return "control characters are refused in file names";
  }
  for (const fs::path& part : rel) {
    if (part == "..") return "`..` is refused; name a file inside the folder";
    // What no file system here takes: a name over 255 bytes.
    if (part.native().size() > 255) return "a name in the path is longer than 255 bytes";
    if (hidden(part)) return "hidden files and folders are not served";
  }
  if (rel.extension() != ".arch") return "only `.arch` files are served";
  return std::nullopt;
}

source::FileText failure(source::ReadError error, std::string detail = {}) {
  source::FileText f;
  f.error = error;
  f.detail = std::move(detail);
  return f;
}

// Reads `rel` beneath the folder open as `dir_fd`.
source::FileText read_beneath(int dir_fd, const fs::path& rel) {
  source::Fd fd(source::open_beneath(dir_fd, rel, O_RDONLY | O_NONBLOCK | O_NOCTTY));
  if (!fd.valid()) {
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) return failure(source::ReadError::NotFound);
    if (e == EACCES || e == EPERM) return failure(source::ReadError::PermissionDenied);
    return failure(source::ReadError::Refused, source::beneath_reason(e));
  }
  return source::read_fd(fd.get(), kMaxServedBytes);
}

}  // namespace

std::string version_of(std::string_view text) {
  // FNV-1a, 64 bits: a fingerprint, not a defence (the folder is the user's own).
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return std::string(out) + "-" + std::to_string(text.size());
}

Folder::Folder(fs::path dir) {
  if (dir.empty()) return;
  std::error_code ec;
  dir_ = fs::canonical(dir, ec);
  if (ec) dir_ = fs::absolute(dir, ec).lexically_normal();
  dir_fd_ = source::Fd(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
}

std::optional<fs::path> Folder::resolve(std::string_view relative, std::string& why) const {
  if (dir_.empty()) {
    why = "no folder is served (start `archc serve DIR`)";
    return std::nullopt;
  }
  if (std::optional<std::string> no = refused(relative)) {
    why = *no;
    return std::nullopt;
  }
  return (dir_ / fs::path(relative)).lexically_normal();
}

std::optional<fs::path> Folder::check(std::string_view relative, std::string& why) const {
  std::optional<fs::path> path = resolve(relative, why);
  if (!path) return std::nullopt;
  source::Fd fd(source::open_beneath(dir_fd_.get(), fs::path(relative), O_PATH));
  if (!fd.valid() && errno != ENOENT) {
    why = source::beneath_reason(errno);
    return std::nullopt;
  }
  return path;
}

std::string Folder::relative(const fs::path& absolute) const {
  if (dir_.empty()) return "";
  fs::path p = absolute.lexically_normal();
  if (!inside(p, dir_)) return "";
  return p.lexically_relative(dir_).generic_string();
}

std::vector<std::string> Folder::list() const {
  std::vector<std::string> out;
  if (dir_.empty()) return out;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir_, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end && out.size() < kMaxListed; it.increment(ec)) {
    const fs::directory_entry& e = *it;
    std::error_code type_ec;
    if (e.is_directory(type_ec)) {
      // Symlinked folders are not followed (they may lead anywhere); nor are deep trees.
      if (skipped_folder(e.path().filename()) || e.is_symlink(type_ec) || it.depth() >= 16) it.disable_recursion_pending();
      continue;
    }
    // Only what can be opened: no hidden file, no symlink (neither is served).
    if (e.path().extension() != ".arch" || hidden(e.path().filename()) || e.is_symlink(type_ec) ||
        !e.is_regular_file(type_ec)) {
      continue;
    }
    std::string rel = relative(e.path());
    if (!rel.empty()) out.push_back(std::move(rel));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<Folder::Loaded> Folder::read(std::string_view relative, std::string& why) const {
  if (!resolve(relative, why)) return std::nullopt;
  source::FileText f = read_beneath(dir_fd_.get(), fs::path(relative));
  if (!f.ok()) {
    why = (f.error == source::ReadError::Refused ? "" : "cannot read `" + std::string(relative) + "`: ") + f.reason();
    return std::nullopt;
  }
  Loaded l{std::move(f.text), ""};
  l.version = version_of(l.text);
  return l;
}

source::FileText Folder::read_import(const fs::path& absolute) const {
  std::string rel = relative(absolute);
  if (rel.empty()) return failure(source::ReadError::Refused, "the path leads outside the folder");
  if (std::optional<std::string> no = refused(rel)) return failure(source::ReadError::Refused, *no);
  return read_beneath(dir_fd_.get(), fs::path(rel));
}

Folder::SaveResult Folder::save(std::string_view relative, std::string_view text, std::string_view expected_version,
                                bool force) const {
  SaveResult r;
  std::optional<fs::path> path = resolve(relative, r.why);
  if (!path) {
    r.status = Saved::Refused;
    return r;
  }
  fs::path rel(relative);
  std::string name = rel.filename().string();
  // Only into a folder that is there: Save never creates folders.
  source::Fd parent(source::open_beneath(dir_fd_.get(), rel.parent_path(), O_RDONLY | O_DIRECTORY));
  if (!parent.valid()) {
    int e = errno;
    r.status = e == ENOENT || e == ENOTDIR ? Saved::NoFolder : Saved::Refused;
    r.why = r.status == Saved::NoFolder ? "no folder `" + rel.parent_path().generic_string() + "` in the served folder"
                                        : source::beneath_reason(e);
    return r;
  }
  source::FileText now = read_beneath(parent.get(), name);
  if (!now.ok() && now.error != source::ReadError::NotFound) {
    r.status = now.error == source::ReadError::Refused || now.error == source::ReadError::NotRegular ? Saved::Refused
                                                                                                     : Saved::Failed;
    r.why = "cannot save `" + std::string(relative) + "`: " + now.reason();
    return r;
  }
  std::string on_disk = now.ok() ? version_of(now.text) : "";
  if (!force && on_disk != expected_version) {
    r.status = Saved::Conflict;
    r.version = on_disk;
    r.why = on_disk.empty() ? "the file was deleted since it was loaded" : "the file changed on disk since it was loaded";
    return r;
  }
  std::string error = source::write_atomically_at(parent.get(), name, text, path->parent_path().string());
  if (!error.empty()) {
    r.why = "cannot write `" + std::string(relative) + "`: " + error;
    return r;
  }
  r.status = Saved::Written;
  r.version = version_of(text);
  return r;
}

}  // namespace archc::serve
