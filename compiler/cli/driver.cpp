#include "cli/driver.hpp"
#include "cli/diff.hpp"
#include "cli/fmt.hpp"
#include "layout/layout.hpp"

#include <CLI/CLI.hpp>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <optional>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "cli/outputs.hpp"
#include "cli/report.hpp"
#include "compile/compile.hpp"
#include "source/printer.hpp"

#ifndef ARCHC_VERSION
#define ARCHC_VERSION "0.0.0"
#endif

namespace archc::cli {

namespace fs = std::filesystem;

namespace {

// Reads, resolves and checks one file from disk; never lays out.
compile::Request disk_request(const std::string& file, const std::vector<std::string>& includes) {
  compile::Request request;
  request.path = file;
  request.name = file;
  request.workspace = compile::disk_workspace(std::vector<fs::path>(includes.begin(), includes.end()));
  return request;
}

// A command-line error that is not about the input: printed as a diagnostic like any other.
int usage_error(Env& env, std::string message, std::string help = {}) {
  source::Diagnostics diags;
  diags.error(source::Code::BadOption, {}, std::move(message), std::move(help));
  print_human(env.err, source::SourceMap{}, diags, env.color);
  return kUsage;
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

// A validator of a finite number from `low` to `high`, `what` naming it in the message. Not
// CLI::Range: every comparison with NaN is false, so `--scale nan` passed it and reached the
// pictures as a size (and `--fps nan` as a frame count). The text must be a number whole, as
// std::from_chars reads one: no `nan`, `inf`, hexadecimal or trailing characters.
CLI::Validator finite_between(double low, double high, const std::string& what) {
  return CLI::Validator(
      [=](const std::string& v) {
        double x = 0;
        const char* end = v.data() + v.size();
        auto [stop, ec] = std::from_chars(v.data(), end, x);
        bool ok = ec == std::errc() && stop == end && std::isfinite(x) && x >= low && x <= high;
        return ok ? std::string() : "`" + v + "` is not " + what;
      },
      "");  // the help shows FLOAT, as before
}

// What the command line asks of a compile, beyond the file.
struct CompileOptions {
  std::string out, layer, scenario, view;
  bool diff = false, png = false;
  double scale = 0, fps = 20;
  std::chrono::milliseconds layout_timeout{};
};

int run_compile(const std::string& file, const CompileOptions& o, const std::vector<std::string>& includes, Env& env) {
  using compile::Format;
  std::optional<Format> format = format_of(o.out);
  if (!format) {
    return usage_error(env, "cannot tell the output format from `" + o.out + "`",
                       "name the output `.html`, `.svg`, `.json`, `.png`, `.pdf`, `.gif`, or a folder ending in `/`");
  }
  if (o.diff && format != Format::Svg && format != Format::Html && format != Format::Png && format != Format::Pdf) {
    return usage_error(env, "`--diff` draws the layer diff in an SVG, a PNG, a PDF or a page",
                       "write `-o FILE.svg --layer v2 --diff`; the JSON model lists each layer's `added` and `removed` always");
  }
  if (!o.scenario.empty() && format != Format::Gif && format != Format::Svg) {
    return usage_error(env, "`--scenario` draws a scenario as a GIF or an animated SVG",
                       "write `-o " + o.scenario + ".gif --scenario " + o.scenario + "`; a page plays every scenario");
  }
  if (format == Format::Gif && !o.layer.empty()) {
    return usage_error(env, "a GIF draws its scenario's layer; `--layer` does not apply",
                       "leave out `--layer`, or draw the layer with `-o FILE.png --layer " + o.layer + "`");
  }
  if (format == Format::Svg && !o.scenario.empty() && (!o.layer.empty() || o.diff)) {
    return usage_error(env, "an animated SVG draws its scenario's layer; `--layer` and `--diff` do not apply",
                       "leave them out, or draw the layer alone without `--scenario`");
  }
  if (o.png && format != Format::Folder) {
    return usage_error(env, "`--png` adds a PNG of each layer to a folder", "write `-o DIR/ --png`, or `-o FILE.png`");
  }
  compile::Request request = disk_request(file, includes);
  request.format = format;
  request.layer = o.layer;
  request.diff = o.diff;
  request.scenario = o.scenario;
  request.view = o.view;
  request.scale = o.scale;
  request.fps = o.fps;
  request.folder_png = o.png;
  request.layout.timeout = o.layout_timeout;
  std::size_t shown = 0;
  request.before_layout = [&](const source::SourceMap& sources, const source::Diagnostics& diags) {
    print_so_far(env.err, sources, diags, env.color);
    env.err.flush();
    shown = diags.all().size();
  };
  compile::Result r = compile::compile(request);
  print_human(env.err, r.sources, r.diags, env.color, shown);
  if (r.request_failed) return kUsage;
  if (r.diags.has_errors()) return kInputErrors;
  if (source::Diagnostic failure = write_outputs(*format, o.out, r.artifacts); !failure.message.empty()) {
    source::Diagnostics diags;
    diags.add(std::move(failure));
    print_human(env.err, r.sources, diags, env.color);
    return kUsage;
  }
  return kOk;
}

struct CheckOptions {
  std::string format = "human";
  bool werror = false;
  bool explain_flow = false;
  long max_warnings = -1;  // -1: no limit
  unsigned jobs = 0;       // 0: one per hardware thread
};

// "main.arch:12:3: `connect(flink, kafka)`: data flows kafka -> flink (backward), by the roles: …"
std::vector<std::string> explain_flows(const compile::Result& c) {
  std::vector<std::string> out;
  const model::Diagram& d = c.diagram;
  for (const model::Edge& e : d.edges) {
    if (e.from == model::kNone || e.to == model::kNone || !e.span.valid() || e.span.file >= c.sources.size()) continue;
    const source::SourceFile& f = c.sources.file(e.span.file);
    if (f.name().rfind("<std>", 0) == 0) continue;
    source::Location at = f.location(e.span.begin);
    const std::string& a = d.nodes[e.from].id;
    const std::string& b = d.nodes[e.to].id;
    std::string way = e.flow == model::Flow::Both       ? "both ways between " + a + " and " + b + " (both)"
                      : e.flow == model::Flow::Backward ? b + " -> " + a + " (backward)"
                                                        : a + " -> " + b + " (forward)";
    out.push_back(f.name() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": `connect(" + a + ", " +
                  b + ")`: data flows " + way + ", " + e.flow_reason);
  }
  return out;
}

FileReport check_one(const std::string& file, const std::vector<std::string>& includes, bool explain, bool& read_ok) {
  compile::Result c = compile::compile(disk_request(file, includes));
  read_ok = !c.request_failed;
  std::vector<std::string> flows = explain ? explain_flows(c) : std::vector<std::string>{};
  FileReport r{file, std::move(c.sources), c.diags.sorted(), {}, std::move(flows)};
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
        reports[i] = check_one(files[i], includes, options.explain_flow, ok);
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
  for (const FileReport& r : reports) {
    for (const std::string& line : r.flows) env.out << line << "\n";
  }
  if (options.max_warnings >= 0 && warnings > static_cast<std::size_t>(options.max_warnings)) {
    source::Diagnostics over;
    over.error(source::Code::TooManyWarnings, {},
               std::to_string(warnings) + " warning" + (warnings == 1 ? "" : "s") + ", more than `--max-warnings " +
                   std::to_string(options.max_warnings) + "` allows",
               "fix some, or raise the limit");
    for (const source::Diagnostic& d : over.all()) source::print_human(env.err, source::SourceMap{}, d, {env.color});
    if (status == kOk) status = kInputErrors;
  }
  return status;
}

void run_stdlib(const std::string& format, bool rules_only, bool kinds_only, Env& env) {
  compile::Request request = compile::text_request("", "<stdlib>", "<stdlib>");  // only the stdlib
  request.check_rules = false;
  print_stdlib(compile::compile(request).diagram, format, rules_only, env.out, kinds_only);
}

}  // namespace

int run(const std::vector<std::string>& args, Env& env) {
  CLI::App app{"archc: compiles architecture diagrams (.arch) to HTML, SVG and JSON, and checks them", "archc"};
  app.footer("\nAlso: archc serve [DIR] (the local dev instance: editor, examples, live reload; archc serve --help)\n"
             "      archc lsp (the language server for editors; archc lsp --help)");
  app.set_version_flag("--version", std::string("archc ") + ARCHC_VERSION + "\nGraphviz " + layout::graphviz_version());
  app.require_subcommand(0, 1);

  std::string file, layout_timeout = "300s";
  CompileOptions compile_options;
  std::vector<std::string> includes;
  app.add_option("file", file, "the .arch file to compile");
  app.add_option("-o,--output", compile_options.out,
                 "the output: FILE.html, FILE.svg, FILE.json, FILE.png, FILE.pdf, FILE.gif (a scenario), or DIR/ for "
                 "one SVG per layer and scenario");
  app.add_option("--layer", compile_options.layer,
                 "the layer an SVG, PNG or PDF shows, or an HTML page opens on (default: the last)");
  app.add_flag("--diff", compile_options.diff,
               "the layer diff: what --layer's layer adds to the one it extends, highlighted, and ghosts of what it "
               "removes (SVG, PNG, PDF; a page opens with Changes on)");
  app.add_option("--scenario", compile_options.scenario,
                 "the scenario a GIF plays (needed when the diagram has several), or an SVG animates");
  app.add_option("--view", compile_options.view, "the view an SVG, PNG or PDF shows, laid out on its own");
  app.add_option("--scale", compile_options.scale, "pixels per CSS pixel of a PNG or GIF (default: PNG 2, GIF 1)")
      ->check(finite_between(0.1, 8, "a scale from 0.1 to 8"));
  app.add_option("--fps", compile_options.fps, "frames per second of a GIF (default 20)")
      ->check(finite_between(1, 50, "a rate from 1 to 50 frames a second"));
  app.add_flag("--png", compile_options.png, "with -o DIR/: a PNG of each layer beside its SVG");
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
  check->add_flag("--explain-flow", check_options.explain_flow,
                  "print, for each connection, which way data flows over it and what decided (on stdout)");
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

  CLI::App* fmt = app.add_subcommand("fmt", "rewrite files in the canonical style (- : stdin to stdout)");
  std::vector<std::string> fmt_files;
  FmtOptions fmt_options;
  fmt->add_option("files", fmt_files, "the .arch files, or - for stdin")->required();
  fmt->add_flag("--check", fmt_options.check, "write nothing; list the files that would change, exit 1 if any");
  fmt->add_flag("--diff", fmt_options.diff, "write nothing; print a unified diff of each change");

  CLI::App* diff = app.add_subcommand("diff", "what changes between two versions of a diagram, as models, per layer");
  std::string diff_before, diff_after;
  DiffOptions diff_options;
  diff->add_option("old", diff_before, "the old version: FILE, REV:PATH (git), or - for stdin")->required();
  diff->add_option("new", diff_after, "the new version: FILE, REV:PATH (git), or - for stdin")->required();
  diff->add_option("--format", diff_options.format, "human (the default), json or markdown (a pull-request comment)")
      ->check(CLI::IsMember({"human", "json", "markdown"}));
  diff->add_flag("--exit-zero", diff_options.exit_zero, "exit 0 when the two differ too (1 otherwise)");
  diff->add_option("-o,--output", diff_options.out,
                   "diff.html or diff.svg: both versions laid out once, added green, removed red ghosts, changed amber");
  diff->add_option("--layer", diff_options.layer, "the layer the SVG shows, or the page opens on (default: the last)");
  diff->add_option("-I,--include", diff_options.includes, "another folder that file imports may come from")
      ->allow_extra_args(false);

  CLI::App* stdlib = app.add_subcommand("stdlib", "list the stdlib's modules, roles, kinds and rules");
  std::string stdlib_format = "text";
  bool rules_only = false;
  stdlib->add_option("--format", stdlib_format,
                     "text, markdown (docs/stdlib.md) or svg (every kind's icon: docs/stdlib-icons.svg)")
      ->check(CLI::IsMember({"text", "markdown", "svg"}));
  bool kinds_only = false;
  stdlib->add_flag("--rules", rules_only, "only the rules");
  stdlib->add_flag("--kinds", kinds_only, "only the kinds: module, roles, icon and description of each")
      ->excludes(stdlib->get_option("--rules"));

  std::vector<std::string> argv_rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  std::reverse(argv_rest.begin(), argv_rest.end());  // CLI11 wants them reversed
  try {
    app.parse(argv_rest);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() != 0) {
      // The argument parser's words, as a diagnostic like every other error.
      return usage_error(env, e.what(), "`archc --help` lists the options");
    }
    std::ostringstream o, er;
    app.exit(e, o, er);  // --help, --version
    env.out << o.str();
    env.err << er.str();
    return kOk;
  }
  if (check->parsed()) return run_check(check_files, includes, check_options, env);
  if (fmt->parsed()) return run_fmt(fmt_files, fmt_options, env);
  if (diff->parsed()) return run_diff(diff_before, diff_after, diff_options, env);
  if (stdlib->parsed()) {
    run_stdlib(stdlib_format, rules_only, kinds_only, env);
    return kOk;
  }
  if (file.empty()) {
    env.err << app.help();
    return kUsage;
  }
  if (compile_options.out.empty()) {
    return usage_error(env, "no output named",
                       "add `-o OUT.html` (or .svg, .json, .png, .pdf); to check only, run `archc check " + file + "`");
  }
  compile_options.layout_timeout = *parse_duration(layout_timeout);
  return run_compile(file, compile_options, includes, env);
}

}  // namespace archc::cli
