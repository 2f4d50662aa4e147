#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "tally/core/clock.hpp"
#include "tally/core/error.hpp"
#include "tally/db/database.hpp"
#include "tally/identity/user.hpp"

namespace tally::fulfillment {

// Settings of the weighing, the labels and the money figures of the scan report.
struct FulfillmentSettings {
    int weight_tolerance_percent = 5;
    int weight_tolerance_min_g = 30;
    int carton_padding_mm = 10;
    int sscc_extension = 0;
    std::string sscc_company_prefix = "0614141";
    std::int64_t cost_per_shipped_error = 2500;  // minor units
    int seconds_per_scan = 2;
    std::int64_t labour_rate_per_hour = 1800;  // minor units
    std::string currency = "EUR";
    int expiry_warning_days = 30;
    // A code keyed by hand is refused (supervisor_required) unless a supervisor approves it.
    bool keyed_entry_requires_supervisor = false;
};

// Settings from their stored text, with defaults for what is missing.
[[nodiscard]] FulfillmentSettings settings_from(const std::map<std::string, std::string>& stored);

// The fulfillment settings, read through a short cache timed with the injected clock: a
// save here is seen at once, a save on another node within kSettingsTtlMs.
class FulfillmentSettingsStore {
  public:
    static constexpr core::TimestampMs kSettingsTtlMs = 1000;

    FulfillmentSettingsStore(db::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

    [[nodiscard]] core::Result<FulfillmentSettings> settings();
    [[nodiscard]] core::Result<FulfillmentSettings> save_settings(
        const identity::Principal& actor, const std::map<std::string, std::string>& changes);
    // The settings inside a caller's transaction (from the cache while it is fresh).
    [[nodiscard]] FulfillmentSettings read(db::Tx& tx);

  private:
    void forget();

    db::Database& db_;
    const core::Clock& clock_;
    std::mutex mutex_;
    std::optional<FulfillmentSettings> cached_;
    core::TimestampMs read_at_ = 0;
};

}  // namespace tally::fulfillment
