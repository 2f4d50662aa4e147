#include "tally/http/server.hpp"

#include <gtest/gtest.h>

namespace tally::http {
namespace {

using std::chrono::milliseconds;

TEST(AcceptBackoff, WaitsNotAtAllUntilAnAcceptFails) {
    EXPECT_EQ(accept_backoff(0), milliseconds(0));
}

TEST(AcceptBackoff, DoublesFromTenMillisecondsUpToASecond) {
    EXPECT_EQ(accept_backoff(1), milliseconds(10));
    EXPECT_EQ(accept_backoff(2), milliseconds(20));
    EXPECT_EQ(accept_backoff(5), milliseconds(160));
    EXPECT_EQ(accept_backoff(7), milliseconds(640));
    EXPECT_EQ(accept_backoff(8), milliseconds(1000));
    EXPECT_EQ(accept_backoff(1'000'000), milliseconds(1000)) << "no overflow on a long outage";
}

}  // namespace
}  // namespace tally::http
