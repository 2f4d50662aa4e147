#include "tally/inventory/cycle_count.hpp"

#include <gtest/gtest.h>

namespace tally::inventory {
namespace {

TEST(CountAdjustments, AreNoneWhenTheCountAgreesWithTheBooks) {
    EXPECT_TRUE(count_adjustments({{"L1", 3}, {"L2", 2}}, 5).empty());
}

TEST(CountAdjustments, TakeAShortageFromTheLotsInPickOrder) {
    const auto out = count_adjustments({{"L1", 3}, {"L2", 4}}, 2);

    EXPECT_EQ(out, (std::vector<LotAdjustment>{{"L1", -3}, {"L2", -2}}));
}

TEST(CountAdjustments, PutASurplusOnTheNewestLot) {
    EXPECT_EQ(count_adjustments({{"L1", 3}, {"L2", 4}}, 9),
              (std::vector<LotAdjustment>{{"L2", 2}}));
}

TEST(CountAdjustments, PutUnitsFoundInAnEmptyBinOnLotNone) {
    EXPECT_EQ(count_adjustments({}, 4), (std::vector<LotAdjustment>{{"", 4}}));
}

TEST(CountAdjustments, EmptyTheBinWhenNothingIsCounted) {
    EXPECT_EQ(count_adjustments({{"", 6}}, 0), (std::vector<LotAdjustment>{{"", -6}}));
}

TEST(NextCountDue, StepsFromTheDueTimePastNow) {
    EXPECT_EQ(next_count_due(1000, 7, 1000), 1000 + 7 * kDayMs);
    EXPECT_EQ(next_count_due(1000, 1, 1000 + 3 * kDayMs + 5), 1000 + 4 * kDayMs);
}

TEST(NextCountDue, KeepsATimeNotYetDue) {
    EXPECT_EQ(next_count_due(5000, 7, 1000), 5000);
}

TEST(ValidateCountSchedule, NamesEachBadField) {
    core::FieldErrors errors;
    validate_count_schedule({.warehouse = "BER", .zone = "", .every_days = 0}, errors);

    ASSERT_EQ(errors.list().size(), 2U);
    EXPECT_EQ(errors.list()[0].field, "zone");
    EXPECT_EQ(errors.list()[1].field, "every_days");
}

TEST(ValidateCountSchedule, AcceptsAZoneCountedWeekly) {
    core::FieldErrors errors;
    validate_count_schedule({.warehouse = "BER", .zone = "A", .every_days = 7}, errors);

    EXPECT_TRUE(errors.empty());
}

}  // namespace
}  // namespace tally::inventory
