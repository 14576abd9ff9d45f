#pragma once
// The open documents of `archc lsp` and their compiles. A change marks the document, and every
// open document that read it, to be compiled; a request compiles what it reads at once, and
// the rest is compiled when the editor pauses: the pause waited for adapts to how long the
// last compile took (a file that compiles in 3 ms is published within a few tens of
// milliseconds of the change; a file of 2,000 nodes waits until a burst of typing pauses, and
// during a burst that never pauses, is compiled at most about once a second with the latest
// text).

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "lsp/document.hpp"
#include "lsp/params.hpp"

namespace archc::lsp {

class DocumentStore {
 public:
  using Clock = std::chrono::steady_clock;

  struct Document {
    std::string uri;
    std::string path;
    std::string text;
    int version = 0;
    std::set<std::string> reads;  // the files its last compile read (its imports)
    Json diagnostics = Json::array();
    std::shared_ptr<const Compiled> compiled;  // the last compile: what every request reads
  };

  void open(const DidOpenParams& p);
  // False when the document is not open.
  bool change(const DidChangeParams& p);
  void close(const std::string& uri);
  // Files changed on disk: the open documents that read one are compiled again.
  void files_changed(const std::vector<std::string>& paths);

  // The open document `uri`, compiled if it changed since its last compile (nullptr: not open).
  Document* get(const std::string& uri);
  const std::map<std::string, Document>& documents() const { return docs_; }

  // Compiles the documents changed since the last call; the publishDiagnostics params of
  // every document compiled since (for a request too).
  std::vector<Json> flush();
  bool pending() const { return !dirty_.empty() || !unpublished_.empty(); }
  // When flush() is due: the editor quiet for debounce(), or at most kMaxWait after the
  // first change that is not published yet.
  Clock::time_point due() const;
  // Twice the last compile, between kMinDebounce and kMaxDebounce.
  Clock::duration debounce() const;

  static constexpr std::chrono::milliseconds kMinDebounce{20};
  static constexpr std::chrono::milliseconds kMaxDebounce{500};
  static constexpr std::chrono::milliseconds kMaxWait{1000};

  // For tests: the last compile's duration, as if measured.
  void set_last_compile(Clock::duration d) { last_compile_ = d; }

 private:
  void touched(const std::string& uri);
  void compile(Document& doc);

  std::map<std::string, Document> docs_;  // by uri
  std::set<std::string> dirty_;           // uris to compile
  std::set<std::string> unpublished_;     // compiled for a request; diagnostics not sent yet
  Clock::duration last_compile_{};
  Clock::time_point last_change_{}, first_change_{};
};

}  // namespace archc::lsp
