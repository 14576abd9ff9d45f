#include "lsp/store.hpp"

#include <algorithm>
#include <filesystem>

namespace archc::lsp {

void DocumentStore::open(const DidOpenParams& p) {
  Document d;
  d.uri = p.uri;
  d.path = path_of_uri(p.uri);
  d.text = p.text;
  d.version = p.version;
  docs_[p.uri] = std::move(d);
  touched(p.uri);
}

bool DocumentStore::change(const DidChangeParams& p) {
  auto it = docs_.find(p.uri);
  if (it == docs_.end()) return false;
  Document& doc = it->second;
  for (const TextChange& c : p.changes) {
    if (c.range) {
      // Incremental (we ask for the full text, but take either).
      std::size_t a = offset_of(doc.text, c.range->first), b = offset_of(doc.text, c.range->second);
      if (b < a) std::swap(a, b);
      doc.text.replace(a, b - a, c.text);
    } else {
      doc.text = c.text;
    }
  }
  if (p.version) doc.version = *p.version;
  touched(p.uri);
  return true;
}

void DocumentStore::close(const std::string& uri) {
  docs_.erase(uri);
  dirty_.erase(uri);
  unpublished_.erase(uri);
}

void DocumentStore::touched(const std::string& uri) {
  if (!pending()) first_change_ = Clock::now();
  last_change_ = Clock::now();
  dirty_.insert(uri);
  const std::string& path = docs_.at(uri).path;
  for (const auto& [other, doc] : docs_) {
    if (doc.reads.count(path)) dirty_.insert(other);
  }
}

void DocumentStore::files_changed(const std::vector<std::string>& paths) {
  for (const std::string& changed : paths) {
    const std::string path = std::filesystem::path(changed).lexically_normal().string();
    for (const auto& [uri, doc] : docs_) {
      if (doc.reads.count(path) && doc.path != path) {
        if (!pending()) first_change_ = Clock::now();
        last_change_ = Clock::now();
        dirty_.insert(uri);
      }
    }
  }
}

DocumentStore::Document* DocumentStore::get(const std::string& uri) {
  auto it = docs_.find(uri);
  if (it == docs_.end()) return nullptr;
  if (dirty_.erase(uri)) {
    compile(it->second);
    unpublished_.insert(uri);
  }
  return &it->second;
}

std::vector<Json> DocumentStore::flush() {
  for (const std::string& uri : dirty_) {
    if (auto it = docs_.find(uri); it != docs_.end()) {
      compile(it->second);
      unpublished_.insert(uri);
    }
  }
  dirty_.clear();
  std::vector<Json> out;
  for (const std::string& uri : unpublished_) {
    if (auto it = docs_.find(uri); it != docs_.end()) {
      const Document& doc = it->second;
      out.push_back(Json{{"uri", doc.uri}, {"version", doc.version}, {"diagnostics", doc.diagnostics}});
    }
  }
  unpublished_.clear();
  return out;
}

DocumentStore::Clock::duration DocumentStore::debounce() const {
  return std::clamp<Clock::duration>(2 * last_compile_, kMinDebounce, kMaxDebounce);
}

DocumentStore::Clock::time_point DocumentStore::due() const {
  // Compiled for a request already: only its diagnostics wait.
  if (dirty_.empty()) return last_change_;
  return std::min(last_change_ + debounce(), first_change_ + kMaxWait);
}

void DocumentStore::compile(Document& doc) {
  const Clock::time_point start = Clock::now();
  std::map<std::string, std::string> open;
  for (const auto& [uri, d] : docs_) open[d.path] = d.text;
  auto compiled = std::make_shared<Compiled>(compile_text(doc.path, doc.text, open));
  doc.reads = compiled->reads;
  Json diags = Json::array();
  const LineIndex lines(doc.text);
  for (const source::Diagnostic& d : compiled->result.diags.sorted()) {
    Json j = diagnostic_json(*compiled, doc.path, lines, d);
    if (!j.is_null()) diags.push_back(std::move(j));
  }
  doc.diagnostics = std::move(diags);
  doc.compiled = std::move(compiled);
  last_compile_ = Clock::now() - start;
}

}  // namespace archc::lsp
