#pragma once
// Reading a source file from disk with bounds: only what may be read (a regular file; a pipe
// when the user named it), never more than the cap (checked while reading, not after), and
// the reason in words when it cannot be.

#include <filesystem>
#include <string>

namespace archc::source {

enum class ReadError {
  None,
  NotFound,
  IsFolder,
  NotRegular,        // a device or a socket; a pipe where only regular files may be read
  PermissionDenied,
  TooLarge,          // more than the cap: reading stopped one byte past it
  Failed,            // any other error of the system, in `detail`
  Refused,           // the reader does not read such a file (a hidden one, say): why, in `detail`
};

struct FileText {
  std::string text;
  ReadError error = ReadError::None;
  std::string detail;  // what kind of file, or the system's words

  bool ok() const { return error == ReadError::None; }
  // "no such file", "it is a folder", "it is a FIFO, not a regular file", "permission
  // denied", "it is larger than 256 MiB", …
  std::string reason() const;
};

enum class Allow { RegularFiles, RegularFilesAndPipes };

// Reads `path` whole, refusing anything but what `allow` names, and stopping once more than
// `max_bytes` have been read.
FileText read_file(const std::filesystem::path& path, Allow allow, std::size_t max_bytes);

// Reads the regular file open as `fd` (the caller opened it, say beneath a folder); anything
// but a regular file is refused.
FileText read_fd(int fd, std::size_t max_bytes);

// "a FIFO", "a character device", ... for a stat mode that is not a regular file.
const char* kind_of(unsigned mode);

}  // namespace archc::source
