#pragma once
// Server-sent events to every open page: a message published once reaches each subscriber,
// each with its own queue, so that a slow page never holds up the others.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace archc::serve {

class Events {
 public:
  class Subscription {
   public:
    // The next message, or nullopt after `timeout` (the caller sends a keep-alive) or when
    // the server stops (stopped() says which).
    std::optional<std::string> wait(std::chrono::milliseconds timeout);
    bool stopped() const;
    void close();

   private:
    friend class Events;
    explicit Subscription(Events& events) : events_(events) {}
    Events& events_;
    std::deque<std::string> queue_;
    bool closed_ = false;
  };

  // nullptr when kMaxSubscribers pages listen already.
  std::shared_ptr<Subscription> subscribe();
  void publish(const std::string& message);
  // Wakes every subscriber for good.
  void stop();
  std::size_t subscribers();

  static constexpr std::size_t kMaxSubscribers = 32;
  static constexpr std::size_t kMaxQueued = 64;  // a page that reads nothing loses the oldest

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::weak_ptr<Subscription>> subs_;
  bool stopped_ = false;
};

}  // namespace archc::serve
