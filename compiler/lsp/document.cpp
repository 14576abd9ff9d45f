#include "lsp/document.hpp"

#include <algorithm>
#include <memory>

#include "source/read_file.hpp"
#include "syntax/lex.hpp"
#include "syntax/parse.hpp"

namespace archc::lsp {

namespace fs = std::filesystem;

Compiled compile_text(const std::string& path, const std::string& text, const std::map<std::string, std::string>& open) {
  Compiled c;
  compile::Request r;
  r.path = path;
  r.name = path;
  r.text = text;
  r.workspace = compile::disk_workspace({});
  auto reads = std::make_shared<std::set<std::string>>();
  auto disk = r.workspace.read;
  r.workspace.read = [disk, open, reads](const fs::path& p, source::Allow allow) {
    reads->insert(p.string());
    if (auto it = open.find(p.string()); it != open.end()) return source::FileText{it->second, source::ReadError::None, {}};
    return disk(p, allow);
  };
  c.result = compile::compile(r);
  c.reads = *reads;
  // The compile's own parse of the text, unless its offsets differ from the editor's (the
  // sources skip a byte order mark).
  c.uses = c.result.main_tree && !text.starts_with("\xEF\xBB\xBF") ? syntax::name_uses(*c.result.main_tree) : name_uses_of(text);
  return c;
}

std::vector<syntax::NameUse> name_uses_of(const std::string& text) {
  source::SourceMap sources;
  source::FileId id = sources.add("document", text);
  source::Diagnostics diags;
  return syntax::name_uses(syntax::parse(sources, id, diags));
}

syntax::NameSort resolved(const syntax::NameUse& use, const model::Diagram& d) {
  using syntax::NameSort;
  if (use.sort == NameSort::NodeOrGroup) {
    if (d.find_node(use.name) != model::kNone) return NameSort::Node;
    return d.find_group(use.name) != model::kNone ? NameSort::Group : NameSort::Node;
  }
  if (use.sort == NameSort::KindOrRole) return d.find_kind(use.name) ? NameSort::Kind : NameSort::Role;
  return use.sort;
}

std::vector<const syntax::NameUse*> uses_of(const std::vector<syntax::NameUse>& uses, const syntax::NameUse& target,
                                            const model::Diagram& d) {
  const syntax::NameSort sort = resolved(target, d);
  std::vector<const syntax::NameUse*> out;
  for (const syntax::NameUse& u : uses) {
    if (u.name == target.name && resolved(u, d) == sort) out.push_back(&u);
  }
  return out;
}

// Where `name`, a `sort`, is declared in `d` (the first declaration of a group): invalid where
// it is not.
source::Span declared_at(syntax::NameSort sort, const std::string& name, const model::Diagram& d) {
  using syntax::NameSort;
  switch (sort) {
    case NameSort::Node:
    case NameSort::NodeOrGroup:
      if (model::NodeId n = d.find_node(name); n != model::kNone) return d.nodes[n].span;
      break;
    case NameSort::Group:
      if (model::GroupId g = d.find_group(name); g != model::kNone) return d.groups[g].span;
      break;
    case NameSort::Kind:
    case NameSort::KindOrRole:
      if (const model::Kind* k = d.find_kind(name)) return k->span;
      break;
    case NameSort::Role:
      if (const model::Role* r = d.find_role(name)) return r->span;
      break;
    case NameSort::Layer:
      if (model::LayerId l = d.find_layer(name); l != model::kNone) return d.layers[l].span;
      break;
    case NameSort::Rule:
      for (const model::Rule& r : d.rules) {
        if (r.id == name) return r.span;
      }
      break;
    case NameSort::Scenario:
      for (const model::Scenario& s : d.scenarios) {
        if (s.id == name) return s.span;
      }
      break;
    case NameSort::View:
      if (const model::View* v = d.find_view(name)) return v->span;
      break;
  }
  return {};
}

const syntax::NameUse* use_at(const std::vector<syntax::NameUse>& uses, std::size_t offset) {
  for (const syntax::NameUse& u : uses) {
    if (u.span.begin <= offset && offset <= u.span.end) return &u;
  }
  return nullptr;
}

bool in_file(const Compiled& c, source::Span s, const std::string& path) {
  return s.valid() && s.file < c.result.sources.size() && c.result.sources.file(s.file).name() == path;
}

Json location_json(const Compiled& c, source::Span span) {
  if (!span.valid() || span.file >= c.result.sources.size()) return nullptr;
  const source::SourceFile& f = c.result.sources.file(span.file);
  if (f.name().empty() || f.name()[0] != '/') return nullptr;
  return Json{{"uri", uri_of_path(f.name())}, {"range", range_json(f.text(), span.begin, span.end)}};
}

Json diagnostic_json(const Compiled& c, const std::string& path, const LineIndex& lines, const source::Diagnostic& d) {
  Json j;
  if (in_file(c, d.span, path)) {
    j["range"] = lines.range(d.span.begin, d.span.end);
  } else if (!d.span.valid()) {
    j["range"] = lines.range(0, 0);  // about the whole file
  } else {
    return nullptr;
  }
  j["severity"] = d.severity == source::Severity::Error ? 1 : 2;
  j["code"] = std::string(d.name());
  j["source"] = "archc";
  j["message"] = d.message + (d.help.empty() ? "" : "\nhelp: " + d.help);
  if (!d.related.empty()) {
    Json related = Json::array();
    for (const source::Related& r : d.related) {
      Json loc = location_json(c, r.span);
      if (!loc.is_null()) related.push_back(Json{{"location", loc}, {"message", r.message}});
    }
    if (!related.empty()) j["relatedInformation"] = related;
  }
  if (!d.fix.empty()) j["data"] = {{"fix", d.fix}, {"help", d.help}};
  return j;
}

namespace {

// Whether the real path `p` lies in the real folder `root`, component by component (so that
// `/a/bc` is not in `/a/b`).
bool inside(const fs::path& root, const fs::path& p) {
  return std::mismatch(root.begin(), root.end(), p.begin(), p.end()).first == root.end();
}

// Whether a file's first lines import `target` (an import is resolved from the file's folder).
bool imports(const std::string& text, const fs::path& folder, const fs::path& target) {
  std::error_code ec;
  for (const syntax::ImportedPath& i : syntax::imported_paths(text)) {
    if (!i.path.empty() && fs::weakly_canonical(folder / i.path, ec) == target && !ec) return true;
  }
  return false;
}

}  // namespace

bool under_root(const std::string& root, const std::string& path) {
  std::error_code ec;
  if (root.empty() || path.empty()) return false;
  fs::path real_root = fs::canonical(root, ec);
  if (ec) return false;
  fs::path real = fs::weakly_canonical(path, ec);
  return !ec && inside(real_root, real);
}

void walk_arch_files(const std::string& root, const std::function<void(const fs::path& real, const fs::path& shown)>& visit) {
  constexpr std::size_t kMaxFiles = 5000, kMaxEntries = 100000;
  std::error_code ec;
  if (root.empty()) return;
  const fs::path real_root = fs::canonical(root, ec);
  if (ec) return;
  std::set<fs::path> found;  // real paths: a file reached by two names is visited once
  std::size_t files = 0, entries = 0;
  // Folders still to list, the last one next; each listing is sorted, so the order (and what
  // the caps leave out) does not depend on the file system's.
  std::vector<fs::path> folders{real_root};
  while (!folders.empty() && files < kMaxFiles && entries < kMaxEntries) {
    const fs::path folder = std::move(folders.back());
    folders.pop_back();
    // A folder that vanished, or that cannot be listed, is passed over (and so is the rest
    // of one whose listing fails midway): the scan goes on with the next.
    std::vector<fs::directory_entry> listing;
    for (fs::directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
         it.increment(ec)) {
      if (++entries > kMaxEntries) break;
      listing.push_back(*it);
    }
    ec.clear();
    std::sort(listing.begin(), listing.end());
    std::vector<fs::path> subfolders;
    for (const fs::directory_entry& entry : listing) {
      // The entry itself, not what a link names: a link to a folder is not followed.
      fs::file_status status = entry.symlink_status(ec);
      if (ec) {
        ec.clear();
        continue;
      }
      std::string name = entry.path().filename().string();
      if (fs::is_directory(status)) {
        bool skipped = name.empty() || name[0] == '.' || name == "node_modules" || name == "build" ||
                       name.rfind("build-", 0) == 0 || name.rfind("build_", 0) == 0;
        if (!skipped) subfolders.push_back(entry.path());
        continue;
      }
      if (entry.path().extension() != ".arch" || ++files > kMaxFiles) continue;
      // A link is followed to its file, which must lie under the root too; a dangling one,
      // or a file removed since the listing, fails here and is passed over.
      fs::path real = fs::canonical(entry.path(), ec);
      if (ec || !inside(real_root, real) || !found.insert(real).second) {
        ec.clear();
        continue;
      }
      visit(real, (fs::path(root) / real.lexically_relative(real_root)).lexically_normal());
    }
    folders.insert(folders.end(), subfolders.rbegin(), subfolders.rend());
  }
}

std::vector<std::pair<std::string, std::string>> importers_on_disk(const std::string& root, const std::string& path) {
  std::vector<std::pair<std::string, std::string>> out;
  std::error_code ec;
  const fs::path target = fs::weakly_canonical(path, ec);
  if (ec) return out;
  walk_arch_files(root, [&](const fs::path& real, const fs::path& shown) {
    if (real == target) return;
    source::FileText f = source::read_file(real, source::Allow::RegularFiles, 8u << 20);
    if (f.ok() && imports(f.text, real.parent_path(), target)) out.emplace_back(shown.string(), std::move(f.text));
  });
  return out;
}

}  // namespace archc::lsp
