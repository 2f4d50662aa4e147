#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/inventory/warehouse.hpp"

namespace tally::inventory {

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
