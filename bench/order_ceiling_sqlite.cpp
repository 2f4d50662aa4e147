// The storage ceiling for order intake on SQLite: the rows one order writes, with the same
// durability Tally uses (WAL, synchronous=FULL, foreign keys on), written straight through the
// SQLite C API with prepared statements and B orders per transaction, as Tally's writer
// group-commits them. bench/run reports Tally's POST /api/v1/orders throughput against it.
//
// Per order: one orders row, 1-5 order_lines (3 on average), per line one reservation
// (the conditional UPDATE of warehouse_stock) and one order_allocations row, one order_events
// row. The database must be migrated (`tally migrate`) and hold the products named by
// --sku-format 1..--products, warehouses and their warehouse_stock rows.
//
// Usage: order_ceiling_sqlite --db PATH [--orders 20000] [--batch 64] [--lines 3]
//        [--products 10000] [--sku-format SKU-%06d] [--prefix CEIL] [--seed 1]
// Prints: RESULT ceiling_sqlite orders_per_s=<n> batch=<B> orders=<N>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include <sqlite3.h>

#include "order_mix.hpp"

namespace {

constexpr const char* kUsage =
    "order_ceiling_sqlite --db PATH [--orders N] [--batch B] [--lines 3] [--products 10000] "
    "[--sku-format SKU-%06d] [--prefix CEIL] [--seed 1]";

constexpr const char* kInsertOrder =
    "INSERT INTO orders (channel, external_id, status, currency, customer_name, customer_email,"
    " customer_phone, ship_name, ship_line1, ship_city, ship_region, ship_postal_code,"
    " ship_country, service_level, routing, total, created_by, created_at, updated_at)"
    " VALUES ('api', ?, 'allocated', 'EUR', ?, ?, '', ?, ?, ?, ?, ?, ?, 'standard', ?, ?, 'bench',"
    " ?, ?)";
constexpr const char* kReserve =
    "UPDATE warehouse_stock SET reserved = reserved + ? WHERE product_id = ? AND warehouse_id = ?"
    " AND on_hand - reserved >= ?";
constexpr const char* kInsertLine =
    "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, allocated)"
    " VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertAllocation =
    "INSERT INTO order_allocations (order_id, line_id, product_id, warehouse_id, quantity)"
    " VALUES (?, ?, ?, ?, ?)";
constexpr const char* kInsertEvent =
    "INSERT INTO order_events (order_id, at, actor, from_status, to_status, reason)"
    " VALUES (?, ?, 'bench', NULL, 'allocated', '')";

[[noreturn]] void die(sqlite3* db, const char* what) {
    std::fprintf(stderr, "order_ceiling_sqlite: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
    std::exit(1);
}

void exec(sqlite3* db, const char* sql) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
        die(db, sql);
    }
}

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
        die(db, sql);
    }
    return st;
}

// Runs a bound statement to completion and resets it for the next use.
void step(sqlite3* db, sqlite3_stmt* st) {
    if (sqlite3_step(st) != SQLITE_DONE) {
        die(db, sqlite3_sql(st));
    }
    sqlite3_reset(st);
}

void bind_text(sqlite3_stmt* st, int i, const std::string& text) {
    sqlite3_bind_text(st, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

int main(int argc, char** argv) {
    tally::bench::Flags flags(argc, argv, kUsage);
    const std::string path = flags.text("db", "");
    const auto orders = flags.number("orders", 20000);
    const auto batch = std::max<std::int64_t>(1, flags.number("batch", 64));
    const auto lines = std::max<std::int64_t>(1, flags.number("lines", 3));
    const auto products = static_cast<int>(flags.number("products", 10000));
    const std::string sku_format = flags.text("sku-format", "SKU-%06d");
    const std::string prefix = flags.text("prefix", "CEIL-" + std::to_string(now_ms()));
    const auto seed = static_cast<std::uint64_t>(flags.number("seed", 1));
    flags.done();
    if (path.empty()) {
        std::fprintf(stderr, "usage: %s\n", kUsage);
        return 2;
    }

    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        die(db, ("cannot open " + path).c_str());
    }
    // What Tally's connect() sets: an acknowledged order survives power loss.
    exec(db, "PRAGMA journal_mode = WAL");
    exec(db, "PRAGMA synchronous = FULL");
    exec(db, "PRAGMA foreign_keys = ON");
    exec(db, "PRAGMA busy_timeout = 10000");
    exec(db, "PRAGMA mmap_size = 268435456");
    exec(db, "PRAGMA cache_size = -32000");

    // Product ids and prices by SKU, and the warehouses, as the order service resolves them.
    std::unordered_map<std::string, std::pair<std::int64_t, std::int64_t>> by_sku;
    sqlite3_stmt* st = prepare(db, "SELECT sku, id, price FROM products");
    while (sqlite3_step(st) == SQLITE_ROW) {
        by_sku.emplace(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
                       std::pair{sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2)});
    }
    sqlite3_finalize(st);
    std::vector<std::pair<std::int64_t, std::int64_t>> catalog(1);  // [n]: id, price
    for (int n = 1; n <= products; ++n) {
        const auto found = by_sku.find(tally::bench::sku(sku_format, n));
        if (found == by_sku.end()) {
            std::fprintf(stderr, "order_ceiling_sqlite: no product %s in %s\n",
                         tally::bench::sku(sku_format, n).c_str(), path.c_str());
            return 1;
        }
        catalog.push_back(found->second);
    }
    std::vector<std::int64_t> warehouses;
    st = prepare(db, "SELECT id FROM warehouses ORDER BY id");
    while (sqlite3_step(st) == SQLITE_ROW) {
        warehouses.push_back(sqlite3_column_int64(st, 0));
    }
    sqlite3_finalize(st);
    if (warehouses.empty()) {
        std::fprintf(stderr, "order_ceiling_sqlite: %s has no warehouses\n", path.c_str());
        return 1;
    }

    sqlite3_stmt* insert_order = prepare(db, kInsertOrder);
    sqlite3_stmt* reserve = prepare(db, kReserve);
    sqlite3_stmt* insert_line = prepare(db, kInsertLine);
    sqlite3_stmt* insert_allocation = prepare(db, kInsertAllocation);
    sqlite3_stmt* insert_event = prepare(db, kInsertEvent);

    tally::bench::OrderMix mix(products, static_cast<int>(lines), seed);
    std::int64_t short_lines = 0;
    const auto started = std::chrono::steady_clock::now();
    for (std::int64_t done = 0; done < orders;) {
        exec(db, "BEGIN IMMEDIATE");
        for (std::int64_t end = std::min(orders, done + batch); done < end; ++done) {
            const auto order_lines = mix.lines();
            const auto& to = mix.ship_to();
            const auto warehouse =
                warehouses[static_cast<std::size_t>(mix.pick(static_cast<int>(warehouses.size())))];
            std::int64_t total = 0;
            for (const auto& line : order_lines) {
                total += catalog[static_cast<std::size_t>(line.product)].second * line.quantity;
            }
            const auto now = now_ms();
            bind_text(insert_order, 1, prefix + "-" + std::to_string(done));
            sqlite3_bind_text(insert_order, 2, to.name, -1, SQLITE_STATIC);
            sqlite3_bind_text(insert_order, 3, "buyer@example.com", -1, SQLITE_STATIC);
            sqlite3_bind_text(insert_order, 4, to.name, -1, SQLITE_STATIC);
            sqlite3_bind_text(insert_order, 5, to.line1, -1, SQLITE_STATIC);
            sqlite3_bind_text(insert_order, 6, to.city, -1, SQLITE_STATIC);
            sqlite3_bind_text(insert_order, 7, to.region, -1, SQLITE_STATIC);
            sqlite3_bind_text(insert_order, 8, to.postal_code, -1, SQLITE_STATIC);
            sqlite3_bind_text(insert_order, 9, to.country, -1, SQLITE_STATIC);
            sqlite3_bind_text(insert_order, 10, "ship_complete", -1, SQLITE_STATIC);
            sqlite3_bind_int64(insert_order, 11, total);
            sqlite3_bind_int64(insert_order, 12, now);
            sqlite3_bind_int64(insert_order, 13, now);
            step(db, insert_order);
            const auto order_id = sqlite3_last_insert_rowid(db);

            int line_no = 0;
            for (const auto& [product, quantity] : order_lines) {
                const auto [product_id, price] = catalog[static_cast<std::size_t>(product)];
                sqlite3_bind_int64(reserve, 1, quantity);
                sqlite3_bind_int64(reserve, 2, product_id);
                sqlite3_bind_int64(reserve, 3, warehouse);
                sqlite3_bind_int64(reserve, 4, quantity);
                step(db, reserve);
                const bool reserved = sqlite3_changes(db) == 1;
                short_lines += reserved ? 0 : 1;

                sqlite3_bind_int64(insert_line, 1, order_id);
                sqlite3_bind_int(insert_line, 2, ++line_no);
                sqlite3_bind_int64(insert_line, 3, product_id);
                sqlite3_bind_int64(insert_line, 4, quantity);
                sqlite3_bind_int64(insert_line, 5, price);
                sqlite3_bind_int64(insert_line, 6, reserved ? quantity : 0);
                step(db, insert_line);
                if (reserved) {
                    sqlite3_bind_int64(insert_allocation, 1, order_id);
                    sqlite3_bind_int64(insert_allocation, 2, sqlite3_last_insert_rowid(db));
                    sqlite3_bind_int64(insert_allocation, 3, product_id);
                    sqlite3_bind_int64(insert_allocation, 4, warehouse);
                    sqlite3_bind_int64(insert_allocation, 5, quantity);
                    step(db, insert_allocation);
                }
            }
            sqlite3_bind_int64(insert_event, 1, order_id);
            sqlite3_bind_int64(insert_event, 2, now);
            step(db, insert_event);
        }
        exec(db, "COMMIT");
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    for (auto* s : {insert_order, reserve, insert_line, insert_allocation, insert_event}) {
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    if (short_lines > 0) {
        // The seed's stock ran out: the figure is not the ceiling of the same work.
        std::fprintf(stderr, "order_ceiling_sqlite: %lld lines found too little stock\n",
                     static_cast<long long>(short_lines));
    }
    std::printf("RESULT ceiling_sqlite orders_per_s=%.1f batch=%lld orders=%lld\n",
                seconds > 0 ? static_cast<double>(orders) / seconds : 0.0,
                static_cast<long long>(batch), static_cast<long long>(orders));
    return 0;
}
