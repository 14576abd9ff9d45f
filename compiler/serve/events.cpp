#include "serve/events.hpp"

#include <algorithm>

namespace archc::serve {

std::shared_ptr<Events::Subscription> Events::subscribe() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::erase_if(subs_, [](const std::weak_ptr<Subscription>& s) {
    auto p = s.lock();
    return !p || p->closed_;
  });
  if (stopped_ || subs_.size() >= kMaxSubscribers) return nullptr;
  auto sub = std::shared_ptr<Subscription>(new Subscription(*this));
  subs_.push_back(sub);
  return sub;
}

void Events::publish(const std::string& message) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& weak : subs_) {
      if (auto s = weak.lock(); s && !s->closed_) {
        s->queue_.push_back(message);
        if (s->queue_.size() > kMaxQueued) s->queue_.pop_front();
      }
    }
  }
  changed_.notify_all();
}

void Events::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
  }
  changed_.notify_all();
}

std::size_t Events::subscribers() {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<std::size_t>(std::count_if(subs_.begin(), subs_.end(), [](const auto& s) {
    auto p = s.lock();
    return p && !p->closed_;
  }));
}

std::optional<std::string> Events::Subscription::wait(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(events_.mutex_);
  events_.changed_.wait_for(lock, timeout, [&] { return events_.stopped_ || closed_ || !queue_.empty(); });
  if (events_.stopped_ || closed_ || queue_.empty()) return std::nullopt;
  std::string m = std::move(queue_.front());
  queue_.pop_front();
  return m;
}

bool Events::Subscription::stopped() const {
  std::lock_guard<std::mutex> lock(events_.mutex_);
  return events_.stopped_ || closed_;
}

void Events::Subscription::close() {
  {
    std::lock_guard<std::mutex> lock(events_.mutex_);
    closed_ = true;
  }
  events_.changed_.notify_all();
}

}  // namespace archc::serve
