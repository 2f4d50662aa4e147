#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/core/error.hpp"
#include "tally/core/strong_id.hpp"

namespace tally::inventory {

using CountScheduleId = core::StrongId<struct CountScheduleIdTag>;

inline constexpr int kMaxCountEveryDays = 366;
inline constexpr core::TimestampMs kDayMs = 24LL * 60 * 60 * 1000;
// The most units one count may report for a product in a bin.
inline constexpr std::int64_t kMaxCountedUnits = 1'000'000;
// The recurring job that raises the count tasks of due schedules, and how often it looks.
inline constexpr const char* kRaiseCountsJob = "cycle_counts.raise";
inline constexpr core::TimestampMs kRaiseCountsEveryMs = 15 * 60 * 1000;

struct CountScheduleInput {
    std::string warehouse;
    std::string zone;  // the bins' zone, as bins are given one (1-32 characters)
    int every_days = 0;
    std::optional<core::TimestampMs> first_due_at;  // default: now
};

// A cycle count of every bin of a zone that holds stock, every `every_days` days.
struct CountSchedule {
    CountScheduleId id;
    std::string warehouse;  // its code
    std::string zone;
    int every_days = 0;
    core::TimestampMs next_due_at = 0;
    std::optional<core::TimestampMs> last_raised_at;
    std::string created_by;
    core::TimestampMs created_at = 0;
};

// Zone 1-32 characters; every_days 1-366; first_due_at not negative.
void validate_count_schedule(const CountScheduleInput& input, core::FieldErrors& errors);

// When a schedule due at `due` is next due once its tasks are raised at `now`: the first
// step of `every_days` after `now`, so a node that was down for weeks raises them once.
[[nodiscard]] core::TimestampMs next_count_due(core::TimestampMs due, int every_days,
                                               core::TimestampMs now);

// One lot of a product in a bin as the books have it, in the order a pick takes them.
struct BookedLot {
    std::string lot;
    std::int64_t quantity = 0;
};

struct LotAdjustment {
    std::string lot;
    std::int64_t delta = 0;  // signed

    friend bool operator==(const LotAdjustment&, const LotAdjustment&) = default;
};

// The adjustments that bring the books of a product in a bin to what was counted: a shortage
// is taken from the lots in pick order (the next pick must not be sent to units that are not
// there), a surplus goes to the last lot (the newest) or to lot '' when the bin had none.
// Empty when the count agrees with the books.
[[nodiscard]] std::vector<LotAdjustment> count_adjustments(const std::vector<BookedLot>& books,
                                                           std::int64_t counted);

}  // namespace tally::inventory
