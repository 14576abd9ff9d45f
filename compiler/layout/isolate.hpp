#pragma once
// Runs a layout in a child process, so that it can be stopped: Graphviz has no way to be
// interrupted, and a thread cannot be killed. The child sends the Layout back over a pipe.

#include <chrono>
#include <functional>
#include <string>

#include "layout/layout.hpp"

namespace archc::layout {

// The Layout as bytes and back (both ends are this binary: no versioning, host byte order).
std::string serialize(const Layout& layout);
// False when the bytes are cut short or malformed.
bool deserialize(std::string_view bytes, Layout& layout);

// Calls `work` in a forked child and returns its Layout; when `timeout` passes first, the
// child is killed and the result has `timed_out` and an error. `forked`, when given, runs in
// the parent as soon as the child exists (to release what the child needed at the fork).
Layout run_isolated(const std::function<Layout()>& work, std::chrono::milliseconds timeout,
                    const std::function<void()>& forked = {});

}  // namespace archc::layout
