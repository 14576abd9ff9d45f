#pragma once
// What `archc serve` answers, as plain functions of a request: no sockets here, so that the
// tests (and a fuzz target) drive every route without a server. server.cpp maps HTTP onto it.
//
//   GET  /                      the page (editor, sidebar, diagram)
//   GET  /assets/NAME           its script and styles
//   GET  /api/files             the built-in examples and the folder's `.arch` files
//   GET  /api/file?path=P       a file's text and version (P: `sub/x.arch` or `example:ID`)
//   POST /api/compile           {path, text} -> {ok, page, diagnostics, files}
//   POST /api/save              {path, text, version, force?} -> 200 {version} | 409 {version}

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "serve/files.hpp"

namespace archc::serve {

struct HttpRequest {
  std::string method;  // "GET", "POST"
  std::string path;    // without the query
  std::map<std::string, std::string> query;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string type = "application/json";
  std::string body;
};

struct ApiOptions {
  // A compile that runs longer (the layout: the only stage whose time is not bounded by the
  // input's size) is stopped with an error.
  std::chrono::milliseconds compile_timeout{20'000};
  // Shown in the page's header.
  std::string folder_label;
  // Compiles run at once; the others wait. 0: one per core.
  unsigned max_compiles = 0;
};

// How many compiles run at once for `asked` (0: one per core, at most 8).
unsigned compile_places(unsigned asked);

// Waits for a free place among the compiles, and holds it while it lives.
class CompileSlots {
 public:
  explicit CompileSlots(unsigned places) : free_(places) {}
  void acquire();
  void release();

 private:
  std::mutex mutex_;
  std::condition_variable freed_;
  unsigned free_;
};

class CompileSlot {
 public:
  explicit CompileSlot(CompileSlots& slots) : slots_(slots) { slots_.acquire(); }
  ~CompileSlot() { slots_.release(); }
  CompileSlot(const CompileSlot&) = delete;
  CompileSlot& operator=(const CompileSlot&) = delete;

 private:
  CompileSlots& slots_;
};

// Bodies larger than this are refused (413) before they are read.
inline constexpr std::size_t kMaxBodyBytes = 8u << 20;
// The largest text /api/tokens colours.
inline constexpr std::size_t kMaxTokenizedBytes = 1u << 20;

class Api {
 public:
  Api(const Folder& folder, ApiOptions options);
  // Thread-safe: requests are answered on many threads at once.
  HttpResponse handle(const HttpRequest& request) const;

 private:
  HttpResponse page() const;
  HttpResponse asset(const std::string& name) const;
  HttpResponse files() const;
  HttpResponse file(const HttpRequest& request) const;
  HttpResponse compile(const HttpRequest& request) const;
  HttpResponse tokens(const HttpRequest& request) const;
  HttpResponse save(const HttpRequest& request) const;

  const Folder& folder_;
  ApiOptions options_;
  std::unique_ptr<CompileSlots> compiles_;
};

// A JSON error body: {"error": message}.
HttpResponse error_response(int status, const std::string& message);

}  // namespace archc::serve
