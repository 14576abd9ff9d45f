// `archc fmt --diff`: a unified diff of the file and its canonical text. Lines are compared
// with Myers' O(ND) algorithm (a formatter's changes are few, so D stays small), and the
// edit script is printed in hunks with three lines of context, as `diff -u` does.

#include <algorithm>
#include <vector>

#include "format/format.hpp"

namespace archc::format {

namespace {

std::vector<std::string_view> lines_of(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    std::size_t end = s.find('\n');
    if (end == std::string_view::npos) {
      out.push_back(s);
      break;
    }
    out.push_back(s.substr(0, end + 1));
    s.remove_prefix(end + 1);
  }
  return out;
}

enum class Op { Keep, Delete, Insert };

// The shortest edit script from a to b (Myers 1986), as one op per line, between the lines
// both share at the start and at the end. The frontier of each step is saved only over the
// diagonals it reaches (2d + 1), and past kMaxEdits the rest is one replacement: a diff stays
// within a few megabytes and a fraction of a second, whatever the files.
constexpr int kMaxEdits = 2000;

std::vector<Op> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix && a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  const int n = static_cast<int>(a.size() - prefix - suffix), m = static_cast<int>(b.size() - prefix - suffix);
  auto A = [&](int i) { return a[prefix + static_cast<std::size_t>(i)]; };
  auto B = [&](int j) { return b[prefix + static_cast<std::size_t>(j)]; };
  std::vector<Op> middle;
  // trace[d][k + d]: the furthest x on diagonal k after d edits.
  std::vector<std::vector<int>> trace;
  std::vector<int> v(3, 0);  // v[k + 1] for k in [-1, 1] before the first step
  bool found = false;
  for (int d = 0; d <= std::min(n + m, kMaxEdits) && !found; ++d) {
    std::vector<int> next(2 * static_cast<std::size_t>(d) + 1, 0);
    auto prev = [&](int k) { return v[static_cast<std::size_t>(k + d)]; };  // v spans [-d-1+1 .. d-1] + 1 padding
    for (int k = -d; k <= d; k += 2) {
      int x;
      if (d == 0) {
        x = 0;
      } else if (k == -d || (k != d && prev(k - 1) < prev(k + 1))) {
        x = prev(k + 1);
      } else {
        x = prev(k - 1) + 1;
      }
      int y = x - k;
      while (x < n && y < m && A(x) == B(y)) ++x, ++y;
      next[static_cast<std::size_t>(k + d)] = x;
      if (x >= n && y >= m) found = true;
    }
    trace.push_back(next);
    // Pad for the next step's lookups at k - 1 and k + 1 (indices shift by one).
    v.assign(next.size() + 2, 0);
    for (std::size_t i = 0; i < next.size(); ++i) v[i + 1] = next[i];
  }
  if (found) {
    int x = n, y = m;
    for (int d = static_cast<int>(trace.size()) - 1; d > 0; --d) {
      const std::vector<int>& before = trace[static_cast<std::size_t>(d) - 1];
      auto at = [&](int k) { return before[static_cast<std::size_t>(k + d - 1)]; };
      int k = x - y;
      int prev_k = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
      int prev_x = at(prev_k), prev_y = prev_x - prev_k;
      while (x > prev_x && y > prev_y) middle.push_back(Op::Keep), --x, --y;
      middle.push_back(x == prev_x ? Op::Insert : Op::Delete);
      x = prev_x;
      y = prev_y;
    }
    while (x > 0 && y > 0) middle.push_back(Op::Keep), --x, --y;
    std::reverse(middle.begin(), middle.end());
  } else {
    middle.assign(static_cast<std::size_t>(n), Op::Delete);
    middle.insert(middle.end(), static_cast<std::size_t>(m), Op::Insert);
  }
  std::vector<Op> ops(prefix, Op::Keep);
  ops.insert(ops.end(), middle.begin(), middle.end());
  ops.insert(ops.end(), suffix, Op::Keep);
  return ops;
}

std::string with_newline(std::string_view line) {
  std::string s(line);
  if (s.empty() || s.back() != '\n') s += "\n\\ No newline at end of file\n";
  return s;
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, const std::string& name) {
  if (before == after) return "";
  std::vector<std::string_view> a = lines_of(before), b = lines_of(after);
  std::vector<Op> ops = edit_script(a, b);
  constexpr std::size_t kContext = 3;
  // `a/` and `b/` before a relative name, as git writes them (`patch -p1` applies it).
  bool absolute = !name.empty() && name[0] == '/';
  std::string out = std::string("--- ") + (absolute ? "" : "a/") + name + "\n+++ " + (absolute ? "" : "b/") + name + "\n";
  std::size_t i = 0;
  while (i < ops.size()) {
    // The next change, and the run of ops it belongs to: changes less than 2 × context apart
    // share a hunk.
    std::size_t first = i;
    while (first < ops.size() && ops[first] == Op::Keep) ++first;
    if (first == ops.size()) break;
    std::size_t start = first > kContext ? first - kContext : 0;
    // The hunk ends three lines after its last change: at the first run of more than twice
    // the context, or at the end.
    std::size_t end = first, keep = 0;
    for (; end < ops.size(); ++end) {
      keep = ops[end] == Op::Keep ? keep + 1 : 0;
      if (keep > 2 * kContext) break;
    }
    if (end < ops.size()) {
      end = end + 1 - keep + kContext;
    } else if (keep > kContext) {
      end -= keep - kContext;
    }
    // Line numbers where the hunk starts in each file.
    std::size_t la = 0, lb = 0;
    for (std::size_t k = 0; k < start; ++k) {
      if (ops[k] != Op::Insert) ++la;
      if (ops[k] != Op::Delete) ++lb;
    }
    std::size_t ca = 0, cb = 0;
    std::string body;
    std::size_t ia = la, ib = lb;
    for (std::size_t k = start; k < end; ++k) {
      if (ops[k] == Op::Keep) {
        body += " " + with_newline(a[ia++]);
        ib++;
        ++ca, ++cb;
      } else if (ops[k] == Op::Delete) {
        body += "-" + with_newline(a[ia++]);
        ++ca;
      } else {
        body += "+" + with_newline(b[ib++]);
        ++cb;
      }
    }
    out += "@@ -" + std::to_string(ca ? la + 1 : la) + "," + std::to_string(ca) + " +" +
           std::to_string(cb ? lb + 1 : lb) + "," + std::to_string(cb) + " @@\n" + body;
    i = end;
  }
  return out;
}

}  // namespace archc::format
