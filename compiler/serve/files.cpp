#include "serve/files.hpp"

#include <algorithm>
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

bool skipped_folder(const fs::path& name) {
  std::string n = name.string();
  return n.empty() || n[0] == '.' || n == "node_modules" || n == "build" || n.rfind("build-", 0) == 0;
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
}

std::optional<fs::path> Folder::resolve(std::string_view relative, std::string& why) const {
  if (dir_.empty()) {
    why = "no folder is served (start `archc serve DIR`)";
    return std::nullopt;
  }
  if (relative.empty() || relative.size() > 4096 || relative.find('\0') != std::string_view::npos) {
    why = "not a file name";
    return std::nullopt;
  }
  fs::path rel(relative);
  if (rel.is_absolute() || relative.front() == '/' || relative.front() == '\\') {
    why = "absolute paths are refused; name a file relative to the folder";
    return std::nullopt;
  }
  for (const fs::path& part : rel) {
    if (part == "..") {
      why = "`..` is refused; name a file inside the folder";
      return std::nullopt;
    }
    // What no file system here takes: a name over 255 bytes.
    if (part.native().size() > 255) {
      why = "a name in the path is longer than 255 bytes";
      return std::nullopt;
    }
  }
  for (unsigned char c : relative) {
    if (c < 0x20 || c == 0x7f) {
      why = "control characters are refused in file names";
      return std::nullopt;
    }
  }
  if (rel.extension() != ".arch") {
    why = "only `.arch` files are served";
    return std::nullopt;
  }
  fs::path joined = (dir_ / rel).lexically_normal();
  // Symlinks resolved: the file itself, or the folder it would be created in.
  std::error_code ec;
  fs::path real = fs::weakly_canonical(joined, ec);
  if (ec || !inside(real, dir_)) {
    why = "the path leads outside the folder";
    return std::nullopt;
  }
  return real;
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
    if (e.path().extension() != ".arch" || !e.is_regular_file(type_ec)) continue;
    std::string rel = relative(e.path());
    if (!rel.empty()) out.push_back(std::move(rel));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<Folder::Loaded> Folder::read(std::string_view relative, std::string& why) const {
  std::optional<fs::path> path = resolve(relative, why);
  if (!path) return std::nullopt;
  source::FileText f = source::read_file(*path, source::Allow::RegularFiles, kMaxServedBytes);
  if (!f.ok()) {
    why = "cannot read `" + std::string(relative) + "`: " + f.reason();
    return std::nullopt;
  }
  Loaded l{std::move(f.text), ""};
  l.version = version_of(l.text);
  return l;
}

Folder::SaveResult Folder::save(std::string_view relative, std::string_view text, std::string_view expected_version,
                                bool force) const {
  SaveResult r;
  std::optional<fs::path> path = resolve(relative, r.why);
  if (!path) return r;
  source::FileText now = source::read_file(*path, source::Allow::RegularFiles, kMaxServedBytes);
  if (!now.ok() && now.error != source::ReadError::NotFound) {
    r.why = "cannot read `" + std::string(relative) + "`: " + now.reason();
    return r;
  }
  std::string on_disk = now.ok() ? version_of(now.text) : "";
  if (!force && on_disk != expected_version) {
    r.status = Saved::Conflict;
    r.version = on_disk;
    r.why = on_disk.empty() ? "the file was deleted since it was loaded" : "the file changed on disk since it was loaded";
    return r;
  }
  // Only into a folder that is there: Save never creates folders.
  std::error_code ec;
  if (!fs::is_directory(path->parent_path(), ec)) {
    r.status = Saved::NoFolder;
    r.why = "no folder `" + fs::path(relative).parent_path().generic_string() + "` in the served folder";
    return r;
  }
  std::string error = source::write_atomically(*path, text);
  if (!error.empty()) {
    r.why = "cannot write `" + std::string(relative) + "`: " + error;
    return r;
  }
  r.status = Saved::Written;
  r.version = version_of(text);
  return r;
}

}  // namespace archc::serve
