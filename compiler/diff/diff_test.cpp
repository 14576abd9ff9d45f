// The diff stage: REV:PATH read from a git repository made by the test (imports included),
// and "no changes" between every diagram of the repository and its `archc fmt` output. The
// hostile cases go through the command line as a user types it: links in the work tree and in
// the revision, names that start with `..` or are not UTF-8, a blob larger than the cap.

#include "diff/diff.hpp"

#include <git2.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/driver.hpp"
#include "compile/compile.hpp"
#include "diff/git.hpp"
#include "format/format.hpp"
#include "source/utf8.hpp"

namespace archc::diff {
namespace {

namespace fs = std::filesystem;

// A repository with one commit per call of commit(), through libgit2 (no git command needed).
class Repo {
 public:
  Repo()
      : dir_(fs::temp_directory_path() / ("archc-diff-" + std::to_string(::getpid()) + "-" +
                                          testing::UnitTest::GetInstance()->current_test_info()->name())) {
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
  void write(const std::string& path, const std::string& text) {
    fs::create_directories((dir_ / path).parent_path());
    std::ofstream(dir_ / path, std::ios::binary) << text;
  }
  // A symbolic link in the work tree (committed as one, mode 120000, when commit() names it).
  void link(const std::string& path, const fs::path& target) {
    fs::remove_all(dir_ / path);
    fs::create_directory_symlink(target, dir_ / path);
  }
  git_repository* repo() const { return repo_; }
  // A blob staged by its id, for one written straight into the object database.
  void stage(const std::string& path, const git_oid& blob) {
    git_index* index = nullptr;
    ASSERT_EQ(git_repository_index(&index, repo_), 0);
    git_index_entry entry{};
    entry.mode = GIT_FILEMODE_BLOB;
    entry.id = blob;
    entry.path = path.c_str();
    ASSERT_EQ(git_index_add(index, &entry), 0);
    ASSERT_EQ(git_index_write(index), 0);
    git_index_free(index);
  }
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

// `archc ARGS…` in `folder`, as the binary runs it: its status, stdout and stderr.
struct Outcome {
  int status = -1;
  std::string out, err;
};

Outcome archc(const fs::path& folder, std::vector<std::string> args) {
  const fs::path was = fs::current_path();
  fs::current_path(folder);
  std::ostringstream out, err;
  cli::Env env{out, err};
  args.insert(args.begin(), "archc");
  Outcome r;
  try {
    r.status = cli::run(args, env);
  } catch (const std::exception& e) {
    // What main() would print: a bug of archc's, never the user's.
    err << "archc: internal error: " << e.what() << "\n";
    r.status = 2;
  }
  fs::current_path(was);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// The same in a child process killed after `seconds`: libgit2 1.5 never returns from inflating
// a truncated loose object, and a test that reads one must fail, not hang, should archc read it.
Outcome archc_within(unsigned seconds, const fs::path& folder, const std::vector<std::string>& args) {
  const fs::path report = folder / ".archc-outcome";
  const pid_t child = ::fork();
  if (child == 0) {
    ::alarm(seconds);
    Outcome r = archc(folder, args);
    std::ofstream(report, std::ios::binary) << r.out << '\0' << r.err;
    std::_Exit(r.status);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  Outcome r;
  if (!WIFEXITED(status)) {
    r.err = "archc did not finish within " + std::to_string(seconds) + " s";
    return r;
  }
  r.status = WEXITSTATUS(status);
  std::ifstream in(report, std::ios::binary);
  std::getline(in, r.out, '\0');
  std::getline(in, r.err, '\0');
  return r;
}

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
  EXPECT_EQ(old.path.filename(), "main.arch");
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
  Outcome r = archc(repo.dir(), {"diff", "HEAD:main.arch", "main.arch"});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("~ connect(kafka, flink): direction"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("+ introduced error[consumers-dial-brokers] main.arch:3:1"), std::string::npos) << r.out;
}

// The revision's tree alone says what `sub/b.arch` is. In the work tree `sub` is a link, once
// to a folder outside the repository (whose b.arch must not be read, nor make the import
// "outside the folder"), once to another folder of the revision (whose b.arch must not be
// read in place of sub/b.arch).
TEST(Git, ARevisionsImportsNeverGoThroughTheWorkTreesLinks) {
  Repo repo;
  const fs::path outside = repo.dir().string() + "-outside";
  fs::remove_all(outside);
  fs::create_directories(outside);
  repo.write("main.arch", "import \"sub/b.arch\"\nservice api\nconnect(api, db)\n");
  repo.write("sub/b.arch", "postgres db \"Committed\"\n");
  repo.write("decoy/b.arch", "postgres db \"Decoy\"\n");
  repo.commit({"main.arch", "sub/b.arch", "decoy/b.arch"});
  std::ofstream(outside / "b.arch") << "postgres db \"Outside\"\n";
  std::ofstream(outside / "same.arch") << "service api\npostgres db \"Committed\"\nconnect(api, db)\n";
  const std::string same = (outside / "same.arch").string();

  repo.link("sub", outside);
  Outcome r = archc(repo.dir(), {"diff", "HEAD:main.arch", same});
  EXPECT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_EQ(r.out, "no changes: HEAD:main.arch and " + same + " describe the same architecture\n");

  repo.link("sub", "decoy");
  r = archc(repo.dir(), {"diff", "HEAD:main.arch", same});
  EXPECT_EQ(r.status, 0) << r.err << r.out;
  // From the folder the link leads to, where git reads `../main.arch` as main.arch.
  r = archc(repo.dir() / "sub", {"diff", "HEAD:../main.arch", same});
  EXPECT_EQ(r.status, 0) << r.err << r.out;
  fs::remove_all(outside);
}

// A link committed in the revision (mode 120000) is refused, never followed, and the message
// says so: as the imported file, as a folder on the way, and as the side itself. The target
// here is a secret outside the repository, which must not be read.
TEST(Git, ALinkCommittedInTheRevisionIsRefusedAndSaysSo) {
  Repo repo;
  const fs::path outside = repo.dir().string() + "-outside";
  fs::remove_all(outside);
  fs::create_directories(outside);
  std::ofstream(outside / "secret.arch") << "service leaked \"SECRET-TEXT\"\n";
  repo.write("sub/b.arch", "postgres db\n");
  repo.write("file.arch", "import \"link.arch\"\nservice api\n");
  repo.write("folder.arch", "import \"lnk/b.arch\"\nservice api\n");
  repo.link("link.arch", outside / "secret.arch");
  repo.link("lnk", "sub");
  repo.commit({"sub/b.arch", "file.arch", "folder.arch", "link.arch", "lnk"});

  Outcome r = archc(repo.dir(), {"diff", "HEAD:file.arch", "HEAD:file.arch"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("error[import-refused]: cannot read `link.arch`: it is a symbolic link in HEAD, which archc does "
                       "not follow in a revision (name the file it points to)"),
            std::string::npos)
      << r.err;
  r = archc(repo.dir(), {"diff", "HEAD:folder.arch", "HEAD:folder.arch"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("error[import-refused]: cannot read `lnk/b.arch`: `lnk` is a symbolic link in HEAD, which archc "
                       "does not follow"),
            std::string::npos)
      << r.err;
  r = archc(repo.dir(), {"diff", "HEAD:link.arch", "HEAD:file.arch"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("cannot read `HEAD:link.arch`: it is a symbolic link in HEAD"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("SECRET-TEXT"), std::string::npos) << r.err;
  fs::remove_all(outside);
}

// `..notes.arch` is a name, not a parent folder: found as a side and as an import.
TEST(Git, AFileWhoseNameStartsWithTwoDotsIsFound) {
  Repo repo;
  repo.write("..notes.arch", "import \"..x/a.arch\"\nservice api\nconnect(api, db)\n");
  repo.write("..x/a.arch", "postgres db \"DB\"\n");
  repo.write("main.arch", "service api\npostgres db \"Orders\"\nconnect(api, db)\n");
  repo.commit({"..notes.arch", "..x/a.arch", "main.arch"});
  Outcome r = archc(repo.dir(), {"diff", "HEAD:..notes.arch", "HEAD:main.arch"});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("~ node db: label \"DB\" → \"Orders\""), std::string::npos) << r.out;
  r = archc(repo.dir() / "..x", {"diff", "HEAD:../..notes.arch", "HEAD:./a.arch"});
  EXPECT_EQ(r.status, 1) << r.err;
  // `..` itself still leaves the repository.
  r = archc(repo.dir(), {"diff", "HEAD:../main.arch", "HEAD:main.arch"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("no file `../main.arch` in HEAD"), std::string::npos) << r.err;
}

// A file name with a byte that is not UTF-8 (0xff), on disk and in a revision: every format
// shows it as `\xff`, and what is printed is UTF-8 (JSON cannot hold anything else).
TEST(Git, AFileNameThatIsNotUtf8IsShownEscapedInEveryFormat) {
  Repo repo;
  const std::string bad = "caf\xff.arch";
  repo.write(bad, "kafka kafka\nflink flink\nconnect(flink, kafka)\n");
  repo.commit({bad});
  repo.write(bad, "kafka kafka\nflink flink\nconnect(kafka, flink)\n");  // a rule broken in the work tree
  for (std::string format : {"human", "json", "markdown"}) {
    Outcome r = archc(repo.dir(), {"diff", "--format", format, "HEAD:" + bad, bad});
    EXPECT_EQ(r.status, 1) << format << ": " << r.err;
    EXPECT_EQ(source::find_invalid_utf8(r.out), std::nullopt) << format << ": " << r.out;
    if (format == "json") {
      // The sides, and the location of the broken rule.
      nlohmann::json j = nlohmann::json::parse(r.out);
      EXPECT_EQ(j["before"], "HEAD:caf\\xff.arch");
      EXPECT_EQ(j["after"], "caf\\xff.arch");
      EXPECT_EQ(j["rules"][0]["location"], "caf\\xff.arch:3:1");
    } else {
      EXPECT_NE(r.out.find("caf\\xff.arch:3:1"), std::string::npos) << format << ": " << r.out;
    }
  }
  Outcome r = archc(repo.dir(), {"diff", "--format", "markdown", "HEAD:" + bad, bad});
  EXPECT_NE(r.out.find("`HEAD:caf\\xff.arch` → `caf\\xff.arch`"), std::string::npos) << r.out;
  // The picture's legend, and the diagnostics of a side that does not compile.
  r = archc(repo.dir(), {"diff", "HEAD:" + bad, bad, "-o", "diff.svg"});
  EXPECT_EQ(r.status, 1) << r.err;
  std::ifstream in(repo.dir() / "diff.svg", std::ios::binary);
  const std::string svg{std::istreambuf_iterator<char>(in), {}};
  EXPECT_EQ(source::find_invalid_utf8(svg), std::nullopt);
  EXPECT_NE(svg.find("caf\\xff.arch"), std::string::npos);
  repo.write(bad, "service api\nconnect(api, nobody)\n");
  r = archc(repo.dir(), {"diff", "HEAD:" + bad, bad});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("caf\\xff.arch:2:"), std::string::npos) << r.err;
}

// The reports themselves, given such a name: nothing thrown, the name escaped.
TEST(Diff, TheReportsEscapeWhatIsNotUtf8) {
  DiagramDiff d;
  d.rules.push_back({true, "some-rule", source::Severity::Error, "`a` dials `b`", "t\xffm/x.arch:1:1"});
  std::string json;
  EXPECT_NO_THROW(json = to_json(d, "a\xfe.arch", "b\x1b[31m.arch"));
  EXPECT_NE(json.find("\"before\": \"a\\\\xfe.arch\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"after\": \"b\\\\u{1b}[31m.arch\""), std::string::npos) << json;
  EXPECT_NE(json.find("t\\\\xffm/x.arch:1:1"), std::string::npos) << json;
  for (const std::string& text : {to_text(d, "a\xfe.arch", "b"), to_markdown(d, "a\xfe.arch", "b")}) {
    EXPECT_EQ(source::find_invalid_utf8(text), std::nullopt) << text;
    EXPECT_NE(text.find("t\\xffm/x.arch:1:1"), std::string::npos) << text;
  }
  EXPECT_EQ(printable("plain → text"), "plain → text");
  EXPECT_EQ(printable(printable("x\xff\x01y")), "x\\xff\\u{1}y");
}

// The cap is checked from the blob's size before its content: exactly the cap is read, one
// byte more is refused with both sizes in the message.
TEST(Git, ABlobOverTheCapIsRefusedWithItsSize) {
  Repo repo;
  repo.write("fits.arch", "service a\n" + std::string(990, ' '));
  repo.write("over.arch", "service a\n" + std::string(991, ' '));
  repo.commit({"fits.arch", "over.arch"});
  EXPECT_EQ(open_revision("HEAD:fits.arch", repo.dir(), 1000).error, "");
  EXPECT_EQ(open_revision("HEAD:over.arch", repo.dir(), 1000).error,
            "cannot read `HEAD:over.arch`: it is larger than 1000 bytes: 1001 bytes in HEAD");
  // As an import, the same reason at the import.
  repo.write("main.arch", "import \"over.arch\"\n");
  repo.commit({"main.arch"});
  compile::Result r = compile_revision(open_revision("HEAD:main.arch", repo.dir(), 1000));
  std::string messages;
  for (const source::Diagnostic& d : r.diags.all()) messages += d.message + "\n";
  EXPECT_NE(messages.find("cannot read `over.arch`: it is larger than 1000 bytes: 1001 bytes in HEAD\n"), std::string::npos)
      << messages;
}

// A blob of 300 MiB at the real cap, through the command line. Its loose object is then cut
// after its first 4 KiB: only its header can still be read, so the refusal below shows that
// the size came from the header and nothing of the content was inflated.
TEST(Git, AHugeBlobIsRefusedFromItsHeaderBeforeItIsRead) {
  Repo repo;
  constexpr std::size_t kSize = std::size_t{300} << 20;
  git_odb* odb = nullptr;
  ASSERT_EQ(git_repository_odb(&odb, repo.repo()), 0);
  git_odb_stream* stream = nullptr;
  ASSERT_EQ(git_odb_open_wstream(&stream, odb, kSize, GIT_OBJECT_BLOB), 0);
  const std::string chunk(std::size_t{1} << 20, ' ');
  for (std::size_t written = 0; written < kSize; written += chunk.size()) {
    ASSERT_EQ(git_odb_stream_write(stream, chunk.data(), chunk.size()), 0);
  }
  git_oid blob;
  ASSERT_EQ(git_odb_stream_finalize_write(&blob, stream), 0);
  git_odb_stream_free(stream);
  git_odb_free(odb);
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &blob);
  const fs::path object = repo.dir() / ".git" / "objects" / std::string(hex, 2) / std::string(hex + 2);
  ASSERT_TRUE(fs::exists(object));
  fs::permissions(object, fs::perms::owner_write, fs::perm_options::add);
  fs::resize_file(object, 4096);
  repo.stage("big.arch", blob);
  repo.commit({});

  Outcome r = archc_within(60, repo.dir(), {"diff", "HEAD:big.arch", "HEAD:big.arch"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "archc: error[io-error]: cannot read `HEAD:big.arch`: it is larger than 256 MiB: 300 MiB in HEAD\n\n"
                   "archc: 1 error\n");
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
