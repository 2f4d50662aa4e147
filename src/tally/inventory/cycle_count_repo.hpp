#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tally/catalog/product.hpp"
#include "tally/db/database.hpp"
#include "tally/inventory/cycle_count.hpp"
#include "tally/inventory/warehouse.hpp"

namespace tally::inventory {

// A stock row a count covers: a product in a bin.
struct BinProduct {
    WarehouseId warehouse;
    BinId bin;
    catalog::ProductId product;
};

// All SQL for count schedules, and the stock reads a count needs.
class CycleCountRepo {
  public:
    [[nodiscard]] static CountScheduleId insert_schedule(db::Tx& tx, WarehouseId warehouse,
                                                         const CountScheduleInput& input,
                                                         core::TimestampMs next_due_at,
                                                         const std::string& created_by,
                                                         core::TimestampMs now);
    [[nodiscard]] static std::vector<CountSchedule> schedules(db::Tx& tx,
                                                              std::optional<WarehouseId> warehouse);
    struct Due {
        CountSchedule schedule;
        WarehouseId warehouse;
    };
    // Schedules due at `now`, the longest due first, at most `limit`.
    [[nodiscard]] static std::vector<Due> due(db::Tx& tx, core::TimestampMs now, int limit);
    // Compare-and-set on the due time: false when another node moved it first.
    [[nodiscard]] static bool advance(db::Tx& tx, CountScheduleId id, core::TimestampMs due,
                                      core::TimestampMs next_due, core::TimestampMs now);
    // Products with stock in the zone's active storage bins, by bin pick sequence.
    [[nodiscard]] static std::vector<BinProduct> stocked_in_zone(db::Tx& tx, WarehouseId warehouse,
                                                                 const std::string& zone);
    // The lots of a product in a bin that hold units, in pick order (FEFO, then FIFO).
    [[nodiscard]] static std::vector<BookedLot> booked_lots(db::Tx& tx, const BinProduct& where);
};

}  // namespace tally::inventory
