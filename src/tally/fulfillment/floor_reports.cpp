#include "tally/fulfillment/floor_reports.hpp"

#include <algorithm>

#include "tally/fulfillment/floor_common.hpp"

namespace tally::fulfillment {

namespace {

using namespace detail;

// Refusals that stop a wrong parcel: what the money-saved figure counts.
constexpr std::string_view kCaught[] = {"wrong_item",        "wrong_lot",     "over_quantity",
                                        "weight_mismatch",   "wrong_carrier", "not_packed",
                                        "duplicate_tracking"};

}  // namespace

core::Result<ScanReport> FloorReportService::scan_report(const identity::Principal& actor,
                                                         const ReportQuery& query) {
    const auto now = clock_.now_ms();
    ScanReport report;
    report.to = now + 1;
    report.from = now - 30 * kDayMs;
    if (query.from) {
        const auto parsed = core::parse_iso8601(*query.from);
        if (!parsed) {
            return core::invalid_field("from", "must be an ISO 8601 date or date-time");
        }
        report.from = *parsed;
    }
    if (query.to) {
        const auto parsed = core::parse_iso8601(*query.to);
        if (!parsed) {
            return core::invalid_field("to", "must be an ISO 8601 date or date-time");
        }
        report.to = *parsed;
    }
    return db_.read([&](db::Tx& tx) -> core::Result<ScanReport> {
        const auto wid_filter = warehouse_filter(tx, actor, query.warehouse);
        if (!wid_filter) {
            return std::unexpected(wid_filter.error());
        }
        const auto wid = wid_filter->value_or(0);
        const auto group = [&](const char* by) {
            return FulfillmentRepo::scan_groups(tx, by, report.from, report.to, wid);
        };
        report.by_step = group("step");
        report.by_verdict = group("verdict");
        report.by_user = group("actor");
        report.by_product = group("product");
        report.by_bin = group("bin");
        report.orders_with_exceptions = group("order");
        for (const auto& g : report.by_step) {
            report.scans += g.scans;
            report.keyed += g.keyed;
            report.errors += g.errors;
            report.units += g.units;
        }
        for (const auto& g : report.by_verdict) {
            if (std::ranges::find(kCaught, g.key) != std::end(kCaught)) {
                report.errors_caught += g.scans;
            }
        }
        report.errors_per_1000_units =
            report.units == 0
                ? 0.0
                : static_cast<double>(report.errors) * 1000.0 / static_cast<double>(report.units);
        const auto settings = settings_.read(tx);
        report.currency = settings.currency;
        report.money_saved = report.errors_caught * settings.cost_per_shipped_error;
        report.labour_cost =
            report.scans * settings.seconds_per_scan * settings.labour_rate_per_hour / 3600;
        return report;
    });
}

core::Result<Dashboard> FloorReportService::dashboard(const identity::Principal& actor,
                                                      const DashboardQuery& query) {
    constexpr std::int64_t kHourMs = 3'600'000;
    if (query.utc_offset_minutes < -14 * 60 || query.utc_offset_minutes > 14 * 60) {
        return core::invalid_field("utc_offset_minutes", "must be between -840 and 840");
    }
    Dashboard out;
    out.now = clock_.now_ms();
    out.utc_offset_minutes = query.utc_offset_minutes;
    out.warehouse = query.warehouse;
    const std::int64_t offset = std::int64_t{query.utc_offset_minutes} * 60'000;
    const auto local = out.now + offset;
    out.day_start = local - (local % kDayMs + kDayMs) % kDayMs - offset;
    out.hours_from = out.now - out.now % kHourMs - 23 * kHourMs;
    out.days_from = out.day_start - 13 * kDayMs;
    return db_.read([&](db::Tx& tx) -> core::Result<Dashboard> {
        const auto wid_filter = warehouse_filter(tx, actor, query.warehouse);
        if (!wid_filter) {
            return std::unexpected(wid_filter.error());
        }
        const auto wid = wid_filter->value_or(0);
        out.orders_by_status = FulfillmentRepo::orders_by_status(tx, out.day_start, wid);
        out.hours = FulfillmentRepo::scan_slots(tx, out.hours_from, kHourMs, wid);
        out.errors_by_step =
            FulfillmentRepo::scan_groups(tx, "station_kind", out.day_start, out.now + 1, wid);
        out.errors_by_user =
            FulfillmentRepo::scan_groups(tx, "actor", out.day_start, out.now + 1, wid);
        out.days = FulfillmentRepo::scan_slots(tx, out.days_from, kDayMs, wid);
        out.oldest_unshipped = FulfillmentRepo::oldest_open_orders(tx, wid, 10);
        return out;
    });
}

}  // namespace tally::fulfillment
