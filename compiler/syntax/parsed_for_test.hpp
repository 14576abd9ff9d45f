#pragma once
// For the syntax stage's unit tests: one file parsed from text, and typed access to its
// statements.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "syntax/parse.hpp"

namespace archc::syntax::test_support {

using source::Code;

// Parses `text` as one file; keeps the sources alive for span checks.
struct Parsed {
  explicit Parsed(std::string text) {
    id = sources.add("t.arch", std::move(text));
    file = parse(sources, id, diags);
  }
  const std::string& text() const { return sources.file(id).text(); }
  std::uint32_t offset_of(std::string_view needle, std::size_t from = 0) const {
    std::size_t at = text().find(needle, from);
    EXPECT_NE(at, std::string::npos) << needle;
    return static_cast<std::uint32_t>(at);
  }
  std::string spelled(Span s) const { return text().substr(s.begin, s.end - s.begin); }
  std::size_t count(Code code) const {
    std::size_t n = 0;
    for (const auto& d : diags.all()) n += d.code == code;
    return n;
  }
  std::string dump() const {
    std::string out;
    for (const auto& d : diags.all()) {
      out += std::string(source::code_name(d.code)) + "@" + std::to_string(d.span.begin) + ": " + d.message + "\n";
    }
    return out;
  }

  source::SourceMap sources;
  source::Diagnostics diags;
  source::FileId id = 0;
  File file;
};

template <typename T>
const T& stmt(const std::vector<Statement>& statements, std::size_t i) {
  EXPECT_LT(i, statements.size());
  const T* p = std::get_if<T>(&statements.at(i).item);
  EXPECT_NE(p, nullptr) << "statement " << i << " has another type";
  return *p;
}

}  // namespace archc::syntax::test_support
