#pragma once
// One open document compiled, and what the features ask of it: diagnostics as the protocol
// wants them, the word under the cursor, and where a span is.

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "compile/compile.hpp"
#include "lsp/protocol.hpp"
#include "syntax/names.hpp"

namespace archc::lsp {

struct Compiled {
  compile::Result result;
  std::set<std::string> reads;  // absolute paths of the files read (imports)
  // Every name the document's own text spells: spans are byte offsets into that text.
  std::vector<syntax::NameUse> uses;
};

// The names `text` spells, as its parse reads them (a part that fails to parse has none).
std::vector<syntax::NameUse> name_uses_of(const std::string& text);

// What a name use stands for in `diagram`: a connection's endpoint is a node or a group, a
// pattern's name a kind or a role.
syntax::NameSort resolved(const syntax::NameUse& use, const model::Diagram& diagram);

// The uses among `uses` of the name `target` uses, as `diagram` resolves each.
std::vector<const syntax::NameUse*> uses_of(const std::vector<syntax::NameUse>& uses, const syntax::NameUse& target,
                                            const model::Diagram& diagram);

// Where `name`, a `sort`, is declared in `diagram` (a group: its first declaration); an
// invalid span where it is not.
source::Span declared_at(syntax::NameSort sort, const std::string& name, const model::Diagram& diagram);

// The use whose span holds byte `offset` (or ends just before it); nullptr where none does.
const syntax::NameUse* use_at(const std::vector<syntax::NameUse>& uses, std::size_t offset);

// Compiles `text` as the file `path`; `open` (path -> text) is served instead of the disk.
Compiled compile_text(const std::string& path, const std::string& text, const std::map<std::string, std::string>& open);

// A diagnostic of the document at `path` as an LSP Diagnostic (null when it lies in another
// file). Its `data.fix` is the replacement a quick fix applies over its range.
Json diagnostic_json(const Compiled& c, const std::string& path, const LineIndex& lines, const source::Diagnostic& d);

// The location of a span: {uri, range}; null when it has no file on disk (the stdlib).
Json location_json(const Compiled& c, source::Span span);

// Whether `s` lies in the file at `path` (the document's own text, not an import's).
bool in_file(const Compiled& c, source::Span s, const std::string& path);

// Whether `path`, its links resolved, lies in the folder `root` (its links resolved too).
bool under_root(const std::string& root, const std::string& path);

// Calls `visit` for each `.arch` file under the folder `root`, with its real path (links
// resolved) and that path seen from `root`: never a file outside it through a link, each
// file once. At most 5,000 files and 100,000 entries are looked at, in name order; hidden
// folders, `node_modules`, `build`, `build-*` and `build_*` folders, links to folders, and what
// vanishes during the scan are passed over.
void walk_arch_files(const std::string& root,
                     const std::function<void(const std::filesystem::path& real, const std::filesystem::path& shown)>& visit);

// The `.arch` files under `root` (as walk_arch_files finds them) whose `import "…"` names
// `path`: (path seen from `root`, text) pairs. A file that cannot be read is passed over.
std::vector<std::pair<std::string, std::string>> importers_on_disk(const std::string& root, const std::string& path);


}  // namespace archc::lsp
