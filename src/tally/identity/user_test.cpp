#include "tally/identity/user.hpp"

#include <gtest/gtest.h>

namespace tally::identity {
namespace {

TEST(Role, RoundTripsEveryRoleThroughItsName) {
    for (const Role role : kAllRoles) {
        EXPECT_EQ(parse_role(to_string(role)), role);
    }
    EXPECT_FALSE(parse_role("superuser"));
    EXPECT_FALSE(parse_role("Admin"));
}

TEST(ValidateUsername, AcceptsLettersDigitsAndPunctuationItAllows) {
    core::FieldErrors errors;
    validate_username("ana.lopez_2@ber-1", "username", errors);
    EXPECT_TRUE(errors.empty());
}

TEST(ValidateUsername, NamesTheFieldForEmptyLongOrOddNames) {
    for (const std::string& bad :
         std::vector<std::string>{"", std::string(65, 'a'), "ana lopez", "ana/../x"}) {
        core::FieldErrors errors;
        validate_username(bad, "username", errors);
        ASSERT_EQ(errors.list().size(), 1U) << bad;
        EXPECT_EQ(errors.list()[0].field, "username");
    }
}

TEST(ValidatePassword, NeedsAtLeastEightCharacters) {
    core::FieldErrors short_one;
    validate_password("1234567", "password", short_one);
    EXPECT_FALSE(short_one.empty());
    core::FieldErrors ok;
    validate_password("12345678", "password", ok);
    EXPECT_TRUE(ok.empty());
}

TEST(ValidateWarehouseCode, TakesUpperCaseCodes) {
    core::FieldErrors ok;
    validate_warehouse_code("BER-2", "warehouse", ok);
    EXPECT_TRUE(ok.empty());
    core::FieldErrors bad;
    validate_warehouse_code("ber", "warehouse", bad);
    EXPECT_FALSE(bad.empty());
}

TEST(Throttle, LocksAfterTheFifthFailureInTheWindow) {
    const ThrottlePolicy policy;
    ThrottleState state;
    const core::TimestampMs now = 1'000'000;
    for (int i = 0; i < 4; ++i) {
        state = record_failure(state, now + i * 1000, policy);
        EXPECT_EQ(throttle_wait_s(state, now + i * 1000), 0) << "failure " << i + 1;
    }
    state = record_failure(state, now + 4000, policy);
    EXPECT_EQ(throttle_wait_s(state, now + 4000), 15 * 60);
    EXPECT_EQ(throttle_wait_s(state, now + 4000 + policy.lock_ms), 0);
}

TEST(Throttle, ForgetsFailuresOlderThanTheWindow) {
    const ThrottlePolicy policy;
    ThrottleState state;
    for (int i = 0; i < 4; ++i) {
        state = record_failure(state, 0, policy);
    }
    state = record_failure(state, policy.window_ms + 1, policy);
    EXPECT_EQ(state.failures, 1);
    EXPECT_EQ(throttle_wait_s(state, policy.window_ms + 1), 0);
}

}  // namespace
}  // namespace tally::identity
