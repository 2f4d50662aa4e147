#include "tally/orders/shipment.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace tally::orders {
namespace {

using S = OrderStatus;

S of(std::vector<S> parts, bool short_of_stock = false) {
    return order_status_of(parts, short_of_stock);
}

TEST(OrderStatusOfShipments, OnePartIsTheOrder) {
    for (const auto status :
         {S::released, S::picking, S::picked, S::packing, S::packed, S::staged, S::shipped}) {
        EXPECT_EQ(of({status}), status) << to_string(status);
    }
}

TEST(OrderStatusOfShipments, AnOrderIsAsFarAsItsFurthestPartUntilOneShips) {
    EXPECT_EQ(of({S::released, S::picking}), S::picking);
    EXPECT_EQ(of({S::staged, S::released}), S::staged);
    EXPECT_EQ(of({S::packed, S::picked}), S::packed);
}

TEST(OrderStatusOfShipments, IsPartlyShippedUntilEveryPartHasLeft) {
    EXPECT_EQ(of({S::shipped, S::released}), S::partially_shipped);
    EXPECT_EQ(of({S::staged, S::shipped}), S::partially_shipped);
    EXPECT_EQ(of({S::shipped, S::shipped}), S::shipped);
}

TEST(OrderStatusOfShipments, UnitsWaitingForStockKeepItPartlyShipped) {
    EXPECT_EQ(of({S::shipped}, true), S::partially_shipped);
    EXPECT_EQ(of({S::shipped, S::shipped}, true), S::partially_shipped);
    EXPECT_EQ(of({S::staged}, true), S::staged);
}

TEST(OrderStatusOfShipments, EveryMoveOfAPartIsAMoveOfTheLifeCycleOrNone) {
    // A part moves one step at a time; the order must follow through the table.
    const std::vector<S> steps = {S::released, S::picking, S::picked, S::packing,
                                  S::packed,   S::staged,  S::shipped};
    for (std::size_t a = 0; a + 1 < steps.size(); ++a) {
        for (std::size_t b = 0; b < steps.size(); ++b) {
            for (const bool short_of_stock : {false, true}) {
                const auto before = of({steps[a], steps[b]}, short_of_stock);
                const auto after = of({steps[a + 1], steps[b]}, short_of_stock);
                EXPECT_TRUE(before == after || can_transition(before, after))
                    << to_string(steps[a]) << "+" << to_string(steps[b]) << ": "
                    << to_string(before) << " -> " << to_string(after);
            }
        }
    }
}

TEST(PartialShipments, NamesRoundTrip) {
    EXPECT_EQ(parse_partial_shipments("wait"), PartialShipments::wait);
    EXPECT_EQ(parse_partial_shipments(to_string(PartialShipments::ship_available)),
              PartialShipments::ship_available);
    EXPECT_FALSE(parse_partial_shipments("ship"));
}

}  // namespace
}  // namespace tally::orders
