#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tally/catalog/catalog_service.hpp"
#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/events/bus.hpp"
#include "tally/fulfillment/fulfillment_events.hpp"
#include "tally/fulfillment/fulfillment_repo.hpp"
#include "tally/fulfillment/label_printer.hpp"
#include "tally/fulfillment/station.hpp"
#include "tally/identity/user.hpp"
#include "tally/inventory/stock_repo.hpp"
#include "tally/shipping/shipping_service.hpp"

namespace tally::fulfillment {

struct StationInput {
    std::string code;
    std::string type;  // pick, pack, load
    std::string warehouse;
};

// A station as the API shows it: where it is, who scanned last, and the step it waits for.
struct StationStatus {
    std::int64_t id = 0;
    std::string code;
    StationKind kind = StationKind::pick;
    std::string warehouse;
    std::optional<std::string> user;
    StationState state;
    Instruction next;
    Progress progress;
    core::TimestampMs updated_at = 0;
};

struct ScanInput {
    std::string barcode;
    std::optional<int> weight_g;
    std::optional<std::string> scan_id;
    std::optional<core::TimestampMs> scanned_at;
    Entry entry = Entry::scan;
    // A short pick's reason (CMD-SHORT needs one), or why a keyed code is approved; at most
    // kMaxShortReason characters.
    std::optional<std::string> reason;
    // The supervisor (a manager or admin, credentials verified by the caller) who approves a
    // keyed code when keyed_entry_requires_supervisor is on.
    std::optional<std::string> approved_by;
};

// The answer to one scan: the verdict, what the step expected, where the job stands and the
// instruction to show next.
struct ScanAnswer {
    std::string station;
    Verdict verdict = Verdict::ok;
    std::string message;
    std::string step;  // the step the scan was judged at
    Instruction expected;
    Progress progress;
    Instruction next;
};

struct ScanRequest {
    ScanInput input;
    // Renders the answer as stored with the scan, in the same transaction, so a repeated
    // scan_id gets exactly the first answer.
    std::function<std::string(const ScanAnswer&)> render;
};

struct ScanReply {
    std::string body;
    bool replayed = false;
};

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

struct ManifestInput {
    std::string carrier;
    std::string warehouse;
};

struct Manifest {
    ManifestRow row;
    std::int64_t loaded = 0;
    std::vector<std::string> missing;  // SSCCs staged for the carrier and not loaded
};

struct DamageInput {
    std::string barcode;
    std::string reason;  // one of kDamageReasons
    std::optional<std::string>
        bin;  // where the unit lies; the task's bin or outbound bin when empty
};

inline constexpr std::string_view kDamageReasons[] = {"crushed", "torn",    "wet",
                                                      "broken",  "expired", "other"};

struct DamageReport {
    std::string sku;
    std::string from_bin;
    std::string to_bin;
    std::string reason;
};

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

// What left the building for one order on one trailer: its cartons and what each held.
struct ShippedCarton {
    std::string sscc;
    std::optional<std::string> tracking;
    std::vector<std::pair<std::string, std::int64_t>> items;  // SKU, units
};
struct Shipment {
    std::int64_t order_id = 0;
    std::int64_t manifest_id = 0;
    std::string warehouse;
    std::string carrier;  // code
    std::string carrier_name;
    std::string tracking_url;  // the carrier's template with {tracking}; may be empty
    std::vector<ShippedCarton> cartons;
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

// The scan-driven floor: stations, pick batches, cartons, trailer manifests, the scan log and
// its report, damage flags, count tasks and the rotation list. Each scan is one transaction:
// the station's step, the stock moves and the scan log row commit together.
class FulfillmentService {
  public:
    FulfillmentService(db::Database& db, const core::Clock& clock, catalog::CatalogService& catalog,
                       shipping::ShippingService& shipping)
        : db_(db), clock_(clock), catalog_(catalog), shipping_(shipping) {}

    [[nodiscard]] core::Result<StationStatus> create_station(const identity::Principal& actor,
                                                             const StationInput& input);
    // Reads take the actor: a user scoped to a warehouse reads only that warehouse's stations,
    // batches, trailers, cartons, labels, reports and tasks (forbidden for another's; a list
    // without a warehouse is theirs).
    [[nodiscard]] core::Result<std::vector<StationStatus>> list_stations(
        const identity::Principal& actor, const std::optional<std::string>& warehouse);
    [[nodiscard]] core::Result<StationStatus> get_station(const identity::Principal& actor,
                                                          const std::string& code);

    // Judges the scan, applies what it changes and logs it, in one transaction. A refused scan
    // is an answer (a verdict), not an error; errors are for a bad request, an unknown station,
    // or a user scoped to another warehouse (forbidden). A repeated scan_id returns the stored
    // answer and changes nothing; a scan_id used at another station is a conflict.
    [[nodiscard]] core::Result<ScanReply> scan(const identity::Principal& actor,
                                               const std::string& station,
                                               const ScanRequest& request);
    // A supervisor accepts the weight refused at a pack station's weighing, with a reason.
    [[nodiscard]] core::Result<ScanReply> override_weight(
        const identity::Principal& actor, const std::string& station, const std::string& reason,
        const std::function<std::string(const ScanAnswer&)>& render);
    // A damaged unit leaves sellable stock for the warehouse's damage bin, through the ledger.
    [[nodiscard]] core::Result<DamageReport> flag_damage(const identity::Principal& actor,
                                                         const std::string& station,
                                                         const DamageInput& input);

    [[nodiscard]] core::Result<Batch> create_batch(const identity::Principal& actor,
                                                   const BatchInput& input);
    [[nodiscard]] core::Result<Batch> get_batch(const identity::Principal& actor, std::int64_t id);

    [[nodiscard]] core::Result<Manifest> create_manifest(const identity::Principal& actor,
                                                         const ManifestInput& input);
    [[nodiscard]] core::Result<Manifest> get_manifest(const identity::Principal& actor,
                                                      std::int64_t id);
    [[nodiscard]] core::Result<std::vector<Manifest>> list_manifests(
        const identity::Principal& actor, const std::optional<std::string>& warehouse,
        const std::optional<std::string>& status, std::int64_t after, int limit);
    // Closes the trailer and ships its orders; invalid_transition while staged cartons for
    // the carrier are not on it.
    [[nodiscard]] core::Result<Manifest> close_manifest(const identity::Principal& actor,
                                                        std::int64_t id);

    [[nodiscard]] core::Result<CartonRow> get_carton(const identity::Principal& actor,
                                                     std::int64_t id);
    [[nodiscard]] core::Result<std::vector<CartonRow>> list_cartons(
        const identity::Principal& actor, std::optional<std::int64_t> order,
        std::optional<std::int64_t> manifest);
    // The carton label as ZPL for thermal printers, or as a PNG of its SSCC barcode.
    [[nodiscard]] core::Result<std::string> carton_label_zpl(const identity::Principal& actor,
                                                             std::int64_t id);
    [[nodiscard]] core::Result<std::string> carton_label_png(const identity::Principal& actor,
                                                             std::int64_t id);
    // Sends the carton's ZPL label to `printer`, the code of an active printer registered for
    // the carton's warehouse: not_found for the carton; invalid_argument (field printer), the
    // same for an unknown, another warehouse's or an inactive printer; unavailable, without
    // detail, when the printer does not take the label. Returns the bytes sent.
    [[nodiscard]] core::Result<std::size_t> print_label(const identity::Principal& actor,
                                                        std::int64_t id,
                                                        const std::string& printer);
    void set_printer(LabelPrinter& printer) { printer_ = &printer; }
    // Where a closed trailer publishes OrderShipped; without it nobody is told.
    void set_events(events::Bus& events) { events_ = &events; }
    // Plain-text packing slip: the order, its cartons and what each holds.
    [[nodiscard]] core::Result<std::string> packing_slip(const identity::Principal& actor,
                                                         std::int64_t order);
    // The order's cartons that left on the trailer; not_found for an unknown order or trailer.
    [[nodiscard]] core::Result<Shipment> shipment(std::int64_t order, std::int64_t manifest);

    [[nodiscard]] core::Result<ScanReport> scan_report(const identity::Principal& actor,
                                                       const ReportQuery& query);
    // invalid_argument naming utc_offset_minutes beyond ±14 hours, or an unknown warehouse.
    [[nodiscard]] core::Result<Dashboard> dashboard(const identity::Principal& actor,
                                                    const DashboardQuery& query);

    struct LogQuery {
        std::optional<std::string> station;
        std::optional<std::int64_t> order;
        std::optional<std::string> verdict;  // a verdict, or "refused" for every refusal
        std::optional<std::string> entry;    // scan, keyed
        std::optional<std::string> from;
        std::optional<std::string> to;
        std::int64_t before = 0;
        int limit = 100;
    };
    // The scan log, newest first: who scanned what, where, what was expected, the verdict.
    // A scoped actor names a station of their warehouse (forbidden otherwise).
    [[nodiscard]] core::Result<std::vector<ScanLogRow>> scan_log(const identity::Principal& actor,
                                                                 const LogQuery& query);
    [[nodiscard]] core::Result<std::vector<CountTaskRow>> count_tasks(
        const identity::Principal& actor, const std::optional<std::string>& warehouse,
        const std::string& status, std::int64_t after, int limit);
    // Expiry-tracked stock expiring within `days` (the warning days by default), soonest first.
    [[nodiscard]] core::Result<std::vector<inventory::StockRow>> rotation_list(
        const identity::Principal& actor, const std::optional<std::string>& warehouse,
        std::optional<int> days);

    [[nodiscard]] core::Result<FulfillmentSettings> settings();
    [[nodiscard]] core::Result<FulfillmentSettings> save_settings(
        const identity::Principal& actor, const std::map<std::string, std::string>& changes);

  private:
    struct Prepared;
    [[nodiscard]] core::Result<Prepared> prepare(const ScanInput& input);
    [[nodiscard]] core::Result<StationRow> station_for(db::Tx& tx, const identity::Principal& actor,
                                                       const std::string& code);
    [[nodiscard]] core::Result<ScanReply> run_scan(
        const identity::Principal& actor, const std::string& code, const ScanInput& input,
        const std::optional<std::string>& override_reason,
        const std::function<std::string(const ScanAnswer&)>& render);

    db::Database& db_;
    const core::Clock& clock_;
    catalog::CatalogService& catalog_;
    shipping::ShippingService& shipping_;
    LabelPrinter* printer_ = nullptr;
    events::Bus* events_ = nullptr;
};

// Settings from their stored text, with defaults for what is missing.
[[nodiscard]] FulfillmentSettings settings_from(const std::map<std::string, std::string>& stored);

}  // namespace tally::fulfillment
