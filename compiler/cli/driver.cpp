#include "cli/driver.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

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
  if (!c.diags.has_errors()) check::check_rules(c.diagram, c.diags);
}

int run_compile(const std::string& file, const std::string& out, const std::string& layer_name,
                const std::vector<std::string>& includes, Env& env) {
  Format format = format_of(out);
  if (format == Format::Unknown) {
    env.err << "archc: error: cannot tell the output format from `" << out
            << "`\nhelp: name the output `.html`, `.svg`, `.json`, or a folder ending in `/`\n";
    return kUsage;
  }
  Compiled c;
  compile(file, includes, c);
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
  layout::Layout l = layout::compute_layout(c.diagram);
  std::string error = write_outputs(format, out, c.diagram, l, layer);
  if (!error.empty()) {
    env.err << "archc: error[io-error]: cannot write `" << out << "`: " << error << "\n";
    return kUsage;
  }
  return kOk;
}

int run_check(const std::vector<std::string>& files, const std::vector<std::string>& includes,
              const std::string& format, bool werror, Env& env) {
  int status = kOk;
  std::vector<FileReport> reports;
  for (const std::string& file : files) {
    auto c = std::make_unique<Compiled>();
    compile(file, includes, *c);
    if (!c->read_ok) status = kUsage;
    bool failed = c->diags.has_errors() || (werror && c->diags.warning_count() > 0);
    if (failed && status == kOk) status = kInputErrors;
    reports.push_back(FileReport{file, std::move(c->sources), c->diags.sorted()});
  }
  print_reports(format, reports, env);
  return status;
}

void print_stdlib(Env& env) {
  source::SourceMap sources;
  source::Diagnostics diags;
  model::Diagram d = model::build_model(sources, "<stdlib>", "<stdlib>", "", model::disk_workspace({}), diags);
  std::ostream& o = env.out;
  for (const std::string& module : d.modules) {
    o << module << "\n";
    bool any = false;
    for (const model::Role& r : d.roles) {
      if (r.module != module) continue;
      if (!any) o << "  roles\n";
      any = true;
      o << "    " << r.id << std::string(r.id.size() < 20 ? 20 - r.id.size() : 1, ' ') << r.description;
      if (!r.reads.empty()) {
        o << " (reads:";
        for (const auto& x : r.reads) o << " " << x;
        o << ")";
      }
      o << "\n";
    }
    any = false;
    for (const model::Kind& k : d.kinds) {
      if (k.module != module) continue;
      if (!any) o << "  kinds\n";
      any = true;
      o << "    " << k.id << std::string(k.id.size() < 20 ? 20 - k.id.size() : 1, ' ') << k.description
        << " [icon: " << k.icon;
      if (!k.roles.empty()) {
        o << "; roles:";
        for (const auto& r : k.roles) o << " " << r;
      }
      o << "]\n";
    }
    any = false;
    for (const model::Rule& r : d.rules) {
      if (r.module != module) continue;
      if (!any) o << "  rules\n";
      any = true;
      o << "    " << r.id << " (" << (r.severity == source::Severity::Error ? "error" : "warning")
        << "): " << r.description << "\n";
    }
  }
}

}  // namespace

int run(const std::vector<std::string>& args, Env& env) {
  CLI::App app{"archc: compiles architecture diagrams (.arch) to HTML, SVG and JSON, and checks them", "archc"};
  app.set_version_flag("--version", std::string("archc ") + ARCHC_VERSION);
  app.require_subcommand(0, 1);

  std::string file, out, layer;
  std::vector<std::string> includes;
  app.add_option("file", file, "the .arch file to compile");
  app.add_option("-o,--output", out, "the output: FILE.html, FILE.svg, FILE.json, or DIR/ for one SVG per layer and scenario");
  app.add_option("--layer", layer, "the layer an SVG shows, or an HTML page opens on (default: the last)");
  app.add_option("-I,--include", includes, "another folder that file imports may come from")
      ->allow_extra_args(false);  // one folder per -I: `-I DIR FILE` leaves FILE alone

  CLI::App* check = app.add_subcommand("check", "check files against the rules; writes nothing");
  std::vector<std::string> check_files;
  std::string format = "human";
  bool werror = false;
  check->add_option("files", check_files, "the .arch files to check")->required();
  check->add_option("--format", format, "human, json or github")
      ->check(CLI::IsMember({"human", "json", "github"}));
  check->add_flag("--werror", werror, "fail on warnings too");
  check->add_option("-I,--include", includes, "another folder that file imports may come from");

  CLI::App* stdlib = app.add_subcommand("stdlib", "list the stdlib's modules, roles, kinds and rules");

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
  if (check->parsed()) return run_check(check_files, includes, format, werror, env);
  if (stdlib->parsed()) {
    print_stdlib(env);
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
  return run_compile(file, out, layer, includes, env);
}

}  // namespace archc::cli
