#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tally/catalog/product.hpp"
#include "tally/core/clock.hpp"
#include "tally/core/error.hpp"
#include "tally/db/database.hpp"
#include "tally/identity/user.hpp"
#include "tally/inventory/warehouse.hpp"
#include "tally/orders/order.hpp"

namespace tally::orders {

// Changes of an order that another module makes inside its own transaction (fulfillment
// picking, packing and shipping it): the only way order data changes outside orders. Status
// moves follow the life-cycle table (can_transition); allocations and their reservations change
// together. On any error, return it so the caller's transaction rolls back.
class OrderSteps {
  public:
    // The whole order (lines, allocations, events), or nothing.
    [[nodiscard]] static std::optional<Order> find(db::Tx& tx, OrderId id);
    // Released orders with units reserved in the warehouse, oldest first, ids above `after`.
    [[nodiscard]] static std::vector<OrderId> released_in(db::Tx& tx,
                                                          inventory::WarehouseId warehouse,
                                                          std::int64_t after, int limit);

    // Moves the order from `from` to `to` (compare-and-set) with its event and reason.
    // invalid_transition when the life-cycle table has no such move; conflict when the order
    // is no longer in `from`.
    [[nodiscard]] static core::Status transition(db::Tx& tx, const identity::Principal& actor,
                                                 core::TimestampMs now, OrderId order,
                                                 OrderStatus from, OrderStatus to,
                                                 const std::string& reason);

    // Marks the order as in hand at a station (0: at none). conflict when another station
    // has it in hand.
    [[nodiscard]] static core::Status hold_at_station(db::Tx& tx, OrderId order,
                                                      std::int64_t station);

    // Gives back units of a line allocated in a warehouse that cannot be picked there: off
    // the allocation, the line's allocated count and the warehouse's reservation.
    // conflict when the line has fewer allocated there or fewer are reserved.
    [[nodiscard]] static core::Status release_units(db::Tx& tx, OrderId order, std::int64_t line,
                                                    catalog::ProductId product,
                                                    inventory::WarehouseId warehouse,
                                                    std::int64_t quantity);
    // Reserves more units of a line in a warehouse and allocates them to it.
    // insufficient_stock when fewer are available there, having written nothing (so a caller
    // may go on without them); invalid_argument (field quantity) when the line would have
    // more allocated than it ordered.
    [[nodiscard]] static core::Status allocate_more(db::Tx& tx, OrderId order, std::int64_t line,
                                                    catalog::ProductId product,
                                                    inventory::WarehouseId warehouse,
                                                    std::int64_t quantity);
    // The order's allocations in the warehouse have left on a trailer. Their reservation is
    // the caller's to give back (StockMoves::unreserve) before the stock ships.
    static void mark_shipped(db::Tx& tx, OrderId order, inventory::WarehouseId warehouse);
};

}  // namespace tally::orders
