#include "source/temp_files.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>

namespace archc::source {

namespace {

// Fixed slots of owned C strings: the handler only reads pointers and calls unlink/rmdir,
// which are async-signal-safe. A folder output registers each of its files, so there is room
// for many.
// Each string starts with its kind, 'f' (file) or 'd' (folder), then the path.
constexpr int kSlots = 4096;
std::atomic<char*> g_paths[kSlots];

void on_signal(int sig) {
  for (int pass = 0; pass < 2; ++pass) {  // files, then the folders that held them
    for (int i = 0; i < kSlots; ++i) {
      const char* entry = g_paths[i].load();
      if (!entry || (entry[0] == 'd') != (pass == 1)) continue;
      if (pass == 0) ::unlink(entry + 1); else ::rmdir(entry + 1);
    }
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

}  // namespace

void remove_temporaries_on_signal() {
  static std::atomic<bool> installed{false};
  if (installed.exchange(true)) return;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    // A signal the caller chose to ignore (`nohup`) stays ignored.
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    ::sigaction(sig, &sa, nullptr);
  }
}

Temporary::Temporary(const std::string& path, Kind kind) {
  char* copy = new char[path.size() + 2];
  copy[0] = kind == Kind::Folder ? 'd' : 'f';
  std::memcpy(copy + 1, path.c_str(), path.size() + 1);
  for (int i = 0; i < kSlots; ++i) {
    char* expected = nullptr;
    if (g_paths[i].compare_exchange_strong(expected, copy)) {
      slot_ = i;
      return;
    }
  }
  delete[] copy;
}

Temporary::~Temporary() {
  if (slot_ < 0) return;
  // Out of the slot first: a handler running from here on no longer sees it.
  delete[] g_paths[slot_].exchange(nullptr);
}

}  // namespace archc::source
