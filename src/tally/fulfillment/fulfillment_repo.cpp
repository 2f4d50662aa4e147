#include "tally/fulfillment/fulfillment_repo.hpp"

#include <map>
#include <stdexcept>

#include "tally/core/money.hpp"
#include "tally/db/statement.hpp"

namespace tally::fulfillment {

namespace {

// The columns each row type reads, shared by the statements that select it.
#define TALLY_STATION_SELECT                                                                    \
    "SELECT s.id, s.code, s.kind, s.warehouse_id, w.code, s.user_id, COALESCE(u.username, '')," \
    " s.state, s.updated_at FROM stations s JOIN warehouses w ON w.id = s.warehouse_id"         \
    " LEFT JOIN users u ON u.id = s.user_id"
#define TALLY_CARTON_SELECT                                                                        \
    "SELECT c.id, c.sscc, c.order_id, c.warehouse_id, w.code, c.seq, c.box_code,"                  \
    " COALESCE(bt.tare_g, 0), c.status, c.expected_weight_g, c.weight_g, cr.id, COALESCE(cr.code," \
    " ''), COALESCE(cs.code, ''), c.tracking_number, c.manifest_id, c.override_reason,"            \
    " c.created_at, c.packed_at, c.loaded_at FROM cartons c JOIN warehouses w"                     \
    " ON w.id = c.warehouse_id LEFT JOIN box_types bt ON bt.id = c.box_type_id"                    \
    " LEFT JOIN carrier_services cs ON cs.id = c.carrier_service_id"                               \
    " LEFT JOIN carriers cr ON cr.id = cs.carrier_id"
#define TALLY_MANIFEST_SELECT                                                            \
    "SELECT m.id, m.carrier_id, c.code, m.warehouse_id, w.code, m.status, m.created_by," \
    " m.created_at, m.closed_at FROM manifests m JOIN carriers c ON c.id = m.carrier_id" \
    " JOIN warehouses w ON w.id = m.warehouse_id"

constexpr const char* kInsertStation =
    "INSERT INTO stations (code, kind, warehouse_id, state, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
constexpr const char* kFindStation = TALLY_STATION_SELECT " WHERE s.code = $1";
constexpr const char* kLockStation = TALLY_STATION_SELECT " WHERE s.code = $1 FOR UPDATE OF s";
constexpr const char* kStations = TALLY_STATION_SELECT
    " WHERE CAST($1 AS BIGINT) = 0 OR s.warehouse_id = CAST($1 AS BIGINT) ORDER BY s.code";
constexpr const char* kSaveStation =
    "UPDATE stations SET state = $1, user_id = $2, version = version + 1, updated_at = $3"
    " WHERE id = $4";

constexpr const char* kFindScan = "SELECT station_id, response FROM scans WHERE scan_id = $1";
constexpr const char* kInsertScan =
    "INSERT INTO scans (scan_id, station_id, warehouse_id, user_id, actor, at, scanned_at, step,"
    " barcode, expected, verdict, order_id, product_id, bin_id, units, response, entry, reason)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)";

// A released order's part in the warehouse has a status of its own (its shipment's) while the
// order follows its parts; a hold or an exception of the order stops every part.
constexpr const char* kOrderFacts =
    "SELECT CASE WHEN s.status IS NOT NULL AND o.status IN ('released', 'picking', 'picked',"
    " 'packing', 'packed', 'staged', 'partially_shipped') THEN s.status ELSE o.status END,"
    " o.service_level, o.ship_country, COALESCE(s.warehouse_id,"
    " (SELECT MIN(a.warehouse_id) FROM order_allocations a WHERE a.order_id = o.id), 0),"
    " (SELECT COUNT(DISTINCT a.warehouse_id) FROM order_allocations a WHERE a.order_id = o.id),"
    " COALESCE(s.station_id, 0)"
    " FROM (SELECT CAST($1 AS BIGINT) AS id, CAST($2 AS BIGINT) AS warehouse_id) p"
    " JOIN orders o ON o.id = p.id"
    " LEFT JOIN shipments s ON s.order_id = o.id AND s.warehouse_id = p.warehouse_id";
constexpr const char* kBinByCode =
    "SELECT b.id, b.warehouse_id FROM bins b JOIN warehouses w ON w.id = b.warehouse_id"
    " WHERE w.code = $1 AND b.code = $2";
constexpr const char* kBinCode = "SELECT code FROM bins WHERE id = $1";
constexpr const char* kBinId = "SELECT id FROM bins WHERE warehouse_id = $1 AND code = $2";
constexpr const char* kSpecialBin =
    "SELECT id FROM bins WHERE warehouse_id = $1 AND kind = $2 ORDER BY id LIMIT 1";
// Two first picks at once may both make the bin: the second waits and does nothing.
constexpr const char* kInsertBin =
    "INSERT INTO bins (warehouse_id, code, zone, pick_sequence, kind) VALUES ($1, $2, '', 0, $3)"
    " ON CONFLICT (warehouse_id, code) DO NOTHING";

constexpr const char* kInsertBatch =
    "INSERT INTO pick_batches (warehouse_id, status, created_by, created_at)"
    " VALUES ($1, 'open', $2, $3) RETURNING id";
constexpr const char* kInsertBatchOrder =
    "INSERT INTO pick_batch_orders (batch_id, slot, order_id) VALUES ($1, $2, $3)";
constexpr const char* kBatch =
    "SELECT b.id, b.warehouse_id, w.code, b.status, b.created_at FROM pick_batches b"
    " JOIN warehouses w ON w.id = b.warehouse_id WHERE b.id = $1";
constexpr const char* kBatchOrders =
    "SELECT slot, order_id FROM pick_batch_orders WHERE batch_id = $1 ORDER BY slot";
constexpr const char* kSetBatchStatus = "UPDATE pick_batches SET status = $1 WHERE id = $2";
constexpr const char* kInOpenBatch =
    "SELECT 1 FROM pick_batch_orders o JOIN pick_batches b ON b.id = o.batch_id"
    " WHERE o.order_id = $1 AND b.status <> 'done'";

constexpr const char* kInsertTask =
    "INSERT INTO pick_tasks (order_id, line_id, warehouse_id, product_id, bin_id, lot, expiry,"
    " sequence, quantity, picked, short, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0,"
    " 0, 'open')";
constexpr const char* kHasTasks =
    "SELECT 1 FROM pick_tasks WHERE order_id = $1 AND warehouse_id = $2 LIMIT 1";
// A job's tasks: one order's, or a batch's orders' (each statement on its own, so both find
// the tasks through the order index instead of reading the whole table).
constexpr const char* kOpenTasksOfOrder =
    "SELECT t.id, t.order_id, 0, t.product_id, p.sku, p.name, t.bin_id, b.code, t.lot,"
    " t.expiry, t.quantity, t.picked FROM pick_tasks t JOIN products p ON p.id = t.product_id"
    " JOIN bins b ON b.id = t.bin_id WHERE t.order_id = $1 AND t.warehouse_id = $2"
    " AND t.status = 'open' ORDER BY b.pick_sequence, b.code, t.sequence, t.id";
constexpr const char* kOpenTasksOfBatch =
    "SELECT t.id, t.order_id, bo.slot, t.product_id, p.sku, p.name, t.bin_id, b.code, t.lot,"
    " t.expiry, t.quantity, t.picked FROM pick_batch_orders bo"
    " JOIN pick_tasks t ON t.order_id = bo.order_id JOIN products p ON p.id = t.product_id"
    " JOIN bins b ON b.id = t.bin_id WHERE bo.batch_id = $1 AND t.warehouse_id = $2"
    " AND t.status = 'open' ORDER BY b.pick_sequence, b.code, t.sequence, t.id";
constexpr const char* kUnitsOfOrder =
    "SELECT COALESCE(SUM(quantity), 0), COALESCE(SUM(picked), 0) FROM pick_tasks"
    " WHERE order_id = $1 AND warehouse_id = $2";
constexpr const char* kUnitsOfBatch =
    "SELECT COALESCE(SUM(t.quantity), 0), COALESCE(SUM(t.picked), 0) FROM pick_batch_orders bo"
    " JOIN pick_tasks t ON t.order_id = bo.order_id WHERE bo.batch_id = $1"
    " AND t.warehouse_id = $2";
constexpr const char* kTask =
    "SELECT id, order_id, line_id, warehouse_id, product_id, bin_id, lot, expiry, quantity,"
    " picked FROM pick_tasks WHERE id = $1";
constexpr const char* kAddPicked =
    "UPDATE pick_tasks SET picked = picked + $1, status = CASE WHEN picked + $1 = quantity"
    " THEN 'done' ELSE status END WHERE id = $2 AND status = 'open' AND picked + $1 <= quantity";
constexpr const char* kSetShort =
    "UPDATE pick_tasks SET short = $1, status = 'short' WHERE id = $2 AND status = 'open'";
constexpr const char* kPlanned =
    "SELECT bin_id, lot, SUM(quantity - picked) FROM pick_tasks WHERE product_id = $1"
    " AND warehouse_id = $2 AND status = 'open' GROUP BY bin_id, lot";
constexpr const char* kPicked =
    "SELECT product_id, lot, SUM(picked) FROM pick_tasks WHERE order_id = $1"
    " AND warehouse_id = $2 AND picked > 0 GROUP BY product_id, lot ORDER BY product_id, lot";

constexpr const char* kAllocations =
    "SELECT line_id, product_id, SUM(quantity) FROM order_allocations WHERE order_id = $1"
    " AND warehouse_id = $2 GROUP BY line_id, product_id ORDER BY line_id";
constexpr const char* kReduceAllocation =
    "UPDATE order_allocations SET quantity = quantity - $1 WHERE id = (SELECT id FROM"
    " order_allocations WHERE line_id = $2 AND warehouse_id = $3 AND quantity > $1"
    " ORDER BY id LIMIT 1)";
constexpr const char* kDropAllocation =
    "DELETE FROM order_allocations WHERE id = (SELECT id FROM order_allocations"
    " WHERE quantity = $1 AND line_id = $2 AND warehouse_id = $3 ORDER BY id LIMIT 1)";
constexpr const char* kInsertAllocation =
    "INSERT INTO order_allocations (order_id, line_id, product_id, warehouse_id, quantity)"
    " VALUES ($1, $2, $3, $4, $5)";
constexpr const char* kLineAllocated =
    "UPDATE order_lines SET allocated = allocated + $1 WHERE id = $2";
constexpr const char* kMarkShipped =
    "UPDATE order_allocations SET shipped = quantity WHERE order_id = $1 AND warehouse_id = $2";

constexpr const char* kProduct =
    "SELECT id, sku, name, weight_g, length_mm, width_mm, height_mm, fragile, expiry_tracked,"
    " unit_cost, currency FROM products WHERE id = $1";

constexpr const char* kInsertCountTask =
    "INSERT INTO count_tasks (warehouse_id, bin_id, product_id, reason, status, created_at)"
    " VALUES ($1, $2, $3, $4, 'open', $5)";
constexpr const char* kCountTasks =
    "SELECT c.id, w.code, b.code, p.sku, c.reason, c.status, c.created_at FROM count_tasks c"
    " JOIN warehouses w ON w.id = c.warehouse_id JOIN bins b ON b.id = c.bin_id"
    " JOIN products p ON p.id = c.product_id WHERE c.status = $1 AND c.id > $2"
    " AND (CAST($3 AS BIGINT) = 0 OR c.warehouse_id = CAST($3 AS BIGINT)) ORDER BY c.id LIMIT $4";
constexpr const char* kInsertDamage =
    "INSERT INTO damage_reports (at, station_id, warehouse_id, product_id, bin_id, lot, order_id,"
    " reason, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

// Cartons are numbered across the order: a split order's warehouses go on where the other
// stopped.
constexpr const char* kInsertCarton =
    "INSERT INTO cartons (sscc, order_id, warehouse_id, seq, box_type_id, box_code, status,"
    " expected_weight_g, carrier_service_id, created_at) VALUES ($1, $2, $3,"
    " (SELECT COALESCE(MAX(c.seq), 0) + 1 FROM cartons c WHERE c.order_id = $2), $4, $5, 'open',"
    " $6, $7, $8) RETURNING id";
constexpr const char* kSetSscc = "UPDATE cartons SET sscc = $1 WHERE id = $2";
constexpr const char* kInsertCartonItem =
    "INSERT INTO carton_items (carton_id, product_id, expected, packed) VALUES ($1, $2, $3, 0)";
constexpr const char* kCartonViews =
    "SELECT c.id, c.seq, c.sscc, c.box_code, COALESCE(bt.tare_g, 0), c.status, c.tracking_number,"
    " i.product_id, p.sku, p.name, i.expected, i.packed, p.weight_g, p.fragile FROM cartons c"
    " LEFT JOIN box_types bt ON bt.id = c.box_type_id"
    " LEFT JOIN carton_items i ON i.carton_id = c.id LEFT JOIN products p ON p.id = i.product_id"
    " WHERE c.order_id = $1 AND c.warehouse_id = $2 ORDER BY c.seq, p.sku";
constexpr const char* kCartonById = TALLY_CARTON_SELECT " WHERE c.id = $1";
constexpr const char* kCartonBySscc = TALLY_CARTON_SELECT " WHERE c.sscc = $1";
constexpr const char* kCartonList = TALLY_CARTON_SELECT
    " WHERE (CAST($1 AS BIGINT) = 0 OR c.order_id = CAST($1 AS BIGINT))"
    " AND (CAST($2 AS BIGINT) = 0 OR c.manifest_id = CAST($2 AS BIGINT)) ORDER BY c.id LIMIT 1000";
constexpr const char* kAddPacked =
    "UPDATE carton_items SET packed = packed + $1 WHERE carton_id = $2 AND product_id = $3"
    " AND packed + $1 <= expected";
constexpr const char* kSetWeight =
    "UPDATE cartons SET weight_g = $1, override_reason = $2, override_by = $3, status = 'packed',"
    " packed_at = $4 WHERE id = $5 AND status = 'open'";
constexpr const char* kSetTracking = "UPDATE cartons SET tracking_number = $1 WHERE id = $2";
constexpr const char* kTrackingOwner =
    "SELECT id FROM cartons WHERE tracking_number = $1 ORDER BY id LIMIT 1";
constexpr const char* kStageCartons =
    "UPDATE cartons SET status = 'staged' WHERE order_id = $1 AND warehouse_id = $2"
    " AND status = 'packed'";
constexpr const char* kCartonService =
    "SELECT carrier_service_id FROM cartons WHERE order_id = $1 AND carrier_service_id IS NOT"
    " NULL ORDER BY id LIMIT 1";

constexpr const char* kInsertManifest =
    "INSERT INTO manifests (carrier_id, warehouse_id, status, created_by, created_at)"
    " VALUES ($1, $2, 'open', $3, $4) RETURNING id";
constexpr const char* kManifest = TALLY_MANIFEST_SELECT " WHERE m.id = $1";
constexpr const char* kManifests = TALLY_MANIFEST_SELECT
    " WHERE m.id > $1"
    " AND (CAST($2 AS BIGINT) = 0 OR m.warehouse_id = CAST($2 AS BIGINT))"
    " AND ($3 = '' OR m.status = $3) ORDER BY m.id LIMIT $4";
constexpr const char* kLoadedCount = "SELECT COUNT(*) FROM cartons WHERE manifest_id = $1";
constexpr const char* kStagedMissing =
    "SELECT c.sscc FROM cartons c JOIN carrier_services cs ON cs.id = c.carrier_service_id"
    " WHERE cs.carrier_id = $1 AND c.warehouse_id = $2 AND c.status = 'staged' ORDER BY c.id";
constexpr const char* kLoadCarton =
    "UPDATE cartons SET status = 'loaded', manifest_id = $1, loaded_at = $2 WHERE id = $3"
    " AND status = 'staged'";
constexpr const char* kCloseManifest =
    "UPDATE manifests SET status = 'closed', closed_at = $1, closed_by = $2 WHERE id = $3"
    " AND status = 'open'";
constexpr const char* kOrdersComplete =
    "SELECT DISTINCT c.order_id FROM cartons c WHERE c.manifest_id = $1 AND NOT EXISTS"
    " (SELECT 1 FROM cartons o WHERE o.order_id = c.order_id AND o.warehouse_id = c.warehouse_id"
    " AND o.status <> 'loaded')"
    " ORDER BY c.order_id";
constexpr const char* kShipCartons =
    "UPDATE cartons SET status = 'shipped' WHERE manifest_id = $1 AND status = 'loaded'";
constexpr const char* kInsertCost =
    "INSERT INTO cost_of_goods (at, order_id, product_id, warehouse_id, quantity, unit_cost,"
    " amount, currency) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

constexpr const char* kSettings = "SELECT name, value FROM fulfillment_settings ORDER BY name";
constexpr const char* kSaveSetting =
    "INSERT INTO fulfillment_settings (name, value) VALUES ($1, $2)"
    " ON CONFLICT (name) DO UPDATE SET value = excluded.value";

constexpr const char* kScanLog =
    "SELECT s.id, s.at, s.scanned_at, st.code, w.code, s.actor, s.step, s.barcode, s.expected,"
    " s.verdict, s.order_id, s.entry, s.reason FROM scans s JOIN stations st ON st.id ="
    " s.station_id"
    " JOIN warehouses w ON w.id = s.warehouse_id WHERE (CAST($1 AS BIGINT) = 0 OR s.id <"
    " CAST($1 AS BIGINT)) AND (CAST($2 AS BIGINT) = 0 OR s.station_id = CAST($2 AS BIGINT))"
    " AND ($3 = '' OR s.verdict = $3) AND (CAST($4 AS INTEGER) = 0 OR s.verdict <> 'ok')"
    " AND s.at >= $5 AND s.at < $6 AND (CAST($7 AS BIGINT) = 0 OR s.order_id = CAST($7 AS BIGINT))"
    " AND ($8 = '' OR s.entry = $8) ORDER BY s.id DESC LIMIT $9";

// The report groups: one constant each, so no SQL is ever put together from input.
// An order counts for a warehouse when any of its lines is allocated there.
#define TALLY_ORDER_IN_WAREHOUSE(order, param)                           \
    " (CAST(" param                                                      \
    " AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM order_allocations a WHERE" \
    " a.order_id = " order " AND a.warehouse_id = CAST(" param " AS BIGINT)))"
constexpr const char* kOrdersByStatus =
    "SELECT o.status, COUNT(*) FROM orders o"
    " WHERE (o.status NOT IN ('shipped', 'delivered', 'cancelled') OR o.updated_at >= $1) "
    "AND" TALLY_ORDER_IN_WAREHOUSE("o.id", "$2") " GROUP BY o.status ORDER BY o.status";
constexpr const char* kScanSlots =
    "SELECT (s.at - $1) / $2, COUNT(*), SUM(CASE WHEN s.verdict = 'ok' THEN 0 ELSE 1 END),"
    " SUM(CASE WHEN st.kind = 'pick' AND s.verdict = 'ok' THEN s.units ELSE 0 END),"
    " SUM(CASE WHEN st.kind = 'pack' AND s.verdict = 'ok' THEN s.units ELSE 0 END)"
    " FROM scans s JOIN stations st ON st.id = s.station_id WHERE s.at >= $1"
    " AND (CAST($3 AS BIGINT) = 0 OR s.warehouse_id = CAST($3 AS BIGINT)) GROUP BY 1 ORDER BY 1";
constexpr const char* kShippedSlots =
    "SELECT (e.at - $1) / $2, COUNT(*) FROM order_events e"
    " WHERE e.at >= $1 AND e.to_status = 'shipped' AND" TALLY_ORDER_IN_WAREHOUSE(
        "e.order_id", "$3") " GROUP BY 1 ORDER BY 1";
constexpr const char* kScansByStationKind =
    "SELECT st.kind, COUNT(*), SUM(CASE WHEN s.verdict = 'ok' THEN 0 ELSE 1 END), SUM(s.units)"
    " FROM scans s JOIN stations st ON st.id = s.station_id WHERE s.at >= $1 AND s.at < $2"
    " AND (CAST($3 AS BIGINT) = 0 OR s.warehouse_id = CAST($3 AS BIGINT)) GROUP BY st.kind"
    " ORDER BY st.kind";
constexpr const char* kOldestOpenOrders =
    "SELECT o.id, o.status, o.created_at, COALESCE((SELECT MIN(w.code) FROM order_allocations a"
    " JOIN warehouses w ON w.id = a.warehouse_id WHERE a.order_id = o.id), '') FROM orders o"
    " WHERE o.status NOT IN ('shipped', 'delivered', 'cancelled') AND" TALLY_ORDER_IN_WAREHOUSE(
        "o.id", "$1") " ORDER BY o.created_at, o.id LIMIT $2";
#undef TALLY_ORDER_IN_WAREHOUSE

constexpr const char* kGroupByStep =
    "SELECT step, COUNT(*), SUM(CASE WHEN verdict = 'ok' THEN 0 ELSE 1 END), SUM(units),"
    " SUM(CASE WHEN entry = 'keyed' THEN 1 ELSE 0 END) FROM scans WHERE at >= $1 AND at < $2"
    " AND (CAST($3 AS BIGINT) = 0 OR warehouse_id = CAST($3 AS BIGINT)) GROUP BY step"
    " ORDER BY step";
constexpr const char* kGroupByVerdict =
    "SELECT verdict, COUNT(*), SUM(CASE WHEN verdict = 'ok' THEN 0 ELSE 1 END), SUM(units),"
    " SUM(CASE WHEN entry = 'keyed' THEN 1 ELSE 0 END) FROM scans WHERE at >= $1 AND at < $2"
    " AND (CAST($3 AS BIGINT) = 0 OR warehouse_id = CAST($3 AS BIGINT)) GROUP BY verdict"
    " ORDER BY verdict";
constexpr const char* kGroupByActor =
    "SELECT actor, COUNT(*), SUM(CASE WHEN verdict = 'ok' THEN 0 ELSE 1 END), SUM(units),"
    " SUM(CASE WHEN entry = 'keyed' THEN 1 ELSE 0 END) FROM scans WHERE at >= $1 AND at < $2"
    " AND (CAST($3 AS BIGINT) = 0 OR warehouse_id = CAST($3 AS BIGINT)) GROUP BY actor"
    " ORDER BY actor";
constexpr const char* kGroupByProduct =
    "SELECT p.sku, COUNT(*), SUM(CASE WHEN s.verdict = 'ok' THEN 0 ELSE 1 END), SUM(s.units)"
    " FROM scans s JOIN products p ON p.id = s.product_id WHERE s.at >= $1 AND s.at < $2"
    " AND (CAST($3 AS BIGINT) = 0 OR s.warehouse_id = CAST($3 AS BIGINT)) GROUP BY p.sku"
    " HAVING SUM(CASE WHEN s.verdict = 'ok' THEN 0 ELSE 1 END) > 0 ORDER BY 3 DESC, p.sku"
    " LIMIT 100";
constexpr const char* kGroupByBin =
    "SELECT b.code, COUNT(*), SUM(CASE WHEN s.verdict = 'ok' THEN 0 ELSE 1 END), SUM(s.units)"
    " FROM scans s JOIN bins b ON b.id = s.bin_id WHERE s.at >= $1 AND s.at < $2"
    " AND (CAST($3 AS BIGINT) = 0 OR s.warehouse_id = CAST($3 AS BIGINT)) GROUP BY b.code"
    " HAVING SUM(CASE WHEN s.verdict = 'ok' THEN 0 ELSE 1 END) > 0 ORDER BY 3 DESC, b.code"
    " LIMIT 100";
constexpr const char* kGroupByOrder =
    "SELECT CAST(s.order_id AS TEXT), COUNT(*), SUM(CASE WHEN s.verdict = 'ok' THEN 0 ELSE 1"
    " END), SUM(s.units) FROM scans s WHERE s.order_id IS NOT NULL AND s.at >= $1 AND s.at < $2"
    " AND (CAST($3 AS BIGINT) = 0 OR s.warehouse_id = CAST($3 AS BIGINT)) GROUP BY s.order_id"
    " HAVING SUM(CASE WHEN s.verdict = 'ok' THEN 0 ELSE 1 END) > 0 ORDER BY 3 DESC, s.order_id"
    " LIMIT 100";

std::optional<std::int64_t> optional_int(const db::Query& q, int column) {
    return q.is_null(column) ? std::nullopt : std::optional(q.int64(column));
}

std::optional<std::string> optional_text(const db::Query& q, int column) {
    return q.is_null(column) ? std::nullopt : std::optional(q.text(column));
}

StationRow station_row(const db::Query& q) {
    return StationRow{.id = q.int64(0),
                      .code = q.text(1),
                      .kind = q.text(2),
                      .warehouse_id = q.int64(3),
                      .warehouse = q.text(4),
                      .user_id = optional_int(q, 5),
                      .user = q.text(6),
                      .state = q.text(7),
                      .updated_at = q.int64(8)};
}

CartonRow carton_row(const db::Query& q) {
    CartonRow c;
    c.id = q.int64(0);
    c.sscc = q.text(1);
    c.order_id = q.int64(2);
    c.warehouse_id = q.int64(3);
    c.warehouse = q.text(4);
    c.seq = static_cast<int>(q.int64(5));
    c.box_code = q.text(6);
    c.tare_g = static_cast<int>(q.int64(7));
    c.status = q.text(8);
    c.expected_weight_g = static_cast<int>(q.int64(9));
    if (!q.is_null(10)) {
        c.weight_g = static_cast<int>(q.int64(10));
    }
    c.carrier_id = optional_int(q, 11);
    c.carrier = q.text(12);
    c.service = q.text(13);
    c.tracking = optional_text(q, 14);
    c.manifest_id = optional_int(q, 15);
    c.override_reason = optional_text(q, 16);
    c.created_at = q.int64(17);
    c.packed_at = optional_int(q, 18);
    c.loaded_at = optional_int(q, 19);
    return c;
}

ManifestRow manifest_row(const db::Query& q) {
    return ManifestRow{.id = q.int64(0),
                       .carrier_id = q.int64(1),
                       .carrier = q.text(2),
                       .warehouse_id = q.int64(3),
                       .warehouse = q.text(4),
                       .status = q.text(5),
                       .created_by = q.text(6),
                       .created_at = q.int64(7),
                       .closed_at = optional_int(q, 8)};
}

}  // namespace

std::int64_t FulfillmentRepo::insert_station(db::Tx& tx, const std::string& code,
                                             const std::string& kind, std::int64_t warehouse_id,
                                             const std::string& state, core::TimestampMs now) {
    db::Query q(tx, kInsertStation);
    q.bind(code).bind(kind).bind(warehouse_id).bind(state).bind(now);
    q.next();
    return q.int64(0);
}

std::optional<StationRow> FulfillmentRepo::find_station(db::Tx& tx, const std::string& code,
                                                        bool lock) {
    db::Query q(tx, lock && tx.engine() == db::Engine::postgresql ? kLockStation : kFindStation);
    q.bind(code);
    if (!q.next()) {
        return std::nullopt;
    }
    return station_row(q);
}

std::vector<StationRow> FulfillmentRepo::stations(db::Tx& tx,
                                                  std::optional<std::int64_t> warehouse) {
    db::Query q(tx, kStations);
    q.bind(warehouse.value_or(0));
    std::vector<StationRow> out;
    while (q.next()) {
        out.push_back(station_row(q));
    }
    return out;
}

void FulfillmentRepo::save_station(db::Tx& tx, std::int64_t id, const std::string& state,
                                   std::optional<std::int64_t> user_id, core::TimestampMs now) {
    db::Query(tx, kSaveStation).bind(state).bind(user_id).bind(now).bind(id).exec();
}

std::optional<StoredScan> FulfillmentRepo::find_scan(db::Tx& tx, const std::string& scan_id) {
    db::Query q(tx, kFindScan);
    q.bind(scan_id);
    if (!q.next()) {
        return std::nullopt;
    }
    return StoredScan{q.int64(0), q.text(1)};
}

void FulfillmentRepo::insert_scan(db::Tx& tx, const ScanRecord& s) {
    db::Query(tx, kInsertScan)
        .bind(s.scan_id)
        .bind(s.station_id)
        .bind(s.warehouse_id)
        .bind(s.user_id)
        .bind(s.actor)
        .bind(s.at)
        .bind(s.scanned_at)
        .bind(s.step)
        .bind(s.barcode)
        .bind(s.expected)
        .bind(s.verdict)
        .bind(s.order_id)
        .bind(s.product_id)
        .bind(s.bin_id)
        .bind(s.units)
        .bind(s.response)
        .bind(s.entry)
        .bind(s.reason)
        .exec();
}

std::optional<OrderFacts> FulfillmentRepo::order_facts(db::Tx& tx, std::int64_t order,
                                                       std::int64_t warehouse) {
    db::Query q(tx, kOrderFacts);
    q.bind(order).bind(warehouse);
    if (!q.next()) {
        return std::nullopt;
    }
    return OrderFacts{.status = q.text(0),
                      .service_level = q.text(1),
                      .country = q.text(2),
                      .warehouse_id = q.int64(3),
                      .warehouses = static_cast<int>(q.int64(4)),
                      .station_id = q.int64(5)};
}

std::optional<std::pair<std::int64_t, std::int64_t>> FulfillmentRepo::bin_by_code(
    db::Tx& tx, const std::string& warehouse, const std::string& bin) {
    db::Query q(tx, kBinByCode);
    q.bind(warehouse).bind(bin);
    return q.next() ? std::optional(std::pair{q.int64(0), q.int64(1)}) : std::nullopt;
}

std::string FulfillmentRepo::bin_code(db::Tx& tx, std::int64_t bin) {
    db::Query q(tx, kBinCode);
    q.bind(bin);
    return q.next() ? q.text(0) : std::string();
}

std::optional<std::int64_t> FulfillmentRepo::bin_id(db::Tx& tx, std::int64_t warehouse,
                                                    const std::string& code) {
    db::Query q(tx, kBinId);
    q.bind(warehouse).bind(code);
    return q.next() ? std::optional(q.int64(0)) : std::nullopt;
}

std::int64_t FulfillmentRepo::special_bin(db::Tx& tx, std::int64_t warehouse,
                                          const std::string& kind, const std::string& code) {
    {
        db::Query q(tx, kSpecialBin);
        q.bind(warehouse).bind(kind);
        if (q.next()) {
            return q.int64(0);
        }
    }
    db::Query(tx, kInsertBin).bind(warehouse).bind(code).bind(kind).exec();
    if (const auto made = bin_id(tx, warehouse, code)) {
        return *made;
    }
    throw std::logic_error("bin " + code + " is neither there nor made");
}

std::int64_t FulfillmentRepo::insert_batch(db::Tx& tx, std::int64_t warehouse,
                                           const std::string& created_by, core::TimestampMs now) {
    db::Query q(tx, kInsertBatch);
    q.bind(warehouse).bind(created_by).bind(now);
    q.next();
    return q.int64(0);
}

void FulfillmentRepo::insert_batch_order(db::Tx& tx, std::int64_t batch, int slot,
                                         std::int64_t order) {
    db::Query(tx, kInsertBatchOrder).bind(batch).bind(slot).bind(order).exec();
}

std::optional<BatchRow> FulfillmentRepo::batch(db::Tx& tx, std::int64_t id) {
    BatchRow row;
    {
        db::Query q(tx, kBatch);
        q.bind(id);
        if (!q.next()) {
            return std::nullopt;
        }
        row = BatchRow{.id = q.int64(0),
                       .warehouse_id = q.int64(1),
                       .warehouse = q.text(2),
                       .status = q.text(3),
                       .created_at = q.int64(4),
                       .orders = {}};
    }
    db::Query orders(tx, kBatchOrders);
    orders.bind(id);
    while (orders.next()) {
        row.orders.emplace_back(static_cast<int>(orders.int64(0)), orders.int64(1));
    }
    return row;
}

void FulfillmentRepo::set_batch_status(db::Tx& tx, std::int64_t id, const std::string& status) {
    db::Query(tx, kSetBatchStatus).bind(status).bind(id).exec();
}

bool FulfillmentRepo::in_open_batch(db::Tx& tx, std::int64_t order) {
    db::Query q(tx, kInOpenBatch);
    q.bind(order);
    return q.next();
}

void FulfillmentRepo::insert_task(db::Tx& tx, const NewTask& t) {
    db::Query(tx, kInsertTask)
        .bind(t.order_id)
        .bind(t.line_id)
        .bind(t.warehouse_id)
        .bind(t.product_id)
        .bind(t.bin_id)
        .bind(t.lot)
        .bind(t.expiry)
        .bind(t.sequence)
        .bind(t.quantity)
        .exec();
}

bool FulfillmentRepo::has_tasks(db::Tx& tx, std::int64_t order, std::int64_t warehouse) {
    db::Query q(tx, kHasTasks);
    q.bind(order).bind(warehouse);
    return q.next();
}

std::vector<PickTask> FulfillmentRepo::open_tasks(db::Tx& tx, std::int64_t batch,
                                                  std::int64_t order, std::int64_t warehouse) {
    db::Query q(tx, batch != 0 ? kOpenTasksOfBatch : kOpenTasksOfOrder);
    q.bind(batch != 0 ? batch : order).bind(warehouse);
    std::vector<PickTask> out;
    while (q.next()) {
        out.push_back(PickTask{.id = q.int64(0),
                               .order_id = q.int64(1),
                               .slot = static_cast<int>(q.int64(2)),
                               .product_id = q.int64(3),
                               .sku = q.text(4),
                               .name = q.text(5),
                               .bin_id = q.int64(6),
                               .bin_code = q.text(7),
                               .lot = q.text(8),
                               .expiry = optional_text(q, 9),
                               .near_expiry = false,
                               .quantity = q.int64(10),
                               .picked = q.int64(11)});
    }
    return out;
}

std::pair<std::int64_t, std::int64_t> FulfillmentRepo::job_units(db::Tx& tx, std::int64_t batch,
                                                                 std::int64_t order,
                                                                 std::int64_t warehouse) {
    db::Query q(tx, batch != 0 ? kUnitsOfBatch : kUnitsOfOrder);
    q.bind(batch != 0 ? batch : order).bind(warehouse);
    q.next();
    return {q.int64(0), q.int64(1)};
}

std::optional<TaskRow> FulfillmentRepo::task(db::Tx& tx, std::int64_t id) {
    db::Query q(tx, kTask);
    q.bind(id);
    if (!q.next()) {
        return std::nullopt;
    }
    return TaskRow{.id = q.int64(0),
                   .order_id = q.int64(1),
                   .line_id = q.int64(2),
                   .warehouse_id = q.int64(3),
                   .product_id = q.int64(4),
                   .bin_id = q.int64(5),
                   .lot = q.text(6),
                   .expiry = optional_text(q, 7),
                   .quantity = q.int64(8),
                   .picked = q.int64(9)};
}

bool FulfillmentRepo::add_picked(db::Tx& tx, std::int64_t task, std::int64_t quantity) {
    return db::Query(tx, kAddPicked).bind(quantity).bind(task).exec() == 1;
}

void FulfillmentRepo::set_short(db::Tx& tx, std::int64_t task, std::int64_t shortfall) {
    db::Query(tx, kSetShort).bind(shortfall).bind(task).exec();
}

std::map<std::pair<std::int64_t, std::string>, std::int64_t> FulfillmentRepo::planned(
    db::Tx& tx, std::int64_t product, std::int64_t warehouse) {
    db::Query q(tx, kPlanned);
    q.bind(product).bind(warehouse);
    std::map<std::pair<std::int64_t, std::string>, std::int64_t> out;
    while (q.next()) {
        out[{q.int64(0), q.text(1)}] = q.int64(2);
    }
    return out;
}

std::vector<PickedRow> FulfillmentRepo::picked(db::Tx& tx, std::int64_t order,
                                               std::int64_t warehouse) {
    db::Query q(tx, kPicked);
    q.bind(order).bind(warehouse);
    std::vector<PickedRow> out;
    while (q.next()) {
        out.push_back(PickedRow{q.int64(0), q.text(1), q.int64(2)});
    }
    return out;
}

std::vector<AllocationRow> FulfillmentRepo::allocations(db::Tx& tx, std::int64_t order,
                                                        std::int64_t warehouse) {
    db::Query q(tx, kAllocations);
    q.bind(order).bind(warehouse);
    std::vector<AllocationRow> out;
    while (q.next()) {
        out.push_back(AllocationRow{q.int64(0), q.int64(1), q.int64(2)});
    }
    return out;
}

void FulfillmentRepo::reduce_allocation(db::Tx& tx, std::int64_t line, std::int64_t warehouse,
                                        std::int64_t quantity) {
    if (db::Query(tx, kReduceAllocation).bind(quantity).bind(line).bind(warehouse).exec() == 0) {
        db::Query(tx, kDropAllocation).bind(quantity).bind(line).bind(warehouse).exec();
    }
    db::Query(tx, kLineAllocated).bind(-quantity).bind(line).exec();
}

void FulfillmentRepo::grow_allocation(db::Tx& tx, std::int64_t order, std::int64_t line,
                                      std::int64_t product, std::int64_t warehouse,
                                      std::int64_t quantity) {
    db::Query(tx, kInsertAllocation)
        .bind(order)
        .bind(line)
        .bind(product)
        .bind(warehouse)
        .bind(quantity)
        .exec();
    db::Query(tx, kLineAllocated).bind(quantity).bind(line).exec();
}

void FulfillmentRepo::mark_shipped(db::Tx& tx, std::int64_t order, std::int64_t warehouse) {
    db::Query(tx, kMarkShipped).bind(order).bind(warehouse).exec();
}

std::optional<ProductFacts> FulfillmentRepo::product(db::Tx& tx, std::int64_t id) {
    db::Query q(tx, kProduct);
    q.bind(id);
    if (!q.next()) {
        return std::nullopt;
    }
    return ProductFacts{.id = q.int64(0),
                        .sku = q.text(1),
                        .name = q.text(2),
                        .weight_g = static_cast<int>(q.int64(3)),
                        .length_mm = static_cast<int>(q.int64(4)),
                        .width_mm = static_cast<int>(q.int64(5)),
                        .height_mm = static_cast<int>(q.int64(6)),
                        .fragile = q.int64(7) != 0,
                        .expiry_tracked = q.int64(8) != 0,
                        .unit_cost = q.int64(9),
                        .currency = q.text(10)};
}

void FulfillmentRepo::insert_count_task(db::Tx& tx, std::int64_t warehouse, std::int64_t bin,
                                        std::int64_t product, const std::string& reason,
                                        core::TimestampMs now) {
    db::Query(tx, kInsertCountTask)
        .bind(warehouse)
        .bind(bin)
        .bind(product)
        .bind(reason)
        .bind(now)
        .exec();
}

std::vector<CountTaskRow> FulfillmentRepo::count_tasks(db::Tx& tx,
                                                       std::optional<std::int64_t> warehouse,
                                                       const std::string& status,
                                                       std::int64_t after, int limit) {
    db::Query q(tx, kCountTasks);
    q.bind(status).bind(after).bind(warehouse.value_or(0)).bind(limit);
    std::vector<CountTaskRow> out;
    while (q.next()) {
        out.push_back(CountTaskRow{.id = q.int64(0),
                                   .warehouse = q.text(1),
                                   .bin = q.text(2),
                                   .sku = q.text(3),
                                   .reason = q.text(4),
                                   .status = q.text(5),
                                   .created_at = q.int64(6)});
    }
    return out;
}

void FulfillmentRepo::insert_damage(db::Tx& tx, const DamageRow& d) {
    db::Query(tx, kInsertDamage)
        .bind(d.at)
        .bind(d.station_id)
        .bind(d.warehouse_id)
        .bind(d.product_id)
        .bind(d.bin_id)
        .bind(d.lot)
        .bind(d.order_id)
        .bind(d.reason)
        .bind(d.actor)
        .exec();
}

std::int64_t FulfillmentRepo::insert_carton(db::Tx& tx, std::int64_t order, std::int64_t warehouse,
                                            int seq, std::optional<std::int64_t> box,
                                            const std::string& box_code, int expected_g,
                                            std::optional<std::int64_t> service,
                                            core::TimestampMs now) {
    db::Query q(tx, kInsertCarton);
    // A placeholder until the id gives the SSCC its serial.
    q.bind("pending-" + std::to_string(order) + "-" + std::to_string(seq))
        .bind(order)
        .bind(warehouse)
        .bind(box)
        .bind(box_code)
        .bind(expected_g)
        .bind(service)
        .bind(now);
    q.next();
    return q.int64(0);
}

void FulfillmentRepo::set_sscc(db::Tx& tx, std::int64_t carton, const std::string& sscc) {
    db::Query(tx, kSetSscc).bind(sscc).bind(carton).exec();
}

void FulfillmentRepo::insert_carton_item(db::Tx& tx, std::int64_t carton, std::int64_t product,
                                         std::int64_t expected) {
    db::Query(tx, kInsertCartonItem).bind(carton).bind(product).bind(expected).exec();
}

std::vector<CartonView> FulfillmentRepo::carton_views(db::Tx& tx, std::int64_t order,
                                                      std::int64_t warehouse) {
    db::Query q(tx, kCartonViews);
    q.bind(order).bind(warehouse);
    std::vector<CartonView> out;
    while (q.next()) {
        const auto id = q.int64(0);
        if (out.empty() || out.back().id != id) {
            out.push_back(CartonView{.id = id,
                                     .seq = static_cast<int>(q.int64(1)),
                                     .sscc = q.text(2),
                                     .box_code = q.text(3),
                                     .tare_g = static_cast<int>(q.int64(4)),
                                     .status = q.text(5),
                                     .tracking = optional_text(q, 6),
                                     .lines = {}});
        }
        if (!q.is_null(7)) {
            out.back().lines.push_back(CartonLine{.product_id = q.int64(7),
                                                  .sku = q.text(8),
                                                  .name = q.text(9),
                                                  .expected = q.int64(10),
                                                  .packed = q.int64(11),
                                                  .unit_weight_g = static_cast<int>(q.int64(12)),
                                                  .fragile = q.int64(13) != 0});
        }
    }
    return out;
}

std::optional<CartonRow> FulfillmentRepo::carton(db::Tx& tx, std::int64_t id) {
    db::Query q(tx, kCartonById);
    q.bind(id);
    return q.next() ? std::optional(carton_row(q)) : std::nullopt;
}

std::optional<CartonRow> FulfillmentRepo::carton_by_sscc(db::Tx& tx, const std::string& sscc) {
    db::Query q(tx, kCartonBySscc);
    q.bind(sscc);
    return q.next() ? std::optional(carton_row(q)) : std::nullopt;
}

std::vector<CartonRow> FulfillmentRepo::cartons(db::Tx& tx, std::optional<std::int64_t> order,
                                                std::optional<std::int64_t> manifest) {
    db::Query q(tx, kCartonList);
    q.bind(order.value_or(0)).bind(manifest.value_or(0));
    std::vector<CartonRow> out;
    while (q.next()) {
        out.push_back(carton_row(q));
    }
    return out;
}

bool FulfillmentRepo::add_packed(db::Tx& tx, std::int64_t carton, std::int64_t product,
                                 std::int64_t quantity) {
    return db::Query(tx, kAddPacked).bind(quantity).bind(carton).bind(product).exec() == 1;
}

void FulfillmentRepo::set_weight(db::Tx& tx, std::int64_t carton, int weight_g,
                                 const std::optional<std::string>& override_reason,
                                 const std::optional<std::string>& override_by,
                                 core::TimestampMs now) {
    db::Query(tx, kSetWeight)
        .bind(weight_g)
        .bind(override_reason)
        .bind(override_by)
        .bind(now)
        .bind(carton)
        .exec();
}

void FulfillmentRepo::set_tracking(db::Tx& tx, std::int64_t carton, const std::string& tracking) {
    db::Query(tx, kSetTracking).bind(tracking).bind(carton).exec();
}

std::optional<std::int64_t> FulfillmentRepo::tracking_owner(db::Tx& tx,
                                                            const std::string& tracking) {
    db::Query q(tx, kTrackingOwner);
    q.bind(tracking);
    return q.next() ? std::optional(q.int64(0)) : std::nullopt;
}

void FulfillmentRepo::stage_cartons(db::Tx& tx, std::int64_t order, std::int64_t warehouse) {
    db::Query(tx, kStageCartons).bind(order).bind(warehouse).exec();
}

std::optional<std::int64_t> FulfillmentRepo::carton_service(db::Tx& tx, std::int64_t order) {
    db::Query q(tx, kCartonService);
    q.bind(order);
    return q.next() ? std::optional(q.int64(0)) : std::nullopt;
}

std::int64_t FulfillmentRepo::insert_manifest(db::Tx& tx, std::int64_t carrier,
                                              std::int64_t warehouse, const std::string& created_by,
                                              core::TimestampMs now) {
    db::Query q(tx, kInsertManifest);
    q.bind(carrier).bind(warehouse).bind(created_by).bind(now);
    q.next();
    return q.int64(0);
}

std::optional<ManifestRow> FulfillmentRepo::manifest(db::Tx& tx, std::int64_t id) {
    db::Query q(tx, kManifest);
    q.bind(id);
    return q.next() ? std::optional(manifest_row(q)) : std::nullopt;
}

std::vector<ManifestRow> FulfillmentRepo::manifests(db::Tx& tx,
                                                    std::optional<std::int64_t> warehouse,
                                                    const std::optional<std::string>& status,
                                                    std::int64_t after, int limit) {
    db::Query q(tx, kManifests);
    q.bind(after).bind(warehouse.value_or(0)).bind(status.value_or("")).bind(limit);
    std::vector<ManifestRow> out;
    while (q.next()) {
        out.push_back(manifest_row(q));
    }
    return out;
}

std::int64_t FulfillmentRepo::loaded_count(db::Tx& tx, std::int64_t manifest) {
    db::Query q(tx, kLoadedCount);
    q.bind(manifest);
    q.next();
    return q.int64(0);
}

std::vector<std::string> FulfillmentRepo::staged_missing(db::Tx& tx, std::int64_t carrier,
                                                         std::int64_t warehouse) {
    db::Query q(tx, kStagedMissing);
    q.bind(carrier).bind(warehouse);
    std::vector<std::string> out;
    while (q.next()) {
        out.push_back(q.text(0));
    }
    return out;
}

bool FulfillmentRepo::load_carton(db::Tx& tx, std::int64_t carton, std::int64_t manifest,
                                  core::TimestampMs now) {
    return db::Query(tx, kLoadCarton).bind(manifest).bind(now).bind(carton).exec() == 1;
}

bool FulfillmentRepo::close_manifest(db::Tx& tx, std::int64_t manifest, const std::string& actor,
                                     core::TimestampMs now) {
    return db::Query(tx, kCloseManifest).bind(now).bind(actor).bind(manifest).exec() == 1;
}

std::vector<std::int64_t> FulfillmentRepo::orders_complete_on(db::Tx& tx, std::int64_t manifest) {
    db::Query q(tx, kOrdersComplete);
    q.bind(manifest);
    std::vector<std::int64_t> out;
    while (q.next()) {
        out.push_back(q.int64(0));
    }
    return out;
}

void FulfillmentRepo::ship_cartons(db::Tx& tx, std::int64_t manifest) {
    db::Query(tx, kShipCartons).bind(manifest).exec();
}

bool FulfillmentRepo::insert_cost(db::Tx& tx, core::TimestampMs at, std::int64_t order,
                                  const ProductFacts& product, std::int64_t warehouse,
                                  std::int64_t quantity) {
    const auto cost = core::checked_mul(core::Money{product.unit_cost}, quantity);
    if (!cost) {
        return false;
    }
    db::Query(tx, kInsertCost)
        .bind(at)
        .bind(order)
        .bind(product.id)
        .bind(warehouse)
        .bind(quantity)
        .bind(product.unit_cost)
        .bind(cost->minor)
        .bind(product.currency)
        .exec();
    return true;
}

std::map<std::string, std::string> FulfillmentRepo::settings(db::Tx& tx) {
    db::Query q(tx, kSettings);
    std::map<std::string, std::string> out;
    while (q.next()) {
        out[q.text(0)] = q.text(1);
    }
    return out;
}

void FulfillmentRepo::save_setting(db::Tx& tx, const std::string& name, const std::string& value) {
    db::Query(tx, kSaveSetting).bind(name).bind(value).exec();
}

std::vector<ScanLogRow> FulfillmentRepo::scan_log(db::Tx& tx, const ScanLogFilter& f) {
    db::Query q(tx, kScanLog);
    q.bind(f.before)
        .bind(f.station.value_or(0))
        .bind(f.verdict.value_or(""))
        .bind(f.refused_only ? 1 : 0)
        .bind(f.from)
        .bind(f.to)
        .bind(f.order.value_or(0))
        .bind(f.entry.value_or(""))
        .bind(f.limit);
    std::vector<ScanLogRow> out;
    while (q.next()) {
        out.push_back(ScanLogRow{.id = q.int64(0),
                                 .at = q.int64(1),
                                 .scanned_at = optional_int(q, 2),
                                 .station = q.text(3),
                                 .warehouse = q.text(4),
                                 .actor = q.text(5),
                                 .step = q.text(6),
                                 .barcode = q.text(7),
                                 .expected = q.text(8),
                                 .verdict = q.text(9),
                                 .order_id = optional_int(q, 10),
                                 .entry = q.text(11),
                                 .reason = optional_text(q, 12)});
    }
    return out;
}

std::vector<ScanGroup> FulfillmentRepo::scan_groups(db::Tx& tx, const std::string& by,
                                                    core::TimestampMs from, core::TimestampMs to,
                                                    std::int64_t warehouse) {
    const char* sql = by == "step"           ? kGroupByStep
                      : by == "verdict"      ? kGroupByVerdict
                      : by == "actor"        ? kGroupByActor
                      : by == "product"      ? kGroupByProduct
                      : by == "bin"          ? kGroupByBin
                      : by == "station_kind" ? kScansByStationKind
                                             : kGroupByOrder;
    db::Query q(tx, sql);
    q.bind(from).bind(to).bind(warehouse);
    std::vector<ScanGroup> out;
    // Step, actor and verdict groups also count the codes keyed by hand.
    const bool keyed = sql == kGroupByStep || sql == kGroupByActor || sql == kGroupByVerdict;
    while (q.next()) {
        out.push_back(
            ScanGroup{q.text(0), q.int64(1), q.int64(2), q.int64(3), keyed ? q.int64(4) : 0});
    }
    return out;
}

std::vector<KeyCount> FulfillmentRepo::orders_by_status(db::Tx& tx, core::TimestampMs day_start,
                                                        std::int64_t warehouse) {
    db::Query q(tx, kOrdersByStatus);
    q.bind(day_start).bind(warehouse);
    std::vector<KeyCount> out;
    while (q.next()) {
        out.push_back({q.text(0), q.int64(1)});
    }
    return out;
}

std::vector<HourFigures> FulfillmentRepo::scan_slots(db::Tx& tx, core::TimestampMs from,
                                                     std::int64_t slot_ms, std::int64_t warehouse) {
    std::map<std::int64_t, HourFigures> slots;
    {
        db::Query q(tx, kScanSlots);
        q.bind(from).bind(slot_ms).bind(warehouse);
        while (q.next()) {
            auto& slot = slots[q.int64(0)];
            slot.slot = q.int64(0);
            slot.scans = q.int64(1);
            slot.errors = q.int64(2);
            slot.units_picked = q.int64(3);
            slot.units_packed = q.int64(4);
        }
    }
    db::Query q(tx, kShippedSlots);
    q.bind(from).bind(slot_ms).bind(warehouse);
    while (q.next()) {
        auto& slot = slots[q.int64(0)];
        slot.slot = q.int64(0);
        slot.orders_shipped = q.int64(1);
    }
    std::vector<HourFigures> out;
    for (auto& [key, slot] : slots) {
        out.push_back(slot);
    }
    return out;
}

std::vector<OpenOrder> FulfillmentRepo::oldest_open_orders(db::Tx& tx, std::int64_t warehouse,
                                                           int limit) {
    db::Query q(tx, kOldestOpenOrders);
    q.bind(warehouse).bind(std::int64_t{limit});
    std::vector<OpenOrder> out;
    while (q.next()) {
        out.push_back({.id = q.int64(0),
                       .status = q.text(1),
                       .warehouse = q.text(3),
                       .created_at = q.int64(2)});
    }
    return out;
}

}  // namespace tally::fulfillment
