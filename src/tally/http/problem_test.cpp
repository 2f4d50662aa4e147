#include "tally/http/problem.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace tally::http {
namespace {

TEST(Problem, RendersRfc9457WithFieldErrors) {
    const Response response = problem(core::Error{.code = core::ErrorCode::invalid_argument,
                                                  .message = "The request has invalid fields.",
                                                  .fields = {{"sku", "is required"}}});
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(response.content_type, "application/problem+json");
    const auto body = boost::json::parse(response.body).as_object();
    EXPECT_EQ(body.at("status").as_int64(), 400);
    EXPECT_EQ(body.at("title").as_string(), "Bad Request");
    EXPECT_EQ(body.at("detail").as_string(), "The request has invalid fields.");
    EXPECT_EQ(body.at("type").as_string(), "about:blank");
    const auto& error = body.at("errors").as_array().at(0).as_object();
    EXPECT_EQ(error.at("field").as_string(), "sku");
    EXPECT_EQ(error.at("reason").as_string(), "is required");
}

TEST(Problem, MapsEveryErrorCodeToOneStatus) {
    EXPECT_EQ(status_for(core::ErrorCode::invalid_argument), 400);
    EXPECT_EQ(status_for(core::ErrorCode::unauthenticated), 401);
    EXPECT_EQ(status_for(core::ErrorCode::forbidden), 403);
    EXPECT_EQ(status_for(core::ErrorCode::not_found), 404);
    EXPECT_EQ(status_for(core::ErrorCode::conflict), 409);
    EXPECT_EQ(status_for(core::ErrorCode::invalid_transition), 409);
    EXPECT_EQ(status_for(core::ErrorCode::insufficient_stock), 409);
    EXPECT_EQ(status_for(core::ErrorCode::rate_limited), 429);
    EXPECT_EQ(status_for(core::ErrorCode::unavailable), 503);
}

TEST(Problem, SaysWhenToRetryARateLimitedRequest) {
    const Response response = problem(core::Error{
        .code = core::ErrorCode::rate_limited, .message = "slow down", .retry_after_s = 42});
    EXPECT_EQ(response.status, 429);
    EXPECT_EQ(response.headers, (Fields{{"Retry-After", "42"}}));
}

}  // namespace
}  // namespace tally::http
