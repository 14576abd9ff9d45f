#pragma once
// The temporary files and folders of this run, removed when SIGINT, SIGTERM or SIGHUP ends
// it: an interrupted write leaves nothing beside the output. Only the command line installs
// the handlers; the registry is what they read.

#include <string>

namespace archc::source {

// Installs the handlers (once; later calls do nothing). Each removes every registered path
// (files first, then folders), then ends the process by the same signal.
void remove_temporaries_on_signal();

// A path registered for removal while it lives; it is forgotten (not removed) when the
// registration ends, because by then it was renamed into place or removed by its owner.
class Temporary {
 public:
  enum class Kind { File, Folder };
  Temporary(const std::string& path, Kind kind);
  ~Temporary();
  Temporary(const Temporary&) = delete;
  Temporary& operator=(const Temporary&) = delete;

 private:
  int slot_ = -1;  // -1 when every slot was taken: then the path is not covered
};

}  // namespace archc::source
