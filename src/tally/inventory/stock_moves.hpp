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
#include "tally/inventory/stock.hpp"
#include "tally/inventory/warehouse.hpp"

namespace tally::inventory {

// Who changes stock, when and why: what each ledger row of a move records.
struct StockNote {
    core::TimestampMs at = 0;
    std::string actor;
    std::optional<identity::UserId> actor_id;
    std::string reference;  // ORD-12, a trailer, a receipt
    std::optional<std::string> reason;

    [[nodiscard]] static StockNote by(const identity::Principal& actor, core::TimestampMs at,
                                      std::string reference,
                                      std::optional<std::string> reason = std::nullopt);
};

// Stock changes another module makes inside its own transaction (fulfillment's picks and
// shipments, orders' reservations): the only way stock changes outside inventory. Each keeps
// the rules InventoryService keeps: nothing goes below zero or below what is reserved, every
// change of a stock row is a ledger row. The checks run before anything is written, except
// where said; on any error, return it so the caller's transaction rolls back.
class StockMoves {
  public:
    // Reserves units of a warehouse's available stock (on hand less reserved).
    // insufficient_stock when fewer are available; invalid_argument for a quantity below 1.
    [[nodiscard]] static core::Status reserve(db::Tx& tx, catalog::ProductId product,
                                              WarehouseId warehouse, std::int64_t quantity);
    // Gives a reservation back. conflict when fewer units are reserved: the books disagree.
    [[nodiscard]] static core::Status unreserve(db::Tx& tx, catalog::ProductId product,
                                                WarehouseId warehouse, std::int64_t quantity);
    // A product's availability per warehouse. With `lock` the rows stay locked until the
    // transaction ends on PostgreSQL; lock products in id order so that no two deadlock.
    [[nodiscard]] static std::vector<StockAvailability> available(db::Tx& tx,
                                                                  catalog::ProductId product,
                                                                  bool lock);

    // Moves units of one lot from its bin to another bin of the warehouse, as a pick (ledger
    // kind "pick") or a move ("move"): two ledger rows, the warehouse total unchanged. The lot
    // keeps its expiry. insufficient_stock when the bin holds fewer; invalid_argument (field
    // bin) when `to` is a bin of another warehouse.
    [[nodiscard]] static core::Status pick(db::Tx& tx, const StockKey& from, BinId to,
                                           std::int64_t quantity, const StockNote& note);
    [[nodiscard]] static core::Status move(db::Tx& tx, const StockKey& from, BinId to,
                                           std::int64_t quantity, const StockNote& note);
    // Units leave the warehouse (ledger kind "ship"): out of their bin and the warehouse's
    // on hand. Only unreserved units can leave: give the order's reservation back first.
    // insufficient_stock when the bin holds fewer or they are reserved.
    [[nodiscard]] static core::Status ship(db::Tx& tx, const StockKey& key, std::int64_t quantity,
                                           const StockNote& note);
    // Writes off up to `at_most` units the bin's books hold but its shelf does not (an
    // adjustment with the note's reason): what the row holds, at most. Returns how many.
    // insufficient_stock when they are reserved.
    [[nodiscard]] static core::Result<std::int64_t> write_off(db::Tx& tx, const StockKey& key,
                                                              std::int64_t at_most,
                                                              const StockNote& note);

    // What a row holds (0 when there is none).
    [[nodiscard]] static std::int64_t quantity(db::Tx& tx, const StockKey& key);
    // Stock of a product in the warehouse's storage bins that a pick may take from.
    [[nodiscard]] static std::vector<StockCandidate> candidates(db::Tx& tx,
                                                                catalog::ProductId product,
                                                                WarehouseId warehouse);
    [[nodiscard]] static std::vector<StockRow> rows(db::Tx& tx, const StockFilter& filter);
};

}  // namespace tally::inventory
