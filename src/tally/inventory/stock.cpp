#include "tally/inventory/stock.hpp"

#include <algorithm>
#include <chrono>
#include <tuple>

namespace tally::inventory {

std::string_view to_string(AdjustmentReason reason) {
    switch (reason) {
        case AdjustmentReason::count_correction:
            return "count_correction";
        case AdjustmentReason::damaged_in_storage:
            return "damaged_in_storage";
        case AdjustmentReason::damaged_in_inbound:
            return "damaged_in_inbound";
        case AdjustmentReason::expired:
            return "expired";
        case AdjustmentReason::theft_loss:
            return "theft_loss";
        case AdjustmentReason::found:
            return "found";
        case AdjustmentReason::cycle_count:
            return "cycle_count";
    }
    return "count_correction";
}

std::optional<AdjustmentReason> parse_adjustment_reason(std::string_view text) {
    for (const auto reason : kAdjustmentReasons) {
        if (to_string(reason) == text) {
            return reason;
        }
    }
    return std::nullopt;
}

bool valid_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return false;
    }
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8};
    const std::size_t lengths[3] = {4, 2, 2};
    for (int p = 0; p < 3; ++p) {
        for (std::size_t i = 0; i < lengths[p]; ++i) {
            const char c = text[starts[p] + i];
            if (c < '0' || c > '9') {
                return false;
            }
            parts[p] = parts[p] * 10 + (c - '0');
        }
    }
    const std::chrono::year_month_day day{std::chrono::year{parts[0]},
                                          std::chrono::month{static_cast<unsigned>(parts[1])},
                                          std::chrono::day{static_cast<unsigned>(parts[2])}};
    return day.ok();
}

bool valid_lot(std::string_view lot) {
    return !lot.empty() && lot.size() <= 20 &&
           std::ranges::all_of(lot, [](char c) { return c > ' ' && c < 127; });
}

std::vector<StockCandidate> rotation_order(std::vector<StockCandidate> candidates,
                                           Rotation rotation) {
    auto fifo_key = [](const StockCandidate& c) {
        return std::tie(c.received_at, c.pick_sequence, c.bin_code, c.lot);
    };
    std::ranges::stable_sort(candidates, [&](const StockCandidate& a, const StockCandidate& b) {
        if (rotation == Rotation::fefo && a.expiry != b.expiry) {
            if (!a.expiry || !b.expiry) {
                return a.expiry.has_value();  // a dated lot goes before an undated one
            }
            return *a.expiry < *b.expiry;  // ISO dates sort as text
        }
        return fifo_key(a) < fifo_key(b);
    });
    return candidates;
}

PickPlan plan_picks(const std::vector<StockCandidate>& candidates, std::int64_t quantity,
                    Rotation rotation) {
    PickPlan plan;
    std::int64_t left = quantity;
    for (const auto& candidate : rotation_order(candidates, rotation)) {
        if (left <= 0) {
            break;
        }
        if (candidate.quantity <= 0) {
            continue;
        }
        const std::int64_t take = std::min(left, candidate.quantity);
        plan.lines.push_back({candidate, take});
        left -= take;
    }
    plan.shortfall = std::max<std::int64_t>(left, 0);
    return plan;
}

}  // namespace tally::inventory
