#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace tally::testkit {

// Polls `done` until it holds, for up to `bound`: waits for the state that proves background
// work (a job, a webhook) has happened. Never a way to wait for an absence.
[[nodiscard]] inline bool eventually(const std::function<bool()>& done,
                                     std::chrono::milliseconds bound = std::chrono::seconds(20)) {
    const auto until = std::chrono::steady_clock::now() + bound;
    while (std::chrono::steady_clock::now() < until) {
        if (done()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
}

}  // namespace tally::testkit
