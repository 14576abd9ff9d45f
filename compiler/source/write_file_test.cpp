// Writes keep the file's identity (mode, owner, links), refuse what is not a regular file, and
// leave no temporary; opening beneath a folder follows no symlink.

#include "source/write_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "source/beneath.hpp"

namespace archc::source {
namespace {

namespace fs = std::filesystem;

class WriteFile : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("archc-write-" + std::to_string(::getpid()) + "-" +
                                        testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  static struct stat stat_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
    return st;
  }
  // Only the files the test made: no temporary left beside them.
  std::size_t entries() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++n;
    return n;
  }
  fs::path dir_;
};

TEST_F(WriteFile, AnExistingFileKeepsItsMode) {
  for (mode_t mode : {0600, 0755, 0640, 04755}) {
    fs::path p = dir_ / ("m" + std::to_string(mode) + ".arch");
    std::ofstream(p) << "old\n";
    ASSERT_EQ(::chmod(p.c_str(), mode), 0);
    ASSERT_EQ(write_atomically(p, "new\n"), "");
    EXPECT_EQ(read(p), "new\n");
    EXPECT_EQ(stat_of(p).st_mode & 07777, mode) << std::oct << mode;
  }
  EXPECT_EQ(entries(), 4u);
}

TEST_F(WriteFile, AReadOnlyFileIsLeftAsItIs) {
  fs::path p = dir_ / "ro.arch";
  std::ofstream(p) << "old\n";
  ASSERT_EQ(::chmod(p.c_str(), 0444), 0);
  EXPECT_EQ(write_atomically(p, "new\n"), "it is read-only (mode 0444): make it writable first");
  EXPECT_EQ(read(p), "old\n");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(WriteFile, AnotherUsersFileKeepsItsOwnerWhereTheProcessMay) {
  if (::geteuid() != 0) GTEST_SKIP() << "only root may give a file to another user";
  fs::path p = dir_ / "theirs.arch";
  std::ofstream(p) << "old\n";
  ASSERT_EQ(::chown(p.c_str(), 65534, 65534), 0);
  ASSERT_EQ(::chmod(p.c_str(), 0640), 0);
  ASSERT_EQ(write_atomically(p, "new\n"), "");
  EXPECT_EQ(stat_of(p).st_uid, 65534u);
  EXPECT_EQ(stat_of(p).st_gid, 65534u);
  EXPECT_EQ(stat_of(p).st_mode & 07777, 0640u);
}

TEST_F(WriteFile, ANewFileTakesTheUmask) {
  mode_t old = ::umask(027);
  EXPECT_EQ(write_atomically(dir_ / "new.arch", "x\n"), "");
  ::umask(old);
  EXPECT_EQ(stat_of(dir_ / "new.arch").st_mode & 0777, 0640u);
}

TEST_F(WriteFile, HardLinksSeeTheNewText) {
  fs::path a = dir_ / "a.arch", b = dir_ / "b.arch";
  std::ofstream(a) << "old text, longer than the new\n";
  ASSERT_EQ(::chmod(a.c_str(), 0600), 0);
  fs::create_hard_link(a, b);
  ino_t inode = stat_of(a).st_ino;
  ASSERT_EQ(write_atomically(a, "new\n"), "");
  EXPECT_EQ(read(a), "new\n");
  EXPECT_EQ(read(b), "new\n");
  EXPECT_EQ(stat_of(a).st_ino, inode);
  EXPECT_EQ(stat_of(a).st_nlink, 2u);
  EXPECT_EQ(stat_of(a).st_mode & 07777, 0600u);
  EXPECT_EQ(entries(), 2u);
}

TEST_F(WriteFile, ASymlinkStaysALinkAndItsTargetIsWritten) {
  fs::create_directories(dir_ / "real");
  std::ofstream(dir_ / "real" / "t.arch") << "old\n";
  fs::create_symlink("real/t.arch", dir_ / "link.arch");
  fs::create_symlink("link.arch", dir_ / "link2.arch");  // a chain
  ASSERT_EQ(write_atomically(dir_ / "link2.arch", "new\n"), "");
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.arch"));
  EXPECT_TRUE(fs::is_symlink(dir_ / "link2.arch"));
  EXPECT_EQ(read(dir_ / "real" / "t.arch"), "new\n");
  EXPECT_EQ(entries(), 3u);
  // A dangling link: its target is created, the link stays.
  fs::create_symlink("real/later.arch", dir_ / "dangling.arch");
  ASSERT_EQ(write_atomically(dir_ / "dangling.arch", "made\n"), "");
  EXPECT_TRUE(fs::is_symlink(dir_ / "dangling.arch"));
  EXPECT_EQ(read(dir_ / "real" / "later.arch"), "made\n");
}

TEST_F(WriteFile, AFifoADeviceAndAFolderAreRefused) {
  ASSERT_EQ(::mkfifo((dir_ / "pipe.arch").c_str(), 0644), 0);
  EXPECT_EQ(write_atomically(dir_ / "pipe.arch", "x"), "it is a FIFO, not a regular file");
  EXPECT_TRUE(fs::is_fifo(dir_ / "pipe.arch"));
  fs::create_symlink("/dev/null", dir_ / "null.arch");
  EXPECT_EQ(write_atomically(dir_ / "null.arch", "x"), "it is a character device, not a regular file");
  fs::create_directories(dir_ / "folder.arch");
  EXPECT_EQ(write_atomically(dir_ / "folder.arch", "x"), "it is a folder");
  EXPECT_EQ(entries(), 3u);
}

TEST_F(WriteFile, AtAFolderRefusesASymlinkInsteadOfFollowingIt) {
  std::ofstream(dir_ / "outside.arch") << "keep\n";
  fs::create_directories(dir_ / "served");
  fs::create_symlink("../outside.arch", dir_ / "served" / "x.arch");
  Fd served(::open((dir_ / "served").c_str(), O_RDONLY | O_DIRECTORY));
  EXPECT_EQ(write_atomically_at(served.get(), "x.arch", "evil\n", (dir_ / "served").string()),
            "it is a symlink, not a regular file");
  EXPECT_EQ(read(dir_ / "outside.arch"), "keep\n");
}

TEST_F(WriteFile, OpenBeneathFollowsNoSymlinkAndNeverLeaves) {
  fs::create_directories(dir_ / "root" / "sub");
  std::ofstream(dir_ / "root" / "sub" / "a.arch") << "a\n";
  std::ofstream(dir_ / "secret.arch") << "secret\n";
  fs::create_symlink("..", dir_ / "root" / "up");
  fs::create_symlink("sub", dir_ / "root" / "inner");
  fs::create_symlink("../secret.arch", dir_ / "root" / "s.arch");
  Fd root(::open((dir_ / "root").c_str(), O_RDONLY | O_DIRECTORY));
  Fd ok(open_beneath(root.get(), "sub/a.arch", O_RDONLY));
  EXPECT_TRUE(ok.valid());
  auto fails_with = [&](const char* rel) {
    errno = 0;
    Fd fd(open_beneath(root.get(), rel, O_RDONLY));
    return fd.valid() ? 0 : errno;
  };
  EXPECT_EQ(fails_with("up/secret.arch"), ELOOP);
  EXPECT_EQ(fails_with("inner/a.arch"), ELOOP);  // even a link that stays inside
  EXPECT_EQ(fails_with("s.arch"), ELOOP);
  EXPECT_EQ(fails_with("../secret.arch"), EXDEV);
  EXPECT_EQ(fails_with("sub/../../secret.arch"), EXDEV);
  EXPECT_EQ(fails_with("/etc/passwd"), EXDEV);
  EXPECT_EQ(fails_with("none.arch"), ENOENT);
  EXPECT_EQ(beneath_reason(ELOOP), "symlinks are not followed under the served folder");
}

}  // namespace
}  // namespace archc::source
