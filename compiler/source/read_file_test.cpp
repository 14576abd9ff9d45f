#include "source/read_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace archc::source {
namespace {

namespace fs = std::filesystem;

class ReadFile : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("archc-read-" + std::to_string(::getpid()) + "-" +
                                        testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(ReadFile, ARegularFileIsReadWhole) {
  std::ofstream(dir_ / "a.arch") << "service a\n";
  FileText f = read_file(dir_ / "a.arch", Allow::RegularFiles, 1000);
  ASSERT_TRUE(f.ok()) << f.reason();
  EXPECT_EQ(f.text, "service a\n");
}

TEST_F(ReadFile, MissingAndFolderSaySo) {
  EXPECT_EQ(read_file(dir_ / "none.arch", Allow::RegularFiles, 1000).reason(), "no such file");
  EXPECT_EQ(read_file(dir_ / "none" / "x.arch", Allow::RegularFiles, 1000).error, ReadError::NotFound);
  EXPECT_EQ(read_file(dir_, Allow::RegularFilesAndPipes, 1000).reason(), "it is a folder");
}

TEST_F(ReadFile, ADeviceIsRefusedWithoutReading) {
  auto t0 = std::chrono::steady_clock::now();
  FileText f = read_file("/dev/zero", Allow::RegularFilesAndPipes, std::size_t{256} << 20);
  EXPECT_EQ(f.error, ReadError::NotRegular);
  EXPECT_EQ(f.reason(), "it is a character device, not a regular file");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
}

TEST_F(ReadFile, AFifoIsRefusedAtOnceWhereOnlyRegularFilesMayBeRead) {
  fs::path fifo = dir_ / "import.arch";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // No writer: a blocking open would wait forever.
  FileText f = read_file(fifo, Allow::RegularFiles, 1000);
  EXPECT_EQ(f.error, ReadError::NotRegular);
  EXPECT_EQ(f.reason(), "it is a FIFO, not a regular file");
}

TEST_F(ReadFile, APipeIsReadWhenAllowed) {
  fs::path fifo = dir_ / "main.arch";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::jthread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ofstream(fifo) << "service from-a-pipe\n";
  });
  // The writer comes after the reader has opened: the read waits for it.
  FileText f = read_file(fifo, Allow::RegularFilesAndPipes, 1000);
  ASSERT_TRUE(f.ok()) << f.reason();
  EXPECT_EQ(f.text, "service from-a-pipe\n");
}

TEST_F(ReadFile, TheCapHoldsBeforeReadingAFileThatIsTooLarge) {
  fs::path big = dir_ / "big.arch";
  { std::ofstream(big) << ""; }
  fs::resize_file(big, std::uint64_t{300} << 20);  // sparse: no disk used
  auto t0 = std::chrono::steady_clock::now();
  FileText f = read_file(big, Allow::RegularFiles, std::size_t{256} << 20);
  EXPECT_EQ(f.error, ReadError::TooLarge);
  EXPECT_EQ(f.reason(), "it is larger than 256 MiB");
  EXPECT_TRUE(f.text.empty()) << "nothing read";
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
}

TEST_F(ReadFile, TheCapHoldsWhileReadingAPipe) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  // The writer writes more than the cap, then stops; the pipe's buffer (64 KiB) holds it all.
  std::string chunk(20000, 'x');
  ASSERT_EQ(::write(fds[1], chunk.data(), chunk.size()), static_cast<ssize_t>(chunk.size()));
  ::close(fds[1]);
  FileText f = read_file("/proc/self/fd/" + std::to_string(fds[0]), Allow::RegularFilesAndPipes, 10000);
  ::close(fds[0]);
  EXPECT_EQ(f.error, ReadError::TooLarge);
  EXPECT_TRUE(f.text.empty()) << "what was read is dropped";
}

TEST_F(ReadFile, AnUnreadableFileSaysPermissionDenied) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  std::ofstream(dir_ / "secret.arch") << "x";
  fs::permissions(dir_ / "secret.arch", fs::perms::none);
  EXPECT_EQ(read_file(dir_ / "secret.arch", Allow::RegularFiles, 1000).reason(), "permission denied");
}

}  // namespace
}  // namespace archc::source
