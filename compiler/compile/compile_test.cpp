#include "compile/compile.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace archc::compile {
namespace {

constexpr const char* kMain = R"(import "parts/store.arch"
layer v1 { service api; connect(api, db) }
layer v2 <> { kafka bus; connect(api, bus) }
)";
constexpr const char* kStore = "postgres db \"Orders\"\n";

Request in_memory(std::string main = kMain) {
  Request r;
  r.path = "/archc-compile-test/proj/main.arch";
  r.name = "main.arch";
  r.workspace = memory_workspace({{"/archc-compile-test/proj/main.arch", std::move(main)},
                                  {"/archc-compile-test/proj/parts/store.arch", kStore}});
  return r;
}

std::string dump(const source::Diagnostics& d) {
  std::string out;
  for (const auto& x : d.all()) out += std::string(x.name()) + ": " + x.message + "\n";
  return out;
}

TEST(Compile, ReadsTheMainFileAndItsImportsFromAMemoryWorkspace) {
  Result r = compile(in_memory());
  EXPECT_TRUE(r.ok()) << dump(r.diags);
  EXPECT_NE(r.diagram.find_node("db"), model::kNone);
  EXPECT_FALSE(r.layout) << "no format asked: no layout";
  EXPECT_TRUE(r.artifacts.empty());
}

TEST(Compile, TextGivenWinsOverTheWorkspace) {
  Request request = in_memory();
  request.text = "service only\n";
  Result r = compile(request);
  EXPECT_TRUE(r.ok()) << dump(r.diags);
  EXPECT_NE(r.diagram.find_node("only"), model::kNone);
  EXPECT_EQ(r.diagram.find_node("db"), model::kNone);
}

TEST(Compile, AnUnreadableMainFileFailsTheRequest) {
  Request request = in_memory();
  request.path = "/archc-compile-test/proj/missing.arch";
  request.name = "missing.arch";
  Result r = compile(request);
  EXPECT_TRUE(r.request_failed);
  ASSERT_EQ(r.diags.all().size(), 1u);
  EXPECT_EQ(r.diags.all()[0].code, source::Code::IoError);
  EXPECT_EQ(r.diags.all()[0].message, "cannot read `missing.arch`: no such file");
}

TEST(Compile, RendersEachFormat) {
  for (Format f : {Format::Html, Format::Svg, Format::Json, Format::Folder}) {
    Request request = in_memory();
    request.format = f;
    Result r = compile(request);
    ASSERT_TRUE(r.ok()) << dump(r.diags);
    ASSERT_TRUE(r.layout);
    ASSERT_FALSE(r.artifacts.empty());
    if (f == Format::Folder) {
      EXPECT_EQ(r.artifacts.back().name, "index.html");
      EXPECT_EQ(r.artifacts.size(), 3u) << "v1.svg, v2.svg, index.html";
    } else {
      EXPECT_EQ(r.artifacts.size(), 1u);
      EXPECT_TRUE(r.artifacts[0].name.empty());
    }
  }
}

TEST(Compile, AnUnknownLayerIsABadOption) {
  Request request = in_memory();
  request.format = Format::Svg;
  request.layer = "v3";
  Result r = compile(request);
  EXPECT_TRUE(r.request_failed);
  ASSERT_EQ(r.diags.all().size(), 1u);
  EXPECT_EQ(r.diags.all()[0].code, source::Code::BadOption);
  EXPECT_FALSE(r.layout) << "refused before laying out";
}

TEST(Compile, ErrorsInTheInputStopBeforeTheLayout) {
  Request request = in_memory("service api\nconnect(api, nowhere)\n");
  request.format = Format::Html;
  bool called = false;
  request.before_layout = [&](const source::SourceMap&, const source::Diagnostics&) { called = true; };
  Result r = compile(request);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.request_failed);
  EXPECT_FALSE(called);
  EXPECT_TRUE(r.artifacts.empty());
}

TEST(Compile, TheFrontEndHearsBeforeTheLayoutStarts) {
  Request request = in_memory();
  request.lay_out = true;
  int calls = 0;
  request.before_layout = [&](const source::SourceMap&, const source::Diagnostics& diags) {
    ++calls;
    EXPECT_FALSE(diags.has_errors());
  };
  Result r = compile(request);
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(r.layout);
}

// No global state: compiles on several threads at once give what one compile gives.
TEST(Compile, ConcurrentCallsAgree) {
  Request request = in_memory();
  request.format = Format::Json;
  const std::string expected = compile(request).artifacts.at(0).content;
  constexpr int kThreads = 4;
  std::vector<std::string> got(kThreads);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        Request mine = in_memory();
        mine.format = Format::Json;
        Result r = compile(mine);
        if (!r.artifacts.empty()) got[t] = r.artifacts[0].content;
      });
    }
  }
  for (const std::string& g : got) EXPECT_EQ(g, expected);
}

// The stdlib is parsed once per process: every compile shares its files (and trees).
TEST(Compile, TheStdlibIsReadOncePerProcess) {
  Result a = compile(in_memory());
  Result b = compile(in_memory());
  ASSERT_GT(a.sources.size(), 1u);
  EXPECT_EQ(a.sources.shared(0), b.sources.shared(0));
  EXPECT_EQ(a.diagram.kinds.size(), b.diagram.kinds.size());
  EXPECT_EQ(a.diagram.rules.size(), b.diagram.rules.size());
}

}  // namespace
}  // namespace archc::compile
