#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "tally/db/database.hpp"
#include "tally/orders/shipment.hpp"

namespace tally::orders {

// All SQL for shipments (an order's part per warehouse) and the order settings.
class ShipmentRepo {
  public:
    // One released shipment per warehouse with units of the order not yet shipped; those
    // there already stay as they are.
    static void open(db::Tx& tx, OrderId order, core::TimestampMs now);
    static void delete_all(db::Tx& tx, OrderId order);
    // By warehouse id.
    [[nodiscard]] static std::vector<Shipment> of_order(db::Tx& tx, OrderId order);
    // Compare-and-set: false when the part is no longer in `from`.
    [[nodiscard]] static bool set_status(db::Tx& tx, OrderId order, std::int64_t warehouse,
                                         OrderStatus from, OrderStatus to, core::TimestampMs now);
    // Takes the part for a station (0: lets it go); false when another station has it.
    [[nodiscard]] static bool hold(db::Tx& tx, OrderId order, std::int64_t warehouse,
                                   std::int64_t station);
    // Orders whose part in the warehouse is released and not yet picked, oldest first.
    [[nodiscard]] static std::vector<OrderId> released_in(db::Tx& tx, std::int64_t warehouse,
                                                          std::int64_t after, int limit);
    // Backordered orders (not on hold) with units allocated in the warehouse, oldest first.
    [[nodiscard]] static std::vector<OrderId> backordered_in(db::Tx& tx, std::int64_t warehouse,
                                                             int limit);
    [[nodiscard]] static bool short_of_stock(db::Tx& tx, OrderId order);
    [[nodiscard]] static std::optional<OrderStatus> order_status(db::Tx& tx, OrderId order);

    [[nodiscard]] static PartialShipments partial_shipments(db::Tx& tx);
    static void save_partial_shipments(db::Tx& tx, PartialShipments setting);
};

}  // namespace tally::orders
