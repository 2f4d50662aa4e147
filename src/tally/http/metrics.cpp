#include "tally/http/metrics.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace tally::http {

std::size_t Metrics::add_series(std::string label) {
    labels_.push_back(std::move(label));
    series_.emplace_back();
    return series_.size() - 1;
}

void Metrics::observe(std::size_t label_index, int status, std::int64_t micros) {
    Series& s = series_[label_index];
    const int status_class = std::clamp(status / 100, 1, 5) - 1;
    s.by_class[status_class].fetch_add(1, std::memory_order_relaxed);
    s.count.fetch_add(1, std::memory_order_relaxed);
    s.sum_micros.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(micros, 0)),
                           std::memory_order_relaxed);
    const double seconds = static_cast<double>(micros) / 1e6;
    for (std::size_t b = 0; b < kBucketsSeconds.size(); ++b) {
        if (seconds <= kBucketsSeconds[b]) {
            s.buckets[b].fetch_add(1, std::memory_order_relaxed);
            break;
        }
    }
}

std::uint64_t Metrics::count(std::size_t label_index) const {
    return series_[label_index].count.load(std::memory_order_relaxed);
}

std::string Metrics::render() const {
    std::string out;
    out += "# HELP tally_http_requests_total HTTP requests answered, by route and status class.\n";
    out += "# TYPE tally_http_requests_total counter\n";
    for (std::size_t i = 0; i < labels_.size(); ++i) {
        for (std::size_t c = 0; c < 5; ++c) {
            const auto n = series_[i].by_class[c].load(std::memory_order_relaxed);
            if (n > 0) {
                out += fmt::format("tally_http_requests_total{{route=\"{}\",code=\"{}xx\"}} {}\n",
                                   labels_[i], c + 1, n);
            }
        }
    }
    out += "# HELP tally_http_request_duration_seconds Time to answer, by route.\n";
    out += "# TYPE tally_http_request_duration_seconds histogram\n";
    for (std::size_t i = 0; i < labels_.size(); ++i) {
        const Series& s = series_[i];
        const auto count = s.count.load(std::memory_order_relaxed);
        if (count == 0) {
            continue;
        }
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b < kBucketsSeconds.size(); ++b) {
            cumulative += s.buckets[b].load(std::memory_order_relaxed);
            out += fmt::format(
                "tally_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                labels_[i], kBucketsSeconds[b], cumulative);
        }
        out += fmt::format(
            "tally_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
            labels_[i], count);
        out += fmt::format("tally_http_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}\n",
                           labels_[i],
                           static_cast<double>(s.sum_micros.load(std::memory_order_relaxed)) / 1e6);
        out += fmt::format("tally_http_request_duration_seconds_count{{route=\"{}\"}} {}\n",
                           labels_[i], count);
    }
    return out;
}

}  // namespace tally::http
