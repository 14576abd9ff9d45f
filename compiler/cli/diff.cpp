#include "cli/diff.hpp"

#include <filesystem>
#include <iostream>
#include <iterator>
#include <optional>

#include "cli/outputs.hpp"
#include "cli/report.hpp"
#include "compile/compile.hpp"
#include "diff/git.hpp"

namespace archc::cli {

namespace {

namespace fs = std::filesystem;

constexpr int kSame = 0, kDifferent = 1, kFailed = 2;

// One side as a compile request; the reason it cannot be, or empty.
std::string side_request(const std::string& argument, const DiffOptions& options, std::optional<std::string>& stdin_text,
                         compile::Request& request) {
  std::vector<fs::path> includes(options.includes.begin(), options.includes.end());
  if (argument == "-") {
    if (!stdin_text) stdin_text.emplace(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    // Relative imports start from the current folder.
    request = compile::text_request(*stdin_text, fs::current_path() / "stdin.arch", "<stdin>");
    request.workspace = compile::disk_workspace(includes);
  } else if (diff::names_revision(argument)) {
    diff::Revision rev = diff::open_revision(argument, fs::current_path());
    if (!rev.error.empty()) return rev.error;
    request.path = rev.path;
    request.name = rev.name;
    request.workspace = std::move(rev.workspace);
  } else {
    request.path = argument;
    // A file name may hold any byte: diagnostics, the reports and the picture's legend show
    // it escaped (`\xff`), one spelling everywhere.
    request.name = diff::printable(argument);
    request.workspace = compile::disk_workspace(includes);
  }
  return {};
}

void print_failure(Env& env, source::Code code, const std::string& message, const std::string& help = {}) {
  source::Diagnostics diags;
  diags.error(code, {}, message, help);
  print_human(env.err, source::SourceMap{}, diags, env.color);
}

}  // namespace

int run_diff(const std::string& before, const std::string& after, const DiffOptions& options, Env& env) {
  if (before == "-" && after == "-") {
    print_failure(env, source::Code::BadOption, "only one side of `archc diff` can be `-` (stdin)",
                  "name the other side by its file or `REV:PATH`: `git show HEAD:x.arch | archc diff - x.arch`");
    return kFailed;
  }
  compile::DiffRequest request;
  if (!options.out.empty()) {
    std::optional<compile::Format> format = format_of(options.out);
    if (format != compile::Format::Html && format != compile::Format::Svg) {
      print_failure(env, source::Code::BadOption, "`archc diff -o` draws the changes as a page or an SVG",
                    "name the output `diff.html` or `diff.svg`; `--format json` or `markdown` prints them");
      return kFailed;
    }
    request.format = format;
  } else if (!options.layer.empty()) {
    print_failure(env, source::Code::BadOption, "`--layer` picks the layer of the picture", "add `-o diff.svg`");
    return kFailed;
  }
  request.layer = options.layer;
  std::optional<std::string> stdin_text;
  if (std::string error = side_request(before, options, stdin_text, request.before); !error.empty()) {
    print_failure(env, source::Code::IoError, error);
    return kFailed;
  }
  if (std::string error = side_request(after, options, stdin_text, request.after); !error.empty()) {
    print_failure(env, source::Code::IoError, error);
    return kFailed;
  }
  compile::DiffResult r = compile::compile_diff(request);
  if (!r.compiled()) {
    // The diagnostics of the side (or sides) that did not compile, and nothing else.
    if (!r.before_compiled) print_human(env.err, r.before.sources, r.before.diags, env.color);
    if (!r.after_compiled) print_human(env.err, r.after.sources, r.after.diags, env.color);
    return kFailed;
  }
  const std::string names[2] = {request.before.name, request.after.name};
  if (request.format) {
    if (r.request_failed || r.diags.has_errors() || r.artifacts.empty()) {
      print_human(env.err, r.sources, r.diags, env.color);
      return kFailed;
    }
    if (source::Diagnostic failure = write_outputs(*request.format, options.out, r.artifacts); !failure.message.empty()) {
      source::Diagnostics diags;
      diags.add(std::move(failure));
      print_human(env.err, r.sources, diags, env.color);
      return kFailed;
    }
  }
  if (options.format == "json") {
    env.out << diff::to_json(r.changes, names[0], names[1]);
  } else if (options.format == "markdown") {
    env.out << diff::to_markdown(r.changes, names[0], names[1]);
  } else {
    env.out << diff::to_text(r.changes, names[0], names[1]);
  }
  return r.changes.empty() || options.exit_zero ? kSame : kDifferent;
}

}  // namespace archc::cli
