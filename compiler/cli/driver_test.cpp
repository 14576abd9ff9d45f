#include "cli/driver.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace archc::cli {
namespace {

namespace fs = std::filesystem;

// A fresh folder per test, removed afterwards.
class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("archc_cli_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  static std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  int run(std::vector<std::string> args) {
    out_.str("");
    err_.str("");
    args.insert(args.begin(), "archc");
    Env env{out_, err_, false};
    return cli::run(args, env);
  }
  std::vector<std::string> files_in_dir() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path dir_;
  std::ostringstream out_, err_;
};

constexpr const char* kGood = "service api \"API\"\npostgres db\nconnect(api, db) \"SQL\"\n";
constexpr const char* kBad = "service api\nconnect(api, nobody)\n";

TEST_F(Cli, VersionExitsZero) {
  EXPECT_EQ(run({"--version"}), 0);
  EXPECT_NE(out_.str().find("archc "), std::string::npos) << out_.str();
}

TEST_F(Cli, NoArgumentsIsAUsageError) {
  EXPECT_EQ(run({}), 2);
  EXPECT_FALSE(err_.str().empty());
}

TEST_F(Cli, UnknownFlagIsAUsageError) {
  EXPECT_EQ(run({"--frobnicate"}), 2);
}

TEST_F(Cli, NoOutputIsAUsageError) {
  fs::path in = write("good.arch", kGood);
  EXPECT_EQ(run({in.string()}), 2);
  EXPECT_NE(err_.str().find("no output"), std::string::npos) << err_.str();
}

TEST_F(Cli, UnknownOutputExtensionIsAUsageError) {
  fs::path in = write("good.arch", kGood);
  fs::path out = dir_ / "out.bmp";
  EXPECT_EQ(run({in.string(), "-o", out.string()}), 2);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_NE(err_.str().find("out.bmp"), std::string::npos) << err_.str();
}

TEST_F(Cli, CompilesToEachFormat) {
  fs::path in = write("good.arch", kGood);
  for (const char* name : {"out.json", "out.svg", "out.html", "OUT.HTM", "out.png", "out.pdf"}) {
    fs::path out = dir_ / name;
    EXPECT_EQ(run({in.string(), "-o", out.string()}), 0) << name << "\n" << err_.str();
    EXPECT_TRUE(err_.str().empty()) << err_.str();
    ASSERT_TRUE(fs::exists(out)) << name;
    EXPECT_GT(fs::file_size(out), 100u) << name;
  }
  EXPECT_EQ(read(dir_ / "out.json").front(), '{');
  EXPECT_NE(read(dir_ / "out.svg").find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_EQ(read(dir_ / "out.html").rfind("<!DOCTYPE html>", 0), 0u);
}

TEST_F(Cli, BadFileExitsOneAndWritesNothing) {
  fs::path in = write("bad.arch", kBad);
  fs::path out = dir_ / "out.json";
  EXPECT_EQ(run({in.string(), "-o", out.string()}), 1);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_NE(err_.str().find("bad.arch:2:14: error[unknown-node]: unknown node `nobody`"), std::string::npos)
      << err_.str();
  EXPECT_NE(err_.str().find("archc: 1 error\n"), std::string::npos) << err_.str();
  // No temporary file is left behind either.
  EXPECT_EQ(files_in_dir(), (std::vector<std::string>{"bad.arch"}));
}

TEST_F(Cli, ExistingOutputIsUntouchedWhenCompilationFails) {
  fs::path in = write("bad.arch", kBad);
  fs::path out = write("out.html", "previous content");
  auto before = fs::last_write_time(out);
  EXPECT_EQ(run({in.string(), "-o", out.string()}), 1);
  EXPECT_EQ(read(out), "previous content");
  EXPECT_EQ(fs::last_write_time(out), before);
  EXPECT_EQ(files_in_dir(), (std::vector<std::string>{"bad.arch", "out.html"}));
}

TEST_F(Cli, UnwritableOutputIsAnIoError) {
  fs::path in = write("good.arch", kGood);
  fs::path out = dir_ / "no-such-folder" / "out.json";
  EXPECT_EQ(run({in.string(), "-o", out.string()}), 2);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_NE(err_.str().find("io-error"), std::string::npos) << err_.str();
}

// Every comparison with NaN is false, so a range check alone let `nan` through to the
// pictures; infinities and the text around a number are refused as well. Each is a usage
// error that names the option and the range, and writes nothing.
TEST_F(Cli, ScaleAndFpsAreFiniteNumbersInTheirRange) {
  fs::path in = write("in.arch", "service a\nservice b\nconnect(a, b)\nscenario s { a -> b }\n");
  const std::string png = (dir_ / "out.png").string(), gif = (dir_ / "out.gif").string();
  for (std::string bad : {"nan", "NaN", "-nan", "inf", "-inf", "infinity", "1e999", "0", "-1", "0.09", "8.5", "0x1p2",
                          "2px", " 2"}) {
    // `--scale=-inf`: as a separate word, `-inf` would be read as options `-i -n -f`.
    EXPECT_EQ(run({in.string(), "-o", png, "--scale=" + bad}), 2) << bad;
    EXPECT_NE(err_.str().find("a scale from 0.1 to 8"), std::string::npos) << bad << ": " << err_.str();
  }
  for (std::string bad : {"nan", "inf", "-inf", "0", "0.5", "51", "1e309"}) {
    EXPECT_EQ(run({in.string(), "-o", gif, "--fps=" + bad}), 2) << bad;
    EXPECT_NE(err_.str().find("a rate from 1 to 50 frames a second"), std::string::npos) << bad << ": " << err_.str();
  }
  EXPECT_EQ(run({in.string(), "-o", png, "--scale", "nan"}), 2);
  EXPECT_EQ(err_.str(), "archc: error[bad-option]: --scale: `nan` is not a scale from 0.1 to 8\n"
                        "help: `archc --help` lists the options\n\narchc: 1 error\n");
  EXPECT_FALSE(fs::exists(png));
  EXPECT_FALSE(fs::exists(gif));
  // The ends of each range, and a value written with an exponent, are numbers like any other.
  EXPECT_EQ(run({in.string(), "-o", png, "--scale", "0.1"}), 0) << err_.str();
  EXPECT_EQ(run({in.string(), "-o", gif, "--fps", "5e1", "--scale", "0.5"}), 0) << err_.str();
  EXPECT_TRUE(fs::exists(gif));
}

TEST_F(Cli, CheckWithoutFilesIsAUsageError) {
  EXPECT_EQ(run({"check"}), 2);
}

TEST_F(Cli, MissingInputIsAnIoError) {
  fs::path out = dir_ / "out.json";
  EXPECT_EQ(run({(dir_ / "missing.arch").string(), "-o", out.string()}), 2);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_NE(err_.str().find("io-error"), std::string::npos) << err_.str();
}

TEST_F(Cli, UnknownLayerIsAUsageErrorWithASuggestion) {
  fs::path in = write("layers.arch", "layer v1 {\n  service a\n}\nlayer v2 <> {\n  service b\n}\n");
  fs::path out = dir_ / "out.svg";
  EXPECT_EQ(run({in.string(), "-o", out.string(), "--layer", "v3"}), 2);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_NE(err_.str().find("`v1`"), std::string::npos) << err_.str();
  EXPECT_EQ(run({in.string(), "-o", out.string(), "--layer", "v1"}), 0) << err_.str();
  EXPECT_TRUE(fs::exists(out));
}

TEST_F(Cli, CheckReportsEveryFile) {
  fs::path a = write("a.arch", kBad);
  fs::path b = write("b.arch", "service x\nservice x\n");
  fs::path good = write("good.arch", kGood);
  EXPECT_EQ(run({"check", a.string(), good.string(), b.string()}), 1);
  std::string err = err_.str();
  std::size_t in_a = err.find(a.string() + ":2:14: error[unknown-node]");
  std::size_t in_b = err.find(b.string() + ":2:9: error[duplicate-id]");
  EXPECT_NE(in_a, std::string::npos) << err;
  EXPECT_NE(in_b, std::string::npos) << err;
  EXPECT_LT(in_a, in_b);
  EXPECT_EQ(err.find("good.arch"), std::string::npos) << err;
  EXPECT_TRUE(out_.str().empty());
  // check writes nothing.
  EXPECT_EQ(files_in_dir(), (std::vector<std::string>{"a.arch", "b.arch", "good.arch"}));
}

TEST_F(Cli, CheckOfGoodFilesExitsZero) {
  fs::path good = write("good.arch", kGood);
  EXPECT_EQ(run({"check", good.string()}), 0);
  EXPECT_TRUE(err_.str().empty()) << err_.str();
}

TEST_F(Cli, CheckWarningsFailOnlyUnderWerror) {
  fs::path warn = write("warn.arch", "service api\nprometheus prom\nconnect(api, prom)\n");
  EXPECT_EQ(run({"check", warn.string()}), 0);
  EXPECT_NE(err_.str().find("warning[prometheus-pulls]"), std::string::npos) << err_.str();
  EXPECT_EQ(run({"check", "--werror", warn.string()}), 1);
}

TEST_F(Cli, CheckJsonFormat) {
  fs::path a = write("a.arch", kBad);
  EXPECT_EQ(run({"check", "--format", "json", a.string()}), 1);
  std::string out = out_.str();
  EXPECT_NE(out.find("\"code\": \"unknown-node\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"line\": 2"), std::string::npos) << out;
  EXPECT_NE(out.find("\"column\": 14"), std::string::npos) << out;
}

TEST_F(Cli, CheckOfAMissingFileIsAUsageError) {
  fs::path good = write("good.arch", kGood);
  EXPECT_EQ(run({"check", good.string(), (dir_ / "missing.arch").string()}), 2);
}

}  // namespace
}  // namespace archc::cli

namespace archc::cli {
namespace {

// A 10 MB name is quoted by its first characters: every format stays small.
TEST(HostileInput, ATenMegabyteTokenKeepsStderrSmall) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("archc-token-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string name(10'000'000, 'n');
  std::ofstream(dir / "big.arch") << "service a\nconnect(a, " << name << ")\n" << name << "\n";
  for (const char* format : {"human", "json", "sarif", "github"}) {
    std::ostringstream out, err;
    Env env{out, err, false};
    EXPECT_EQ(run({"archc", "check", "--format", format, (dir / "big.arch").string()}, env), 1) << format;
    EXPECT_LT(out.str().size() + err.str().size(), 20'000u) << format;
  }
  fs::remove_all(dir);
}

TEST_F(Cli, FmtRewritesOnlyWhatChangesAndLeavesBrokenFilesAlone) {
  fs::path messy = write("messy.arch", "service  a\nconnect( a ,b )\nservice b\n");
  fs::path clean = write("clean.arch", "service a\n");
  fs::path broken = write("broken.arch", "service  a\nconnect(a\n");
  auto before = fs::last_write_time(clean);
  EXPECT_EQ(run({"fmt", "--check", messy.string(), clean.string()}), 1);
  EXPECT_EQ(out_.str(), messy.string() + "\n");
  EXPECT_EQ(read(messy), "service  a\nconnect( a ,b )\nservice b\n") << "--check writes nothing";
  EXPECT_EQ(run({"fmt", "--diff", messy.string()}), 0);
  EXPECT_NE(out_.str().find("\n-connect( a ,b )\n"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("\n+connect(a, b)\n"), std::string::npos) << out_.str();
  EXPECT_EQ(run({"fmt", messy.string(), clean.string()}), 0) << err_.str();
  EXPECT_EQ(read(messy), "service a\nconnect(a, b)\nservice b\n");
  EXPECT_EQ(fs::last_write_time(clean), before) << "an unchanged file is not rewritten";
  EXPECT_EQ(run({"fmt", broken.string()}), 1);
  EXPECT_EQ(read(broken), "service  a\nconnect(a\n");
  EXPECT_NE(err_.str().find("error[syntax]"), std::string::npos);
  EXPECT_EQ(run({"fmt", (dir_ / "missing.arch").string()}), 2);
  EXPECT_EQ(files_in_dir(), (std::vector<std::string>{"broken.arch", "clean.arch", "messy.arch"}));
}

}  // namespace
}  // namespace archc::cli
