#pragma once
// Watches a folder tree (inotify) and reports the files that changed, a burst of events
// (an editor's write, rename and chmod) gathered into one report after a short quiet time.

#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace archc::serve {

class Watcher {
 public:
  // `changed` runs on the watcher's thread with absolute paths, sorted, without duplicates.
  using Callback = std::function<void(const std::vector<std::filesystem::path>&)>;
  Watcher(std::filesystem::path dir, Callback changed);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  // Empty when watching works; else why not (the server runs on without live reload).
  const std::string& error() const { return error_; }

  static constexpr int kQuietMs = 80;
  static constexpr std::size_t kMaxWatches = 4096;  // folders

 private:
  void run();
  void watch_tree(const std::filesystem::path& dir);

  std::filesystem::path dir_;
  Callback changed_;
  int fd_ = -1;
  int wake_[2] = {-1, -1};
  std::unordered_map<int, std::filesystem::path> watches_;  // descriptor -> folder
  std::string error_;
  std::thread thread_;
};

}  // namespace archc::serve
