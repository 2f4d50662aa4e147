#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/fulfillment/station.hpp"

namespace tally::fulfillment {

// One open count task, with what a count of it needs.
struct CountTaskFacts {
    std::int64_t id = 0;
    std::int64_t warehouse_id = 0;
    std::string warehouse;  // its code
    std::int64_t bin_id = 0;
    std::int64_t product_id = 0;
    bool lot_tracked = false;
};

// The SQL of count tasks as count stations and schedules work them.
class CountTaskRepo {
  public:
    // Bins of the warehouse with open count tasks (id, code), the oldest task's first.
    [[nodiscard]] static std::vector<std::pair<std::int64_t, std::string>> open_bins(
        db::Tx& tx, std::int64_t warehouse, int limit);
    [[nodiscard]] static std::string bin_code(db::Tx& tx, std::int64_t bin);
    // The bin's open tasks, one per product (the oldest when a product has two).
    [[nodiscard]] static std::vector<CountTaskLine> open_in_bin(db::Tx& tx, std::int64_t bin);
    [[nodiscard]] static std::optional<CountTaskFacts> open_task(db::Tx& tx, std::int64_t id);
    // Every open task of the product in the bin is done: false when none was open.
    [[nodiscard]] static bool close(db::Tx& tx, std::int64_t bin, std::int64_t product);
    // A task unless the product in the bin has an open one; true when one was written.
    static bool insert_unless_open(db::Tx& tx, std::int64_t warehouse, std::int64_t bin,
                                   std::int64_t product, const std::string& reason,
                                   core::TimestampMs now);
};

}  // namespace tally::fulfillment
