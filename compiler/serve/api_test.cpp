// archc serve's answers, without a socket: every route of api.hpp, and every refusal.

#include "serve/api.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "serve/examples.hpp"

namespace archc::serve {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

class ServeApi : public testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("archc-serve-api-" + std::to_string(::getpid()) + "-" +
                                         testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    dir_ = root_ / "site";
    fs::create_directories(dir_ / "team");
    fs::create_directories(dir_ / ".git");
    fs::create_directories(dir_ / "node_modules");
    write(dir_ / "team" / "shop.arch", "import \"parts.arch\"\nservice api\nconnect(api, db)\n");
    write(dir_ / "team" / "parts.arch", "postgres db\n");
    write(dir_ / "top.arch", "service a\n");
    write(dir_ / ".git" / "hidden.arch", "service h\n");
    write(dir_ / "node_modules" / "dep.arch", "service d\n");
    write(dir_ / "notes.txt", "not a diagram\n");
    write(root_ / "outside.arch", "service secret\n");
    folder_ = std::make_unique<Folder>(dir_);
    api_ = std::make_unique<Api>(*folder_, ApiOptions{});
  }
  void TearDown() override { fs::remove_all(root_); }

  static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  HttpResponse get(const std::string& path, std::map<std::string, std::string> query = {}) {
    return api_->handle(HttpRequest{"GET", path, std::move(query), ""});
  }
  HttpResponse post(const std::string& path, const Json& body) {
    return api_->handle(HttpRequest{"POST", path, {}, body.dump()});
  }
  static Json json(const HttpResponse& r) { return Json::parse(r.body); }

  fs::path root_, dir_;
  std::unique_ptr<Folder> folder_;
  std::unique_ptr<Api> api_;
};

TEST_F(ServeApi, ThePageAndItsAssetsAreServed) {
  HttpResponse r = get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("id=\"archc-serve-config\""), std::string::npos);
  EXPECT_EQ(get("/assets/serve.js").status, 200);
  EXPECT_EQ(get("/assets/editor.js").status, 200);
  EXPECT_EQ(get("/assets/serve.css").type, "text/css; charset=utf-8");
  EXPECT_EQ(get("/assets/../../etc/passwd").status, 404);
}

// The editor's colours are archc's lexer's: a block comment, a property key, a quoted name, an
// operator, lengths in UTF-16 units (an emoji is two).
TEST_F(ServeApi, TokensAreTheLexersInUtf16Units) {
  HttpResponse r = post("/api/tokens", Json{{"text", "/* a\nb */ web -> 'pg' { note: \"\xF0\x9F\x98\x80\" }"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json(r)["tokens"], Json::parse(R"(["c",9,"",1,"",3,"",1,"o",2,"",1,"q",4,"",1,"",1,"",1,"p",4,"",1,"",1,"s",4,"",1,"",1])"));
  EXPECT_EQ(post("/api/tokens", Json{{"txt", "a"}}).status, 400);
  EXPECT_EQ(post("/api/tokens", Json{{"text", std::string(kMaxTokenizedBytes + 1, '(')}}).status, 413);
  EXPECT_EQ(get("/api/tokens").status, 405);
}

// Issue 23, point 7: a folder named with markup cannot end the config's script element nor
// open a comment that swallows the page's scripts.
TEST_F(ServeApi, AFolderNamedWithMarkupStaysInsideTheConfig) {
  ApiOptions options;
  options.folder_label = "f1<!--<script></script>";
  Api api(*folder_, options);
  HttpResponse r = api.handle(HttpRequest{"GET", "/", {}, ""});
  EXPECT_EQ(r.body.find("f1<!--"), std::string::npos);
  EXPECT_EQ(r.body.find("<script></script>"), std::string::npos);
  EXPECT_NE(r.body.find("f1\\u003c!--\\u003cscript>\\u003c/script>"), std::string::npos);
  // The page's own scripts still follow the config.
  EXPECT_NE(r.body.find("<script src=\"/assets/serve.js\"></script>"), std::string::npos);
}

TEST_F(ServeApi, FilesListsTheExamplesByCategoryAndTheFoldersArchFiles) {
  Json j = json(get("/api/files"));
  ASSERT_FALSE(j["examples"].empty());
  EXPECT_EQ(j["examples"][0]["category"], "Architecture Examples");
  EXPECT_EQ(j["examples"][0]["title"], "Cloud Data Platform");
  EXPECT_EQ(j["examples"][0]["path"], "example:cloud_platform");
  // The stdlib's web and messaging kinds at work, in the same category.
  std::vector<std::string> titles;
  for (const Json& e : j["examples"]) {
    if (e["category"] == "Architecture Examples") titles.push_back(e["title"]);
  }
  EXPECT_EQ(titles, (std::vector<std::string>{"Cloud Data Platform", "E-commerce Web System", "Event-driven Microservices"}));
  // Hidden folders and node_modules are skipped; other files are not listed.
  EXPECT_EQ(j["files"], (Json{"team/parts.arch", "team/shop.arch", "top.arch"}));
}

TEST_F(ServeApi, AFileAndAnExampleAreRead) {
  Json f = json(get("/api/file", {{"path", "team/shop.arch"}}));
  EXPECT_EQ(f["text"], read(dir_ / "team" / "shop.arch"));
  EXPECT_EQ(f["version"], version_of(f["text"].get<std::string>()));
  EXPECT_EQ(f["readonly"], false);
  Json e = json(get("/api/file", {{"path", "example:cloud_platform"}}));
  EXPECT_NE(e["text"].get<std::string>().find("title \"Cloud Data Platform\""), std::string::npos);
  EXPECT_EQ(e["readonly"], true);
  EXPECT_EQ(get("/api/file", {{"path", "example:nope"}}).status, 404);
  EXPECT_EQ(get("/api/file", {{"path", "team/missing.arch"}}).status, 404);
  EXPECT_EQ(get("/api/file").status, 400);
}

TEST_F(ServeApi, NothingOutsideTheFolderIsReadOrWritten) {
  fs::create_symlink(root_ / "outside.arch", dir_ / "link.arch");
  fs::create_directory_symlink(root_, dir_ / "up");
  std::vector<std::string> refused{"../outside.arch", "team/../../outside.arch", (root_ / "outside.arch").string(),
                                   "/etc/passwd", "link.arch", "up/outside.arch", "notes.txt",
                                   std::string("team/shop\0.arch", 15), ""};
  for (const std::string& path : refused) {
    HttpResponse r = get("/api/file", {{"path", path}});
    EXPECT_EQ(r.status, 403) << path << ": " << r.body;
    EXPECT_EQ(r.body.find("secret"), std::string::npos) << path;
    HttpResponse s = post("/api/save", Json{{"path", path}, {"text", "service x\n"}, {"version", ""}, {"force", true}});
    EXPECT_EQ(s.status, 403) << path << ": " << s.body;
    HttpResponse c = post("/api/compile", Json{{"path", path}, {"text", "service x\n"}});
    EXPECT_EQ(c.status, 403) << path << ": " << c.body;
  }
  EXPECT_EQ(read(root_ / "outside.arch"), "service secret\n");
  // An import that leaves the folder is refused by the compiler, before reading.
  Json c = json(post("/api/compile", Json{{"path", "top.arch"}, {"text", "import \"../outside.arch\"\nservice a\n"}}));
  EXPECT_EQ(c["ok"], false);
  EXPECT_EQ(c["diagnostics"][0]["code"], "import-outside-root");
}

TEST_F(ServeApi, RunGivesThePageAndTheFilesItRead) {
  Json j = json(post("/api/compile", Json{{"path", "team/shop.arch"}, {"text", read(dir_ / "team" / "shop.arch")}}));
  EXPECT_EQ(j["ok"], true);
  EXPECT_NE(j["page"].get<std::string>().find("id=\"archc-diagram\""), std::string::npos);
  EXPECT_EQ(j["files"], (Json{"team/shop.arch", "team/parts.arch"}));
  EXPECT_TRUE(j["diagnostics"].empty());
  // The editor's text is compiled, not the file on disk.
  Json e = json(post("/api/compile", Json{{"path", "example:cloud_platform"}, {"text", "service a\nconnect(a, b)\n"}}));
  EXPECT_EQ(e["ok"], false);
  EXPECT_TRUE(e["page"].is_null());
  ASSERT_EQ(e["diagnostics"].size(), 1u);
  const Json& d = e["diagnostics"][0];
  EXPECT_EQ(d["code"], "unknown-node");
  EXPECT_EQ(d["file"], "cloud_platform.arch");
  EXPECT_EQ(d["line"], 2);
  EXPECT_EQ(d["column"], 12);
  EXPECT_EQ(d["severity"], "error");
}

TEST_F(ServeApi, MalformedRequestsAre4xx) {
  EXPECT_EQ(api_->handle(HttpRequest{"POST", "/api/compile", {}, "{not json"}).status, 400);
  EXPECT_EQ(api_->handle(HttpRequest{"POST", "/api/compile", {}, "[1,2]"}).status, 400);
  EXPECT_EQ(post("/api/compile", Json{{"path", 3}, {"text", "x"}}).status, 400);
  EXPECT_EQ(post("/api/save", Json{{"path", "top.arch"}, {"text", "x"}}).status, 400);
  EXPECT_EQ(get("/api/compile").status, 405);
  EXPECT_EQ(post("/api/files", Json::object()).status, 405);
  EXPECT_EQ(get("/nope").status, 404);
  EXPECT_EQ(api_->handle(HttpRequest{"DELETE", "/api/file", {}, ""}).status, 405);
}

TEST_F(ServeApi, SaveWritesOnlyOverTheVersionItLoaded) {
  std::string v = json(get("/api/file", {{"path", "top.arch"}}))["version"];
  HttpResponse ok = post("/api/save", Json{{"path", "top.arch"}, {"text", "service b\n"}, {"version", v}});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(read(dir_ / "top.arch"), "service b\n");
  EXPECT_EQ(json(ok)["version"], version_of("service b\n"));
  // Saving again over the old version: the file changed since; nothing is written.
  HttpResponse conflict = post("/api/save", Json{{"path", "top.arch"}, {"text", "service c\n"}, {"version", v}});
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(json(conflict)["version"], version_of("service b\n"));
  EXPECT_EQ(read(dir_ / "top.arch"), "service b\n");
  // The user chose to overwrite.
  EXPECT_EQ(post("/api/save", Json{{"path", "top.arch"}, {"text", "service c\n"}, {"version", v}, {"force", true}}).status, 200);
  EXPECT_EQ(read(dir_ / "top.arch"), "service c\n");
  // Nothing but the file: no temporary left beside it.
  for (const auto& e : fs::directory_iterator(dir_)) EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos);
  EXPECT_EQ(post("/api/save", Json{{"path", "example:cloud_platform"}, {"text", "x"}, {"version", ""}}).status, 403);
}

// Found by the serve fuzz target: a save into a folder that does not exist (here a name with
// control characters and invalid UTF-8) was a 500; a request that names no place is the
// client's error, and the server writes nothing.
TEST_F(ServeApi, ASaveIntoNoFolderOrWithABadNameIs4xx) {
  std::string weird = std::string("rc\bc ser~e [DIR] no\xe0rc\bc sedesrconnect [--h/stUmpoutve [DI0].arch");
  std::string body = Json{{"path", weird}, {"text", "x"}, {"version", ""}}.dump(-1, ' ', false, Json::error_handler_t::replace);
  HttpResponse r = api_->handle(HttpRequest{"POST", "/api/save", {}, body});
  EXPECT_GE(r.status, 400);
  EXPECT_LT(r.status, 500) << r.body;
  EXPECT_EQ(post("/api/save", Json{{"path", "nope/x.arch"}, {"text", "x"}, {"version", ""}}).status, 404);
  EXPECT_EQ(post("/api/save", Json{{"path", std::string(300, 'a') + ".arch"}, {"text", "x"}, {"version", ""}}).status, 403);
  EXPECT_FALSE(fs::exists(dir_ / "nope"));
}

// Found by the serve fuzz target: a name of 237 bytes is legal, but the temporary file beside
// it (`.NAME.tmp-PID-THREAD-N`) went over 255 and the save was a 500. It is saved now.
TEST_F(ServeApi, ASaveUnderALongNameSucceeds) {
  std::string name = std::string(245, 'a') + ".arch";
  HttpResponse r = post("/api/save", Json{{"path", name}, {"text", "service a\n"}, {"version", ""}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(fs::exists(dir_ / name));
  for (const auto& e : fs::directory_iterator(dir_)) EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos);
}

TEST_F(ServeApi, WithoutAFolderOnlyTheExamplesAreServed) {
  Folder none{fs::path()};
  Api api(none, ApiOptions{});
  Json j = Json::parse(api.handle(HttpRequest{"GET", "/api/files", {}, ""}).body);
  EXPECT_TRUE(j["files"].empty());
  EXPECT_FALSE(j["examples"].empty());
  EXPECT_EQ(api.handle(HttpRequest{"GET", "/api/file", {{"path", "top.arch"}}, ""}).status, 403);
}

}  // namespace
}  // namespace archc::serve
