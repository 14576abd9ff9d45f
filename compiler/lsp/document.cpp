#include "lsp/document.hpp"

#include <memory>
#include <mutex>
#include <regex>

#include "source/read_file.hpp"

namespace archc::lsp {

namespace fs = std::filesystem;

Compiled compile_text(const std::string& path, const std::string& text, const std::map<std::string, std::string>& open) {
  Compiled c;
  compile::Request r;
  r.path = path;
  r.name = path;
  r.text = text;
  r.workspace = compile::disk_workspace({});
  auto reads = std::make_shared<std::set<std::string>>();
  auto disk = r.workspace.read;
  r.workspace.read = [disk, open, reads](const fs::path& p, source::Allow allow) {
    reads->insert(p.string());
    if (auto it = open.find(p.string()); it != open.end()) return source::FileText{it->second, source::ReadError::None, {}};
    return disk(p, allow);
  };
  c.result = compile::compile(r);
  c.reads = *reads;
  return c;
}

namespace {

bool in_file(const Compiled& c, source::Span s, const std::string& path) {
  return s.valid() && s.file < c.result.sources.size() && c.result.sources.file(s.file).name() == path;
}

}  // namespace

Json location_json(const Compiled& c, source::Span span) {
  if (!span.valid() || span.file >= c.result.sources.size()) return nullptr;
  const source::SourceFile& f = c.result.sources.file(span.file);
  if (f.name().empty() || f.name()[0] != '/') return nullptr;
  return Json{{"uri", uri_of_path(f.name())}, {"range", range_json(f.text(), span.begin, span.end)}};
}

Json diagnostic_json(const Compiled& c, const std::string& path, const std::string& text, const source::Diagnostic& d) {
  Json j;
  if (in_file(c, d.span, path)) {
    j["range"] = range_json(text, d.span.begin, d.span.end);
  } else if (!d.span.valid()) {
    j["range"] = range_json(text, 0, 0);  // about the whole file
  } else {
    return nullptr;
  }
  j["severity"] = d.severity == source::Severity::Error ? 1 : 2;
  j["code"] = std::string(d.name());
  j["source"] = "archc";
  j["message"] = d.message + (d.help.empty() ? "" : "\nhelp: " + d.help);
  if (!d.related.empty()) {
    Json related = Json::array();
    for (const source::Related& r : d.related) {
      Json loc = location_json(c, r.span);
      if (!loc.is_null()) related.push_back(Json{{"location", loc}, {"message", r.message}});
    }
    if (!related.empty()) j["relatedInformation"] = related;
  }
  if (!d.fix.empty()) j["data"] = {{"fix", d.fix}, {"help", d.help}};
  return j;
}

namespace {

bool name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

}  // namespace

Word word_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t b = offset, e = offset;
  while (b > 0 && name_char(text[b - 1])) --b;
  while (e < text.size() && name_char(text[e]) && !(text[e] == '-' && e + 1 < text.size() && text[e + 1] == '>')) ++e;
  // A quoted name: 'pg-primary', or anything between quotes on the line.
  if (b > 0 && text[b - 1] == '\'') {
    std::size_t close = text.find('\'', offset);
    std::size_t nl = text.find('\n', b);
    if (close != std::string_view::npos && close < nl) return Word{b - 1, close + 1, std::string(text.substr(b, close - b))};
  }
  while (b < e && text[b] == '-') ++b;
  return Word{b, e, std::string(text.substr(b, e - b))};
}

std::vector<Word> occurrences(std::string_view text, const std::string& name) {
  std::vector<Word> out;
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      i = text.find('\n', i);
      if (i == std::string_view::npos) break;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      std::size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else if (c == '"') {
      std::size_t j = i + 1;
      while (j < text.size() && text[j] != '"' && text[j] != '\n') j += text[j] == '\\' ? 2 : 1;
      i = j + 1;
    } else if (c == '\'') {
      std::size_t close = text.find('\'', i + 1);
      if (close == std::string_view::npos) break;
      if (text.substr(i + 1, close - i - 1) == name) out.push_back(Word{i, close + 1, name});
      i = close + 1;
    } else if (name_char(c) && c != '-') {
      std::size_t j = i;
      while (j < text.size() && name_char(text[j]) && !(text[j] == '-' && j + 1 < text.size() && text[j + 1] == '>')) ++j;
      if (text.substr(i, j - i) == name) out.push_back(Word{i, j, name});
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> importers_on_disk(const std::string& root, const std::string& path) {
  std::vector<std::pair<std::string, std::string>> out;
  if (root.empty()) return out;
  std::error_code ec;
  std::size_t seen = 0;
  const std::regex import(R"re(^\s*import\s+"([^"\n]+)")re");
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end && seen < 5000; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (name.empty() || name[0] == '.' || name == "node_modules" || name.rfind("build", 0) == 0) it.disable_recursion_pending();
      continue;
    }
    if (it->path().extension() != ".arch" || it->path() == path) continue;
    ++seen;
    source::FileText f = source::read_file(it->path(), source::Allow::RegularFiles, 8u << 20);
    if (!f.ok()) continue;
    bool imports = false;
    for (std::size_t at = 0; at < f.text.size() && !imports;) {
      std::size_t eol = f.text.find('\n', at);
      std::string line = f.text.substr(at, std::min<std::size_t>(eol == std::string::npos ? f.text.size() - at : eol - at, 1024));
      std::smatch m;
      if (std::regex_search(line, m, import)) {
        imports = fs::weakly_canonical(it->path().parent_path() / m[1].str(), ec) == fs::weakly_canonical(path, ec);
      }
      if (eol == std::string::npos) break;
      at = eol + 1;
    }
    if (imports) out.emplace_back(it->path().string(), std::move(f.text));
  }
  return out;
}

}  // namespace archc::lsp
