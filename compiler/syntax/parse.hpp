#pragma once
// The syntax stage's entry point: text to syntax tree.

#include "source/diagnostics.hpp"
#include "syntax/ast.hpp"
#include "syntax/keywords.hpp"

namespace archc::syntax {

// Parses one file. Syntax errors go to `diags` (several per file: the parser resumes at the
// next statement); the returned tree holds every statement that parsed.
File parse(const source::SourceMap& sources, source::FileId file, source::Diagnostics& diags);

}  // namespace archc::syntax
