#pragma once
// How `archc serve` takes connections, so that a few clients cannot starve it: cpp-httplib
// parses and answers each request, but which connection gets a thread, and when, is decided
// here.
//
// - A connection waits in one gate thread (epoll) until its request line and headers have
//   all arrived, at most kHeaderDeadline after it was accepted and kMaxHeaderBytes long:
//   a socket that sends a header line a second holds no worker, and is answered 408 and
//   closed when its time is up (the oldest waiting ones go first when too many wait).
// - Then it goes to a worker: a pool for requests, and a pool for event streams whose size
//   is the cap on open streams (one more is answered 503 and closed at once). An open page's
//   stream therefore never takes a request's worker.
// - One request per connection (no keep-alive): a body left unread by a refusal can never be
//   read as a second request. After the answer the connection is shut for writing and handed
//   back to the gate, which reads what the client still sends for a moment before closing
//   (a close with unread bytes would reset it, and the client could lose the answer).
// - Reads of a request have one deadline in all (kRequestDeadline), not one per read.

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace archc::serve {

struct ConnectionLimits {
  std::chrono::milliseconds header_deadline{5000};
  std::size_t max_header_bytes = 64u << 10;
  std::chrono::milliseconds request_deadline{60'000};  // the body of a request, in all
  std::size_t request_workers = 16;
  std::size_t max_queued_requests = 256;  // beyond: 503
  std::size_t stream_workers = 32;        // event streams open at once
  std::size_t max_waiting = 1024;         // connections whose headers are still coming
  std::chrono::milliseconds linger{2000};
  // Which requests are event streams (by their request line's method and target).
  std::function<bool(std::string_view method, std::string_view target)> is_stream;
};

class Connections : public httplib::Server {
 public:
  explicit Connections(ConnectionLimits limits);
  ~Connections() override;

  // Stops the gate and joins the workers: call after listen_after_bind() has returned and
  // whatever holds a worker (an event stream) has been told to end.
  void shut_down();

 private:
  class Pool;
  struct Waiting;

  // Called by cpp-httplib's accept loop (through an inline task queue) for each new
  // connection: hands it to the gate and returns at once.
  bool process_and_close_socket(socket_t sock) override;

  void gate_loop();
  void admit(int sock);
  // In a worker: reads and answers one request, then hands the socket back to linger.
  void serve_one(int sock);
  void linger(int sock);
  void to_gate(int sock, bool lingering, std::chrono::milliseconds time);
  void wake_gate();

  ConnectionLimits limits_;
  int epoll_ = -1;
  int wake_ = -1;  // an eventfd that wakes the gate
  std::mutex mutex_;
  std::deque<std::unique_ptr<Waiting>> incoming_;  // admitted, not yet seen by the gate
  std::unique_ptr<Pool> requests_, streams_;
  std::thread gate_;
  bool stopping_ = false;
};

}  // namespace archc::serve
