#pragma once
// Source files held in memory, and spans into them.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace archc::source {

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

// A byte range [begin, end) in one file. Byte offsets, so that spans stay cheap; lines and
// columns (in characters) are computed only when a diagnostic is printed.
struct Span {
  FileId file = kNoFile;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;

  bool valid() const { return file != kNoFile; }
  friend bool operator==(const Span&, const Span&) = default;
};

// 1-based line and column; the column counts characters (code points), not bytes.
struct Location {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

class SourceFile {
 public:
  // `name` is how the file is shown in diagnostics; `text` is its content after the BOM and
  // any UTF-8 check (see load_utf8).
  SourceFile(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  Location location(std::uint32_t offset) const;
  // The text of the 1-based line without its line ending.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }

 private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

class SourceMap {
 public:
  FileId add(std::string name, std::string text);
  // Adds a file that other maps share (the stdlib's, parsed once per process).
  FileId add_shared(std::shared_ptr<const SourceFile> file);
  const SourceFile& file(FileId id) const { return *files_[id]; }
  const std::shared_ptr<const SourceFile>& shared(FileId id) const { return files_[id]; }
  std::size_t size() const { return files_.size(); }

 private:
  // Pointers, so that references to a file survive later additions; shared, so that files
  // read once (the stdlib) are not copied into every compile.
  std::vector<std::shared_ptr<const SourceFile>> files_;
};

}  // namespace archc::source
