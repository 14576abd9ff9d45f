#include "cli/report.hpp"

#include <nlohmann/json.hpp>

#include "source/printer.hpp"

namespace archc::cli {

namespace {

std::string counts(std::size_t errors, std::size_t warnings) {
  auto plural = [](std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  if (errors && warnings) return plural(errors, "error") + ", " + plural(warnings, "warning");
  return errors ? plural(errors, "error") : plural(warnings, "warning");
}

void print_list(std::ostream& err, const source::SourceMap& sources,
                const std::vector<source::Diagnostic>& diags, bool color) {
  std::size_t errors = 0, warnings = 0;
  for (const source::Diagnostic& d : diags) {
    source::print_human(err, sources, d, {color});
    err << "\n";
    (d.severity == source::Severity::Error ? errors : warnings)++;
  }
  if (errors || warnings) err << "archc: " << counts(errors, warnings) << "\n";
}

// GitHub workflow commands escape %, CR and LF in the message, and also : and , in properties.
std::string gh_escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace

void print_human(std::ostream& err, const source::SourceMap& sources, const source::Diagnostics& diags,
                 bool color) {
  print_list(err, sources, diags.sorted(), color);
}

void print_reports(const std::string& format, const std::vector<FileReport>& reports, Env& env) {
  if (format == "human") {
    std::vector<source::Diagnostic> all;
    for (const FileReport& r : reports) print_list(env.err, r.sources, r.diags, env.color);
    return;
  }
  if (format == "github") {
    for (const FileReport& r : reports) {
      for (const source::Diagnostic& d : r.diags) {
        std::string file = r.file;
        std::string place;
        if (d.span.valid()) {
          const auto& f = r.sources.file(d.span.file);
          auto loc = f.location(d.span.begin);
          file = f.name();
          place = ",line=" + std::to_string(loc.line) + ",col=" + std::to_string(loc.column);
        }
        env.out << (d.severity == source::Severity::Error ? "::error" : "::warning")
                << " file=" << gh_escape(file, true) << place << ",title=" << gh_escape(d.name(), true)
                << "::" << gh_escape(d.message + (d.help.empty() ? "" : " (help: " + d.help + ")"), false)
                << "\n";
      }
    }
    return;
  }
  // json: one document on stdout
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const FileReport& r : reports) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const source::Diagnostic& d : r.diags) {
      nlohmann::ordered_json j;
      j["severity"] = d.severity == source::Severity::Error ? "error" : "warning";
      j["code"] = std::string(d.name());
      j["message"] = d.message;
      if (d.span.valid()) {
        const auto& f = r.sources.file(d.span.file);
        auto begin = f.location(d.span.begin);
        auto end = f.location(d.span.end);
        j["file"] = f.name();
        j["line"] = begin.line;
        j["column"] = begin.column;
        j["end_line"] = end.line;
        j["end_column"] = end.column;
      } else {
        j["file"] = r.file;
      }
      if (!d.help.empty()) j["help"] = d.help;
      if (!d.fix.empty()) j["fix"] = d.fix;
      list.push_back(std::move(j));
    }
    files.push_back({{"file", r.file}, {"diagnostics", std::move(list)}});
  }
  env.out << nlohmann::ordered_json{{"files", std::move(files)}}.dump(2, ' ', false,
                                                                      nlohmann::ordered_json::error_handler_t::replace)
          << "\n";
}

}  // namespace archc::cli
