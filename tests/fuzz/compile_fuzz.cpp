// libFuzzer target (a): any bytes as a .arch file through parse, model and rules, then a
// report format of `archc check` (human, JSON, SARIF or GitHub, by the input's size). Built by the sanitizer tree
// (ARCHC_SANITIZE with clang); scripts/test runs it for a minute, scripts/fuzz for longer.
// The SARIF descriptors list the input's own rules and those its diagnostics name: the other
// stdlib rules are the same bytes on every execution and would cost a fifth of the time.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "cli/report.hpp"
#include "compile/compile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archc;
  compile::Request request =
      compile::text_request(std::string(reinterpret_cast<const char*>(data), size), "/fuzz/main.arch", "main.arch");
  compile::Result r = compile::compile(request);
  std::vector<cli::FileReport> reports(1);
  reports[0].file = "main.arch";
  reports[0].diags = r.diags.sorted();
  for (const model::Rule& rule : r.diagram.rules) {
    bool named = std::any_of(reports[0].diags.begin(), reports[0].diags.end(),
                             [&](const source::Diagnostic& d) { return d.rule == rule.id; });
    if (rule.module.empty() || named) reports[0].rules.push_back({rule.id, rule.description, rule.severity});
  }
  reports[0].sources = std::move(r.sources);
  // One report format per input, picked by its size: across a run every format sees every
  // kind of input, at a quarter of the cost of printing all four each time.
  static constexpr const char* kFormats[] = {"human", "json", "sarif", "github"};
  std::ostringstream out, err;
  cli::Env env{out, err, false};
  cli::print_reports(kFormats[size % 4], reports, env);
  return 0;
}
