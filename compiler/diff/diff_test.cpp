// The diff stage: REV:PATH read from a git repository made by the test (imports included),
// and "no changes" between every diagram of the repository and its `archc fmt` output.

#include "diff/diff.hpp"

#include <git2.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/driver.hpp"
#include "compile/compile.hpp"
#include "diff/git.hpp"
#include "format/format.hpp"

namespace archc::diff {
namespace {

namespace fs = std::filesystem;

// A repository with one commit per call of commit(), through libgit2 (no git command needed).
class Repo {
 public:
  Repo() : dir_(fs::temp_directory_path() / ("archc-diff-" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "team");
    git_libgit2_init();
    EXPECT_EQ(git_repository_init(&repo_, dir_.c_str(), false), 0);
  }
  ~Repo() {
    git_repository_free(repo_);
    git_libgit2_shutdown();
    fs::remove_all(dir_);
  }
  void write(const std::string& path, const std::string& text) { std::ofstream(dir_ / path) << text; }
  void commit(const std::vector<std::string>& paths) {
    git_index* index = nullptr;
    ASSERT_EQ(git_repository_index(&index, repo_), 0);
    for (const std::string& p : paths) ASSERT_EQ(git_index_add_bypath(index, p.c_str()), 0);
    git_index_write(index);
    git_oid tree_id, commit_id, parent_id;
    ASSERT_EQ(git_index_write_tree(&tree_id, index), 0);
    git_index_free(index);
    git_tree* tree = nullptr;
    git_tree_lookup(&tree, repo_, &tree_id);
    git_signature* sig = nullptr;
    git_signature_new(&sig, "archc test", "test@archc", 1700000000, 0);
    git_commit* parent = nullptr;
    if (git_reference_name_to_id(&parent_id, repo_, "HEAD") == 0) git_commit_lookup(&parent, repo_, &parent_id);
    const git_commit* parents[1] = {parent};
    ASSERT_EQ(git_commit_create(&commit_id, repo_, "HEAD", sig, sig, nullptr, "a commit", tree, parent ? 1 : 0, parents), 0);
    if (parent) git_commit_free(parent);
    git_signature_free(sig);
    git_tree_free(tree);
  }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
  git_repository* repo_ = nullptr;
};

compile::Result compile_revision(const Revision& r) {
  compile::Request request;
  request.path = r.path;
  request.name = r.name;
  request.workspace = r.workspace;
  return compile::compile(request);
}

TEST(Git, BothSidesOfARevisionImportsIncluded) {
  Repo repo;
  repo.write("team/main.arch", "import \"parts.arch\"\nservice api \"API\"\nconnect(api, db)\n");
  repo.write("team/parts.arch", "postgres db \"Orders DB\"\n");
  repo.commit({"team/main.arch", "team/parts.arch"});
  // The second commit changes only the imported file; the work tree changes again after it.
  repo.write("team/parts.arch", "postgres db \"Orders\"\nmysql cache\n");
  repo.commit({"team/parts.arch"});
  repo.write("team/parts.arch", "this is not committed {{{\n");

  Revision old = open_revision("HEAD~1:team/main.arch", repo.dir());
  Revision now = open_revision("HEAD:./main.arch", repo.dir() / "team");  // from a subfolder, as git reads ./
  ASSERT_EQ(old.error, "");
  ASSERT_EQ(now.error, "");
  EXPECT_EQ(old.path, repo.dir() / "team" / "main.arch");
  EXPECT_EQ(now.path, old.path);
  compile::Result a = compile_revision(old), b = compile_revision(now);
  ASSERT_TRUE(a.ok()) << (a.diags.all().empty() ? "" : a.diags.all().front().message);
  ASSERT_TRUE(b.ok()) << (b.diags.all().empty() ? "" : b.diags.all().front().message);
  DiagramDiff d = compare({a.diagram, a.diags, a.sources}, {b.diagram, b.diags, b.sources});
  std::string text = to_text(d, old.name, now.name);
  EXPECT_NE(text.find("~ node db: label \"Orders DB\" → \"Orders\""), std::string::npos) << text;
  EXPECT_NE(text.find("+ node cache (mysql)"), std::string::npos) << text;
}

// As a user types it: `archc diff HEAD~1:PATH PATH` in the repository's folder.
TEST(Git, TheCommandLineReadsRevisionsAroundTheCurrentFolder) {
  Repo repo;
  repo.write("main.arch", "kafka kafka\nflink flink\nconnect(flink, kafka)\n");
  repo.commit({"main.arch"});
  repo.write("main.arch", "kafka kafka\nflink flink\nconnect(kafka, flink)\n");  // not committed: the work tree
  const fs::path was = fs::current_path();
  fs::current_path(repo.dir());
  std::ostringstream out, err;
  cli::Env env{out, err};
  int status = cli::run({"archc", "diff", "HEAD:main.arch", "main.arch"}, env);
  fs::current_path(was);
  EXPECT_EQ(status, 1) << err.str();
  EXPECT_NE(out.str().find("~ connect(kafka, flink): direction"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("+ introduced error[consumers-dial-brokers] main.arch:3:1"), std::string::npos) << out.str();
}

TEST(Git, WhatCannotBeReadSaysWhy) {
  Repo repo;
  repo.write("main.arch", "import \"../outside.arch\"\nservice api\n");
  repo.commit({"main.arch"});
  EXPECT_NE(open_revision("HEAD~3:main.arch", repo.dir()).error.find("names no revision"), std::string::npos);
  EXPECT_NE(open_revision("HEAD:missing.arch", repo.dir()).error.find("no file `missing.arch` in HEAD"), std::string::npos);
  EXPECT_NE(open_revision("HEAD:main.arch", "/").error.find("no git repository"), std::string::npos);
  // An import that leaves the repository is refused, as on disk.
  compile::Result r = compile_revision(open_revision("HEAD:main.arch", repo.dir()));
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(names_revision("HEAD:main.arch"));
  EXPECT_FALSE(names_revision("main.arch"));
  EXPECT_FALSE(names_revision(":main.arch"));
}

// archc fmt changes no meaning, so a diagram and its formatted text differ in nothing.
TEST(Diff, EveryDiagramOfTheRepositoryEqualsItsFormattedText) {
  int compared = 0;
  for (const char* dir : {"examples", "stdlib", "tests/cases"}) {
    for (const auto& e : fs::directory_iterator(fs::path(ARCHC_SOURCE_DIR) / dir)) {
      if (e.path().extension() != ".arch") continue;
      std::ifstream in(e.path());
      std::string text{std::istreambuf_iterator<char>(in), {}};
      for (std::size_t at; (at = text.find("// archc fmt: off\n")) != std::string::npos;) text.erase(at, 18);
      format::Formatted f = format::format_text(text, e.path().filename().string());
      if (!f.ok) continue;
      compile::Request ra = compile::text_request(text, e.path(), e.path().filename().string());
      compile::Request rb = compile::text_request(f.text, e.path(), e.path().filename().string());
      ra.workspace = rb.workspace = compile::disk_workspace({});
      compile::Result a = compile::compile(ra), b = compile::compile(rb);
      if (a.request_failed) continue;
      bool broken = false;
      for (const auto& d : a.diags.all()) broken = broken || (d.severity == source::Severity::Error && d.code != source::Code::RuleViolation);
      if (broken) continue;
      DiagramDiff d = compare({a.diagram, a.diags, a.sources}, {b.diagram, b.diags, b.sources});
      EXPECT_TRUE(d.empty()) << e.path() << "\n" << to_text(d, "before", "after");
      ++compared;
    }
  }
  EXPECT_GT(compared, 60);
}

}  // namespace
}  // namespace archc::diff
