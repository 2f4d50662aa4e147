#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/fulfillment/fulfillment_repo.hpp"
#include "tally/fulfillment/settings.hpp"
#include "tally/identity/user.hpp"
#include "tally/inventory/stock_repo.hpp"

namespace tally::fulfillment {

// The floor's stock work lists: count tasks (raised by short picks) and the rotation list of
// stock expiring soon. A user scoped to a warehouse reads only its lists.
class StockTaskService {
  public:
    StockTaskService(db::Database& db, const core::Clock& clock, FulfillmentSettingsStore& settings)
        : db_(db), clock_(clock), settings_(settings) {}

    [[nodiscard]] core::Result<std::vector<CountTaskRow>> count_tasks(
        const identity::Principal& actor, const std::optional<std::string>& warehouse,
        const std::string& status, std::int64_t after, int limit);
    // Expiry-tracked stock expiring within `days` (the warning days by default), soonest first.
    [[nodiscard]] core::Result<std::vector<inventory::StockRow>> rotation_list(
        const identity::Principal& actor, const std::optional<std::string>& warehouse,
        std::optional<int> days);

  private:
    db::Database& db_;
    const core::Clock& clock_;
    FulfillmentSettingsStore& settings_;
};

}  // namespace tally::fulfillment
