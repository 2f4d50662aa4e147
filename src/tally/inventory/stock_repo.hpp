#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tally/catalog/product.hpp"
#include "tally/db/database.hpp"
#include "tally/identity/user.hpp"
#include "tally/inventory/stock.hpp"
#include "tally/inventory/warehouse.hpp"

namespace tally::inventory {

// All SQL for stock rows, per-warehouse totals, the ledger and replenishment thresholds.
// Decrements are conditional updates: they report false instead of going below zero.
class StockRepo {
  public:
    // Adds to the row (creating it); keeps the first received time and a known expiry.
    static void add(db::Tx& tx, const StockKey& key, const std::optional<std::string>& expiry,
                    core::TimestampMs received_at, std::int64_t quantity);
    // Adds to `to` what is moved out of `from`, with that row's expiry; false when `from` is
    // not there or `to` is a bin of another warehouse.
    [[nodiscard]] static bool add_from(db::Tx& tx, const StockKey& from, BinId to,
                                       core::TimestampMs received_at, std::int64_t quantity);
    [[nodiscard]] static bool take(db::Tx& tx, const StockKey& key, std::int64_t quantity);
    static void add_on_hand(db::Tx& tx, catalog::ProductId product, WarehouseId warehouse,
                            std::int64_t quantity);
    // Only what is not reserved can leave.
    [[nodiscard]] static bool take_on_hand(db::Tx& tx, catalog::ProductId product,
                                           WarehouseId warehouse, std::int64_t quantity);
    static void append_ledger(db::Tx& tx, const LedgerEntry& entry);

    // Reserves only what is available (on hand less reserved): false when it is not there.
    [[nodiscard]] static bool reserve(db::Tx& tx, catalog::ProductId product, WarehouseId warehouse,
                                      std::int64_t quantity);
    // Gives a reservation back; false when less than `quantity` is reserved.
    [[nodiscard]] static bool unreserve(db::Tx& tx, catalog::ProductId product,
                                        WarehouseId warehouse, std::int64_t quantity);
    using Available = StockAvailability;
    // A product's availability per warehouse, with its reorder point there when one is set.
    // With `lock` on PostgreSQL the stock rows stay locked until the transaction ends
    // (SELECT ... FOR UPDATE); callers lock products in id order so they never deadlock.
    [[nodiscard]] static std::vector<Available> available(db::Tx& tx, catalog::ProductId product,
                                                          bool lock);

    [[nodiscard]] static std::int64_t quantity(db::Tx& tx, const StockKey& key);
    [[nodiscard]] static std::optional<std::string> lot_expiry(db::Tx& tx,
                                                               catalog::ProductId product,
                                                               const std::string& lot);
    [[nodiscard]] static std::vector<StockLevel> levels(db::Tx& tx, catalog::ProductId product);
    // Every active product's SKU with its units available in all warehouses together.
    [[nodiscard]] static std::vector<std::pair<std::string, std::int64_t>> available_by_sku(
        db::Tx& tx);
    [[nodiscard]] static std::vector<StockRow> rows(db::Tx& tx, const StockFilter& filter);
    [[nodiscard]] static std::vector<StockCandidate> candidates(db::Tx& tx,
                                                                catalog::ProductId product,
                                                                WarehouseId warehouse);

    static void save_threshold(db::Tx& tx, catalog::ProductId product, WarehouseId warehouse,
                               const Threshold& threshold, core::TimestampMs now);
    [[nodiscard]] static std::vector<Threshold> thresholds(
        db::Tx& tx, std::optional<catalog::ProductId> product);

    // Every way stock disagrees with its ledger or its totals, one line each.
    [[nodiscard]] static std::vector<std::string> fsck(db::Tx& tx);
};

}  // namespace tally::inventory
