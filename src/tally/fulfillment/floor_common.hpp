#pragma once

// Helpers every fulfillment service shares: scope checks, warehouse lookups, the station a
// request names, ledger entries and order status changes. Private to the module.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tally/core/clock.hpp"
#include "tally/core/error.hpp"
#include "tally/db/database.hpp"
#include "tally/events/bus.hpp"
#include "tally/fulfillment/fulfillment_repo.hpp"
#include "tally/identity/user.hpp"
#include "tally/inventory/stock_repo.hpp"
#include "tally/inventory/warehouse_repo.hpp"
#include "tally/orders/order.hpp"

namespace tally::fulfillment::detail {

inline constexpr core::TimestampMs kDayMs = 86'400'000;
inline constexpr std::size_t kMaxBarcode = 200;

// The date of `now` as YYYY-MM-DD (UTC).
[[nodiscard]] std::string today(core::TimestampMs now);

[[nodiscard]] inventory::LedgerEntry ledger(const identity::Principal& actor, core::TimestampMs now,
                                            inventory::StockKey key, std::int64_t delta,
                                            std::string kind, std::optional<std::string> reason,
                                            std::string reference);

[[nodiscard]] inventory::StockKey key_of(std::int64_t product, std::int64_t warehouse,
                                         std::int64_t bin, const std::string& lot);

// Moves the order's part in the warehouse (its shipment) from one status to the next, and the
// order with it, through orders' ShipmentService; conflict when either moved meanwhile.
[[nodiscard]] core::Status set_order_status(db::Tx& tx, const identity::Principal& actor,
                                            core::TimestampMs now, std::int64_t order,
                                            std::int64_t warehouse, orders::OrderStatus from,
                                            orders::OrderStatus to, const std::string& reason);
// The order's part in the warehouse is in hand at `station` (0 lets it go); false when another
// station has it.
[[nodiscard]] bool hold_order(db::Tx& tx, std::int64_t order, std::int64_t warehouse,
                              std::int64_t station);

// The order's label text (ORD-n), the reference its ledger rows carry.
[[nodiscard]] std::string order_ref(std::int64_t order);

// A station or similar code: 1-32 letters, digits, '-' or '_'.
[[nodiscard]] bool valid_code(std::string_view code);

// The warehouse with the code; invalid_argument naming `field` when there is none.
[[nodiscard]] core::Result<inventory::Warehouse> warehouse_named(db::Tx& tx,
                                                                 const std::string& code,
                                                                 const char* field);

// A warehouse filter: its id, nothing when no code is given, an error naming "warehouse" for an
// unknown code. A scoped actor's filter is their warehouse; naming another is forbidden.
[[nodiscard]] core::Result<std::optional<std::int64_t>> warehouse_filter(
    db::Tx& tx, const identity::Principal& actor, std::optional<std::string> code);

// The station with the code, locked for the scan's transaction: not_found for an unknown
// code, forbidden for a user scoped to another warehouse.
[[nodiscard]] core::Result<StationRow> station_for(db::Tx& tx, const identity::Principal& actor,
                                                   const std::string& code);

// Closes a trailer in the caller's transaction (defined with the trailers): its complete orders
// ship, their stock leaves the outbound bin and the books, and OrderShipped is published on
// `events` (nobody is told without one).
[[nodiscard]] core::Status ship_manifest(db::Tx& tx, events::Bus* events,
                                         const identity::Principal& actor, std::int64_t id,
                                         core::TimestampMs now);

}  // namespace tally::fulfillment::detail
