#include "tally/http/metrics.hpp"

#include <gtest/gtest.h>

namespace tally::http {
namespace {

TEST(Metrics, CountsByStatusClassAndFillsCumulativeBuckets) {
    Metrics metrics;
    const auto me = metrics.add_series("GET /api/v1/me");
    metrics.observe(me, 200, 300);     // 0.3 ms
    metrics.observe(me, 401, 2'000);   // 2 ms
    metrics.observe(me, 200, 20'000);  // 20 ms
    const std::string text = metrics.render();
    EXPECT_NE(text.find("tally_http_requests_total{route=\"GET /api/v1/me\",code=\"2xx\"} 2\n"),
              std::string::npos);
    EXPECT_NE(text.find("tally_http_requests_total{route=\"GET /api/v1/me\",code=\"4xx\"} 1\n"),
              std::string::npos);
    EXPECT_NE(text.find("_bucket{route=\"GET /api/v1/me\",le=\"0.0005\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("_bucket{route=\"GET /api/v1/me\",le=\"0.0025\"} 2\n"), std::string::npos);
    EXPECT_NE(text.find("_bucket{route=\"GET /api/v1/me\",le=\"0.025\"} 3\n"), std::string::npos);
    EXPECT_NE(text.find("_bucket{route=\"GET /api/v1/me\",le=\"+Inf\"} 3\n"), std::string::npos);
    EXPECT_NE(text.find("_count{route=\"GET /api/v1/me\"} 3\n"), std::string::npos);
    EXPECT_EQ(metrics.count(me), 3U);
}

TEST(Metrics, LeavesOutSeriesWithNoRequests) {
    Metrics metrics;
    (void)metrics.add_series("GET /health");
    EXPECT_EQ(metrics.render().find("GET /health"), std::string::npos);
}

}  // namespace
}  // namespace tally::http
