// The golden runner: every tests/cases/NAME.arch (or NAME/main.arch for cases with imports)
// is compiled in-process by the real command line, and what it prints is compared with
// NAME.stderr (diagnostics), NAME.expected (the output file, or stdout) and the exit status.
//
//   - A `fail_` name means diagnostics and exit 1; any other name means exit 0 and no error.
//   - A first line `// ARGS: check --format json %s` sets the arguments; `%s` is the case's
//     file, `%o` an output file whose content is the expected output. Default: `%s -o %o.json`,
//     or `check %s` for a `fail_` case.
//   - `// EXIT: 2` on the first lines expects another exit status.
//   - ARCHC_UPDATE_GOLDENS=1 rewrites the expectations; read the diff before committing.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cli/driver.hpp"

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

struct Case {
  std::string name;
  std::string file;  // relative to the cases folder
};

// How ctest and failures name a case: its file, not its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.file; }

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const auto& entry : fs::directory_iterator(ARCHC_CASES_DIR)) {
    fs::path p = entry.path();
    if (entry.is_regular_file() && p.extension() == ".arch") {
      out.push_back({p.stem().string(), p.filename().string()});
    } else if (entry.is_directory() && fs::exists(p / "main.arch")) {
      out.push_back({p.filename().string(), p.filename().string() + "/main.arch"});
    }
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return out;
}

std::string directive(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  std::string line;
  for (int i = 0; i < 3 && std::getline(in, line); ++i) {
    std::string prefix = "// " + key + ":";
    if (line.rfind(prefix, 0) == 0) {
      std::string value = line.substr(prefix.size());
      while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.pop_back();
      return value;
    }
  }
  return {};
}

class Golden : public testing::TestWithParam<Case> {};

TEST_P(Golden, Matches) {
  const Case& c = GetParam();
  fs::path dir = ARCHC_CASES_DIR;
  std::string text = read(dir / c.file);
  bool fail = c.name.rfind("fail_", 0) == 0;
  std::string args_line = directive(text, "ARGS");
  if (args_line.empty()) args_line = fail ? "check %s" : "%s -o %o.json";
  std::string exit_line = directive(text, "EXIT");
  int expected_exit = exit_line.empty() ? (fail ? 1 : 0) : std::stoi(exit_line);

  fs::path work = fs::temp_directory_path() / ("archc-golden-" + std::to_string(::getpid()));
  fs::create_directories(work);
  std::vector<std::string> args{"archc"};
  std::string output_file;
  std::istringstream words(args_line);
  for (std::string w; words >> w;) {
    if (w == "%s") {
      w = c.file;
    } else if (w.rfind("%o", 0) == 0) {
      output_file = (work / (c.name + w.substr(2))).string();
      w = output_file;
    }
    args.push_back(w);
  }
  std::ostringstream out, err;
  archc::cli::Env env{out, err, false};
  fs::path cwd = fs::current_path();
  fs::current_path(dir);  // diagnostics show paths relative to tests/cases
  int status = archc::cli::run(args, env);
  fs::current_path(cwd);

  std::string got_out = output_file.empty() ? out.str() : (fs::exists(output_file) ? read(output_file) : "");
  // Absolute paths of the scratch folder never reach a golden file.
  auto scrub = [&](std::string s) {
    for (std::size_t at; (at = s.find(work.string())) != std::string::npos;) s.replace(at, work.string().size(), "$WORK");
    return s;
  };
  std::string got_err = scrub(err.str());
  got_out = scrub(got_out);
  fs::remove_all(work);

  fs::path stderr_file = dir / (c.name + ".stderr");
  fs::path expected_file = dir / (c.name + ".expected");
  if (std::getenv("ARCHC_UPDATE_GOLDENS")) {
    if (!got_err.empty()) write(stderr_file, got_err); else fs::remove(stderr_file);
    if (!got_out.empty()) write(expected_file, got_out); else fs::remove(expected_file);
  }
  EXPECT_EQ(status, expected_exit) << "stderr:\n" << got_err;
  EXPECT_EQ(got_err, fs::exists(stderr_file) ? read(stderr_file) : "");
  EXPECT_EQ(got_out, fs::exists(expected_file) ? read(expected_file) : "");
  if (fail) {
    EXPECT_NE(status, 0) << "a fail_ case must fail";
  } else {
    EXPECT_EQ(got_err.find("error["), std::string::npos) << "only fail_ cases may report errors";
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, testing::ValuesIn(cases()),
                         [](const testing::TestParamInfo<Case>& info) {
                           std::string n = info.param.name;
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

// Every code in compiler/source/diagnostic_codes.def is produced by at least one `fail_` case,
// as printed (`error[CODE]`, `warning[CODE]`) or as JSON, SARIF or GitHub output names it.
TEST(GoldenCoverage, EveryDiagnosticCodeHasAFailCase) {
  std::string failing;
  for (const Case& c : cases()) {
    if (c.name.rfind("fail_", 0) != 0) continue;
    for (const char* ext : {".stderr", ".expected"}) {
      fs::path p = fs::path(ARCHC_CASES_DIR) / (c.name + ext);
      if (fs::exists(p)) failing += read(p);
    }
  }
  // Codes that no input is known to produce, each with where it is tested instead.
  const std::map<std::string, std::string> exempt{
      {"layout", "Graphviz failing on a graph we built: scale.* kills and corrupts the layout child"},
      {"rule", "printed under the broken rule's own name: every fail_rule_* case"},
      {"raster", "librsvg failing on an SVG we wrote: raster_test.cpp feeds it SVGs it cannot read"},
  };
  std::vector<std::string> names{
#define ARCHC_DIAGNOSTIC(id, code, what) code,
#include "source/diagnostic_codes.def"
#undef ARCHC_DIAGNOSTIC
  };
  for (const std::string& code : names) {
    if (exempt.count(code)) continue;
    bool seen = failing.find("[" + code + "]") != std::string::npos ||
                failing.find("\"" + code + "\"") != std::string::npos ||
                failing.find("title=" + code + "::") != std::string::npos;
    EXPECT_TRUE(seen) << "no fail_ case under tests/cases produces `" << code << "`";
  }
}
