#include "diff/git.hpp"

#include <git2.h>

#include <memory>

#include "diff/diff.hpp"
#include "source/read_file.hpp"

namespace archc::diff {

namespace fs = std::filesystem;

namespace {

using source::FileText;
using source::ReadError;

std::string last_error(const std::string& what) {
  const git_error* e = git_error_last();
  return what + (e && e->message ? std::string(": ") + e->message : std::string());
}

// The repository, its object database and the revision's tree, alive as long as a workspace
// reads them.
struct Tree {
  git_repository* repo = nullptr;
  git_odb* odb = nullptr;
  git_tree* tree = nullptr;
  std::string rev;  // as the user wrote it, for messages
  std::size_t max_bytes = 0;
  ~Tree() {
    if (tree) git_tree_free(tree);
    if (odb) git_odb_free(odb);
    if (repo) git_repository_free(repo);
    git_libgit2_shutdown();
  }
};

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

FileText failure(ReadError error, std::string detail = {}) {
  FileText f;
  f.error = error;
  f.detail = std::move(detail);
  return f;
}

// `256 MiB`, or the exact count of bytes when it is no whole number of MiB (so that a blob one
// byte over the cap does not read as the cap itself).
std::string size_text(std::size_t bytes) {
  constexpr std::size_t kMiB = std::size_t{1} << 20;
  return bytes % kMiB == 0 && bytes > 0 ? std::to_string(bytes / kMiB) + " MiB" : std::to_string(bytes) + " bytes";
}

// Links in a revision are refused, never followed: following one inside the tree would be a
// second path resolver to keep lexical, and on disk it could lead anywhere.
std::string link_refused(const std::string& what, const std::string& rev, const std::string& fix) {
  return what + " a symbolic link in " + rev + ", which archc does not follow in a revision (" + fix + ")";
}

// Why `key` is not in the tree: a folder on the way that is a link in the revision is named;
// anything else is no such file.
FileText missing(const Tree& t, const std::string& key) {
  for (std::size_t slash = key.find('/'); slash != std::string::npos; slash = key.find('/', slash + 1)) {
    const std::string folder = key.substr(0, slash);
    git_tree_entry* entry = nullptr;
    if (git_tree_entry_bypath(&entry, t.tree, folder.c_str()) != 0) break;
    const bool link = git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK;
    git_tree_entry_free(entry);
    if (link) {
      return failure(ReadError::Refused,
                     link_refused("`" + printable(folder) + "` is", t.rev, "name the path through the folder it points to"));
    }
  }
  return failure(ReadError::NotFound);
}

FileText read_blob(const Tree& t, const git_tree_entry& entry) {
  // The size from the object's header, before any of it is inflated: a blob of gigabytes is
  // refused at the cost of a few hundred bytes read.
  std::size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (git_odb_read_header(&size, &type, t.odb, git_tree_entry_id(&entry)) != 0) {
    return failure(ReadError::Failed, last_error("git cannot read the object"));
  }
  if (size > t.max_bytes) return failure(ReadError::TooLarge, size_text(t.max_bytes) + ": " + size_text(size) + " in " + t.rev);
  git_blob* blob = nullptr;
  if (git_blob_lookup(&blob, t.repo, git_tree_entry_id(&entry)) != 0) return failure(ReadError::Failed, last_error("git"));
  FileText out;
  // The object read whole is checked again: the header promised a size, the content is what counts.
  const auto read = static_cast<std::size_t>(git_blob_rawsize(blob));
  if (read > t.max_bytes) {
    out = failure(ReadError::TooLarge, size_text(t.max_bytes) + ": " + size_text(read) + " in " + t.rev);
  } else {
    out.text.assign(static_cast<const char*>(git_blob_rawcontent(blob)), read);
  }
  git_blob_free(blob);
  return out;
}

FileText read_entry(const Tree& t, const std::string& key) {
  git_tree_entry* found = nullptr;
  if (git_tree_entry_bypath(&found, t.tree, key.c_str()) != 0) return missing(t, key);
  std::unique_ptr<git_tree_entry, decltype(&git_tree_entry_free)> entry(found, git_tree_entry_free);
  switch (git_tree_entry_filemode(found)) {
    case GIT_FILEMODE_BLOB:
    case GIT_FILEMODE_BLOB_EXECUTABLE: return read_blob(t, *found);
    case GIT_FILEMODE_TREE: return failure(ReadError::IsFolder);
    case GIT_FILEMODE_LINK: return failure(ReadError::Refused, link_refused("it is", t.rev, "name the file it points to"));
    case GIT_FILEMODE_COMMIT: return failure(ReadError::NotRegular, "a submodule in " + t.rev);
    default: return failure(ReadError::NotRegular, "an entry of an unknown kind in " + t.rev);
  }
}

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
  auto tree = std::make_shared<Tree>();
  tree->rev = printable(rev);
  tree->max_bytes = max_bytes;
  git_libgit2_init();
  if (git_repository_open_ext(&tree->repo, from.c_str(), 0, nullptr) != 0) {
    r.error = last_error("`" + r.name + "`: no git repository around the current folder");
    return r;
  }
  const char* workdir = git_repository_workdir(tree->repo);
  if (!workdir) {
    r.error = "`" + r.name + "`: the repository has no work tree (a bare repository)";
    return r;
  }
  if (git_repository_odb(&tree->odb, tree->repo) != 0) {
    r.error = last_error("`" + r.name + "`: git cannot open the repository's objects");
    return r;
  }
  git_object* object = nullptr;
  if (git_revparse_single(&object, tree->repo, rev.c_str()) != 0) {
    r.error = last_error("`" + tree->rev + "` names no revision of the repository");
    return r;
  }
  git_object* peeled = nullptr;
  int status = git_object_peel(&peeled, object, GIT_OBJECT_TREE);
  git_object_free(object);
  if (status != 0) {
    r.error = last_error("`" + tree->rev + "` names no commit or tree");
    return r;
  }
  tree->tree = reinterpret_cast<git_tree*>(peeled);
  // PATH as git reads it: from the root, or from the current folder with `./` or `../`. Only
  // that folder is a place on disk; the path inside the tree is then lexical.
  fs::path inside = fs::path(path).lexically_normal();
  if (path.starts_with("./") || path.starts_with("../")) {
    fs::path work = fs::path(workdir).lexically_normal();
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
    return key.empty() ? failure(ReadError::NotFound) : read_entry(*tree, key);
  };
  if (FileText probe = r.workspace.read(r.path, source::Allow::RegularFiles); !probe.ok()) {
    r.error = "cannot read `" + r.name + "`: " +
              (probe.error == ReadError::NotFound ? "no file `" + printable(inside.generic_string()) + "` in " + tree->rev
                                                  : probe.reason());
  }
  return r;
}

}  // namespace archc::diff
