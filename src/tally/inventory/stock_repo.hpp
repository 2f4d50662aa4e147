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

// One stock row's identity: a product's lot in a bin ('' when not lot-tracked).
struct StockKey {
    catalog::ProductId product;
    WarehouseId warehouse;
    BinId bin;
    std::string lot;
};

struct LedgerEntry {
    core::TimestampMs at = 0;
    StockKey key;
    std::int64_t delta = 0;
    std::string kind;  // receipt, move, adjustment, pick, return, ship
    std::optional<std::string> reason;
    std::string reference;
    std::string actor;
    std::optional<identity::UserId> actor_id;
};

// A product's totals in one warehouse.
struct StockLevel {
    std::string warehouse;
    std::string sku;
    std::int64_t on_hand = 0;
    std::int64_t reserved = 0;
    [[nodiscard]] std::int64_t available() const { return on_hand - reserved; }
};

// One stock row as listed: where, what, which lot, how many.
struct StockRow {
    std::int64_t id = 0;
    std::string warehouse;
    std::string bin;
    std::string sku;
    std::string name;
    std::string lot;
    std::optional<std::string> expiry;
    core::TimestampMs received_at = 0;
    std::int64_t quantity = 0;
};

struct StockFilter {
    std::optional<catalog::ProductId> product;
    std::optional<WarehouseId> warehouse;
    std::optional<BinId> bin;
    std::optional<std::string> lot;
    std::optional<std::string> expires_before;  // YYYY-MM-DD, exclusive
    std::int64_t after = 0;
    int limit = 100;
};

struct Threshold {
    std::string sku;
    std::string warehouse;
    int reorder_point = 0;
    int safety_stock = 0;
    int lead_time_days = 0;
};

// All SQL for stock rows, per-warehouse totals, the ledger and replenishment thresholds.
// Decrements are conditional updates: they report false instead of going below zero.
class StockRepo {
  public:
    // Adds to the row (creating it); keeps the first received time and a known expiry.
    static void add(db::Tx& tx, const StockKey& key, const std::optional<std::string>& expiry,
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
    struct Available {
        WarehouseId warehouse;
        std::int64_t on_hand = 0;
        std::int64_t available = 0;
        std::optional<std::int64_t> reorder_point;
    };
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
