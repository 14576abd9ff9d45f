#pragma once
// Inside serve/: the socket side of a connection, below cpp-httplib: a request's socket as a
// stream with a deadline that moves with the bytes, the canned answers of the gate, and what
// the gate reads of a request's head before cpp-httplib does.

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <httplib.h>
#include <optional>
#include <string>
#include <string_view>

namespace archc::serve::detail {

using Clock = std::chrono::steady_clock;

// Milliseconds until `t`, between 0 and a minute (for poll()).
int millis_until(Clock::time_point t);

// A canned answer of the gate's own (408, 431, 503): small, written without waiting.
void send_status(int sock, int status, const char* reason, std::string_view json);

// The address of a socket's peer (or its own end): text and port.
void address_of(int sock, bool peer, std::string& ip, int& port);

// A request's socket as cpp-httplib reads it: buffered (its line reader asks for one byte at
// a time), and with a deadline that moves only as fast as the bytes come: after the grace,
// `rate` bytes a second on average, or the reads end.
class SocketStream final : public httplib::Stream {
 public:
  SocketStream(int sock, Clock::time_point grace_end, double rate, int write_timeout_ms)
      : sock_(sock), grace_end_(grace_end), rate_(rate), write_timeout_ms_(write_timeout_ms) {}

  bool is_readable() const override { return pending() || wait(POLLIN, millis_until(deadline())); }
  bool is_writable() const override { return wait(POLLOUT, write_timeout_ms_) && alive(); }

  ssize_t read(char* ptr, size_t size) override {
    if (!pending()) {
      if (!wait(POLLIN, millis_until(deadline()))) return -1;
      ssize_t n;
      do n = ::recv(sock_, buffer_, sizeof buffer_, 0);
      while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      begin_ = 0;
      end_ = static_cast<std::size_t>(n);
      received_ += static_cast<std::size_t>(n);
    }
    std::size_t take = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_ + begin_, take);
    begin_ += take;
    return static_cast<ssize_t>(take);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!wait(POLLOUT, write_timeout_ms_)) return -1;
    ssize_t n;
    do n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(sock_, true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(sock_, false, ip, port); }
  socket_t socket() const override { return sock_; }

 private:
  bool pending() const { return begin_ < end_; }
  Clock::time_point deadline() const {
    return grace_end_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(received_ / rate_));
  }
  bool wait(short events, int timeout_ms) const {
    pollfd p{sock_, events, 0};
    int r;
    do r = ::poll(&p, 1, timeout_ms);
    while (r < 0 && errno == EINTR);
    return r > 0 && (p.revents & (events | POLLHUP)) != 0;
  }
  // Whether the peer is still there: an event stream ends when its page goes.
  bool alive() const {
    pollfd p{sock_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return true;
    char c;
    return ::recv(sock_, &c, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
  }

  int sock_;
  Clock::time_point grace_end_;
  double rate_;
  int write_timeout_ms_;
  char buffer_[4096];
  std::size_t begin_ = 0, end_ = 0, received_ = 0;
};

// What the gate reads of a request's head: its request line, and how its body comes.
struct Head {
  bool valid = true;  // no NUL, no Content-Length that is not one number
  std::string_view method, target;
  std::optional<std::uint64_t> length;
  bool chunked = false;
};

// The request line and the body's framing of a head (up to its blank line).
Head read_head(std::string_view head);

}  // namespace archc::serve::detail
