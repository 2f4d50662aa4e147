#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace tally::http {

// Request counts by status class and latency histograms, by route, in Prometheus text.
// Lock-free: observe() is called on every request from every thread.
class Metrics {
  public:
    static constexpr std::array kBucketsSeconds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                   0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};

    // Adds a series, e.g. "GET /api/v1/me", and returns its index. Call at start-up only,
    // before requests are observed.
    std::size_t add_series(std::string label);

    void observe(std::size_t label_index, int status, std::int64_t micros);
    [[nodiscard]] std::string render() const;
    [[nodiscard]] std::uint64_t count(std::size_t label_index) const;

  private:
    struct Series {
        std::array<std::atomic<std::uint64_t>, 5> by_class{};  // 1xx .. 5xx
        std::array<std::atomic<std::uint64_t>, kBucketsSeconds.size()> buckets{};
        std::atomic<std::uint64_t> count{0};
        std::atomic<std::uint64_t> sum_micros{0};
    };
    std::vector<std::string> labels_;
    std::deque<Series> series_;  // a deque: adding never moves the atomics
};

}  // namespace tally::http
