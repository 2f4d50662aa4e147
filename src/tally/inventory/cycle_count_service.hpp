#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/identity/user.hpp"
#include "tally/inventory/cycle_count.hpp"
#include "tally/inventory/cycle_count_repo.hpp"

namespace tally::inventory {

// What a count station counted of one product in one bin.
struct CountedStock {
    std::string warehouse;  // its code, for the scope check
    BinProduct where;
    bool lot_tracked = false;
    std::int64_t counted = 0;
    std::string reference;  // e.g. "count-task:12"
};

// What a count changed: the books before, the count, and the variance adjusted.
struct CountOutcome {
    std::int64_t booked = 0;
    std::int64_t counted = 0;
    [[nodiscard]] std::int64_t variance() const { return counted - booked; }
};

// Cycle counts: schedules per zone, and the stock adjustments a count makes (reason
// cycle_count, through the ledger). The operations that take a db::Tx run in the caller's
// transaction, so a count task and the stock it corrects change together or not at all.
class CycleCountService {
  public:
    CycleCountService(db::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

    // invalid_argument naming fields; not_found for an unknown warehouse; conflict (field
    // zone) when the zone has a schedule; forbidden outside the actor's warehouse. Writes the
    // recurring kRaiseCountsJob unless it is pending already.
    [[nodiscard]] core::Result<CountSchedule> create_schedule(const identity::Principal& actor,
                                                              const CountScheduleInput& input);
    // A scoped actor sees their warehouse's schedules only.
    [[nodiscard]] core::Result<std::vector<CountSchedule>> schedules(
        const identity::Principal& actor, const std::optional<std::string>& warehouse);

    // The products in bins of every schedule due at `now` (at most `limit` schedules), each
    // schedule moved on to its next due time: what the caller raises count tasks for.
    [[nodiscard]] std::vector<BinProduct> take_due(db::Tx& tx, core::TimestampMs now, int limit);

    // Brings the books of the product in the bin to the count: each lot's variance an
    // adjustment with reason cycle_count and its ledger row. insufficient_stock when the count
    // leaves less than is reserved for orders; invalid_argument (field counted) for a count
    // out of range or units of a lot-tracked product found where the bin holds no lot of it.
    [[nodiscard]] core::Result<CountOutcome> record_count(db::Tx& tx,
                                                          const identity::Principal& actor,
                                                          const CountedStock& count);

  private:
    db::Database& db_;
    const core::Clock& clock_;
};

}  // namespace tally::inventory
