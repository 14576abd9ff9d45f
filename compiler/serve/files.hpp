#pragma once
// The folder `archc serve` works in: the only place whose files the server reads or writes.
// A path from a request is relative, has no `..`, names a `.arch` file, and, symlinks
// resolved, stays inside the folder; anything else is refused before the disk is touched.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archc::serve {

// The content's fingerprint: what a save compares to know whether the file changed on disk
// since the editor loaded it.
std::string version_of(std::string_view text);

class Folder {
 public:
  // `dir` empty: no folder (only the built-in examples are served).
  explicit Folder(std::filesystem::path dir);

  bool empty() const { return dir_.empty(); }
  const std::filesystem::path& dir() const { return dir_; }

  // The absolute path of `relative` inside the folder, or nullopt with the reason in `why`.
  // `must_exist`: the file (a regular file) must be there already.
  std::optional<std::filesystem::path> resolve(std::string_view relative, std::string& why) const;
  // The path of an absolute file relative to the folder ("sub/platform.arch"), or empty when
  // it is outside.
  std::string relative(const std::filesystem::path& absolute) const;

  // Every `.arch` file under the folder, relative, sorted; hidden folders, `node_modules` and
  // build folders skipped; at most kMaxListed.
  std::vector<std::string> list() const;
  static constexpr std::size_t kMaxListed = 5000;

  struct Loaded {
    std::string text;
    std::string version;
  };
  std::optional<Loaded> read(std::string_view relative, std::string& why) const;

  enum class Saved { Written, Conflict, NoFolder, Failed };
  struct SaveResult {
    Saved status = Saved::Failed;
    std::string version;  // the new one (Written), or the one on disk (Conflict)
    std::string why;
  };
  // Writes atomically, unless the file on disk is no longer `expected_version` (and `force`
  // is off): then nothing is written and the caller asks the user.
  SaveResult save(std::string_view relative, std::string_view text, std::string_view expected_version,
                  bool force) const;

 private:
  std::filesystem::path dir_;  // canonical
};

}  // namespace archc::serve
