#pragma once
// Where a compile's files go: the format told from the output's name, and the files written.

#include <optional>
#include <string>
#include <vector>

#include "compile/compile.hpp"
#include "source/diagnostics.hpp"

namespace archc::cli {

// From the output's name: `.html`, `.svg`, `.json`, `.png`, `.pdf`, `.gif`, or a folder (a trailing `/`, or an
// existing directory); none when it is none of them.
std::optional<compile::Format> format_of(const std::string& out);

// Writes what compile rendered (all of it is in memory already): each file atomically, so a
// failure never leaves a half-written file. Returns an io-error diagnostic, or one with an
// empty message on success.
source::Diagnostic write_outputs(compile::Format format, const std::string& out,
                                 const std::vector<compile::Artifact>& artifacts);

}  // namespace archc::cli
