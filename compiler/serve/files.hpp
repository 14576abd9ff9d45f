#pragma once
// The folder `archc serve` works in: the only place whose files the server reads or writes.
// A path from a request is relative, has no `..` and no hidden part (`.git/`, `.env.arch`)
// and names a `.arch` file; anything else is refused before the disk is touched. Then every
// file is opened beneath the folder held open (source/beneath.hpp): no symlink is followed on
// the way, so none swapped in between a check and a use can lead a read or a write outside.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "source/beneath.hpp"
#include "source/read_file.hpp"

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

  // The absolute path of `relative` inside the folder, or nullopt with the reason in `why`:
  // checked as written, nothing read.
  std::optional<std::filesystem::path> resolve(std::string_view relative, std::string& why) const;
  // resolve(), and then the path as it is on disk: no symlink on the way, the file itself
  // included (it need not exist).
  std::optional<std::filesystem::path> check(std::string_view relative, std::string& why) const;
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
  // What a compile's imports read: an absolute path that must lie in the folder, by the same
  // rules as a request's path (a refusal names the path, never a byte of the file).
  source::FileText read_import(const std::filesystem::path& absolute) const;

  enum class Saved { Written, Conflict, NoFolder, Refused, Failed };
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
  source::Fd dir_fd_;          // the folder, held open
};

}  // namespace archc::serve
