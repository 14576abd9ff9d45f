#pragma once
// The output files of a compile: one HTML page, one SVG, the JSON model, or a folder of SVGs.

#include <string>

#include "layout/layout.hpp"
#include "model/diagram.hpp"

namespace archc::cli {

enum class Format { Html, Svg, Json, Folder, Unknown };

// From the output's name: `.html`, `.svg`, `.json`, or a folder (a trailing `/`, or an
// existing directory).
Format format_of(const std::string& out);

// Renders and writes. Everything is rendered in memory first, then each file is written
// atomically, so a failure never leaves a half-written file. Returns an error message, or
// empty on success.
std::string write_outputs(Format format, const std::string& out, const model::Diagram& diagram,
                          const layout::Layout& layout, std::size_t layer);

}  // namespace archc::cli
