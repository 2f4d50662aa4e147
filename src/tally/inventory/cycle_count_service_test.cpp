#include "tally/inventory/cycle_count_service.hpp"

#include <gtest/gtest.h>

#include "tally/inventory/inventory_service.hpp"

#include "testkit/test_database.hpp"

namespace tally::inventory {
namespace {

class CycleCountServiceTest : public testkit::EngineTest {
  protected:
    CycleCountServiceTest() {
        EXPECT_TRUE(inventory_.create_warehouse(admin_, {.code = "BER",
                                                         .name = "Berlin",
                                                         .address = {.country = "DE"},
                                                         .timezone = "Europe/Berlin",
                                                         .latitude = 52.52,
                                                         .longitude = 13.40}));
        EXPECT_TRUE(inventory_.create_bin(admin_, "BER", {.code = "A-01", .zone = "A"}));
        EXPECT_TRUE(inventory_.create_bin(admin_, "BER", {.code = "A-02", .zone = "A"}));
        EXPECT_TRUE(inventory_.create_bin(admin_, "BER", {.code = "B-01", .zone = "B"}));
        EXPECT_TRUE(
            catalog_.create_product(admin_, {.sku = "MUG-01", .name = "Mug", .currency = "EUR"}));
        EXPECT_TRUE(catalog_.create_product(admin_, {.sku = "MILK-1",
                                                     .name = "Milk",
                                                     .currency = "EUR",
                                                     .lot_tracked = true,
                                                     .expiry_tracked = true}));
    }

    void receive(const std::string& bin, const std::string& sku, std::int64_t quantity,
                 std::optional<std::string> lot = std::nullopt,
                 std::optional<std::string> expiry = std::nullopt) {
        const auto received = inventory_.receive(admin_, {.warehouse = "BER",
                                                          .bin = bin,
                                                          .sku = sku,
                                                          .quantity = quantity,
                                                          .lot = lot,
                                                          .expiry = expiry});
        EXPECT_TRUE(received) << received.error().message;
    }

    BinProduct where(const std::string& bin, const std::string& sku) {
        const auto found = inventory_.get_bin(admin_, "BER", bin);
        const auto product = catalog_.get_product_by_sku(sku);
        EXPECT_TRUE(found && product);
        return {found->warehouse_id, found->id, product->id};
    }

    core::Result<CountOutcome> count(const std::string& bin, const std::string& sku,
                                     std::int64_t counted, bool lot_tracked = false) {
        const CountedStock stock{.warehouse = "BER",
                                 .where = where(bin, sku),
                                 .lot_tracked = lot_tracked,
                                 .counted = counted,
                                 .reference = "count-task:1"};
        return db_->write([&](db::Tx& tx) { return counts_.record_count(tx, admin_, stock); });
    }

    std::int64_t on_hand(const std::string& sku) {
        const auto levels = inventory_.levels(admin_, sku);
        return levels && !levels->empty() ? levels->front().on_hand : -1;
    }

    identity::Principal admin_ = identity::Principal::system();
    catalog::CatalogService catalog_{*db_, clock_};
    events::Bus bus_{clock_};
    InventoryService inventory_{*db_, clock_, catalog_, bus_};
    CycleCountService counts_{*db_, clock_};
};

TEST_P(CycleCountServiceTest, AdjustsAShortCountWithReasonCycleCountAndKeepsTheBooksBalanced) {
    receive("A-01", "MUG-01", 10);

    const auto outcome = count("A-01", "MUG-01", 7);

    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(outcome->booked, 10);
    EXPECT_EQ(outcome->variance(), -3);
    EXPECT_EQ(on_hand("MUG-01"), 7);
    const auto rows = inventory_.rows(admin_, {.sku = "MUG-01"});
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1U);
    EXPECT_EQ(rows->front().quantity, 7);
    EXPECT_TRUE(inventory_.fsck()->empty());
}

TEST_P(CycleCountServiceTest, TakesAShortageOfALotTrackedProductFromTheFirstExpiringLot) {
    receive("A-01", "MILK-1", 4, "LATE", "2027-06-30");
    receive("A-01", "MILK-1", 4, "SOON", "2027-01-31");

    ASSERT_TRUE(count("A-01", "MILK-1", 5, true));

    const auto rows = inventory_.rows(admin_, {.sku = "MILK-1"});
    ASSERT_TRUE(rows);
    std::map<std::string, std::int64_t> by_lot;
    for (const auto& row : *rows) {
        by_lot[row.lot] = row.quantity;
    }
    EXPECT_EQ(by_lot["SOON"], 1);
    EXPECT_EQ(by_lot["LATE"], 4);
    EXPECT_TRUE(inventory_.fsck()->empty());
}

TEST_P(CycleCountServiceTest, AddsUnitsFoundToTheBin) {
    receive("A-01", "MUG-01", 2);

    const auto outcome = count("A-01", "MUG-01", 5);

    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->variance(), 3);
    EXPECT_EQ(on_hand("MUG-01"), 5);
    EXPECT_TRUE(inventory_.fsck()->empty());
}

TEST_P(CycleCountServiceTest, RefusesACountOutOfRangeNamingTheField) {
    const auto refused = count("A-01", "MUG-01", -1);

    ASSERT_FALSE(refused);
    ASSERT_EQ(refused.error().fields.size(), 1U);
    EXPECT_EQ(refused.error().fields[0].field, "counted");
}

TEST_P(CycleCountServiceTest, RaisesTheZonesStockedBinsWhenDueAndThenNotUntilTheNextPeriod) {
    receive("A-01", "MUG-01", 3);
    receive("A-02", "MUG-01", 1);
    receive("B-01", "MUG-01", 9);
    ASSERT_TRUE(counts_.create_schedule(admin_, {.warehouse = "BER",
                                                 .zone = "A",
                                                 .every_days = 7,
                                                 .first_due_at = clock_.now_ms() + 1000}));
    const auto take = [&] {
        return *db_->write([&](db::Tx& tx) -> core::Result<std::vector<BinProduct>> {
            return counts_.take_due(tx, clock_.now_ms(), 10);
        });
    };

    EXPECT_TRUE(take().empty());  // not yet due
    clock_.advance_ms(1000);
    const auto raised = take();
    EXPECT_EQ(raised.size(), 2U);
    EXPECT_TRUE(take().empty());  // moved on a week
    clock_.advance_ms(7 * kDayMs);
    EXPECT_EQ(take().size(), 2U);
    const auto listed = counts_.schedules(admin_, "BER");
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1U);
    EXPECT_EQ(listed->front().next_due_at, clock_.now_ms() + 7 * kDayMs);
}

TEST_P(CycleCountServiceTest, RefusesASecondScheduleForAZoneAndAnotherWarehousesUser) {
    ASSERT_TRUE(
        counts_.create_schedule(admin_, {.warehouse = "BER", .zone = "A", .every_days = 7}));

    const auto again =
        counts_.create_schedule(admin_, {.warehouse = "BER", .zone = "A", .every_days = 3});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, core::ErrorCode::conflict);
    identity::Principal scoped = admin_;
    scoped.warehouse = "EWR";
    const auto other =
        counts_.create_schedule(scoped, {.warehouse = "BER", .zone = "B", .every_days = 7});
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, core::ErrorCode::forbidden);
}

INSTANTIATE_TEST_SUITE_P(Engines, CycleCountServiceTest,
                         ::testing::ValuesIn(testkit::enabled_engines()), testkit::engine_name);

}  // namespace
}  // namespace tally::inventory
