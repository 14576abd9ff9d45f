#pragma once
// The stdlib modules, embedded in the binary at build time from stdlib/*.arch.

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "source/diagnostics.hpp"
#include "syntax/ast.hpp"

namespace archc::model {

struct StdModule {
  std::string_view name;  // `streaming` for std.streaming
  std::string_view text;
};

// In load order: `core` first (it holds the roles), then the others by name.
std::span<const StdModule> std_modules();

// The stdlib's files and syntax trees, parsed once per process (on first use, thread-safe)
// and shared read-only by every compile. Module i is file i of a SourceMap that starts with
// them, so the trees' spans hold in every compile that adds them first.
struct ParsedStdlib {
  std::vector<std::shared_ptr<const source::SourceFile>> files;
  std::vector<std::shared_ptr<const syntax::File>> trees;
  std::vector<source::Diagnostic> diags;  // none for the stdlib we ship; kept if any
};
const ParsedStdlib& parsed_stdlib();

}  // namespace archc::model
