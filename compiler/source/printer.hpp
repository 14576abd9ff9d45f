#pragma once
// The human printer of diagnostics (ARCH_LANGUAGE §6):
//   FILE:LINE:COL: error[CODE]: message
//     14 | connect('debezium', 'pg-primry')
//        |                     ^^^^^^^^^^^
//   help: a node with a similar name exists: `pg-primary`

#include <ostream>

#include "source/diagnostics.hpp"

namespace archc::source {

struct PrintOptions {
  bool color = false;
};

void print_human(std::ostream& out, const SourceMap& sources, const Diagnostic& d,
                 const PrintOptions& options = {});

// Makes a source line safe and readable on a terminal: invalid UTF-8 and control characters
// become U+FFFD, tabs become one space (so that the caret line keeps its columns).
std::string printable_line(std::string_view line);

}  // namespace archc::source
