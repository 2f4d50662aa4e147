#include "tally/orders/order_steps.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "tally/inventory/inventory_service.hpp"
#include "tally/orders/order_service.hpp"

#include "testkit/test_database.hpp"

namespace tally::orders {
namespace {

// An order of 3 mugs allocated in Berlin, which holds 10.
class OrderStepsTest : public testkit::EngineTest {
  protected:
    OrderStepsTest() {
        auto warehouse = inventory_.create_warehouse(admin_, {.code = "BER",
                                                              .name = "Berlin",
                                                              .address = {.country = "DE"},
                                                              .timezone = "Europe/Berlin"});
        EXPECT_TRUE(warehouse) << warehouse.error().message;
        warehouse_ = warehouse->id;
        EXPECT_TRUE(inventory_.create_bin(admin_, "BER", {.code = "A-01", .zone = "A"}));
        auto mug =
            catalog_.create_product(admin_, {.sku = "MUG-01", .name = "Mug", .currency = "EUR"});
        EXPECT_TRUE(mug);
        mug_ = mug->id;
        EXPECT_TRUE(inventory_.receive(
            admin_, {.warehouse = "BER", .bin = "A-01", .sku = "MUG-01", .quantity = 10}));
        auto created = place("S-1", 3);
        EXPECT_TRUE(created);
        order_ = *created;
        line_ = stored().lines.at(0).id;
    }

    core::Result<OrderId> place(const std::string& external_id, std::int64_t mugs) {
        auto created = orders_.create(
            admin_, {.input = OrderInput{.external_id = external_id,
                                         .currency = "EUR",
                                         .customer = {"Ada Lovelace", "ada@example.com", ""},
                                         .ship_to = {.name = "Ada Lovelace",
                                                     .line1 = "Street 1",
                                                     .city = "City",
                                                     .country = "DE"},
                                         .lines = {{.sku = "MUG-01", .quantity = mugs}}}});
        if (!created) {
            return std::unexpected(created.error());
        }
        return created->order.id;
    }

    core::Status release(std::int64_t units) {
        return in_tx([&](db::Tx& tx) {
            return OrderSteps::release_units(tx, order_, line_, mug_, warehouse_, units);
        });
    }

    core::Status allocate_more(std::int64_t units) {
        return in_tx([&](db::Tx& tx) {
            return OrderSteps::allocate_more(tx, order_, line_, mug_, warehouse_, units);
        });
    }

    template <class F>
    core::Status in_tx(F&& fn) {
        return db_->write([&](db::Tx& tx) -> core::Status { return fn(tx); });
    }

    Order stored() { return *orders_.get(order_); }

    std::int64_t reserved() { return inventory_.levels(admin_, "MUG-01")->at(0).reserved; }

    std::vector<std::int64_t> allocation_rows() {
        std::vector<std::int64_t> out;
        const auto order = stored();
        for (const auto& a : order.allocations) {
            out.push_back(a.quantity);
        }
        return out;
    }

    void expect_clean() {
        const auto issues = orders_.fsck();
        ASSERT_TRUE(issues);
        EXPECT_TRUE(issues->empty()) << ::testing::PrintToString(*issues);
    }

    identity::Principal admin_ = identity::Principal::system();
    catalog::CatalogService catalog_{*db_, clock_};
    events::Bus bus_{clock_};
    inventory::InventoryService inventory_{*db_, clock_, catalog_, bus_};
    OrderService orders_{*db_, clock_, catalog_};
    inventory::WarehouseId warehouse_;
    catalog::ProductId mug_;
    OrderId order_;
    std::int64_t line_ = 0;
};

TEST_P(OrderStepsTest, ATransitionOfTheLifeCycleTableMovesTheOrderWithItsEvent) {
    ASSERT_TRUE(orders_.release(admin_, order_));

    const auto moved = in_tx([&](db::Tx& tx) {
        return OrderSteps::transition(tx, admin_, clock_.now_ms(), order_, OrderStatus::released,
                                      OrderStatus::picking, "picking at station P1");
    });

    ASSERT_TRUE(moved) << moved.error().message;
    const auto order = stored();
    EXPECT_EQ(order.status, OrderStatus::picking);
    EXPECT_EQ(order.events.back().from, "released");
    EXPECT_EQ(order.events.back().to, "picking");
    EXPECT_EQ(order.events.back().reason, "picking at station P1");
}

TEST_P(OrderStepsTest, AMoveTheLifeCycleTableDoesNotHaveIsRefused) {
    const auto moved = in_tx([&](db::Tx& tx) {
        return OrderSteps::transition(tx, admin_, clock_.now_ms(), order_, OrderStatus::allocated,
                                      OrderStatus::shipped, "straight out");
    });

    ASSERT_FALSE(moved);
    EXPECT_EQ(moved.error().code, core::ErrorCode::invalid_transition);
    EXPECT_EQ(stored().status, OrderStatus::allocated);
}

TEST_P(OrderStepsTest, AnOrderNoLongerInTheStatusMovedFromIsAConflict) {
    const auto moved = in_tx([&](db::Tx& tx) {
        return OrderSteps::transition(tx, admin_, clock_.now_ms(), order_, OrderStatus::released,
                                      OrderStatus::picking, "picking");
    });

    ASSERT_FALSE(moved);
    EXPECT_EQ(moved.error().code, core::ErrorCode::conflict);
    EXPECT_EQ(stored().status, OrderStatus::allocated);
}

TEST_P(OrderStepsTest, ReleasedUnitsLeaveTheAllocationTheLineAndTheReservationTogether) {
    const auto released = release(2);

    ASSERT_TRUE(released) << released.error().message;
    EXPECT_EQ(allocation_rows(), (std::vector<std::int64_t>{1}));
    EXPECT_EQ(stored().lines.at(0).allocated, 1);
    EXPECT_EQ(reserved(), 1);
    expect_clean();
}

TEST_P(OrderStepsTest, ReleasingMoreThanTheLineHasAllocatedIsRefusedAndChangesNothing) {
    const auto released = release(4);

    ASSERT_FALSE(released);
    EXPECT_EQ(released.error().code, core::ErrorCode::conflict);
    EXPECT_EQ(allocation_rows(), (std::vector<std::int64_t>{3}));
    EXPECT_EQ(reserved(), 3);
    expect_clean();
}

TEST_P(OrderStepsTest, AFailedGiveBackOfTheReservationRollsTheAllocationBack) {
    // The books disagree: another change took the reservation away behind the order's back.
    ASSERT_TRUE(db_->write([](db::Tx& tx) -> core::Status {
        tx.sql() << "UPDATE warehouse_stock SET reserved = 1";
        return {};
    }));

    const auto released = release(2);

    ASSERT_FALSE(released);
    EXPECT_EQ(released.error().code, core::ErrorCode::conflict);
    EXPECT_EQ(allocation_rows(), (std::vector<std::int64_t>{3}));
    EXPECT_EQ(stored().lines.at(0).allocated, 3);
}

TEST_P(OrderStepsTest, MoreUnitsAreAllocatedOnlyWhenTheyCanBeReservedAndTheLineNeedsThem) {
    ASSERT_TRUE(release(2));
    const auto other = place("S-2", 9);  // every other mug
    ASSERT_TRUE(other) << other.error().message;

    const auto none_left = allocate_more(2);
    ASSERT_TRUE(orders_.cancel(admin_, *other, "customer changed their mind"));
    const auto beyond_the_line = allocate_more(3);
    const auto more = allocate_more(2);

    ASSERT_FALSE(none_left);
    EXPECT_EQ(none_left.error().code, core::ErrorCode::insufficient_stock);
    ASSERT_FALSE(beyond_the_line);
    EXPECT_EQ(beyond_the_line.error().fields.at(0).field, "quantity");
    ASSERT_TRUE(more) << more.error().message;
    EXPECT_EQ(allocation_rows(), (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(stored().lines.at(0).allocated, 3);
    EXPECT_EQ(reserved(), 3);
    expect_clean();
}

TEST_P(OrderStepsTest, UnitsReleasedAcrossSeveralAllocationRowsComeOffThemInOrder) {
    ASSERT_TRUE(release(2));
    ASSERT_TRUE(allocate_more(2));

    const auto released = release(3);

    ASSERT_TRUE(released) << released.error().message;
    EXPECT_TRUE(allocation_rows().empty());
    EXPECT_EQ(stored().lines.at(0).allocated, 0);
    EXPECT_EQ(reserved(), 0);
    expect_clean();
}

TEST_P(OrderStepsTest, OneStationAtATimeHasTheOrderInHand) {
    ASSERT_TRUE(in_tx([&](db::Tx& tx) { return OrderSteps::hold_at_station(tx, order_, 5); }));
    const auto other =
        in_tx([&](db::Tx& tx) { return OrderSteps::hold_at_station(tx, order_, 6); });
    const auto again =
        in_tx([&](db::Tx& tx) { return OrderSteps::hold_at_station(tx, order_, 5); });
    const auto let_go =
        in_tx([&](db::Tx& tx) { return OrderSteps::hold_at_station(tx, order_, 0); });
    const auto then = in_tx([&](db::Tx& tx) { return OrderSteps::hold_at_station(tx, order_, 6); });

    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, core::ErrorCode::conflict);
    EXPECT_TRUE(again);
    EXPECT_TRUE(let_go);
    EXPECT_TRUE(then);
}

INSTANTIATE_TEST_SUITE_P(Engines, OrderStepsTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally::orders
