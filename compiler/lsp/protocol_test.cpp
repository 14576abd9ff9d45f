// archc lsp's framing: the Content-Length a header gives, and the reader over a pipe with its
// limits (set small here, as the fuzz target sets them, to reach them with little input).

#include "lsp/protocol.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

namespace archc::lsp {
namespace {

TEST(LspContentLength, IsOneDecimalNumber) {
  EXPECT_EQ(content_length("Content-Length: 12"), 12u);
  EXPECT_EQ(content_length("content-length:7\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8"), 7u);
  EXPECT_EQ(content_length("CONTENT-LENGTH: \t 3 "), 3u);
  EXPECT_EQ(content_length("Content-Length: 5\r\nContent-Length: 5"), 5u);
  EXPECT_EQ(content_length("Content-Length: 18446744073709551615"), 18446744073709551615u);
  for (const char* bad : {"", "Content-Type: x", "Content-Length:", "Content-Length: -1", "Content-Length: +1",
                          "Content-Length: abc", "Content-Length: 1 2", "Content-Length: 0x10", "Content-Length: 1e3",
                          "Content-Length: 18446744073709551616", "Content-Length: 99999999999999999999999",
                          "Content-Length: 5\r\nContent-Length: 6", "Content-Length: 5\r\ncontent-length: x"}) {
    EXPECT_EQ(content_length(bad), std::nullopt) << bad;
  }
}

TEST(LspContentLength, FindsItsFootingAfterABodyOfTheWrongLength) {
  // The tail of a body whose Content-Length was wrong, then the next message's header.
  EXPECT_EQ(content_length(R"({"jsonrpc":"2.0","id":1}Content-Length: 42)"), 42u);
  EXPECT_EQ(content_length("}\r\nX: 1\r\n]Content-Length: 9\r\nContent-Type: y"), 9u);
}

// Everything `reader` reads from `input`, written to a pipe by another thread; the most bytes
// it held at once in `held`.
std::vector<Json> read_all(const std::string& input, ReaderLimits limits, std::size_t* held = nullptr,
                           const std::vector<std::size_t>& pauses = {}) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  std::thread writer([&] {
    std::size_t at = 0;
    // A pause between writes makes each one a read of its own: a terminator split across
    // reads where the test says.
    for (std::size_t pause : pauses) {
      (void)!::write(fds[1], input.data() + at, pause - at);
      at = pause;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    while (at < input.size()) {
      ssize_t n = ::write(fds[1], input.data() + at, input.size() - at);
      if (n <= 0) break;
      at += static_cast<std::size_t>(n);
    }
    ::close(fds[1]);
  });
  Reader reader(fds[0], limits);
  std::vector<Json> out;
  while (std::optional<Json> m = reader.next()) out.push_back(std::move(*m));
  writer.join();
  ::close(fds[0]);
  if (held) *held = reader.most_held();
  return out;
}

std::string framed(const std::string& body) { return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body; }

const std::string kPing = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";

TEST(LspReader, ReadsMessagesSplitAnywhere) {
  ReaderLimits limits;
  limits.read_bytes = 1;  // every byte a read of its own
  std::vector<Json> out = read_all(framed(kPing) + framed("[1,2]"), limits);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["method"], "ping");
  EXPECT_EQ(out[1], Json::parse("[1,2]"));
}

TEST(LspReader, AHeaderOverTheLimitIsDroppedWithoutBeingHeld) {
  ReaderLimits limits{.max_header_bytes = 64, .max_message_bytes = 1024, .read_bytes = 16};
  // Its Content-Length (within the limit) is honoured: its body goes too.
  std::string input = "Content-Length: 5\r\nX-Junk: " + std::string(10000, 'a') + "\r\n\r\n[1,2]" + framed(kPing);
  std::size_t held = 0;
  std::vector<Json> out = read_all(input, limits, &held);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].is_discarded());
  EXPECT_EQ(out[1]["method"], "ping");
  EXPECT_LE(held, 64u + 4 + 16);
}

TEST(LspReader, TheEndOfADroppedHeaderIsFoundAcrossReads) {
  ReaderLimits limits{.max_header_bytes = 64, .max_message_bytes = 1024, .read_bytes = 4096};
  const std::string junk = "X: " + std::string(200, 'b');
  const std::string input = junk + "\r\n\r\n" + framed(kPing);
  // The terminator cut after each of its bytes.
  for (std::size_t cut = 1; cut < 4; ++cut) {
    std::vector<Json> out = read_all(input, limits, nullptr, {junk.size() + cut});
    ASSERT_EQ(out.size(), 2u) << cut;
    EXPECT_TRUE(out[0].is_discarded());
    EXPECT_EQ(out[1]["method"], "ping") << cut;
  }
  // And a header within the limit cut there too.
  std::vector<Json> out = read_all(framed(kPing), limits, nullptr, {std::string("Content-Length: 40\r\n").size() + 1});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["method"], "ping");
}

TEST(LspReader, ABodyOverTheLimitIsSkippedAsItStreams) {
  ReaderLimits limits{.max_header_bytes = 64, .max_message_bytes = 1024, .read_bytes = 512};
  std::string input = framed("[" + std::string(100000, ' ') + "]") + framed(kPing);
  std::size_t held = 0;
  std::vector<Json> out = read_all(input, limits, &held);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].is_discarded());
  EXPECT_EQ(out[1]["method"], "ping");
  EXPECT_LE(held, 1024u + 512);
}

TEST(LspReader, AMalformedLengthCostsOneMessage) {
  ReaderLimits limits;
  for (const char* header : {"Content-Length: -1", "Content-Length: abc", "Content-Length: 99999999999999999999",
                             "Content-Length: 3\r\nContent-Length: 4", "Content-Type: x"}) {
    std::vector<Json> out = read_all(std::string(header) + "\r\n\r\n" + kPing + framed(kPing), limits);
    ASSERT_EQ(out.size(), 2u) << header;
    EXPECT_TRUE(out[0].is_discarded()) << header;
    EXPECT_EQ(out[1]["method"], "ping") << header;
  }
}

TEST(LspReader, AMegabyteOfHeaderHoldsLittle) {
  std::size_t held = 0;
  std::vector<Json> out = read_all(std::string(1u << 20, 'h') + "\r\n\r\n" + framed(kPing), ReaderLimits{}, &held);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1]["method"], "ping");
  EXPECT_LE(held, (64u << 10) + 4 + (64u << 10));
}

}  // namespace
}  // namespace archc::lsp
