#include "cli/report.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "check/check.hpp"
#include "source/printer.hpp"

#ifndef ARCHC_VERSION
#define ARCHC_VERSION "0.0.0"
#endif

namespace archc::cli {

const char* severity_word(source::Severity s) { return s == source::Severity::Error ? "error" : "warning"; }

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kSarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";

std::string counts(std::size_t errors, std::size_t warnings) {
  auto plural = [](std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  if (errors && warnings) return plural(errors, "error") + ", " + plural(warnings, "warning");
  return errors ? plural(errors, "error") : plural(warnings, "warning");
}

void print_list(std::ostream& err, const source::SourceMap& sources, const std::vector<source::Diagnostic>& diags,
                bool color, std::size_t& errors, std::size_t& warnings) {
  for (const source::Diagnostic& d : diags) {
    source::print_human(err, sources, d, {color});
    err << "\n";
    (d.severity == source::Severity::Error ? errors : warnings)++;
  }
}

// GitHub workflow commands escape %, CR and LF in the message, and also : and , in properties;
// other control characters (a terminal escape in a quoted name) become U+FFFD.
std::string gh_escape(std::string_view s, bool property) {
  std::string out;
  std::size_t i = 0;
  while (i <= s.size()) {
    std::size_t brk = std::min(s.find_first_of("\r\n", i), s.size());
    // Control characters (C0, C1, bidirectional) are shown escaped: nothing drives the log.
    for (char c : source::printable_line(s.substr(i, brk - i))) {
      if (c == '%') out += "%25";
      else if (property && c == ':') out += "%3A";
      else if (property && c == ',') out += "%2C";
      else out += c;
    }
    if (brk == s.size()) break;
    out += s[brk] == '\r' ? "%0D" : "%0A";
    i = brk + 1;
  }
  return out;
}

struct Place {
  std::string file;
  source::Location begin, end;
  bool valid = false;
};

Place place_of(const FileReport& r, source::Span span) {
  Place p;
  p.file = r.file;
  if (!span.valid() || span.file >= r.sources.size()) return p;
  const source::SourceFile& f = r.sources.file(span.file);
  p.file = f.name();
  p.begin = f.location(span.begin);
  p.end = f.location(span.end);
  p.valid = true;
  return p;
}

void print_github(const std::vector<FileReport>& reports, std::ostream& out) {
  for (const FileReport& r : reports) {
    for (const source::Diagnostic& d : r.diags) {
      Place p = place_of(r, d.span);
      out << "::" << severity_word(d.severity) << " file=" << gh_escape(p.file, true);
      if (p.valid) out << ",line=" << p.begin.line << ",col=" << p.begin.column;
      // An annotation has one place: related ones are named in its text.
      std::string text = d.message;
      for (const source::Related& rel : d.related) {
        Place rp = place_of(r, rel.span);
        text += " (note: " + rel.message +
                (rp.valid ? ": " + rp.file + ":" + std::to_string(rp.begin.line) + ":" + std::to_string(rp.begin.column) : "") +
                ")";
      }
      if (!d.help.empty()) text += " (help: " + d.help + ")";
      out << ",title=" << gh_escape(d.name(), true) << "::" << gh_escape(text, false) << "\n";
    }
  }
}

void print_json(const std::vector<FileReport>& reports, std::ostream& out) {
  Json files = Json::array();
  for (const FileReport& r : reports) {
    Json list = Json::array();
    for (const source::Diagnostic& d : r.diags) {
      Json j;
      j["severity"] = severity_word(d.severity);
      j["code"] = std::string(d.name());
      j["message"] = d.message;
      Place p = place_of(r, d.span);
      j["file"] = p.file;
      if (p.valid) {
        j["line"] = p.begin.line;
        j["column"] = p.begin.column;
        j["end_line"] = p.end.line;
        j["end_column"] = p.end.column;
      }
      if (!d.help.empty()) j["help"] = d.help;
      if (!d.fix.empty()) j["fix"] = d.fix;
      if (!d.related.empty()) {
        Json related = Json::array();
        for (const source::Related& rel : d.related) {
          Place rp = place_of(r, rel.span);
          Json n{{"message", rel.message}, {"file", rp.file}};
          if (rp.valid) {
            n["line"] = rp.begin.line;
            n["column"] = rp.begin.column;
            n["end_line"] = rp.end.line;
            n["end_column"] = rp.end.column;
          }
          related.push_back(std::move(n));
        }
        j["related"] = std::move(related);
      }
      list.push_back(std::move(j));
    }
    files.push_back({{"file", r.file}, {"diagnostics", std::move(list)}});
  }
  out << Json{{"files", std::move(files)}}.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

// --- SARIF 2.1.0 ---

// A file name as a URI reference: relative names stay relative (to the working directory,
// which is what code-scanning uploads expect), absolute ones become file:// URIs. Every byte
// but the unreserved ones and `/` is percent-encoded.
std::string to_uri(const std::string& name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : name) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                 c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return std::filesystem::path(name).is_absolute() ? "file://" + out : out;
}

Json region(const source::Location& begin, const source::Location& end) {
  return Json{{"startLine", begin.line}, {"startColumn", begin.column}, {"endLine", end.line}, {"endColumn", end.column}};
}

// The run's rules: every rule of the checked diagrams (stdlib first, then user rules as first
// met), then the diagnostic codes that results use. One descriptor per id.
struct Descriptors {
  Json list = Json::array();
  std::map<std::string, std::size_t, std::less<>> index;

  void add(const std::string& id, std::string_view text, source::Severity level) {
    if (index.count(id)) return;
    index.emplace(id, list.size());
    Json d;
    d["id"] = id;
    d["shortDescription"] = {{"text", text.empty() ? id : std::string(text)}};
    d["defaultConfiguration"] = {{"level", severity_word(level)}};
    list.push_back(std::move(d));
  }
};

void print_sarif(const std::vector<FileReport>& reports, std::ostream& out) {
  Descriptors rules;
  for (const FileReport& r : reports) {
    for (const RuleInfo& rule : r.rules) rules.add(rule.id, rule.description, rule.severity);
  }
  for (const FileReport& r : reports) {
    for (const source::Diagnostic& d : r.diags) {
      if (d.rule.empty()) rules.add(std::string(d.name()), source::code_description(d.code), d.severity);
    }
  }
  Json results = Json::array();
  for (const FileReport& r : reports) {
    for (const source::Diagnostic& d : r.diags) {
      Json res;
      std::string id(d.name());
      res["ruleId"] = id;
      if (auto it = rules.index.find(id); it != rules.index.end()) res["ruleIndex"] = it->second;
      res["level"] = severity_word(d.severity);
      res["message"] = {{"text", d.message + (d.help.empty() ? "" : "\nhelp: " + d.help)}};
      Place p = place_of(r, d.span);
      Json physical = {{"artifactLocation", {{"uri", to_uri(p.file)}}}};
      if (p.valid) physical["region"] = region(p.begin, p.end);
      res["locations"] = Json::array({Json{{"physicalLocation", physical}}});
      if (!d.related.empty()) {
        Json related = Json::array();
        for (std::size_t k = 0; k < d.related.size(); ++k) {
          Place rp = place_of(r, d.related[k].span);
          Json rphysical = {{"artifactLocation", {{"uri", to_uri(rp.file)}}}};
          if (rp.valid) rphysical["region"] = region(rp.begin, rp.end);
          related.push_back(Json{{"id", k},
                                 {"physicalLocation", std::move(rphysical)},
                                 {"message", {{"text", d.related[k].message}}}});
        }
        res["relatedLocations"] = std::move(related);
      }
      if (!d.fix.empty() && p.valid) {
        Json replacement = {{"deletedRegion", region(p.begin, p.end)}, {"insertedContent", {{"text", d.fix}}}};
        Json change = {{"artifactLocation", {{"uri", to_uri(p.file)}}}, {"replacements", Json::array({replacement})}};
        res["fixes"] = Json::array({Json{{"description", {{"text", d.help}}}, {"artifactChanges", Json::array({change})}}});
      }
      results.push_back(std::move(res));
    }
  }
  Json driver = {{"name", "archc"},
                 {"version", ARCHC_VERSION},
                 {"semanticVersion", ARCHC_VERSION},
                 {"rules", std::move(rules.list)}};
  Json run = {{"tool", {{"driver", std::move(driver)}}},
              {"columnKind", "unicodeCodePoints"},
              {"results", std::move(results)}};
  Json log = {{"$schema", kSarifSchema}, {"version", "2.1.0"}, {"runs", Json::array({std::move(run)})}};
  out << log.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace

void print_human(std::ostream& err, const source::SourceMap& sources, const source::Diagnostics& diags,
                 bool color, std::size_t shown) {
  std::size_t errors = 0, warnings = 0;
  source::Diagnostics rest;
  for (std::size_t i = 0; i < diags.all().size(); ++i) {
    const source::Diagnostic& d = diags.all()[i];
    if (i < shown) {
      (d.severity == source::Severity::Error ? errors : warnings)++;
    } else {
      rest.add(d);
    }
  }
  print_list(err, sources, rest.sorted(), color, errors, warnings);
  if (errors || warnings) err << "archc: " << counts(errors, warnings) << "\n";
}

void print_so_far(std::ostream& err, const source::SourceMap& sources, const source::Diagnostics& diags, bool color) {
  std::size_t errors = 0, warnings = 0;
  print_list(err, sources, diags.sorted(), color, errors, warnings);
}

void print_reports(const std::string& format, const std::vector<FileReport>& reports, Env& env) {
  if (format == "github") return print_github(reports, env.out);
  if (format == "json") return print_json(reports, env.out);
  if (format == "sarif") return print_sarif(reports, env.out);
  std::size_t errors = 0, warnings = 0;
  for (const FileReport& r : reports) print_list(env.err, r.sources, r.diags, env.color, errors, warnings);
  if (errors || warnings) env.err << "archc: " << counts(errors, warnings) << "\n";
}
}  // namespace archc::cli
