#include "tally/inventory/stock.hpp"

#include <gtest/gtest.h>

namespace tally::inventory {
namespace {

StockCandidate at(std::string bin, int sequence, std::string lot, std::optional<std::string> expiry,
                  core::TimestampMs received, std::int64_t quantity) {
    return StockCandidate{.bin = BinId{sequence},
                          .bin_code = std::move(bin),
                          .pick_sequence = sequence,
                          .lot = std::move(lot),
                          .expiry = std::move(expiry),
                          .received_at = received,
                          .quantity = quantity};
}

std::vector<std::string> lots(const std::vector<StockCandidate>& candidates) {
    std::vector<std::string> out;
    for (const auto& c : candidates) {
        out.push_back(c.lot);
    }
    return out;
}

TEST(RotationOrder, FefoOffersTheEarliestExpiryFirstAndUndatedLast) {
    const auto order = rotation_order(
        {at("A-01", 1, "LATE", "2027-06-30", 100, 5), at("A-02", 2, "NONE", std::nullopt, 50, 5),
         at("A-03", 3, "SOON", "2026-12-31", 300, 5)},
        Rotation::fefo);
    EXPECT_EQ(lots(order), (std::vector<std::string>{"SOON", "LATE", "NONE"}));
}

TEST(RotationOrder, FifoOffersTheOldestReceiptFirst) {
    const auto order = rotation_order(
        {at("A-01", 1, "NEW", "2026-12-31", 300, 5), at("A-02", 2, "OLD", "2027-06-30", 100, 5)},
        Rotation::fifo);
    EXPECT_EQ(lots(order), (std::vector<std::string>{"OLD", "NEW"}));
}

TEST(RotationOrder, BreaksTiesByPickSequenceThenBinCode) {
    const auto order = rotation_order(
        {at("B-01", 20, "x", std::nullopt, 100, 1), at("A-09", 10, "y", std::nullopt, 100, 1),
         at("A-01", 10, "z", std::nullopt, 100, 1)},
        Rotation::fifo);
    EXPECT_EQ(lots(order), (std::vector<std::string>{"z", "y", "x"}));
}

TEST(PlanPicks, TakesInRotationOrderAndReportsTheShortfall) {
    const auto plan = plan_picks(
        {at("A-01", 1, "LATE", "2027-06-30", 100, 4), at("A-02", 2, "SOON", "2026-12-31", 100, 3)},
        10, Rotation::fefo);
    ASSERT_EQ(plan.lines.size(), 2U);
    EXPECT_EQ(plan.lines[0].from.lot, "SOON");
    EXPECT_EQ(plan.lines[0].quantity, 3);
    EXPECT_EQ(plan.lines[1].quantity, 4);
    EXPECT_EQ(plan.shortfall, 3);
}

TEST(PlanPicks, StopsWhenCovered) {
    const auto plan = plan_picks(
        {at("A-01", 1, "L1", std::nullopt, 1, 10), at("A-02", 2, "L2", std::nullopt, 2, 10)}, 4,
        Rotation::fifo);
    ASSERT_EQ(plan.lines.size(), 1U);
    EXPECT_EQ(plan.lines[0].quantity, 4);
    EXPECT_EQ(plan.shortfall, 0);
}

TEST(AdjustmentReason, RoundTripsEveryReason) {
    for (const auto reason : kAdjustmentReasons) {
        EXPECT_EQ(parse_adjustment_reason(to_string(reason)), reason);
    }
    EXPECT_FALSE(parse_adjustment_reason("lost_in_space"));
    EXPECT_EQ(parse_adjustment_reason("cycle_count"), AdjustmentReason::cycle_count);
}

TEST(ValidDate, AcceptsRealDaysOnly) {
    EXPECT_TRUE(valid_date("2028-02-29"));
    EXPECT_FALSE(valid_date("2027-02-29"));
    EXPECT_FALSE(valid_date("2027-13-01"));
    EXPECT_FALSE(valid_date("27-01-01"));
    EXPECT_FALSE(valid_date("2027/01/01"));
}

TEST(ValidLot, TakesUpToTwentyPrintableCharacters) {
    EXPECT_TRUE(valid_lot("L-2026/11"));
    EXPECT_FALSE(valid_lot(""));
    EXPECT_FALSE(valid_lot("has space"));
    EXPECT_FALSE(valid_lot(std::string(21, 'L')));
}

}  // namespace
}  // namespace tally::inventory
