#pragma once

#include <cstdint>

#include "tally/db/database.hpp"
#include "tally/orders/order.hpp"

namespace tally::orders {

// The SQL of OrderSteps: a line's allocation in one warehouse shrinking or growing, a
// warehouse's part shipped, the station holding an order.
class OrderStepsRepo {
  public:
    // Takes `quantity` off the line's allocation rows in the warehouse (dropping emptied rows)
    // and its allocated count. False, changing nothing, when the rows hold fewer.
    [[nodiscard]] static bool reduce_allocation(db::Tx& tx, std::int64_t line,
                                                std::int64_t warehouse, std::int64_t quantity);
    // Adds to the line's allocated count; false when that would be more than it ordered.
    [[nodiscard]] static bool grow_line(db::Tx& tx, std::int64_t line, std::int64_t quantity);
    static void insert_allocation(db::Tx& tx, OrderId order, std::int64_t line,
                                  std::int64_t product, std::int64_t warehouse,
                                  std::int64_t quantity);
    static void mark_shipped(db::Tx& tx, OrderId order, std::int64_t warehouse);
    // False when another station holds the order.
    [[nodiscard]] static bool hold_at_station(db::Tx& tx, OrderId order, std::int64_t station);
};

}  // namespace tally::orders
