#include "cli/outputs.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/driver.hpp"

namespace archc::cli {
namespace {

namespace fs = std::filesystem;

class Outputs : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("archc-outputs-" + std::to_string(::getpid()) + "-" +
                                        testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  int run(std::vector<std::string> args) {
    args.insert(args.begin(), "archc");
    Env env{out_, err_, false};
    return cli::run(args, env);
  }

  fs::path dir_;
  std::ostringstream out_, err_;
};

constexpr const char* kDiagram = R"(
layer v1 { service web; postgres db; connect(web, db) }
layer v2 <> { kafka bus; connect(web, bus) }
scenario read "Read" in v1 { web -> db "query"; db -> web "rows" }
scenario 'odd/id' "Odd" { web -> bus }
)";

TEST(FormatOf, ComesFromTheExtensionOrATrailingSlash) {
  using compile::Format;
  EXPECT_EQ(format_of("a.html"), Format::Html);
  EXPECT_EQ(format_of("a.HTM"), Format::Html);
  EXPECT_EQ(format_of("a.svg"), Format::Svg);
  EXPECT_EQ(format_of("a.json"), Format::Json);
  EXPECT_EQ(format_of("out/"), Format::Folder);
  EXPECT_EQ(format_of("a.txt"), std::nullopt);
}

TEST_F(Outputs, FolderHoldsOneSvgPerLayerAndScenarioAndAnIndex) {
  fs::path in = write("d.arch", kDiagram);
  ASSERT_EQ(run({in.string(), "-o", (dir_ / "out").string() + "/"}), 0) << err_.str();
  for (const char* f : {"v1.svg", "v2.svg", "read.svg", "odd_id.svg", "index.html"}) {
    EXPECT_TRUE(fs::exists(dir_ / "out" / f)) << f;
  }
  std::string v1 = read(dir_ / "out" / "v1.svg");
  EXPECT_EQ(v1.find("data-id=\"bus\""), std::string::npos) << "v1 must not draw v2's node";
  std::string scenario = read(dir_ / "out" / "read.svg");
  EXPECT_NE(scenario.find("<animateMotion"), std::string::npos);
  EXPECT_NE(scenario.find("keyPoints=\"1;1;0;0\""), std::string::npos) << "db -> web runs against the dial";
  EXPECT_EQ(scenario.find("<script"), std::string::npos);
  std::string index = read(dir_ / "out" / "index.html");
  EXPECT_NE(index.find("href=\"odd_id.svg\""), std::string::npos);
}

TEST_F(Outputs, AFailedCompileLeavesAnExistingFolderUntouched) {
  fs::create_directories(dir_ / "out");
  std::ofstream(dir_ / "out" / "v1.svg") << "old";
  fs::path in = write("bad.arch", "layer v1 { service web; connect(web, nowhere) }\n");
  EXPECT_EQ(run({in.string(), "-o", (dir_ / "out").string() + "/"}), 1);
  EXPECT_EQ(read(dir_ / "out" / "v1.svg"), "old");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "out"), fs::directory_iterator()), 1);
}

TEST_F(Outputs, NoTemporaryFileIsLeftBehind) {
  fs::path in = write("d.arch", kDiagram);
  ASSERT_EQ(run({in.string(), "-o", (dir_ / "page.html").string()}), 0) << err_.str();
  for (const auto& e : fs::directory_iterator(dir_)) {
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
  }
}

TEST_F(Outputs, HtmlOpensOnTheLayerAsked) {
  fs::path in = write("d.arch", kDiagram);
  ASSERT_EQ(run({in.string(), "-o", (dir_ / "p.html").string(), "--layer", "v1"}), 0) << err_.str();
  std::string html = read(dir_ / "p.html");
  EXPECT_NE(html.find("data-layer=\"v1\" aria-pressed=\"true\""), std::string::npos);
  EXPECT_NE(html.find("data-layer=\"v2\" aria-pressed=\"false\""), std::string::npos);
}

TEST_F(Outputs, IncludeTakesOneFolderAndLeavesTheFileAlone) {
  fs::path in = write("d.arch", kDiagram);
  EXPECT_EQ(run({"-I", dir_.string(), in.string(), "-o", (dir_ / "x.json").string()}), 0) << err_.str();
  EXPECT_TRUE(fs::exists(dir_ / "x.json"));
}

}  // namespace
}  // namespace archc::cli
