#include "cli/driver.hpp"

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <optional>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "check/check.hpp"
#include "cli/outputs.hpp"
#include "cli/report.hpp"
#include "layout/layout.hpp"
#include "model/model.hpp"
#include "model/suggest.hpp"

#ifndef ARCHC_VERSION
#define ARCHC_VERSION "0.0.0"
#endif

namespace archc::cli {

namespace fs = std::filesystem;

namespace {

constexpr int kOk = 0;
constexpr int kInputErrors = 1;
constexpr int kUsage = 2;

struct Compiled {
  source::SourceMap sources;
  source::Diagnostics diags;
  model::Diagram diagram;
  bool read_ok = true;
};

// Reads, resolves and checks one file; never lays out.
void compile(const std::string& file, const std::vector<std::string>& includes, Compiled& c) {
  std::vector<fs::path> roots(includes.begin(), includes.end());
  model::Workspace workspace = model::disk_workspace(roots);
  std::optional<std::string> text = workspace.read(file);
  if (!text) {
    c.read_ok = false;
    std::error_code ec;
    std::string why = !fs::exists(file, ec)          ? "no such file"
                      : fs::is_directory(file, ec) ? "it is a folder"
                                                   : "permission denied";
    c.diags.error(source::Code::IoError, {}, "cannot read `" + file + "`: " + why);
    return;
  }
  c.diagram = model::build_model(c.sources, file, file, *text, workspace, c.diags);
  if (!c.diags.has_errors()) check::check_rules(c.diagram, c.diags, &c.sources);
}

// A duration for `--layout-timeout`: `300s`, `1500ms`, `5m`, or seconds without a unit; 0
// means no limit. Empty when the text is not one.
std::optional<std::chrono::milliseconds> parse_duration(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && digits < 9 && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0) return std::nullopt;
  long long n = std::stoll(text.substr(0, digits));
  std::string unit = text.substr(digits);
  if (unit == "ms") return std::chrono::milliseconds(n);
  if (unit == "s" || unit.empty()) return std::chrono::seconds(n);
  if (unit == "m") return std::chrono::minutes(n);
  return std::nullopt;
}

std::string describe(std::chrono::milliseconds d) {
  if (d.count() % 1000 != 0) return std::to_string(d.count()) + " ms";
  return std::to_string(d.count() / 1000) + " s";
}

int run_compile(const std::string& file, const std::string& out, const std::string& layer_name,
                const std::vector<std::string>& includes, std::chrono::milliseconds layout_timeout, Env& env) {
  Format format = format_of(out);
  if (format == Format::Unknown) {
    env.err << "archc: error: cannot tell the output format from `" << out
            << "`\nhelp: name the output `.html`, `.svg`, `.json`, or a folder ending in `/`\n";
    return kUsage;
  }
  Compiled c;
  compile(file, includes, c);
  if (!c.diags.has_errors() && c.read_ok) {
    // Said before the layout starts, so that a long wait is never a silent one.
    std::size_t nodes = 0;
    std::vector<char> seen(c.diagram.nodes.size(), 0);
    for (const model::Layer& l : c.diagram.layers) {
      for (std::size_t n : l.nodes) nodes += !seen[n]++;
    }
    if (nodes > layout::kLargeLayoutNodes) {
      c.diags.warning(source::Code::LargeLayout, {},
                      std::to_string(nodes) + " nodes to lay out: Graphviz takes from seconds to minutes at this size",
                      "split the diagram into files of a few hundred nodes (one per group or team), or run `archc check " +
                          file + "`, which needs no layout");
    }
  }
  print_human(env.err, c.sources, c.diags, env.color);
  if (!c.read_ok) return kUsage;
  if (c.diags.has_errors()) return kInputErrors;

  std::size_t layer = c.diagram.layers.size() - 1;
  if (!layer_name.empty()) {
    layer = c.diagram.find_layer(layer_name);
    if (layer == model::kNone) {
      std::vector<std::string_view> names;
      for (const auto& l : c.diagram.layers) names.push_back(l.id);
      std::string near = model::closest(layer_name, names);
      env.err << "archc: error: `--layer " << layer_name << "`: the diagram has no such layer\n";
      if (!near.empty()) env.err << "help: a layer with a similar name exists: `" << near << "`\n";
      return kUsage;
    }
  }
  layout::Layout l = layout::compute_layout(c.diagram, layout::LayoutOptions{layout_timeout});
  if (!l.error.empty()) {
    source::Diagnostics failure;
    if (l.timed_out) {
      failure.error(source::Code::LayoutTimeout, {},
                    "the layout of " + std::to_string(c.diagram.nodes.size()) + " nodes and " +
                        std::to_string(c.diagram.edges.size()) + " connections did not finish within " +
                        describe(layout_timeout),
                    "allow it more time with `--layout-timeout 10m` (0: no limit), or split the diagram; `archc "
                    "check` needs no layout");
    } else {
      failure.error(source::Code::LayoutFailed, {}, l.error);
    }
    print_human(env.err, c.sources, failure, env.color);
    return kInputErrors;
  }
  std::string error = write_outputs(format, out, c.diagram, l, layer);
  if (!error.empty()) {
    env.err << "archc: error[io-error]: cannot write `" << out << "`: " << error << "\n";
    return kUsage;
  }
  return kOk;
}

struct CheckOptions {
  std::string format = "human";
  bool werror = false;
  long max_warnings = -1;  // -1: no limit
  unsigned jobs = 0;       // 0: one per hardware thread
};

FileReport check_one(const std::string& file, const std::vector<std::string>& includes, bool& read_ok) {
  Compiled c;
  compile(file, includes, c);
  read_ok = c.read_ok;
  FileReport r{file, std::move(c.sources), c.diags.sorted(), {}};
  for (const model::Rule& rule : c.diagram.rules) r.rules.push_back({rule.id, rule.description, rule.severity});
  return r;
}

// Files are compiled in parallel, each with its own SourceMap and Diagnostics (compiling one
// file touches no shared mutable state; the embedded stdlib is a read-only static), and
// reported in the order of the command line.
int run_check(const std::vector<std::string>& files, const std::vector<std::string>& includes,
              const CheckOptions& options, Env& env) {
  std::vector<FileReport> reports(files.size());
  std::vector<char> read_ok(files.size(), 1);
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, files.size()));
  std::atomic<std::size_t> next{0};
  // A bug that throws in a worker reaches main's handler as it would without threads.
  std::vector<std::exception_ptr> failures(files.size());
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < files.size();) {
      try {
        bool ok = true;
        reports[i] = check_one(files[i], includes, ok);
        read_ok[i] = ok;
      } catch (...) {
        failures[i] = std::current_exception();
      }
    }
  };
  if (jobs <= 1) {
    work();
  } else {
    std::vector<std::jthread> pool;
    for (unsigned t = 0; t < jobs; ++t) pool.emplace_back(work);
  }
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
  int status = kOk;
  std::size_t warnings = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!read_ok[i]) status = kUsage;
    for (const source::Diagnostic& d : reports[i].diags) {
      bool error = d.severity == source::Severity::Error;
      warnings += !error;
      if ((error || options.werror) && status == kOk) status = kInputErrors;
    }
  }
  print_reports(options.format, reports, env);
  if (options.max_warnings >= 0 && warnings > static_cast<std::size_t>(options.max_warnings)) {
    env.err << "archc: error: " << warnings << " warning" << (warnings == 1 ? "" : "s") << ", more than `--max-warnings "
            << options.max_warnings << "` allows\n";
    if (status == kOk) status = kInputErrors;
  }
  return status;
}

void run_stdlib(const std::string& format, bool rules_only, Env& env) {
  source::SourceMap sources;
  source::Diagnostics diags;
  model::Diagram d = model::build_model(sources, "<stdlib>", "<stdlib>", "", model::empty_workspace(), diags);
  print_stdlib(d, format, rules_only, env.out);
}

}  // namespace

int run(const std::vector<std::string>& args, Env& env) {
  CLI::App app{"archc: compiles architecture diagrams (.arch) to HTML, SVG and JSON, and checks them", "archc"};
  app.set_version_flag("--version", std::string("archc ") + ARCHC_VERSION);
  app.require_subcommand(0, 1);

  std::string file, out, layer, layout_timeout = "300s";
  std::vector<std::string> includes;
  app.add_option("file", file, "the .arch file to compile");
  app.add_option("-o,--output", out, "the output: FILE.html, FILE.svg, FILE.json, or DIR/ for one SVG per layer and scenario");
  app.add_option("--layer", layer, "the layer an SVG shows, or an HTML page opens on (default: the last)");
  app.add_option("-I,--include", includes, "another folder that file imports may come from")
      ->allow_extra_args(false);  // one folder per -I: `-I DIR FILE` leaves FILE alone
  app.add_option("--layout-timeout", layout_timeout,
                 "stop with an error when the layout takes longer: 300s (the default), 1500ms, 10m; 0: no limit")
      ->check(CLI::Validator(
          [](const std::string& v) {
            return parse_duration(v) ? std::string() : "`" + v + "` is not a duration (300s, 1500ms, 10m, 0)";
          },
          "DURATION"));

  CLI::App* check = app.add_subcommand("check", "check files against the rules; writes nothing");
  std::vector<std::string> check_files;
  CheckOptions check_options;
  check->add_option("files", check_files, "the .arch files to check")->required();
  check->add_option("--format", check_options.format, "human (on stderr), json, sarif or github (on stdout)")
      ->check(CLI::IsMember({"human", "json", "sarif", "github"}));
  check->add_flag("--werror", check_options.werror, "fail on warnings too");
  auto count = [](const std::string& v) {
    return !v.empty() && v.size() <= 9 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })
               ? std::string()
               : "`" + v + "` is not a count (0, 1, 2, …)";
  };
  check->add_option("--max-warnings", check_options.max_warnings, "fail when there are more than N warnings")
      ->check(CLI::Validator(count, "N"));
  check->add_option("-j,--jobs", check_options.jobs, "files checked at once (default: one per hardware thread)")
      ->check(CLI::Range(1, 1024).description("").name("a count from 1 to 1024"));
  check->add_option("-I,--include", includes, "another folder that file imports may come from")
      ->allow_extra_args(false);  // one folder per -I, as for compile

  CLI::App* stdlib = app.add_subcommand("stdlib", "list the stdlib's modules, roles, kinds and rules");
  std::string stdlib_format = "text";
  bool rules_only = false;
  stdlib->add_option("--format", stdlib_format, "text or markdown (docs/stdlib.md is the markdown)")
      ->check(CLI::IsMember({"text", "markdown"}));
  stdlib->add_flag("--rules", rules_only, "only the rules");

  std::vector<std::string> argv_rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  std::reverse(argv_rest.begin(), argv_rest.end());  // CLI11 wants them reversed
  try {
    app.parse(argv_rest);
  } catch (const CLI::ParseError& e) {
    std::ostringstream o, er;
    int code = app.exit(e, o, er);
    env.out << o.str();
    env.err << er.str();
    return code == 0 ? kOk : kUsage;
  }
  if (check->parsed()) return run_check(check_files, includes, check_options, env);
  if (stdlib->parsed()) {
    run_stdlib(stdlib_format, rules_only, env);
    return kOk;
  }
  if (file.empty()) {
    env.err << app.help();
    return kUsage;
  }
  if (out.empty()) {
    env.err << "archc: error: no output named\nhelp: add `-o OUT.html` (or .svg, .json); to check only, run `archc check "
            << file << "`\n";
    return kUsage;
  }
  return run_compile(file, out, layer, includes, *parse_duration(layout_timeout), env);
}

}  // namespace archc::cli
