#pragma once

#include <atomic>
#include <functional>
#include <future>

namespace tally::core {

// Work that runs on a thread of its own, one run at a time: start() while a run is under
// way does nothing. The destructor waits for the run in progress.
class BackgroundTask {
  public:
    BackgroundTask() = default;
    ~BackgroundTask() {
        if (running_.valid()) {
            running_.wait();
        }
    }
    BackgroundTask(const BackgroundTask&) = delete;
    BackgroundTask& operator=(const BackgroundTask&) = delete;

    // True when `work` was started, false when a run is under way. `work` must not throw.
    bool start(std::function<void()> work) {
        bool idle = false;
        if (!busy_.compare_exchange_strong(idle, true)) {
            return false;
        }
        if (running_.valid()) {
            running_.wait();  // the last run has finished: it cleared busy_ as its last step
        }
        running_ = std::async(std::launch::async, [this, work = std::move(work)] {
            work();
            busy_ = false;
        });
        return true;
    }

  private:
    std::atomic<bool> busy_{false};
    std::future<void> running_;
};

}  // namespace tally::core
