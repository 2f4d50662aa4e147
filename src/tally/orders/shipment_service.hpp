#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/core/error.hpp"
#include "tally/db/database.hpp"
#include "tally/identity/user.hpp"
#include "tally/orders/shipment.hpp"

namespace tally::orders {

// An order's shipments, one per warehouse, for the modules that work them (fulfillment's
// stations and trailers). Every operation joins the caller's transaction; the caller has
// checked the actor's role and warehouse scope.
class ShipmentService {
  public:
    // The order's parts by warehouse id; empty before it is released.
    [[nodiscard]] static std::vector<Shipment> of_order(db::Tx& tx, OrderId order);
    [[nodiscard]] static std::optional<Shipment> find(db::Tx& tx, OrderId order,
                                                      std::int64_t warehouse);
    // Moves the warehouse's part from `from` to `to` (compare-and-set) and the order with it
    // through the life-cycle table (see order_status_of), with the order's event when its
    // status changes. invalid_transition when the part cannot move so or the order is held,
    // cancelled or an exception; conflict when either changed meanwhile.
    [[nodiscard]] static core::Status advance(db::Tx& tx, const identity::Principal& actor,
                                              OrderId order, std::int64_t warehouse,
                                              OrderStatus from, OrderStatus to,
                                              const std::string& reason, core::TimestampMs now);
    // Takes the part for a station (0 lets it go); false when another station has it.
    [[nodiscard]] static bool hold(db::Tx& tx, OrderId order, std::int64_t warehouse,
                                   std::int64_t station);
};

}  // namespace tally::orders
