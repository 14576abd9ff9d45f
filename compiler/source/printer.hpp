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

// Makes text safe and readable on a terminal or in a log: a tab becomes one space, every
// other control character (C0, DEL, C1, the bidirectional controls) is shown as its escape
// `\u{9b}`, invalid UTF-8 as U+FFFD. Nothing in the input can drive the terminal.
std::string printable_line(std::string_view line);


}  // namespace archc::source
