#include "cli/fmt.hpp"

#include <iostream>
#include <iterator>

#include "cli/report.hpp"
#include "format/format.hpp"
#include "source/load.hpp"
#include "source/read_file.hpp"
#include "source/write_file.hpp"

namespace archc::cli {

int run_fmt(const std::vector<std::string>& files, const FmtOptions& options, Env& env) {
  int status = kOk;
  auto worse = [&](int s) { status = std::max(status, s); };
  for (const std::string& file : files) {
    std::string text;
    if (file == "-") {
      text.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
      // A pipe can be checked or shown, but not rewritten: in place, only regular files.
      const bool rewrites = !options.check && !options.diff;
      source::FileText f = source::read_file(
          file, rewrites ? source::Allow::RegularFiles : source::Allow::RegularFilesAndPipes, source::kMaxFileBytes);
      if (!f.ok()) {
        env.err << "archc: error: cannot read `" << file << "`: " << f.reason() << "\n";
        worse(kUsage);
        continue;
      }
      text = std::move(f.text);
    }
    const std::string name = file == "-" ? "<stdin>" : file;
    format::Formatted f = format::format_text(text, name);
    if (!f.ok) {
      // A file that does not parse is left as it is: its errors say why.
      print_human(env.err, f.sources, f.diags, env.color);
      if (file == "-" && !options.check && !options.diff) env.out << text;
      worse(kInputErrors);
      continue;
    }
    const bool changes = f.text != text;
    if (options.diff) {
      env.out << format::unified_diff(text, f.text, name);
      if (changes && options.check) worse(kInputErrors);
      continue;
    }
    if (options.check) {
      if (changes) {
        env.out << name << "\n";
        worse(kInputErrors);
      }
      continue;
    }
    if (file == "-") {
      env.out << f.text;
      continue;
    }
    if (!changes) continue;
    if (std::string error = source::write_atomically(file, f.text); !error.empty()) {
      env.err << "archc: error: cannot write `" << file << "`: " << error << "\n";
      worse(kUsage);
    }
  }
  return status;
}

}  // namespace archc::cli
