#include "serve/connections.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <optional>
#include <cstring>
#include <map>
#include <string_view>
#include <unordered_map>

#include "serve/socket_io.hpp"

namespace archc::serve {

using detail::Clock;
using detail::Head;
using detail::millis_until;
using detail::read_head;
using detail::send_status;
using detail::SocketStream;

namespace {

// cpp-httplib's accept loop hands each connection to a task queue; ours runs the task at
// once, in the accept thread: the task only passes the socket to the gate.
class InlineQueue final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

}  // namespace

// A fixed set of threads, started when first needed, taking sockets from a bounded queue.
class Connections::Pool {
 public:
  Pool(std::size_t threads, std::size_t max_queued, std::function<void(int)> work)
      : threads_(threads), max_queued_(max_queued), work_(std::move(work)) {}
  ~Pool() { stop(); }

  // False when every thread is busy and the queue is full: the caller refuses the socket.
  bool try_submit(int sock) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::size_t free_threads = idle_ + (threads_ - workers_.size());
    if (stopped_ || queue_.size() >= max_queued_ + free_threads) return false;
    queue_.push_back(sock);
    if (idle_ == 0 && workers_.size() < threads_) {
      workers_.emplace_back([this] { run(); });
    } else {
      ready_.notify_one();
    }
    return true;
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopped_) return;
      stopped_ = true;
    }
    ready_.notify_all();
    for (std::thread& t : workers_) t.join();
    for (int sock : queue_) ::close(sock);
    queue_.clear();
  }

 private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      ++idle_;
      ready_.wait(lock, [&] { return stopped_ || !queue_.empty(); });
      --idle_;
      // Stopped: what is in flight finishes; what waits is closed unanswered.
      if (stopped_) return;
      int sock = queue_.front();
      queue_.pop_front();
      lock.unlock();
      work_(sock);
      lock.lock();
    }
  }

  std::size_t threads_, max_queued_;
  std::function<void(int)> work_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<int> queue_;
  std::vector<std::thread> workers_;
  std::size_t idle_ = 0;
  bool stopped_ = false;
};

struct Connections::Waiting {
  int sock = -1;
  bool lingering = false;  // answered: only what the client still sends is read, then closed
  Clock::time_point deadline;
  std::size_t drained = 0;
  std::multimap<Clock::time_point, int>::iterator by_deadline;
};

Connections::Connections(ConnectionLimits limits) : limits_(std::move(limits)) {
  new_task_queue = [] { return new InlineQueue; };
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_;
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev);
  for (const Lane& lane : limits_.lanes) {
    lanes_.push_back(std::make_unique<Pool>(lane.workers, lane.max_queued, [this](int sock) { serve_one(sock); }));
  }
  gate_ = std::thread([this] { gate_loop(); });
}

Connections::~Connections() {
  shut_down();
  ::close(epoll_);
  ::close(wake_);
}

void Connections::shut_down() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_gate();
  if (gate_.joinable()) gate_.join();
  for (auto& lane : lanes_) lane->stop();
  for (auto& w : incoming_) ::close(w->sock);
  incoming_.clear();
}

void Connections::wake_gate() {
  std::uint64_t one = 1;
  (void)!::write(wake_, &one, sizeof one);
}

bool Connections::process_and_close_socket(socket_t sock) {
  admit(sock);
  return true;
}

void Connections::admit(int sock) { to_gate(sock, false, limits_.header_deadline); }

void Connections::linger(int sock) {
  ::shutdown(sock, SHUT_WR);
  to_gate(sock, true, limits_.linger);
}

void Connections::to_gate(int sock, bool lingering, std::chrono::milliseconds time) {
  auto w = std::make_unique<Waiting>();
  w->sock = sock;
  w->lingering = lingering;
  w->deadline = Clock::now() + time;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) {
      ::close(sock);
      return;
    }
    incoming_.push_back(std::move(w));
  }
  wake_gate();
}

void Connections::serve_one(int sock) {
  // The gate only peeked, with MSG_DONTWAIT: the socket is as accept() made it, blocking.
  SocketStream stream(sock, Clock::now() + limits_.body_grace, limits_.min_body_rate,
                      static_cast<int>(write_timeout_sec_ * 1000 + write_timeout_usec_ / 1000));
  bool closed = false;
  process_request(stream, /*close_connection=*/true, closed, nullptr);
  linger(sock);
}

void Connections::gate_loop() {
  std::unordered_map<int, std::unique_ptr<Waiting>> waiting;
  std::multimap<Clock::time_point, int> deadlines;
  std::vector<char> peek(limits_.max_header_bytes + 1);
  std::size_t header_waiters = 0;

  auto drop = [&](int sock) {
    auto it = waiting.find(sock);
    if (it == waiting.end()) return;
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, sock, nullptr);
    deadlines.erase(it->second->by_deadline);
    if (!it->second->lingering) --header_waiters;
    waiting.erase(it);
  };
  auto close_now = [&](int sock) {
    drop(sock);
    ::close(sock);
  };
  auto refuse = [&](int sock, int status, const char* reason, std::string_view json) {
    drop(sock);
    send_status(sock, status, reason, json);
    linger(sock);
  };

  for (;;) {
    // New connections, and answered ones to linger.
    std::deque<std::unique_ptr<Waiting>> arrived;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) break;
      arrived.swap(incoming_);
    }
    for (auto& w : arrived) {
      int sock = w->sock;
      epoll_event ev{};
      // Edge-triggered: a peek leaves the bytes where they are, so a level-triggered socket
      // would be reported again at once.
      ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
      ev.data.fd = sock;
      if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, sock, &ev) != 0) {
        ::close(sock);
        continue;
      }
      w->by_deadline = deadlines.emplace(w->deadline, sock);
      if (!w->lingering) ++header_waiters;
      waiting.emplace(sock, std::move(w));
    }
    // Too many waiting for their headers: the oldest go (a real client sends its headers at
    // once, so the oldest are the slowest).
    for (auto it = deadlines.begin(); header_waiters > limits_.max_waiting && it != deadlines.end();) {
      int sock = (it++)->second;
      if (!waiting.at(sock)->lingering) close_now(sock);
    }
    // Time is up.
    Clock::time_point now = Clock::now();
    while (!deadlines.empty() && deadlines.begin()->first <= now) {
      int sock = deadlines.begin()->second;
      if (waiting.at(sock)->lingering) {
        close_now(sock);
      } else {
        refuse(sock, 408, "Request Timeout", R"({"error":"the request's headers took too long"})");
      }
    }

    epoll_event events[64];
    int timeout = deadlines.empty() ? 1000 : std::max(1, millis_until(deadlines.begin()->first));
    int n = ::epoll_wait(epoll_, events, 64, timeout);
    for (int i = 0; i < n; ++i) {
      int sock = events[i].data.fd;
      if (sock == wake_) {
        std::uint64_t v;
        (void)!::read(wake_, &v, sizeof v);
        continue;
      }
      auto it = waiting.find(sock);
      if (it == waiting.end()) continue;
      Waiting& w = *it->second;
      if (w.lingering) {
        // Read and drop what the client still sends; its end (or too much) closes it.
        for (;;) {
          ssize_t got = ::recv(sock, peek.data(), peek.size(), MSG_DONTWAIT);
          if (got > 0 && (w.drained += static_cast<std::size_t>(got)) < (16u << 20)) continue;
          if (got < 0 && (errno == EAGAIN || errno == EINTR)) break;
          close_now(sock);
          break;
        }
        continue;
      }
      ssize_t got = ::recv(sock, peek.data(), peek.size(), MSG_PEEK | MSG_DONTWAIT);
      if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (got <= 0) {
        close_now(sock);
        continue;
      }
      std::string_view head(peek.data(), static_cast<std::size_t>(got));
      std::size_t end = head.find("\r\n\r\n");
      if (end == std::string_view::npos) end = head.find("\n\n");
      if (end == std::string_view::npos) {
        if (static_cast<std::size_t>(got) > limits_.max_header_bytes) {
          refuse(sock, 431, "Request Header Fields Too Large", R"({"error":"the request's headers are too large"})");
        } else if (events[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
          close_now(sock);  // the client went before it finished asking
        }
        continue;
      }
      // Headers complete. What the head says of the body decides whether it waits here.
      const Head h = read_head(head.substr(0, end));
      if (!h.valid) {
        refuse(sock, 400, "Bad Request", R"({"error":"bad request"})");
        continue;
      }
      if (h.method == "POST" && !h.length && !h.chunked) {
        refuse(sock, 411, "Length Required", R"({"error":"a body needs a Content-Length"})");
        continue;
      }
      if (h.length && *h.length > limits_.max_body_bytes) {
        refuse(sock, 413, "Payload Too Large", R"({"error":"the request is too large"})");
        continue;
      }
      const std::size_t head_bytes = end + (head.compare(end, 4, "\r\n\r\n") == 0 ? 4 : 2);
      if (h.length && head_bytes + *h.length <= limits_.gate_bytes &&
          static_cast<std::size_t>(got) < head_bytes + *h.length) {
        if (events[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) close_now(sock);
        continue;  // a small body: it comes before a worker is given
      }
      const std::size_t lane = limits_.lane_of ? std::min(limits_.lane_of(h.method, h.target), lanes_.size() - 1) : 0;
      drop(sock);
      if (!lanes_[lane]->try_submit(sock)) {
        send_status(sock, 503, "Service Unavailable",
                    limits_.lanes[lane].max_queued == 0 ? R"({"error":"too many open pages"})"
                                                        : R"({"error":"the server is busy; try again"})");
        linger(sock);
      }
    }
  }
  for (auto& [sock, w] : waiting) ::close(sock);
}

}  // namespace archc::serve
