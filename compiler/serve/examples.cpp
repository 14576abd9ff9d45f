#include "serve/examples.hpp"

#include <algorithm>

#include "archc_examples.hpp"
#include "compile/compile.hpp"

namespace archc::serve {

namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

std::string category_of(std::string_view text) {
  constexpr std::string_view kTag = "// category:";
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    std::string_view line = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    if (line.rfind(kTag, 0) == 0) return trim(line.substr(kTag.size()));
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  return "Examples";
}

std::vector<Example> load() {
  std::vector<Example> out;
  for (const auto& file : generated::examples::kFiles) {
    Example e;
    e.id = std::string(file.name);
    e.text = std::string(file.text);
    e.category = category_of(e.text);
    // The title as the compiler reads it (no rules, no layout: a few milliseconds).
    compile::Request r = compile::text_request(e.text, "/examples/" + e.id + ".arch", e.id + ".arch");
    r.check_rules = false;
    std::string title = compile::compile(r).diagram.title;
    e.title = title.empty() ? e.id : title;
    out.push_back(std::move(e));
  }
  // Categories in order of first appearance; files keep their order inside one.
  std::vector<std::string> order;
  for (const Example& e : out) {
    if (std::find(order.begin(), order.end(), e.category) == order.end()) order.push_back(e.category);
  }
  std::stable_sort(out.begin(), out.end(), [&](const Example& a, const Example& b) {
    return std::find(order.begin(), order.end(), a.category) < std::find(order.begin(), order.end(), b.category);
  });
  return out;
}

}  // namespace

const std::vector<Example>& examples() {
  static const std::vector<Example> all = load();
  return all;
}

const Example* find_example(std::string_view id) {
  for (const Example& e : examples()) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

}  // namespace archc::serve
