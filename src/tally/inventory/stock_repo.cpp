#include "tally/inventory/stock_repo.hpp"

#include <soci/soci.h>

#include "tally/db/statement.hpp"

namespace tally::inventory {

namespace {

constexpr const char* kAvailableBySku =
    "SELECT p.sku, CAST(COALESCE(SUM(s.on_hand - s.reserved), 0) AS BIGINT) FROM products p"
    " LEFT JOIN warehouse_stock s ON s.product_id = p.id WHERE p.active = 1 GROUP BY p.sku"
    " ORDER BY p.sku";
constexpr const char* kAdd =
    "INSERT INTO stock (product_id, warehouse_id, bin_id, lot, expiry, received_at, quantity)"
    " VALUES (:product, :warehouse, :bin, :lot, :expiry, :received, :quantity)"
    " ON CONFLICT (product_id, bin_id, lot) DO UPDATE SET"
    " quantity = stock.quantity + excluded.quantity,"
    " expiry = COALESCE(stock.expiry, excluded.expiry)";
// The moved units keep their row's expiry, read from it in the same statement; the bin they
// go to must be of the same warehouse.
constexpr const char* kAddFrom =
    "INSERT INTO stock (product_id, warehouse_id, bin_id, lot, expiry, received_at, quantity)"
    " SELECT s.product_id, s.warehouse_id, b.id, s.lot, s.expiry, CAST($1 AS BIGINT),"
    " CAST($2 AS BIGINT) FROM stock s JOIN bins b ON b.id = CAST($3 AS BIGINT)"
    " AND b.warehouse_id = s.warehouse_id WHERE s.product_id = $4 AND s.bin_id = $5"
    " AND s.lot = $6"
    " ON CONFLICT (product_id, bin_id, lot) DO UPDATE SET"
    " quantity = stock.quantity + excluded.quantity,"
    " expiry = COALESCE(stock.expiry, excluded.expiry)";
constexpr const char* kTake =
    "UPDATE stock SET quantity = quantity - :quantity WHERE product_id = :product"
    " AND bin_id = :bin AND lot = :lot AND quantity >= :enough";
constexpr const char* kAddOnHand =
    "INSERT INTO warehouse_stock (product_id, warehouse_id, on_hand, reserved)"
    " VALUES (:product, :warehouse, :quantity, 0) ON CONFLICT (product_id, warehouse_id)"
    " DO UPDATE SET on_hand = warehouse_stock.on_hand + excluded.on_hand";
constexpr const char* kTakeOnHand =
    "UPDATE warehouse_stock SET on_hand = on_hand - :quantity WHERE product_id = :product"
    " AND warehouse_id = :warehouse AND on_hand - reserved >= :enough";
constexpr const char* kReserve =
    "UPDATE warehouse_stock SET reserved = reserved + $1 WHERE product_id = $2"
    " AND warehouse_id = $3 AND on_hand - reserved >= $1";
constexpr const char* kUnreserve =
    "UPDATE warehouse_stock SET reserved = reserved - $1 WHERE product_id = $2"
    " AND warehouse_id = $3 AND reserved >= $1";
constexpr const char* kAvailable =
    "SELECT s.warehouse_id, s.on_hand, s.on_hand - s.reserved, t.reorder_point"
    " FROM warehouse_stock s LEFT JOIN replenishment_thresholds t"
    " ON t.product_id = s.product_id AND t.warehouse_id = s.warehouse_id"
    " WHERE s.product_id = $1 ORDER BY s.warehouse_id";
constexpr const char* kAvailableLocked =
    "SELECT s.warehouse_id, s.on_hand, s.on_hand - s.reserved, t.reorder_point"
    " FROM warehouse_stock s LEFT JOIN replenishment_thresholds t"
    " ON t.product_id = s.product_id AND t.warehouse_id = s.warehouse_id"
    " WHERE s.product_id = $1 ORDER BY s.warehouse_id FOR UPDATE OF s";
constexpr const char* kLedger =
    "INSERT INTO stock_ledger (at, product_id, warehouse_id, bin_id, lot, delta, kind, reason,"
    " reference, actor, actor_user_id) VALUES (:at, :product, :warehouse, :bin, :lot, :delta,"
    " :kind, :reason, :reference, :actor, :actor_id)";
constexpr const char* kQuantity =
    "SELECT quantity FROM stock WHERE product_id = :product AND bin_id = :bin AND lot = :lot";
constexpr const char* kLotExpiry =
    "SELECT expiry FROM stock WHERE product_id = :product AND lot = :lot AND expiry IS NOT NULL"
    " LIMIT 1";
constexpr const char* kLevels =
    "SELECT w.code, p.sku, s.on_hand, s.reserved FROM warehouse_stock s"
    " JOIN warehouses w ON w.id = s.warehouse_id JOIN products p ON p.id = s.product_id"
    " WHERE s.product_id = :product ORDER BY w.code";
constexpr const char* kRows =
    "SELECT s.id, w.code, b.code, p.sku, p.name, s.lot, s.expiry, s.received_at, s.quantity"
    " FROM stock s JOIN warehouses w ON w.id = s.warehouse_id JOIN bins b ON b.id = s.bin_id"
    " JOIN products p ON p.id = s.product_id WHERE s.quantity > 0 AND s.id > :after";
constexpr const char* kCandidates =
    "SELECT s.bin_id, b.code, b.pick_sequence, s.lot, s.expiry, s.received_at, s.quantity"
    " FROM stock s JOIN bins b ON b.id = s.bin_id WHERE s.product_id = :product"
    " AND s.warehouse_id = :warehouse AND s.quantity > 0 AND b.kind = 'storage'"
    " AND b.active = 1";
constexpr const char* kSaveThreshold =
    "INSERT INTO replenishment_thresholds (product_id, warehouse_id, reorder_point,"
    " safety_stock, lead_time_days, updated_at) VALUES (:product, :warehouse, :reorder,"
    " :safety, :lead, :now) ON CONFLICT (product_id, warehouse_id) DO UPDATE SET"
    " reorder_point = excluded.reorder_point, safety_stock = excluded.safety_stock,"
    " lead_time_days = excluded.lead_time_days, updated_at = excluded.updated_at";
constexpr const char* kThresholds =
    "SELECT p.sku, w.code, t.reorder_point, t.safety_stock, t.lead_time_days"
    " FROM replenishment_thresholds t JOIN products p ON p.id = t.product_id"
    " JOIN warehouses w ON w.id = t.warehouse_id";

// Stock rows whose quantity is not the sum of their ledger, and ledger sums with no row.
constexpr const char* kFsckLedger =
    "SELECT p.sku, w.code, b.code, x.lot, x.quantity, x.ledger FROM ("
    " SELECT s.product_id, s.warehouse_id, s.bin_id, s.lot, s.quantity,"
    " COALESCE(l.total, 0) AS ledger FROM stock s LEFT JOIN (SELECT product_id, bin_id, lot,"
    " SUM(delta) AS total FROM stock_ledger GROUP BY product_id, bin_id, lot) l"
    " ON l.product_id = s.product_id AND l.bin_id = s.bin_id AND l.lot = s.lot"
    " UNION ALL"
    " SELECT l.product_id, l.warehouse_id, l.bin_id, l.lot, 0, l.total FROM (SELECT product_id,"
    " MIN(warehouse_id) AS warehouse_id, bin_id, lot, SUM(delta) AS total FROM stock_ledger"
    " GROUP BY product_id, bin_id, lot) l WHERE NOT EXISTS (SELECT 1 FROM stock s"
    " WHERE s.product_id = l.product_id AND s.bin_id = l.bin_id AND s.lot = l.lot)"
    ") x JOIN products p ON p.id = x.product_id JOIN warehouses w ON w.id = x.warehouse_id"
    " JOIN bins b ON b.id = x.bin_id WHERE x.quantity <> x.ledger OR x.quantity < 0"
    " ORDER BY p.sku, w.code, b.code, x.lot";
// Warehouse totals that are not the sum of their stock rows, or reserve more than on hand.
constexpr const char* kFsckTotals =
    "SELECT p.sku, w.code, t.on_hand, t.reserved, t.rows_total FROM ("
    " SELECT ws.product_id, ws.warehouse_id, ws.on_hand, ws.reserved,"
    " COALESCE((SELECT SUM(s.quantity) FROM stock s WHERE s.product_id = ws.product_id"
    " AND s.warehouse_id = ws.warehouse_id), 0) AS rows_total FROM warehouse_stock ws"
    " UNION ALL"
    " SELECT s.product_id, s.warehouse_id, 0, 0, SUM(s.quantity) FROM stock s"
    " WHERE NOT EXISTS (SELECT 1 FROM warehouse_stock ws WHERE ws.product_id = s.product_id"
    " AND ws.warehouse_id = s.warehouse_id) GROUP BY s.product_id, s.warehouse_id"
    ") t JOIN products p ON p.id = t.product_id JOIN warehouses w ON w.id = t.warehouse_id"
    " WHERE t.on_hand <> t.rows_total OR t.reserved > t.on_hand OR t.reserved < 0"
    " OR t.on_hand < 0 ORDER BY p.sku, w.code";

void run(soci::statement& st, const std::string& query, bool fetch_one) {
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    st.execute(fetch_one);
}

// UPDATE ... SET column = column +/- :quantity WHERE ... AND guard >= :enough.
bool guarded_update(db::Tx& tx, const char* sql, catalog::ProductId product, WarehouseId warehouse,
                    std::int64_t quantity) {
    long long amount = quantity;
    long long enough = quantity;
    long long product_id = product.value;
    long long warehouse_id = warehouse.value;
    soci::statement st = (tx.sql().prepare << sql, soci::use(amount), soci::use(product_id),
                          soci::use(warehouse_id), soci::use(enough));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

}  // namespace

void StockRepo::add(db::Tx& tx, const StockKey& key, const std::optional<std::string>& expiry,
                    core::TimestampMs received_at, std::int64_t quantity) {
    long long product = key.product.value;
    long long warehouse = key.warehouse.value;
    long long bin = key.bin.value;
    std::string expiry_value = expiry.value_or("");
    soci::indicator expiry_ind = expiry ? soci::i_ok : soci::i_null;
    long long received = received_at;
    long long amount = quantity;
    tx.sql() << kAdd, soci::use(product), soci::use(warehouse), soci::use(bin), soci::use(key.lot),
        soci::use(expiry_value, expiry_ind), soci::use(received), soci::use(amount);
}

bool StockRepo::take(db::Tx& tx, const StockKey& key, std::int64_t quantity) {
    long long amount = quantity;
    long long enough = quantity;
    long long product = key.product.value;
    long long bin = key.bin.value;
    soci::statement st = (tx.sql().prepare << kTake, soci::use(amount), soci::use(product),
                          soci::use(bin), soci::use(key.lot), soci::use(enough));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

void StockRepo::add_on_hand(db::Tx& tx, catalog::ProductId product, WarehouseId warehouse,
                            std::int64_t quantity) {
    long long product_id = product.value;
    long long warehouse_id = warehouse.value;
    long long amount = quantity;
    tx.sql() << kAddOnHand, soci::use(product_id), soci::use(warehouse_id), soci::use(amount);
}

bool StockRepo::take_on_hand(db::Tx& tx, catalog::ProductId product, WarehouseId warehouse,
                             std::int64_t quantity) {
    return guarded_update(tx, kTakeOnHand, product, warehouse, quantity);
}

bool StockRepo::add_from(db::Tx& tx, const StockKey& from, BinId to, core::TimestampMs received_at,
                         std::int64_t quantity) {
    db::Query insert(tx, kAddFrom);
    insert.bind(received_at).bind(quantity).bind(to.value).bind(from.product.value);
    return insert.bind(from.bin.value).bind(from.lot).exec() == 1;
}

bool StockRepo::reserve(db::Tx& tx, catalog::ProductId product, WarehouseId warehouse,
                        std::int64_t quantity) {
    db::Query update(tx, kReserve);
    return update.bind(quantity).bind(product.value).bind(warehouse.value).exec() == 1;
}

bool StockRepo::unreserve(db::Tx& tx, catalog::ProductId product, WarehouseId warehouse,
                          std::int64_t quantity) {
    db::Query update(tx, kUnreserve);
    return update.bind(quantity).bind(product.value).bind(warehouse.value).exec() == 1;
}

std::vector<StockRepo::Available> StockRepo::available(db::Tx& tx, catalog::ProductId product,
                                                       bool lock) {
    db::Query select(tx,
                     lock && tx.engine() == db::Engine::postgresql ? kAvailableLocked : kAvailable);
    select.bind(product.value);
    std::vector<Available> out;
    while (select.next()) {
        out.push_back(
            {WarehouseId{select.int64(0)}, select.int64(1), select.int64(2),
             select.is_null(3) ? std::nullopt : std::optional<std::int64_t>(select.int64(3))});
    }
    return out;
}

void StockRepo::append_ledger(db::Tx& tx, const LedgerEntry& e) {
    long long at = e.at;
    long long product = e.key.product.value;
    long long warehouse = e.key.warehouse.value;
    long long bin = e.key.bin.value;
    long long delta = e.delta;
    std::string reason = e.reason.value_or("");
    soci::indicator reason_ind = e.reason ? soci::i_ok : soci::i_null;
    long long actor_id = e.actor_id ? e.actor_id->value : 0;
    soci::indicator actor_ind = e.actor_id ? soci::i_ok : soci::i_null;
    tx.sql() << kLedger, soci::use(at), soci::use(product), soci::use(warehouse), soci::use(bin),
        soci::use(e.key.lot), soci::use(delta), soci::use(e.kind), soci::use(reason, reason_ind),
        soci::use(e.reference), soci::use(e.actor), soci::use(actor_id, actor_ind);
}

std::int64_t StockRepo::quantity(db::Tx& tx, const StockKey& key) {
    long long quantity = 0;
    long long product = key.product.value;
    long long bin = key.bin.value;
    tx.sql() << kQuantity, soci::into(quantity), soci::use(product), soci::use(bin),
        soci::use(key.lot);
    return tx.sql().got_data() ? quantity : 0;
}

std::optional<std::string> StockRepo::lot_expiry(db::Tx& tx, catalog::ProductId product,
                                                 const std::string& lot) {
    long long product_id = product.value;
    std::string expiry;
    tx.sql() << kLotExpiry, soci::into(expiry), soci::use(product_id), soci::use(lot);
    return tx.sql().got_data() ? std::optional(expiry) : std::nullopt;
}

std::vector<std::pair<std::string, std::int64_t>> StockRepo::available_by_sku(db::Tx& tx) {
    db::Query q(tx, kAvailableBySku);
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (q.next()) {
        out.emplace_back(q.text(0), q.int64(1));
    }
    return out;
}

std::vector<StockLevel> StockRepo::levels(db::Tx& tx, catalog::ProductId product) {
    long long product_id = product.value;
    StockLevel level;
    long long on_hand = 0;
    long long reserved = 0;
    soci::statement st =
        (tx.sql().prepare << kLevels, soci::into(level.warehouse), soci::into(level.sku),
         soci::into(on_hand), soci::into(reserved), soci::use(product_id));
    st.execute();
    std::vector<StockLevel> out;
    while (st.fetch()) {
        level.on_hand = on_hand;
        level.reserved = reserved;
        out.push_back(level);
    }
    return out;
}

std::vector<StockRow> StockRepo::rows(db::Tx& tx, const StockFilter& filter) {
    long long id = 0;
    StockRow row;
    std::string expiry;
    soci::indicator expiry_ind = soci::i_null;
    long long received = 0;
    long long quantity = 0;
    soci::statement st(tx.sql());
    st.exchange(soci::into(id));
    st.exchange(soci::into(row.warehouse));
    st.exchange(soci::into(row.bin));
    st.exchange(soci::into(row.sku));
    st.exchange(soci::into(row.name));
    st.exchange(soci::into(row.lot));
    st.exchange(soci::into(expiry, expiry_ind));
    st.exchange(soci::into(received));
    st.exchange(soci::into(quantity));
    std::string query = kRows;
    long long after = filter.after;
    st.exchange(soci::use(after));
    long long product = filter.product ? filter.product->value : 0;
    long long warehouse = filter.warehouse ? filter.warehouse->value : 0;
    long long bin = filter.bin ? filter.bin->value : 0;
    if (filter.product) {
        query += " AND s.product_id = :product";
        st.exchange(soci::use(product));
    }
    if (filter.warehouse) {
        query += " AND s.warehouse_id = :warehouse";
        st.exchange(soci::use(warehouse));
    }
    if (filter.bin) {
        query += " AND s.bin_id = :bin";
        st.exchange(soci::use(bin));
    }
    if (filter.lot) {
        query += " AND s.lot = :lot";
        st.exchange(soci::use(*filter.lot));
    }
    if (filter.expires_before) {
        query += " AND s.expiry IS NOT NULL AND s.expiry < :before";
        st.exchange(soci::use(*filter.expires_before));
    }
    query += " ORDER BY s.id LIMIT :limit";
    int limit = filter.limit;
    st.exchange(soci::use(limit));
    run(st, query, false);
    std::vector<StockRow> out;
    while (st.fetch()) {
        row.id = id;
        row.expiry = expiry_ind == soci::i_ok ? std::optional(expiry) : std::nullopt;
        row.received_at = received;
        row.quantity = quantity;
        out.push_back(row);
    }
    return out;
}

std::vector<StockCandidate> StockRepo::candidates(db::Tx& tx, catalog::ProductId product,
                                                  WarehouseId warehouse) {
    long long product_id = product.value;
    long long warehouse_id = warehouse.value;
    long long bin = 0;
    StockCandidate candidate;
    std::string expiry;
    soci::indicator expiry_ind = soci::i_null;
    long long received = 0;
    long long quantity = 0;
    soci::statement st =
        (tx.sql().prepare << kCandidates, soci::into(bin), soci::into(candidate.bin_code),
         soci::into(candidate.pick_sequence), soci::into(candidate.lot),
         soci::into(expiry, expiry_ind), soci::into(received), soci::into(quantity),
         soci::use(product_id), soci::use(warehouse_id));
    st.execute();
    std::vector<StockCandidate> out;
    while (st.fetch()) {
        candidate.bin = BinId{bin};
        candidate.expiry = expiry_ind == soci::i_ok ? std::optional(expiry) : std::nullopt;
        candidate.received_at = received;
        candidate.quantity = quantity;
        out.push_back(candidate);
    }
    return out;
}

void StockRepo::save_threshold(db::Tx& tx, catalog::ProductId product, WarehouseId warehouse,
                               const Threshold& t, core::TimestampMs now) {
    long long product_id = product.value;
    long long warehouse_id = warehouse.value;
    long long now_value = now;
    tx.sql() << kSaveThreshold, soci::use(product_id), soci::use(warehouse_id),
        soci::use(t.reorder_point), soci::use(t.safety_stock), soci::use(t.lead_time_days),
        soci::use(now_value);
}

std::vector<Threshold> StockRepo::thresholds(db::Tx& tx,
                                             std::optional<catalog::ProductId> product) {
    Threshold t;
    long long product_id = product ? product->value : 0;
    soci::statement st(tx.sql());
    st.exchange(soci::into(t.sku));
    st.exchange(soci::into(t.warehouse));
    st.exchange(soci::into(t.reorder_point));
    st.exchange(soci::into(t.safety_stock));
    st.exchange(soci::into(t.lead_time_days));
    std::string query = kThresholds;
    if (product) {
        query += " WHERE t.product_id = :product";
        st.exchange(soci::use(product_id));
    }
    query += " ORDER BY p.sku, w.code";
    run(st, query, false);
    std::vector<Threshold> out;
    while (st.fetch()) {
        out.push_back(t);
    }
    return out;
}

std::vector<std::string> StockRepo::fsck(db::Tx& tx) {
    std::vector<std::string> issues;
    {
        std::string sku, warehouse, bin, lot;
        long long quantity = 0;
        long long ledger = 0;
        soci::statement st =
            (tx.sql().prepare << kFsckLedger, soci::into(sku), soci::into(warehouse),
             soci::into(bin), soci::into(lot), soci::into(quantity), soci::into(ledger));
        st.execute();
        while (st.fetch()) {
            issues.push_back("stock " + sku + " in " + warehouse + "/" + bin +
                             (lot.empty() ? "" : " lot " + lot) + " is " +
                             std::to_string(quantity) + " but its ledger sums to " +
                             std::to_string(ledger));
        }
    }
    {
        std::string sku, warehouse;
        long long on_hand = 0;
        long long reserved = 0;
        long long rows_total = 0;
        soci::statement st =
            (tx.sql().prepare << kFsckTotals, soci::into(sku), soci::into(warehouse),
             soci::into(on_hand), soci::into(reserved), soci::into(rows_total));
        st.execute();
        while (st.fetch()) {
            if (on_hand != rows_total) {
                issues.push_back("on hand of " + sku + " in " + warehouse + " is " +
                                 std::to_string(on_hand) + " but its bins hold " +
                                 std::to_string(rows_total));
            }
            if (reserved > on_hand || reserved < 0) {
                issues.push_back("reserved " + sku + " in " + warehouse + " is " +
                                 std::to_string(reserved) + " with " + std::to_string(on_hand) +
                                 " on hand");
            }
        }
    }
    return issues;
}

}  // namespace tally::inventory
