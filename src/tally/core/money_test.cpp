#include "tally/core/money.hpp"

#include <limits>

#include <gtest/gtest.h>

namespace tally::core {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

TEST(CheckedAdd, AddsAmountsThatFit) {
    EXPECT_EQ(checked_add(Money{1299}, Money{1}), Money{1300});
    EXPECT_EQ(checked_add(Money{kMax - 1}, Money{1}), Money{kMax});
    EXPECT_EQ(checked_add(Money{-5}, Money{3}), Money{-2});
}

TEST(CheckedAdd, RefusesASumPast64Bits) {
    EXPECT_FALSE(checked_add(Money{kMax}, Money{1}));
    EXPECT_FALSE(checked_add(Money{kMin}, Money{-1}));
}

TEST(CheckedMul, MultipliesAUnitPriceByAQuantity) {
    EXPECT_EQ(checked_mul(Money{1'000'000'000'000}, 1'000'000), Money{1'000'000'000'000'000'000});
    EXPECT_EQ(checked_mul(Money{1299}, 0), Money{0});
    EXPECT_EQ(checked_mul(Money{-3}, 4), Money{-12});
}

TEST(CheckedMul, RefusesAProductPast64Bits) {
    EXPECT_FALSE(checked_mul(Money{1'000'000'000'000}, 10'000'000));
    EXPECT_FALSE(checked_mul(Money{kMax}, 2));
    EXPECT_FALSE(checked_mul(Money{kMin}, -1));
}

}  // namespace
}  // namespace tally::core
