#include "render/style.hpp"

#include <map>
#include <string>
#include <vector>

#include "archc_assets.hpp"

namespace archc::render {

namespace {

constexpr std::string_view kDarkQuery = "@media (prefers-color-scheme: dark)";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string without_comments(std::string_view css) {
  std::string out;
  for (std::size_t i = 0; i < css.size(); ++i) {
    if (css.compare(i, 2, "/*") == 0) {
      std::size_t end = css.find("*/", i + 2);
      if (end == std::string_view::npos) break;
      i = end + 1;
      continue;
    }
    out += css[i];
  }
  return out;
}

// A top-level item: `prelude { body }`.
struct Block {
  std::string_view prelude, body;
};

std::vector<Block> blocks(std::string_view css) {
  std::vector<Block> out;
  std::size_t at = 0;
  while (true) {
    std::size_t open = css.find('{', at);
    if (open == std::string_view::npos) break;
    int depth = 0;
    std::size_t close = open;
    for (; close < css.size(); ++close) {
      if (css[close] == '{') ++depth;
      if (css[close] == '}' && --depth == 0) break;
    }
    out.push_back({trim(css.substr(at, open - at)), css.substr(open + 1, close - open - 1)});
    at = close + 1;
    if (at >= css.size()) break;
  }
  return out;
}

struct Declaration {
  std::string_view property, value;
};

std::vector<Declaration> declarations(std::string_view body) {
  std::vector<Declaration> out;
  while (!body.empty()) {
    std::size_t end = body.find(';');
    std::string_view d = trim(body.substr(0, end));
    if (std::size_t colon = d.find(':'); colon != std::string_view::npos)
      out.push_back({trim(d.substr(0, colon)), trim(d.substr(colon + 1))});
    if (end == std::string_view::npos) break;
    body.remove_prefix(end + 1);
  }
  return out;
}

using Palette = std::map<std::string, std::string, std::less<>>;

void collect(std::string_view body, Palette& into) {
  for (const Declaration& d : declarations(body)) {
    if (d.property.starts_with("--")) into[std::string(d.property)] = std::string(d.value);
  }
}

// `value` with each `var(--x)` replaced from `palette` (then from `fallback`).
std::string substitute(std::string_view value, const Palette& palette, const Palette& fallback) {
  std::string out;
  while (true) {
    std::size_t at = value.find("var(");
    if (at == std::string_view::npos) break;
    std::size_t close = value.find(')', at);
    if (close == std::string_view::npos) break;
    out += value.substr(0, at);
    std::string_view name = trim(value.substr(at + 4, close - at - 4));
    auto it = palette.find(name);
    if (it == palette.end()) it = fallback.find(name);
    out += it == fallback.end() ? std::string("initial") : it->second;
    value.remove_prefix(close + 1);
  }
  return out + std::string(value);
}

}  // namespace

std::string resolve_custom_properties(std::string_view source) {
  const std::string css = without_comments(source);
  const std::vector<Block> items = blocks(css);
  Palette light, dark;
  for (const Block& b : items) {
    if (b.prelude == kDarkQuery) {
      for (const Block& inner : blocks(b.body)) collect(inner.body, dark);
    } else if (!b.prelude.starts_with("@")) {
      collect(b.body, light);
    }
  }
  std::string out, dark_rules;
  for (const Block& b : items) {
    if (b.prelude == kDarkQuery) continue;
    if (b.prelude.starts_with("@")) {
      out += std::string(b.prelude) + " {" + std::string(b.body) + "}\n";
      continue;
    }
    std::string rule, dark_rule;
    for (const Declaration& d : declarations(b.body)) {
      if (d.property.starts_with("--")) continue;
      std::string in_light = substitute(d.value, light, light), in_dark = substitute(d.value, dark, light);
      rule += " " + std::string(d.property) + ": " + in_light + ";";
      if (in_dark != in_light) dark_rule += " " + std::string(d.property) + ": " + in_dark + ";";
    }
    if (!rule.empty()) out += std::string(b.prelude) + " {" + rule + " }\n";
    if (!dark_rule.empty()) dark_rules += "  " + std::string(b.prelude) + " {" + dark_rule + " }\n";
  }
  if (!dark_rules.empty()) out += std::string(kDarkQuery) + " {\n" + dark_rules + "}\n";
  return out;
}

std::string_view diagram_css() {
  static const std::string css = resolve_custom_properties(archc::generated::assets::k_diagram_css);
  return css;
}

}  // namespace archc::render
