#pragma once
// A side of `archc diff` read from a git revision, `REV:PATH`: the file and everything it
// imports as they are in the commit REV names, through libgit2, never the work tree.

#include <cstddef>
#include <filesystem>
#include <string>

#include "model/model.hpp"
#include "source/load.hpp"

namespace archc::diff {

struct Revision {
  model::Workspace workspace;  // reads the revision's tree; imports may not leave the repository
  // The main file, under a root of its own that no disk path can reach (see git.cpp): the
  // model may canonicalise it, which must never follow a link of the work tree.
  std::filesystem::path path;
  std::string name;   // how diagnostics show it: `REV:PATH`
  std::string error;  // empty when the revision and file were found
};

// Whether a command-line argument names a revision: `REV:PATH` where no file of that name
// exists (a file named `a:b.arch` is read as a file).
bool names_revision(const std::string& argument);

// `REV:PATH` in the repository around `from` (the current folder): PATH relative to the
// repository's root, or to `from` when it starts with `./` or `../`, as git reads it. A blob
// larger than `max_bytes` is refused from the size its object header gives, before it is read.
Revision open_revision(const std::string& spec, const std::filesystem::path& from,
                       std::size_t max_bytes = source::kMaxFileBytes);

}  // namespace archc::diff
