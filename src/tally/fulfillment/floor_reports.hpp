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

namespace tally::fulfillment {

struct ReportQuery {
    std::optional<std::string> from;  // ISO 8601 date or date-time; default: 30 days ago
    std::optional<std::string> to;    // exclusive; default: now
    std::optional<std::string> warehouse;
};

struct ScanReport {
    core::TimestampMs from = 0;
    core::TimestampMs to = 0;
    std::int64_t scans = 0;          // every entry, scanned or keyed
    std::int64_t keyed = 0;          // of them, codes typed by hand
    std::int64_t errors = 0;         // refused scans of every kind
    std::int64_t errors_caught = 0;  // refusals that stopped a wrong shipment
    std::int64_t units = 0;          // units confirmed by accepted scans
    double errors_per_1000_units = 0;
    std::vector<ScanGroup> by_step;
    std::vector<ScanGroup> by_verdict;
    std::vector<ScanGroup> by_user;
    std::vector<ScanGroup> by_product;
    std::vector<ScanGroup> by_bin;
    std::vector<ScanGroup> orders_with_exceptions;
    std::string currency;
    std::int64_t money_saved = 0;  // errors_caught × cost per shipped error
    std::int64_t labour_cost = 0;  // scans × seconds per scan × labour rate
};

struct DashboardQuery {
    std::optional<std::string> warehouse;
    int utc_offset_minutes = 0;  // the viewer's time zone, for where "today" begins
};

// The operations dashboard: today's orders by status, the last 24 hours of throughput,
// today's scan errors by station kind and by user, 14 days of error rates, and the oldest
// orders not yet shipped.
struct Dashboard {
    core::TimestampMs now = 0;
    core::TimestampMs day_start = 0;  // today's midnight in the viewer's time zone
    int utc_offset_minutes = 0;
    std::optional<std::string> warehouse;
    std::vector<KeyCount> orders_by_status;
    core::TimestampMs hours_from = 0;  // the first of 24 whole hours
    std::vector<HourFigures> hours;    // sparse: slots with no activity are left out
    std::vector<ScanGroup> errors_by_step;
    std::vector<ScanGroup> errors_by_user;
    core::TimestampMs days_from = 0;  // the first of 14 days
    std::vector<HourFigures> days;    // sparse, slot = day
    std::vector<OpenOrder> oldest_unshipped;
};

// What the floor's scans add up to: the scan report and the operations dashboard. A user
// scoped to a warehouse reads only its figures.
class FloorReportService {
  public:
    FloorReportService(db::Database& db, const core::Clock& clock,
                       FulfillmentSettingsStore& settings)
        : db_(db), clock_(clock), settings_(settings) {}

    [[nodiscard]] core::Result<ScanReport> scan_report(const identity::Principal& actor,
                                                       const ReportQuery& query);
    // invalid_argument naming utc_offset_minutes beyond ±14 hours, or an unknown warehouse.
    [[nodiscard]] core::Result<Dashboard> dashboard(const identity::Principal& actor,
                                                    const DashboardQuery& query);

  private:
    db::Database& db_;
    const core::Clock& clock_;
    FulfillmentSettingsStore& settings_;
};

}  // namespace tally::fulfillment
