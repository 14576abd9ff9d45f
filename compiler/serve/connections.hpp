#pragma once
// How `archc serve` takes connections, so that a few clients cannot starve it: cpp-httplib
// parses and answers each request, but which connection gets a thread, and when, is decided
// here.
//
// - A connection waits in one gate thread (epoll) until its request line and headers have
//   all arrived, at most kHeaderDeadline after it was accepted and kMaxHeaderBytes long:
//   a socket that sends a header line a second holds no worker, and is answered 408 and
//   closed when its time is up (the oldest waiting ones go first when too many wait).
// - A request whose body is small (the headers and the body within kGateBytes) waits there
//   for its body too; a POST without a length is answered 411, one over the cap 413, both at
//   once.
// - Then it goes to a worker of its lane: reads (GET), event streams, compiles and writes each
//   have a pool of their own, so that no lane can take another's workers: a page's stream
//   never holds a read's worker, queued Runs never hold up `GET /api/files`, and a trickled
//   body holds only a write's. The stream pool's size is the cap on open streams (one more is
//   answered 503 and closed at once).
// - One request per connection (no keep-alive): a body left unread by a refusal can never be
//   read as a second request. After the answer the connection is shut for writing and handed
//   back to the gate, which reads what the client still sends for a moment before closing
//   (a close with unread bytes would reset it, and the client could lose the answer).
// - A body must keep coming: after a grace of `body_grace`, at `min_body_rate` on average, or
//   the request ends.

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

// A lane: requests that get workers of their own.
struct Lane {
  std::size_t workers = 16;
  std::size_t max_queued = 256;  // beyond, 503 (0: a request finds a free worker or is refused)
};

struct ConnectionLimits {
  std::chrono::milliseconds header_deadline{5000};
  std::size_t max_header_bytes = 64u << 10;
  std::size_t gate_bytes = 64u << 10;  // a body that fits with its headers waits in the gate
  std::size_t max_body_bytes = 8u << 20;
  std::chrono::milliseconds body_grace{2000};
  double min_body_rate = 1 << 20;  // bytes a second, on average, after the grace
  std::size_t max_waiting = 1024;  // connections whose headers are still coming
  std::chrono::milliseconds linger{2000};
  std::vector<Lane> lanes{Lane{}};
  // The lane of a request, by its request line's method and target (an index into `lanes`).
  std::function<std::size_t(std::string_view method, std::string_view target)> lane_of;
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
  std::vector<std::unique_ptr<Pool>> lanes_;
  std::thread gate_;
  bool stopping_ = false;
};

}  // namespace archc::serve
