// The git module (git_tree.hpp): a revision's tree read through libgit2, loaded only by
// `archc diff REV:PATH`.

#include <git2.h>

#include <memory>

#include "diff/git_tree.hpp"

namespace archc::diff {

namespace {

using source::FileText;
using source::ReadError;


std::string last_error(const std::string& what) {
  const git_error* e = git_error_last();
  return what + (e && e->message ? std::string(": ") + e->message : std::string());
}

// The repository, its object database and the revision's tree, alive as long as a workspace
// reads them.
struct Tree final : RevisionTree {
  git_repository* repo = nullptr;
  git_odb* odb = nullptr;
  git_tree* tree = nullptr;
  std::string rev;  // as the user wrote it, for messages
  std::size_t max_bytes = 0;
  std::string (*printable)(std::string_view) = nullptr;
  source::FileText read(const std::string& key) const override;
  ~Tree() override {
    if (tree) git_tree_free(tree);
    if (odb) git_odb_free(odb);
    if (repo) git_repository_free(repo);
    git_libgit2_shutdown();
  }
};

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
                     link_refused("`" + t.printable(folder) + "` is", t.rev, "name the path through the folder it points to"));
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


FileText Tree::read(const std::string& key) const { return read_entry(*this, key); }

OpenedTree open_tree(const std::string& rev, const std::string& shown, const std::string& from, std::size_t max_bytes,
                     std::string (*printable)(std::string_view)) {
  OpenedTree out;
  auto tree = std::make_shared<Tree>();
  tree->rev = shown;
  tree->max_bytes = max_bytes;
  tree->printable = printable;
  git_libgit2_init();
  if (git_repository_open_ext(&tree->repo, from.c_str(), 0, nullptr) != 0) {
    out.error = last_error("no git repository around the current folder");
    return out;
  }
  const char* workdir = git_repository_workdir(tree->repo);
  if (!workdir) {
    out.error = "the repository has no work tree (a bare repository)";
    return out;
  }
  out.workdir = workdir;
  if (git_repository_odb(&tree->odb, tree->repo) != 0) {
    out.error = last_error("git cannot open the repository's objects");
    return out;
  }
  git_object* object = nullptr;
  if (git_revparse_single(&object, tree->repo, rev.c_str()) != 0) {
    out.error = last_error("`" + shown + "` names no revision of the repository");
    out.about_revision = true;
    return out;
  }
  git_object* peeled = nullptr;
  int status = git_object_peel(&peeled, object, GIT_OBJECT_TREE);
  git_object_free(object);
  if (status != 0) {
    out.error = last_error("`" + shown + "` names no commit or tree");
    out.about_revision = true;
    return out;
  }
  tree->tree = reinterpret_cast<git_tree*>(peeled);
  out.tree = std::move(tree);
  return out;
}

}  // namespace

}  // namespace archc::diff

extern "C" __attribute__((visibility("default"))) const void* archc_git() {
  static const archc::diff::Git git{archc::diff::kGitVersion, &archc::diff::open_tree};
  return &git;
}
