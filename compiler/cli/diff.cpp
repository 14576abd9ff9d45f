#include "cli/diff.hpp"

#include <filesystem>
#include <iostream>
#include <iterator>
#include <optional>

#include "cli/report.hpp"
#include "compile/compile.hpp"
#include "diff/diff.hpp"
#include "diff/git.hpp"

namespace archc::cli {

namespace {

namespace fs = std::filesystem;

constexpr int kSame = 0, kDifferent = 1, kFailed = 2;

struct Side {
  std::string name;
  compile::Result result;
};

// Compiles one side with its rules; the reason it cannot be, or empty.
std::string compile_side(const std::string& argument, const DiffOptions& options, std::optional<std::string>& stdin_text,
                         Side& side) {
  std::vector<fs::path> includes(options.includes.begin(), options.includes.end());
  compile::Request request;
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
    request.name = argument;
    request.workspace = compile::disk_workspace(includes);
  }
  side.name = argument == "-" ? "<stdin>" : argument;
  side.result = compile::compile(request);
  return {};
}

// A side that did not compile: errors other than the rules' (a broken rule is what a diff reports).
bool compiled(const compile::Result& r) {
  if (r.request_failed) return false;
  for (const source::Diagnostic& d : r.diags.all()) {
    if (d.severity == source::Severity::Error && d.code != source::Code::RuleViolation) return false;
  }
  return true;
}

}  // namespace

int run_diff(const std::string& before, const std::string& after, const DiffOptions& options, Env& env) {
  if (before == "-" && after == "-") {
    source::Diagnostics diags;
    diags.error(source::Code::BadOption, {}, "only one side of `archc diff` can be `-` (stdin)",
                "name the other side by its file or `REV:PATH`: `git show HEAD:x.arch | archc diff - x.arch`");
    print_human(env.err, source::SourceMap{}, diags, env.color);
    return kFailed;
  }
  std::optional<std::string> stdin_text;
  Side sides[2];
  const std::string* arguments[2] = {&before, &after};
  for (int i = 0; i < 2; ++i) {
    if (std::string error = compile_side(*arguments[i], options, stdin_text, sides[i]); !error.empty()) {
      source::Diagnostics diags;
      diags.error(source::Code::IoError, {}, error);
      print_human(env.err, source::SourceMap{}, diags, env.color);
      return kFailed;
    }
  }
  bool failed = false;
  for (const Side& s : sides) {
    if (compiled(s.result)) continue;
    print_human(env.err, s.result.sources, s.result.diags, env.color);
    failed = true;
  }
  if (failed) return kFailed;
  diff::DiagramDiff d = diff::compare({sides[0].result.diagram, sides[0].result.diags, sides[0].result.sources},
                                      {sides[1].result.diagram, sides[1].result.diags, sides[1].result.sources});
  if (options.format == "json") {
    env.out << diff::to_json(d, sides[0].name, sides[1].name);
  } else if (options.format == "markdown") {
    env.out << diff::to_markdown(d, sides[0].name, sides[1].name);
  } else {
    env.out << diff::to_text(d, sides[0].name, sides[1].name);
  }
  return d.empty() || options.exit_zero ? kSame : kDifferent;
}

}  // namespace archc::cli
