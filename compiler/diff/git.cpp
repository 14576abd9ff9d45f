#include "diff/git.hpp"

#include <git2.h>

#include <memory>

#include "source/load.hpp"
#include "source/read_file.hpp"

namespace archc::diff {

namespace fs = std::filesystem;

namespace {

std::string last_error(const std::string& what) {
  const git_error* e = git_error_last();
  return what + (e && e->message ? std::string(": ") + e->message : std::string());
}

// The repository and the revision's tree, alive as long as a workspace reads them.
struct Tree {
  git_repository* repo = nullptr;
  git_tree* tree = nullptr;
  ~Tree() {
    if (tree) git_tree_free(tree);
    if (repo) git_repository_free(repo);
    git_libgit2_shutdown();
  }
};

}  // namespace

bool names_revision(const std::string& argument) {
  std::size_t colon = argument.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == argument.size()) return false;
  std::error_code ec;
  return !fs::exists(argument, ec);
}

Revision open_revision(const std::string& spec, const fs::path& from) {
  Revision r;
  r.name = spec;
  const std::size_t colon = spec.find(':');
  const std::string rev = spec.substr(0, colon), path = spec.substr(colon + 1);
  auto tree = std::make_shared<Tree>();
  git_libgit2_init();
  if (git_repository_open_ext(&tree->repo, from.c_str(), 0, nullptr) != 0) {
    r.error = last_error("`" + spec + "`: no git repository around the current folder");
    return r;
  }
  const char* workdir = git_repository_workdir(tree->repo);
  if (!workdir) {
    r.error = "`" + spec + "`: the repository has no work tree (a bare repository)";
    return r;
  }
  const fs::path root = fs::path(workdir).lexically_normal();
  git_object* object = nullptr;
  if (git_revparse_single(&object, tree->repo, rev.c_str()) != 0) {
    r.error = last_error("`" + rev + "` names no revision of the repository");
    return r;
  }
  git_object* peeled = nullptr;
  int status = git_object_peel(&peeled, object, GIT_OBJECT_TREE);
  git_object_free(object);
  if (status != 0) {
    r.error = last_error("`" + rev + "` names no commit or tree");
    return r;
  }
  tree->tree = reinterpret_cast<git_tree*>(peeled);
  // PATH as git reads it: from the root, or from the current folder with `./` or `../`.
  fs::path main = path.starts_with("./") || path.starts_with("../") ? fs::weakly_canonical(from) / path : root / path;
  r.path = main.lexically_normal();
  r.workspace.roots = {root};
  r.workspace.read = [tree, root](const fs::path& p, source::Allow) {
    source::FileText out;
    fs::path relative = p.lexically_normal().lexically_relative(root);
    std::string key = relative.generic_string();
    if (relative.empty() || key == "." || key.starts_with("..")) {
      out.error = source::ReadError::NotFound;
      return out;
    }
    git_tree_entry* entry = nullptr;
    if (git_tree_entry_bypath(&entry, tree->tree, key.c_str()) != 0) {
      out.error = source::ReadError::NotFound;
      return out;
    }
    const git_object_t type = git_tree_entry_type(entry);
    if (type == GIT_OBJECT_TREE) {
      out.error = source::ReadError::IsFolder;
    } else if (type != GIT_OBJECT_BLOB || git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK) {
      out.error = source::ReadError::NotRegular;
      out.detail = "not a file in the revision";
    } else {
      git_blob* blob = nullptr;
      if (git_blob_lookup(&blob, tree->repo, git_tree_entry_id(entry)) != 0) {
        out.error = source::ReadError::Failed;
        out.detail = last_error("git");
      } else {
        const auto size = static_cast<std::size_t>(git_blob_rawsize(blob));
        if (size > source::kMaxFileBytes) {
          out.error = source::ReadError::TooLarge;
        } else {
          out.text.assign(static_cast<const char*>(git_blob_rawcontent(blob)), size);
        }
        git_blob_free(blob);
      }
    }
    git_tree_entry_free(entry);
    return out;
  };
  if (source::FileText probe = r.workspace.read(r.path, source::Allow::RegularFiles); !probe.ok()) {
    r.error = "`" + spec + "`: " + (probe.error == source::ReadError::NotFound
                                        ? "no file `" + r.path.lexically_relative(root).generic_string() + "` in " + rev
                                        : probe.reason());
  }
  return r;
}

}  // namespace archc::diff
