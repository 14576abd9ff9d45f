#include "model/imports.hpp"

#include <fstream>
#include <deque>
#include <map>
#include <sstream>

#include "model/stdlib.hpp"
#include "model/suggest.hpp"
#include "source/load.hpp"
#include "syntax/parse.hpp"

namespace archc::model {

namespace fs = std::filesystem;
using source::Code;

Workspace disk_workspace(std::vector<fs::path> extra_roots) {
  Workspace w;
  w.roots = std::move(extra_roots);
  w.read = [](const fs::path& path, source::Allow allow) {
    return source::read_file(path, allow, source::kMaxFileBytes);
  };
  return w;
}

Workspace empty_workspace() {
  Workspace w;
  w.read = [](const fs::path&, source::Allow) { return source::FileText{{}, source::ReadError::NotFound, {}}; };
  return w;
}

namespace {

bool inside(const fs::path& path, const fs::path& root) {
  fs::path rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

// Never throws: with no usable working directory the path stays as given, normalised.
// Without `resolve_links`, by its text alone.
fs::path normal_absolute(const fs::path& p, bool resolve_links) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) return p.lexically_normal();
  if (!resolve_links) return abs.lexically_normal();
  fs::path canonical = fs::weakly_canonical(abs, ec);
  return ec ? abs.lexically_normal() : canonical;
}

struct UserFile {
  LoadedFile loaded;
  fs::path path;     // absolute, normalised: identity of the file
  std::string name;  // as shown in diagnostics
};

class Loader {
 public:
  Loader(source::SourceMap& sources, const Workspace& workspace, source::Diagnostics& diags)
      : sources_(sources), workspace_(workspace), diags_(diags) {}

  std::vector<LoadedFile> run(const fs::path& main_path, std::string main_name,
                              std::string_view main_text);

 private:
  void check_std_import(const syntax::Import& imp);
  // The index of the imported file in files_, loading it if new; none when it cannot be.
  std::optional<std::size_t> import_file(const UserFile& importer, const syntax::Import& imp);
  std::size_t add_user_file(fs::path path, std::string name, std::string_view text);

  source::SourceMap& sources_;
  const Workspace& workspace_;
  source::Diagnostics& diags_;
  std::vector<fs::path> roots_;
  std::deque<UserFile> files_;  // a deque: references stay valid as files are added
  std::map<fs::path, std::size_t> by_path_;
};

std::size_t Loader::add_user_file(fs::path path, std::string name, std::string_view text) {
  UserFile file;
  file.path = path;
  file.name = name;
  if (auto id = source::add_text(sources_, name, text, diags_)) {
    file.loaded.id = *id;
    file.loaded.tree = std::make_shared<const syntax::File>(syntax::parse(sources_, *id, diags_));
  }
  by_path_[path] = files_.size();
  files_.push_back(std::move(file));
  return files_.size() - 1;
}

void Loader::check_std_import(const syntax::Import& imp) {
  if (imp.target == "std") return;
  std::string_view module = std::string_view(imp.target).substr(4);
  std::vector<std::string_view> names;
  for (const StdModule& m : std_modules()) {
    if (m.name == module) return;
    names.push_back(m.name);
  }
  std::string near = closest(module, names);
  diags_.error(Code::UnknownImport, imp.target_span, "the stdlib has no module `" + imp.target + "`",
               near.empty() ? "`archc stdlib` lists the modules"
                            : "a module with a similar name exists: `std." + near + "`");
}

std::optional<std::size_t> Loader::import_file(const UserFile& importer, const syntax::Import& imp) {
  fs::path target = importer.path.parent_path() / fs::path(imp.target);
  fs::path path = normal_absolute(target, workspace_.resolve_links);
  std::string name = (fs::path(importer.name).parent_path() / imp.target).lexically_normal().generic_string();
  bool allowed = false;
  for (const fs::path& root : roots_) allowed = allowed || inside(path, root);
  if (!allowed) {
    // Refused before reading: nothing of the file may leak into the message.
    diags_.error(Code::ImportOutsideRoot, imp.target_span,
                 "`" + imp.target + "` is outside the folder of the main file",
                 "imports stay under the main file's folder; pass `-I DIR` to allow another root");
    return std::nullopt;
  }
  if (fs::path(imp.target).extension() != ".arch") {
    // Refused before reading, as above: a `.env` or a key must not be parsed and quoted.
    diags_.error(Code::ImportRefused, imp.target_span, "`" + imp.target + "` is not a `.arch` file",
                 "file imports name diagrams, e.g. `import \"parts.arch\"`");
    return std::nullopt;
  }
  if (auto it = by_path_.find(path); it != by_path_.end()) return it->second;
  source::FileText file = workspace_.read ? workspace_.read(path, source::Allow::RegularFiles)
                                           : source::FileText{{}, source::ReadError::NotFound, {}};
  if (file.error == source::ReadError::NotFound) {
    diags_.error(Code::UnknownImport, imp.target_span, "cannot find `" + imp.target + "`",
                 name == imp.target ? "file imports are relative to the importing file"
                                    : "file imports are relative to the importing file: looked for `" + name + "`");
    return std::nullopt;
  }
  if (file.error == source::ReadError::Refused) {
    diags_.error(Code::ImportRefused, imp.target_span, "cannot read `" + name + "`: " + file.reason());
    return std::nullopt;
  }
  if (!file.ok()) {
    diags_.error(Code::IoError, imp.target_span, "cannot read `" + name + "`: " + file.reason(),
                 file.error == source::ReadError::IsFolder ? "import a file inside it: `import \"" + imp.target + "/FILE.arch\"`"
                 : file.error == source::ReadError::NotRegular ? "imports are regular files"
                                                               : "");
    return std::nullopt;
  }
  return add_user_file(path, name, file.text);
}

std::vector<LoadedFile> Loader::run(const fs::path& main_path, std::string main_name,
                                    std::string_view main_text) {
  std::vector<LoadedFile> order;
  // The stdlib comes first in every SourceMap: its shared trees' spans point at files 0..k-1.
  const ParsedStdlib& stdlib = parsed_stdlib();
  const bool shared = sources_.size() == 0;
  std::span<const StdModule> modules = std_modules();
  for (std::size_t i = 0; i < modules.size(); ++i) {
    LoadedFile f;
    f.module = "std." + std::string(modules[i].name);
    if (shared) {
      f.id = sources_.add_shared(stdlib.files[i]);
      f.tree = stdlib.trees[i];
    } else if (auto id = source::add_text(sources_, "<std>/" + std::string(modules[i].name) + ".arch",
                                          modules[i].text, diags_)) {
      // A map that holds other files already: parse the stdlib again for it.
      f.id = *id;
      f.tree = std::make_shared<const syntax::File>(syntax::parse(sources_, *id, diags_));
    }
    order.push_back(std::move(f));
  }
  if (shared) {
    for (const source::Diagnostic& d : stdlib.diags) diags_.add(d);
  }

  fs::path main_abs = normal_absolute(main_path, workspace_.resolve_links);
  roots_.push_back(main_abs.parent_path());
  for (const fs::path& r : workspace_.roots) roots_.push_back(normal_absolute(r, workspace_.resolve_links));
  add_user_file(main_abs, std::move(main_name), main_text);

  // Depth-first with an explicit stack (an import chain as long as the input likes cannot
  // overflow ours), emitting each file after the files it imports.
  struct Visit {
    std::size_t file;
    std::size_t next_statement;
  };
  std::vector<Visit> stack{{0, 0}};
  std::vector<bool> entered(1, true);
  std::vector<std::size_t> post_order;
  while (!stack.empty()) {
    Visit& top = stack.back();
    const auto& statements = files_[top.file].loaded.tree->statements;
    if (top.next_statement == statements.size()) {
      post_order.push_back(top.file);
      stack.pop_back();
      continue;
    }
    const auto* imp = std::get_if<syntax::Import>(&statements[top.next_statement++].item);
    if (!imp) continue;
    if (imp->is_std) {
      check_std_import(*imp);
      continue;
    }
    std::optional<std::size_t> found = import_file(files_[top.file], *imp);
    if (!found) continue;
    std::size_t index = *found;
    if (index >= entered.size()) entered.resize(index + 1, false);
    if (entered[index]) continue;  // loaded already, or a cycle back to a file being read
    entered[index] = true;
    stack.push_back({index, 0});
  }
  for (std::size_t i : post_order) order.push_back(std::move(files_[i].loaded));
  return order;
}

}  // namespace

std::vector<LoadedFile> load_all(source::SourceMap& sources, const fs::path& main_path,
                                 std::string main_name, std::string_view main_text,
                                 const Workspace& workspace, source::Diagnostics& diags) {
  return Loader(sources, workspace, diags).run(main_path, std::move(main_name), main_text);
}

}  // namespace archc::model
