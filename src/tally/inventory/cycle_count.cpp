#include "tally/inventory/cycle_count.hpp"

#include <algorithm>

namespace tally::inventory {

void validate_count_schedule(const CountScheduleInput& input, core::FieldErrors& errors) {
    if (input.zone.empty() || input.zone.size() > 32) {
        errors.add("zone", "must be 1 to 32 characters, a zone bins are given");
    }
    if (input.every_days < 1 || input.every_days > kMaxCountEveryDays) {
        errors.add("every_days", "must be a whole number of days from 1 to 366");
    }
    if (input.first_due_at && *input.first_due_at < 0) {
        errors.add("first_due_at", "must be a time after 1970");
    }
}

core::TimestampMs next_count_due(core::TimestampMs due, int every_days, core::TimestampMs now) {
    const core::TimestampMs step = std::clamp(every_days, 1, kMaxCountEveryDays) * kDayMs;
    if (due > now) {
        return due;
    }
    return due + ((now - due) / step + 1) * step;
}

std::vector<LotAdjustment> count_adjustments(const std::vector<BookedLot>& books,
                                             std::int64_t counted) {
    std::int64_t booked = 0;
    for (const auto& lot : books) {
        booked += lot.quantity;
    }
    std::vector<LotAdjustment> out;
    if (counted > booked) {
        out.push_back({books.empty() ? std::string() : books.back().lot, counted - booked});
        return out;
    }
    std::int64_t missing = booked - counted;
    for (const auto& lot : books) {
        if (missing == 0) {
            break;
        }
        const std::int64_t take = std::min(missing, lot.quantity);
        if (take > 0) {
            out.push_back({lot.lot, -take});
            missing -= take;
        }
    }
    return out;
}

}  // namespace tally::inventory
