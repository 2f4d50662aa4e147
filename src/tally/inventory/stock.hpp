#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/catalog/product.hpp"
#include "tally/core/clock.hpp"
#include "tally/identity/user.hpp"
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

// A product's stock in one warehouse, with its reorder point there when one is set.
struct StockAvailability {
    WarehouseId warehouse;
    std::int64_t on_hand = 0;
    std::int64_t available = 0;
    std::optional<std::int64_t> reorder_point;
};

// Why stock was adjusted: a fixed list, so shrinkage can be reported by cause.
enum class AdjustmentReason {
    count_correction,
    damaged_in_storage,
    damaged_in_inbound,
    expired,
    theft_loss,
    found,
    cycle_count,  // a variance found by a count task at a count station
};
inline constexpr AdjustmentReason kAdjustmentReasons[] = {
    AdjustmentReason::count_correction,   AdjustmentReason::damaged_in_storage,
    AdjustmentReason::damaged_in_inbound, AdjustmentReason::expired,
    AdjustmentReason::theft_loss,         AdjustmentReason::found,
    AdjustmentReason::cycle_count};

[[nodiscard]] std::string_view to_string(AdjustmentReason reason);
[[nodiscard]] std::optional<AdjustmentReason> parse_adjustment_reason(std::string_view text);

// "YYYY-MM-DD" that names a real day.
[[nodiscard]] bool valid_date(std::string_view text);

// Lots: 1-20 printable characters without spaces (GS1 AI 10 allows 20).
[[nodiscard]] bool valid_lot(std::string_view lot);

enum class Rotation { fifo, fefo };

// Stock of one product that a pick could take from.
struct StockCandidate {
    BinId bin;
    std::string bin_code;
    int pick_sequence = 0;
    std::string lot;
    std::optional<std::string> expiry;  // YYYY-MM-DD
    core::TimestampMs received_at = 0;
    std::int64_t quantity = 0;
};

// The order in which to offer stock. FEFO: earliest expiry first (none last), then FIFO.
// FIFO: oldest received first. Ties go to the lower pick sequence, then the bin code,
// so the walk through the warehouse stays short and the order is always the same.
[[nodiscard]] std::vector<StockCandidate> rotation_order(std::vector<StockCandidate> candidates,
                                                         Rotation rotation);

struct PickPlanLine {
    StockCandidate from;
    std::int64_t quantity = 0;
};

struct PickPlan {
    std::vector<PickPlanLine> lines;
    std::int64_t shortfall = 0;  // what the candidates could not cover
};

// Takes `quantity` from the candidates in rotation order.
[[nodiscard]] PickPlan plan_picks(const std::vector<StockCandidate>& candidates,
                                  std::int64_t quantity, Rotation rotation);

}  // namespace tally::inventory
