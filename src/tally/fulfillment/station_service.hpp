#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tally/catalog/catalog_service.hpp"
#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/events/bus.hpp"
#include "tally/fulfillment/fulfillment_repo.hpp"
#include "tally/fulfillment/settings.hpp"
#include "tally/fulfillment/station.hpp"
#include "tally/identity/user.hpp"
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

// The scanning engine: stations, the scan endpoint, scan_id replay, weight overrides, damage
// flags and the scan log. Each scan is one transaction: the station's step, the stock moves
// and the scan log row commit together.
class StationService {
  public:
    StationService(db::Database& db, const core::Clock& clock, catalog::CatalogService& catalog,
                   shipping::ShippingService& shipping, FulfillmentSettingsStore& settings)
        : db_(db), clock_(clock), catalog_(catalog), shipping_(shipping), settings_(settings) {}
    // Where a trailer closed by a load station's scan publishes OrderShipped.
    void set_events(events::Bus& events) { events_ = &events; }

    [[nodiscard]] core::Result<StationStatus> create_station(const identity::Principal& actor,
                                                             const StationInput& input);
    // Reads take the actor: a user scoped to a warehouse reads only that warehouse's stations
    // (forbidden for another's; a list without a warehouse is theirs).
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

  private:
    struct Prepared;
    [[nodiscard]] core::Result<Prepared> prepare(const ScanInput& input);
    [[nodiscard]] core::Result<ScanReply> run_scan(
        const identity::Principal& actor, const std::string& code, const ScanInput& input,
        const std::optional<std::string>& override_reason,
        const std::function<std::string(const ScanAnswer&)>& render);

    db::Database& db_;
    const core::Clock& clock_;
    catalog::CatalogService& catalog_;
    shipping::ShippingService& shipping_;
    FulfillmentSettingsStore& settings_;
    events::Bus* events_ = nullptr;
};

}  // namespace tally::fulfillment
