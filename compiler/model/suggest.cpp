#include "model/suggest.hpp"

#include <algorithm>

#include "syntax/keywords.hpp"

namespace archc::model {

// Optimal string alignment: insertions, deletions, substitutions and swaps of neighbours
// (`wbe` is one edit from `web`), each costing one.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], before[j - 2] + 1);
    }
    std::swap(before, prev);
    std::swap(prev, row);
  }
  return prev[b.size()];
}

std::string closest(std::string_view name, const std::vector<std::string_view>& candidates) {
  // Typos are made in names people type; past this length a suggestion costs more than it helps.
  if (name.size() > kMaxSuggestedLength) return {};
  std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
  std::size_t best = limit + 1;
  std::string_view found;
  for (std::string_view c : candidates) {
    // cheap reject: lengths too far apart
    std::size_t gap = c.size() > name.size() ? c.size() - name.size() : name.size() - c.size();
    if (gap > limit) continue;
    std::size_t d = edit_distance(name, c);
    if (d < best) {
      best = d;
      found = c;
    }
  }
  return std::string(found);
}

std::string as_written(const std::string& name) {
  auto first = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  auto other = [&](char c) { return first(c) || (c >= '0' && c <= '9'); };
  bool bare = !name.empty() && first(name[0]) && !syntax::is_keyword(name);
  for (std::size_t i = 1; bare && i < name.size(); ++i) {
    bare = other(name[i]) || (name[i] == '-' && i + 1 < name.size() && other(name[i + 1]));
  }
  return bare ? name : "'" + name + "'";
}

}  // namespace archc::model
