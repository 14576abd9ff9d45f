#include "diff/git.hpp"

#include "diff/diff.hpp"
#include "diff/git_tree.hpp"
#include "source/modules.hpp"

namespace archc::diff {

namespace fs = std::filesystem;

namespace {

using source::FileText;
using source::ReadError;

// Where a revision's files seem to be. The model makes import paths absolute and canonical on
// disk (weakly_canonical), which for a revision would follow the work tree's links: with `sub`
// a link to /tmp/x, `import "sub/b.arch"` would be refused as outside the repository, or read
// from another folder of the revision when the link points inside it. /dev/null is no folder,
// so nothing under it exists and that canonicalisation stays lexical: the tree alone says what
// a path is. The root is taken as the model will see it, whatever the system makes of it.
fs::path revision_root() {
  const fs::path root = "/dev/null/archc-revision";
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(root, ec);
  return ec ? root : canonical;
}

// `path` as a path inside the tree, or empty when it is not one. Compared by component, so
// `..notes.arch` is a file and only `..` a parent.
std::string tree_key(const fs::path& path, const fs::path& root) {
  fs::path relative = path.lexically_normal().lexically_relative(root);
  if (relative.empty() || relative == "." || *relative.begin() == "..") return {};
  return relative.generic_string();
}

FileText not_found() {
  FileText f;
  f.error = ReadError::NotFound;
  return f;
}

std::string printable_path(std::string_view text) { return printable(text); }

}  // namespace

bool names_revision(const std::string& argument) {
  std::size_t colon = argument.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == argument.size()) return false;
  std::error_code ec;
  return !fs::exists(argument, ec);
}

Revision open_revision(const std::string& spec, const fs::path& from, std::size_t max_bytes) {
  Revision r;
  r.name = printable(spec);
  const std::size_t colon = spec.find(':');
  const std::string rev = spec.substr(0, colon), path = spec.substr(colon + 1);
  const source::Module& module = source::load_module(kGitFile, kGitEntry, kGitVersion,
                                                     "libgit2 to read a revision (Debian: `apt install libgit2-1.5`)");
  const Git* git = static_cast<const Git*>(module.api);
  if (!git) {
    r.error = "`" + r.name + "`: " + module.where;
    return r;
  }
  OpenedTree opened = git->open(rev, printable(rev), from.string(), max_bytes, &printable_path);
  if (!opened.tree) {
    r.error = opened.about_revision ? opened.error : "`" + r.name + "`: " + opened.error;
    return r;
  }
  std::shared_ptr<const RevisionTree> tree = std::move(opened.tree);
  // PATH as git reads it: from the root, or from the current folder with `./` or `../`. Only
  // that folder is a place on disk; the path inside the tree is then lexical.
  fs::path inside = fs::path(path).lexically_normal();
  if (path.starts_with("./") || path.starts_with("../")) {
    fs::path work = fs::path(opened.workdir).lexically_normal();
    if (!work.has_filename()) work = work.parent_path();
    std::error_code ec;
    const fs::path here = fs::weakly_canonical(from, ec);
    inside = (here / path).lexically_normal().lexically_relative(work);
  }
  const fs::path root = revision_root();
  r.path = (root / inside).lexically_normal();
  r.workspace.roots = {root};
  r.workspace.read = [tree, root](const fs::path& p, source::Allow) {
    const std::string key = tree_key(p, root);
    return key.empty() ? not_found() : tree->read(key);
  };
  if (FileText probe = r.workspace.read(r.path, source::Allow::RegularFiles); !probe.ok()) {
    r.error = "cannot read `" + r.name + "`: " +
              (probe.error == ReadError::NotFound ? "no file `" + printable(inside.generic_string()) + "` in " + printable(rev)
                                                  : probe.reason());
  }
  return r;
}

}  // namespace archc::diff
