#pragma once
// A side of `archc diff` read from a git revision, `REV:PATH`: the file and everything it
// imports as they are in the commit REV names, through libgit2, never the work tree.

#include <filesystem>
#include <string>

#include "model/model.hpp"

namespace archc::diff {

struct Revision {
  model::Workspace workspace;  // reads the revision's tree; imports may not leave the repository
  std::filesystem::path path;  // the main file, as if in the work tree
  std::string name;            // how diagnostics show it: `REV:PATH`
  std::string error;           // empty when the revision and file were found
};

// Whether a command-line argument names a revision: `REV:PATH` where no file of that name
// exists (a file named `a:b.arch` is read as a file).
bool names_revision(const std::string& argument);

// `REV:PATH` in the repository around `from` (the current folder): PATH relative to the
// repository's root, or to `from` when it starts with `./` or `../`, as git reads it.
Revision open_revision(const std::string& spec, const std::filesystem::path& from);

}  // namespace archc::diff
