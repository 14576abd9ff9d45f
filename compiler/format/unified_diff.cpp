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

// The shortest edit script from a to b (Myers 1986), as one op per line.
std::vector<Op> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size()), max = n + m;
  std::vector<int> v(2 * static_cast<std::size_t>(max) + 2, 0);
  std::vector<std::vector<int>> trace;
  auto at = [&](int k) -> int& { return v[static_cast<std::size_t>(k + max + 1)]; };
  int d_end = 0;
  for (int d = 0; d <= max; ++d) {
    trace.push_back(v);
    bool done = false;
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
      int y = x - k;
      while (x < n && y < m && a[static_cast<std::size_t>(x)] == b[static_cast<std::size_t>(y)]) ++x, ++y;
      at(k) = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
    if (done) {
      d_end = d;
      break;
    }
  }
  // Walk back through the saved frontiers.
  std::vector<Op> ops;
  int x = n, y = m;
  for (int d = d_end; d > 0; --d) {
    v = trace[static_cast<std::size_t>(d)];
    int k = x - y;
    int prev_k = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
    int prev_x = at(prev_k), prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) ops.push_back(Op::Keep), --x, --y;
    ops.push_back(x == prev_x ? Op::Insert : Op::Delete);
    x = prev_x;
    y = prev_y;
  }
  while (x > 0 && y > 0) ops.push_back(Op::Keep), --x, --y;
  std::reverse(ops.begin(), ops.end());
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
