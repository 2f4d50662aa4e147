#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/fulfillment/station.hpp"

namespace tally::fulfillment {

struct StationRow {
    std::int64_t id = 0;
    std::string code;
    std::string kind;
    std::int64_t warehouse_id = 0;
    std::string warehouse;
    std::optional<std::int64_t> user_id;
    std::string user;
    std::string state;
    core::TimestampMs updated_at = 0;
};

struct StoredScan {
    std::int64_t station_id = 0;
    std::string response;
};

struct ScanRecord {
    std::optional<std::string> scan_id;
    std::int64_t station_id = 0;
    std::int64_t warehouse_id = 0;
    std::optional<std::int64_t> user_id;
    std::string actor;
    core::TimestampMs at = 0;
    std::optional<core::TimestampMs> scanned_at;
    std::string step;
    std::string barcode;
    std::string expected;
    std::string verdict;
    std::optional<std::int64_t> order_id;
    std::optional<std::int64_t> product_id;
    std::optional<std::int64_t> bin_id;
    std::int64_t units = 0;
    std::string response;
    std::string entry = "scan";         // scan, keyed
    std::optional<std::string> reason;  // a short pick's reason; who approved a keyed code
};

// An order as the floor sees it: its status and where its units are reserved.
struct OrderFacts {
    std::string status;
    std::string service_level;
    std::string country;
    std::int64_t warehouse_id = 0;  // the asked warehouse when it has a part, else the lowest
    int warehouses = 0;             // how many warehouses hold its units
    std::int64_t station_id = 0;    // the station its part is in hand at, 0 for none
};

struct BatchRow {
    std::int64_t id = 0;
    std::int64_t warehouse_id = 0;
    std::string warehouse;
    std::string status;
    core::TimestampMs created_at = 0;
    std::vector<std::pair<int, std::int64_t>> orders;  // slot, order id
};

struct TaskRow {
    std::int64_t id = 0;
    std::int64_t order_id = 0;
    std::int64_t line_id = 0;
    std::int64_t warehouse_id = 0;
    std::int64_t product_id = 0;
    std::int64_t bin_id = 0;
    std::string lot;
    std::optional<std::string> expiry;
    std::int64_t quantity = 0;
    std::int64_t picked = 0;
};

struct NewTask {
    std::int64_t order_id = 0;
    std::int64_t line_id = 0;
    std::int64_t warehouse_id = 0;
    std::int64_t product_id = 0;
    std::int64_t bin_id = 0;
    std::string lot;
    std::optional<std::string> expiry;
    int sequence = 0;
    std::int64_t quantity = 0;
};

struct AllocationRow {
    std::int64_t line_id = 0;
    std::int64_t product_id = 0;
    std::int64_t quantity = 0;
};

struct PickedRow {
    std::int64_t product_id = 0;
    std::string lot;
    std::int64_t picked = 0;
};

struct ProductFacts {
    std::int64_t id = 0;
    std::string sku;
    std::string name;
    int weight_g = 0;
    int length_mm = 0;
    int width_mm = 0;
    int height_mm = 0;
    bool fragile = false;
    bool expiry_tracked = false;
    std::int64_t unit_cost = 0;
    std::string currency;
};

struct CartonRow {
    std::int64_t id = 0;
    std::string sscc;
    std::int64_t order_id = 0;
    std::int64_t warehouse_id = 0;
    std::string warehouse;
    int seq = 0;
    std::string box_code;
    int tare_g = 0;
    std::string status;
    int expected_weight_g = 0;
    std::optional<int> weight_g;
    std::optional<std::int64_t> carrier_id;
    std::string carrier;
    std::string service;
    std::optional<std::string> tracking;
    std::optional<std::int64_t> manifest_id;
    std::optional<std::string> override_reason;
    core::TimestampMs created_at = 0;
    std::optional<core::TimestampMs> packed_at;
    std::optional<core::TimestampMs> loaded_at;
};

struct ManifestRow {
    std::int64_t id = 0;
    std::int64_t carrier_id = 0;
    std::string carrier;
    std::int64_t warehouse_id = 0;
    std::string warehouse;
    std::string status;
    std::string created_by;
    core::TimestampMs created_at = 0;
    std::optional<core::TimestampMs> closed_at;
};

struct CountTaskRow {
    std::int64_t id = 0;
    std::string warehouse;
    std::string bin;
    std::string sku;
    std::string reason;
    std::string status;
    core::TimestampMs created_at = 0;
};

struct DamageRow {
    core::TimestampMs at = 0;
    std::optional<std::int64_t> station_id;
    std::int64_t warehouse_id = 0;
    std::int64_t product_id = 0;
    std::int64_t bin_id = 0;
    std::string lot;
    std::optional<std::int64_t> order_id;
    std::string reason;
    std::string actor;
};

// One scan as the log keeps it.
struct ScanLogRow {
    std::int64_t id = 0;
    core::TimestampMs at = 0;
    std::optional<core::TimestampMs> scanned_at;
    std::string station;
    std::string warehouse;
    std::string actor;
    std::string step;
    std::string barcode;
    std::string expected;
    std::string verdict;
    std::optional<std::int64_t> order_id;
    std::string entry;  // scan, keyed
    std::optional<std::string> reason;
};

struct ScanLogFilter {
    std::optional<std::int64_t> station;
    std::optional<std::int64_t> order;
    std::optional<std::string> verdict;
    bool refused_only = false;
    std::optional<std::string> entry;  // scan, keyed
    core::TimestampMs from = 0;
    core::TimestampMs to = 0;
    std::int64_t before = 0;  // cursor: ids below it; 0 for the newest
    int limit = 100;
};

// One group of a scan report: a name and its entries (scanned or keyed), refusals and units,
// and how many of the entries were keyed by hand (step, verdict and user groups).
struct ScanGroup {
    std::string key;
    std::int64_t scans = 0;
    std::int64_t errors = 0;
    std::int64_t units = 0;
    std::int64_t keyed = 0;
};

// Dashboard figures: counts per key, per hour or day since a start, and the oldest open orders.
struct KeyCount {
    std::string key;
    std::int64_t count = 0;
};

struct HourFigures {
    std::int64_t slot = 0;  // hours (or days) since the window's start
    std::int64_t scans = 0;
    std::int64_t errors = 0;
    std::int64_t units_picked = 0;
    std::int64_t units_packed = 0;
    std::int64_t orders_shipped = 0;
};

struct OpenOrder {
    std::int64_t id = 0;
    std::string status;
    std::string warehouse;
    core::TimestampMs created_at = 0;
};

// All SQL for stations, scans, pick batches and tasks, cartons, manifests, count tasks,
// damage reports, cost of goods and fulfillment settings.
class FulfillmentRepo {
  public:
    [[nodiscard]] static std::int64_t insert_station(db::Tx& tx, const std::string& code,
                                                     const std::string& kind,
                                                     std::int64_t warehouse_id,
                                                     const std::string& state,
                                                     core::TimestampMs now);
    // With `lock` on PostgreSQL the row stays locked until the transaction ends, so two
    // devices at one station take turns.
    [[nodiscard]] static std::optional<StationRow> find_station(db::Tx& tx, const std::string& code,
                                                                bool lock);
    [[nodiscard]] static std::vector<StationRow> stations(db::Tx& tx,
                                                          std::optional<std::int64_t> warehouse);
    static void save_station(db::Tx& tx, std::int64_t id, const std::string& state,
                             std::optional<std::int64_t> user_id, core::TimestampMs now);

    [[nodiscard]] static std::optional<StoredScan> find_scan(db::Tx& tx,
                                                             const std::string& scan_id);
    static void insert_scan(db::Tx& tx, const ScanRecord& scan);

    // The order as a station of `warehouse` sees it: the status of its part (shipment) there
    // once released.
    [[nodiscard]] static std::optional<OrderFacts> order_facts(db::Tx& tx, std::int64_t order,
                                                               std::int64_t warehouse = 0);
    // A bin by its warehouse's code and its own: (bin id, warehouse id).
    [[nodiscard]] static std::optional<std::pair<std::int64_t, std::int64_t>> bin_by_code(
        db::Tx& tx, const std::string& warehouse, const std::string& bin);
    [[nodiscard]] static std::string bin_code(db::Tx& tx, std::int64_t bin);
    [[nodiscard]] static std::optional<std::int64_t> bin_id(db::Tx& tx, std::int64_t warehouse,
                                                            const std::string& code);
    // The warehouse's bin of `kind` (staging, damage) with the lowest id; made when missing.
    [[nodiscard]] static std::int64_t special_bin(db::Tx& tx, std::int64_t warehouse,
                                                  const std::string& kind, const std::string& code);

    [[nodiscard]] static std::int64_t insert_batch(db::Tx& tx, std::int64_t warehouse,
                                                   const std::string& created_by,
                                                   core::TimestampMs now);
    static void insert_batch_order(db::Tx& tx, std::int64_t batch, int slot, std::int64_t order);
    [[nodiscard]] static std::optional<BatchRow> batch(db::Tx& tx, std::int64_t id);
    static void set_batch_status(db::Tx& tx, std::int64_t id, const std::string& status);
    // Open batches holding the order: it may be in one at a time.
    [[nodiscard]] static bool in_open_batch(db::Tx& tx, std::int64_t order);

    static void insert_task(db::Tx& tx, const NewTask& task);
    [[nodiscard]] static bool has_tasks(db::Tx& tx, std::int64_t order, std::int64_t warehouse);
    // The open tasks of a batch's orders or of one order, in walking order.
    [[nodiscard]] static std::vector<PickTask> open_tasks(db::Tx& tx, std::int64_t batch,
                                                          std::int64_t order,
                                                          std::int64_t warehouse);
    // Units to pick and picked over the job's tasks.
    [[nodiscard]] static std::pair<std::int64_t, std::int64_t> job_units(db::Tx& tx,
                                                                         std::int64_t batch,
                                                                         std::int64_t order,
                                                                         std::int64_t warehouse);
    [[nodiscard]] static std::optional<TaskRow> task(db::Tx& tx, std::int64_t id);
    // Compare-and-set: false when the task has fewer than `quantity` units left.
    [[nodiscard]] static bool add_picked(db::Tx& tx, std::int64_t task, std::int64_t quantity);
    static void set_short(db::Tx& tx, std::int64_t task, std::int64_t shortfall);
    // Units open tasks still mean to take from each (bin, lot) of a product.
    [[nodiscard]] static std::map<std::pair<std::int64_t, std::string>, std::int64_t> planned(
        db::Tx& tx, std::int64_t product, std::int64_t warehouse);
    [[nodiscard]] static std::vector<PickedRow> picked(db::Tx& tx, std::int64_t order,
                                                       std::int64_t warehouse);

    [[nodiscard]] static std::vector<AllocationRow> allocations(db::Tx& tx, std::int64_t order,
                                                                std::int64_t warehouse);
    // Takes `quantity` off a line's allocation in the warehouse (and off the line).
    static void reduce_allocation(db::Tx& tx, std::int64_t line, std::int64_t warehouse,
                                  std::int64_t quantity);
    // Adds `quantity` to a line's allocation in the warehouse (and to the line).
    static void grow_allocation(db::Tx& tx, std::int64_t order, std::int64_t line,
                                std::int64_t product, std::int64_t warehouse,
                                std::int64_t quantity);
    static void mark_shipped(db::Tx& tx, std::int64_t order, std::int64_t warehouse);

    [[nodiscard]] static std::optional<ProductFacts> product(db::Tx& tx, std::int64_t id);

    static void insert_count_task(db::Tx& tx, std::int64_t warehouse, std::int64_t bin,
                                  std::int64_t product, const std::string& reason,
                                  core::TimestampMs now);
    [[nodiscard]] static std::vector<CountTaskRow> count_tasks(
        db::Tx& tx, std::optional<std::int64_t> warehouse, const std::string& status,
        std::int64_t after, int limit);
    static void insert_damage(db::Tx& tx, const DamageRow& damage);

    // The carton takes the order's next number (`seq` only names its placeholder SSCC).
    [[nodiscard]] static std::int64_t insert_carton(db::Tx& tx, std::int64_t order,
                                                    std::int64_t warehouse, int seq,
                                                    std::optional<std::int64_t> box,
                                                    const std::string& box_code, int expected_g,
                                                    std::optional<std::int64_t> service,
                                                    core::TimestampMs now);
    static void set_sscc(db::Tx& tx, std::int64_t carton, const std::string& sscc);
    static void insert_carton_item(db::Tx& tx, std::int64_t carton, std::int64_t product,
                                   std::int64_t expected);
    [[nodiscard]] static std::vector<CartonView> carton_views(db::Tx& tx, std::int64_t order,
                                                              std::int64_t warehouse);
    [[nodiscard]] static std::optional<CartonRow> carton(db::Tx& tx, std::int64_t id);
    [[nodiscard]] static std::optional<CartonRow> carton_by_sscc(db::Tx& tx,
                                                                 const std::string& sscc);
    [[nodiscard]] static std::vector<CartonRow> cartons(db::Tx& tx,
                                                        std::optional<std::int64_t> order,
                                                        std::optional<std::int64_t> manifest);
    [[nodiscard]] static bool add_packed(db::Tx& tx, std::int64_t carton, std::int64_t product,
                                         std::int64_t quantity);
    static void set_weight(db::Tx& tx, std::int64_t carton, int weight_g,
                           const std::optional<std::string>& override_reason,
                           const std::optional<std::string>& override_by, core::TimestampMs now);
    static void set_tracking(db::Tx& tx, std::int64_t carton, const std::string& tracking);
    [[nodiscard]] static std::optional<std::int64_t> tracking_owner(db::Tx& tx,
                                                                    const std::string& tracking);
    static void stage_cartons(db::Tx& tx, std::int64_t order, std::int64_t warehouse);
    [[nodiscard]] static std::optional<std::int64_t> carton_service(db::Tx& tx, std::int64_t order);

    [[nodiscard]] static std::int64_t insert_manifest(db::Tx& tx, std::int64_t carrier,
                                                      std::int64_t warehouse,
                                                      const std::string& created_by,
                                                      core::TimestampMs now);
    [[nodiscard]] static std::optional<ManifestRow> manifest(db::Tx& tx, std::int64_t id);
    [[nodiscard]] static std::vector<ManifestRow> manifests(
        db::Tx& tx, std::optional<std::int64_t> warehouse, const std::optional<std::string>& status,
        std::int64_t after, int limit);
    [[nodiscard]] static std::int64_t loaded_count(db::Tx& tx, std::int64_t manifest);
    // SSCCs of cartons staged for the carrier in the warehouse and on no trailer.
    [[nodiscard]] static std::vector<std::string> staged_missing(db::Tx& tx, std::int64_t carrier,
                                                                 std::int64_t warehouse);
    [[nodiscard]] static bool load_carton(db::Tx& tx, std::int64_t carton, std::int64_t manifest,
                                          core::TimestampMs now);
    [[nodiscard]] static bool close_manifest(db::Tx& tx, std::int64_t manifest,
                                             const std::string& actor, core::TimestampMs now);
    // Orders with a carton on the trailer and every carton of theirs loaded.
    [[nodiscard]] static std::vector<std::int64_t> orders_complete_on(db::Tx& tx,
                                                                      std::int64_t manifest);
    static void ship_cartons(db::Tx& tx, std::int64_t manifest);
    // False, writing nothing, when quantity times the unit cost does not fit in 64 bits.
    [[nodiscard]] static bool insert_cost(db::Tx& tx, core::TimestampMs at, std::int64_t order,
                                          const ProductFacts& product, std::int64_t warehouse,
                                          std::int64_t quantity);

    [[nodiscard]] static std::map<std::string, std::string> settings(db::Tx& tx);
    static void save_setting(db::Tx& tx, const std::string& name, const std::string& value);

    // The log, newest first.
    [[nodiscard]] static std::vector<ScanLogRow> scan_log(db::Tx& tx, const ScanLogFilter& filter);
    // Scan report groups over [from, to) in a warehouse (all when 0): by "step", "verdict",
    // "actor", "station_kind" (pick, pack, load), "product", "bin" or "order" (errors only
    // for the last three).
    [[nodiscard]] static std::vector<ScanGroup> scan_groups(db::Tx& tx, const std::string& by,
                                                            core::TimestampMs from,
                                                            core::TimestampMs to,
                                                            std::int64_t warehouse);

    // The dashboard, in a warehouse (all when 0). Orders by status: open ones, and those
    // shipped or cancelled since `day_start`.
    [[nodiscard]] static std::vector<KeyCount> orders_by_status(db::Tx& tx,
                                                                core::TimestampMs day_start,
                                                                std::int64_t warehouse);
    // Scans, refusals and units picked and packed per `slot_ms` since `from`, with the
    // orders shipped in each slot.
    [[nodiscard]] static std::vector<HourFigures> scan_slots(db::Tx& tx, core::TimestampMs from,
                                                             std::int64_t slot_ms,
                                                             std::int64_t warehouse);
    [[nodiscard]] static std::vector<OpenOrder> oldest_open_orders(db::Tx& tx,
                                                                   std::int64_t warehouse,
                                                                   int limit);
};

}  // namespace tally::fulfillment
