#include "tally/fulfillment/count_task_repo.hpp"

#include "tally/db/statement.hpp"

namespace tally::fulfillment {

namespace {

constexpr const char* kOpenBins =
    "SELECT c.bin_id, b.code, MIN(c.id) AS first_id FROM count_tasks c"
    " JOIN bins b ON b.id = c.bin_id WHERE c.warehouse_id = $1 AND c.status = 'open'"
    " GROUP BY c.bin_id, b.code ORDER BY first_id LIMIT $2";
constexpr const char* kBinCode = "SELECT code FROM bins WHERE id = $1";
constexpr const char* kOpenInBin =
    "SELECT MIN(c.id), c.product_id, p.sku, p.name, p.lot_tracked FROM count_tasks c"
    " JOIN products p ON p.id = c.product_id WHERE c.bin_id = $1 AND c.status = 'open'"
    " GROUP BY c.product_id, p.sku, p.name, p.lot_tracked ORDER BY p.sku";
constexpr const char* kOpenTask =
    "SELECT c.id, c.warehouse_id, w.code, c.bin_id, c.product_id, p.lot_tracked"
    " FROM count_tasks c JOIN warehouses w ON w.id = c.warehouse_id"
    " JOIN products p ON p.id = c.product_id WHERE c.id = $1 AND c.status = 'open'";
constexpr const char* kClose =
    "UPDATE count_tasks SET status = 'done' WHERE bin_id = $1 AND product_id = $2"
    " AND status = 'open'";
constexpr const char* kInsertUnlessOpen =
    "INSERT INTO count_tasks (warehouse_id, bin_id, product_id, reason, status, created_at)"
    " SELECT CAST($1 AS BIGINT), CAST($2 AS BIGINT), CAST($3 AS BIGINT), CAST($4 AS TEXT),"
    " 'open', CAST($5 AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM count_tasks"
    " WHERE bin_id = $2 AND product_id = $3 AND status = 'open')";

}  // namespace

std::vector<std::pair<std::int64_t, std::string>> CountTaskRepo::open_bins(db::Tx& tx,
                                                                           std::int64_t warehouse,
                                                                           int limit) {
    db::Query q(tx, kOpenBins);
    q.bind(warehouse).bind(limit);
    std::vector<std::pair<std::int64_t, std::string>> out;
    while (q.next()) {
        out.emplace_back(q.int64(0), q.text(1));
    }
    return out;
}

std::string CountTaskRepo::bin_code(db::Tx& tx, std::int64_t bin) {
    db::Query q(tx, kBinCode);
    q.bind(bin);
    return q.next() ? q.text(0) : std::string();
}

std::vector<CountTaskLine> CountTaskRepo::open_in_bin(db::Tx& tx, std::int64_t bin) {
    db::Query q(tx, kOpenInBin);
    q.bind(bin);
    std::vector<CountTaskLine> out;
    while (q.next()) {
        out.push_back(CountTaskLine{.task = q.int64(0),
                                    .product_id = q.int64(1),
                                    .sku = q.text(2),
                                    .name = q.text(3),
                                    .lot_tracked = q.int64(4) != 0});
    }
    return out;
}

std::optional<CountTaskFacts> CountTaskRepo::open_task(db::Tx& tx, std::int64_t id) {
    db::Query q(tx, kOpenTask);
    q.bind(id);
    if (!q.next()) {
        return std::nullopt;
    }
    return CountTaskFacts{.id = q.int64(0),
                          .warehouse_id = q.int64(1),
                          .warehouse = q.text(2),
                          .bin_id = q.int64(3),
                          .product_id = q.int64(4),
                          .lot_tracked = q.int64(5) != 0};
}

bool CountTaskRepo::close(db::Tx& tx, std::int64_t bin, std::int64_t product) {
    db::Query q(tx, kClose);
    q.bind(bin).bind(product);
    return q.exec() > 0;
}

bool CountTaskRepo::insert_unless_open(db::Tx& tx, std::int64_t warehouse, std::int64_t bin,
                                       std::int64_t product, const std::string& reason,
                                       core::TimestampMs now) {
    db::Query q(tx, kInsertUnlessOpen);
    q.bind(warehouse).bind(bin).bind(product).bind(reason).bind(now);
    return q.exec() == 1;
}

}  // namespace tally::fulfillment
