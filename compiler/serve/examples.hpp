#pragma once
// The examples built into the binary (examples/*.arch), so that `archc serve` has something
// to show with no folder. Each file says where it belongs in a comment line of its own,
// `// category: Architecture Examples`, and its title with the language's `title "…"`.

#include <string>
#include <vector>

namespace archc::serve {

struct Example {
  std::string id;        // "cloud_platform": the file name without `.arch`
  std::string category;  // "Architecture Examples"; "Examples" when the file names none
  std::string title;     // the diagram's title; the id when it has none
  std::string text;
};

// In category order of first appearance, then file order. Read once.
const std::vector<Example>& examples();
const Example* find_example(std::string_view id);

}  // namespace archc::serve
