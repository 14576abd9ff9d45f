#pragma once
// Between `archc diff`'s revisions (git.cpp, in the binary) and libgit2, built as a module of
// its own (`archc-git.so`, source/modules.hpp) that only a `REV:PATH` side loads.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "source/read_file.hpp"

namespace archc::diff {

// A revision's tree: its files by their path inside it (`docs/a.arch`).
class RevisionTree {
 public:
  virtual ~RevisionTree() = default;
  virtual source::FileText read(const std::string& key) const = 0;
};

struct OpenedTree {
  std::shared_ptr<const RevisionTree> tree;  // null on error
  std::string workdir;                       // the repository's work tree
  std::string error;
  bool about_revision = false;  // the error is the revision's, not the repository's
};

struct Git {
  unsigned version;
  // The tree of revision `rev` (shown as `shown` in messages) in the repository around the
  // folder `from`; blobs over `max_bytes` are refused from their header. `printable` makes a
  // path fit to print.
  OpenedTree (*open)(const std::string& rev, const std::string& shown, const std::string& from, std::size_t max_bytes,
                     std::string (*printable)(std::string_view));
};
inline constexpr unsigned kGitVersion = 1;
inline constexpr const char* kGitEntry = "archc_git";
inline constexpr const char* kGitFile = "archc-git.so";

}  // namespace archc::diff
