#pragma once
// What a rename may call a node: a name as the grammar reads one (bare, or quoted), not a bare
// keyword, and not already the name of a node, group, layer or scenario.

#include <string>
#include <string_view>
#include <vector>

#include "model/diagram.hpp"
#include "syntax/names.hpp"

namespace archc::lsp {

// Why `name` cannot be the new name of a `sort` (a node or group, a kind or role, a layer, a
// rule, a scenario) of `diagrams` (the document's, and those of the open files that import
// it), in words for the editor to show; empty when it can.
std::string refuse_new_name(std::string_view name, const std::vector<const model::Diagram*>& diagrams,
                            syntax::NameSort sort = syntax::NameSort::Node);

// "node", "kind", "layer"…: the word for a sort of name.
const char* sort_word(syntax::NameSort sort);

// The name a spelling stands for: `'pg-primary'` -> `pg-primary`.
std::string unquoted(std::string_view name);

}  // namespace archc::lsp
