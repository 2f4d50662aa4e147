#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/identity/user.hpp"

namespace tally::fulfillment {

struct BatchInput {
    std::string warehouse;
    std::vector<std::int64_t> orders;  // these released orders, or
    int size = 0;                      // the oldest `size` released orders
};

struct Batch {
    std::int64_t id = 0;
    std::string warehouse;
    std::string status;
    core::TimestampMs created_at = 0;
    std::vector<std::pair<int, std::int64_t>> orders;  // slot (tote), order id
};

// Pick batches: released orders of one warehouse, one tote slot each, picked in one walk.
class BatchService {
  public:
    BatchService(db::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

    [[nodiscard]] core::Result<Batch> create_batch(const identity::Principal& actor,
                                                   const BatchInput& input);
    // A user scoped to a warehouse reads only its batches (forbidden for another's).
    [[nodiscard]] core::Result<Batch> get_batch(const identity::Principal& actor, std::int64_t id);

  private:
    db::Database& db_;
    const core::Clock& clock_;
};

}  // namespace tally::fulfillment
