#include "tally/fulfillment/weight_tolerance.hpp"

#include <gtest/gtest.h>

namespace tally::fulfillment {
namespace {

constexpr WeightTolerance kFlat{.percent = 5, .min_g = 30};

TEST(CartonWeighing, NarrowsTheFlatToleranceToHalfTheLightestUnit) {
    const auto weighing = carton_weighing(2000, 40, kFlat, 2);

    EXPECT_EQ(weighing.tolerance_g, 20);
    EXPECT_EQ(weighing.range.min_g, 1980);
    EXPECT_EQ(weighing.range.max_g, 2020);
    EXPECT_FALSE(weighing.count_required);
}

TEST(CartonWeighing, KeepsTheFlatToleranceWhenEveryUnitIsHeavierThanTwiceIt) {
    const auto weighing = carton_weighing(2000, 900, kFlat, 2);

    EXPECT_EQ(weighing.tolerance_g, 100);
    EXPECT_FALSE(weighing.count_required);
}

TEST(CartonWeighing, IsNeverNarrowerThanTwiceTheScalesPrecision) {
    const auto weighing = carton_weighing(100, 1000, WeightTolerance{.percent = 0, .min_g = 0}, 5);

    EXPECT_EQ(weighing.floor_g, 10);
    EXPECT_EQ(weighing.tolerance_g, 10);
    EXPECT_FALSE(weighing.count_required);
}

TEST(CartonWeighing, AsksForACountWhenHalfTheLightestUnitIsBelowTheScalesFloor) {
    const auto weighing = carton_weighing(1500, 15, kFlat, 4);

    EXPECT_TRUE(weighing.count_required);
    EXPECT_EQ(weighing.tolerance_g, 8);
    EXPECT_EQ(weighing.range.min_g, 1492);
}

TEST(CartonWeighing, AsksForACountWhenAUnitHasNoWeight) {
    EXPECT_TRUE(carton_weighing(500, 0, kFlat, 2).count_required);
}

TEST(CartonWeighing, GivesAnEmptyCartonTheFlatTolerance) {
    const auto weighing = carton_weighing(400, std::nullopt, kFlat, 2);

    EXPECT_EQ(weighing.tolerance_g, 30);
    EXPECT_FALSE(weighing.count_required);
}

// The goal of issue 16: a scale within ±p of the truth never passes a carton that lacks a unit
// heavier than 2p unless the station asks for a count, and never refuses a whole carton.
TEST(CartonWeighing, SeesEveryMissingUnitHeavierThanTwiceThePrecisionOrAsksForACount) {
    for (int precision = 1; precision <= 12; ++precision) {
        for (int unit = 1; unit <= 400; ++unit) {
            const int expected = 3000 + unit;
            const auto weighing = carton_weighing(expected, unit, kFlat, precision);
            for (const int error : {-precision, 0, precision}) {
                ASSERT_TRUE(weighing.range.contains(expected + error))
                    << "precision " << precision << " unit " << unit;
                if (weighing.count_required) {
                    ASSERT_LT(unit, 4 * precision);
                    continue;
                }
                ASSERT_FALSE(weighing.range.contains(expected - unit + error))
                    << "precision " << precision << " unit " << unit;
            }
        }
    }
}

}  // namespace
}  // namespace tally::fulfillment
