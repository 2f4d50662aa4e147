// The storage ceiling for order intake on PostgreSQL: the rows one order writes, written
// straight through libpq with prepared statements, one order per transaction, C connections
// each in its own thread (Tally runs PostgreSQL transactions in parallel, one per pooled
// connection). bench/run reports Tally's POST /api/v1/orders throughput against it.
//
// Per order: one orders row, 1-5 order_lines (3 on average), per line one reservation
// (the conditional UPDATE of warehouse_stock) and one order_allocations row, one order_events
// row; ids come back with RETURNING. The database must be migrated (`tally migrate`) and hold
// the products named by --sku-format 1..--products, warehouses and their warehouse_stock rows.
//
// Usage: order_ceiling_pg [--conninfo ""] [--connections 16] [--orders 20000] [--lines 3]
//        [--products 10000] [--sku-format SKU-%06d] [--prefix CEIL] [--seed 1]
// An empty conninfo takes PGHOST, PGPORT, PGUSER... from the environment (pg_virtualenv).
// Prints: RESULT ceiling_pg orders_per_s=<n> connections=<C>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <libpq-fe.h>

#include "order_mix.hpp"

namespace {

constexpr const char* kUsage =
    "order_ceiling_pg [--conninfo STR] [--connections 16] [--orders N] [--lines 3] "
    "[--products 10000] [--sku-format SKU-%06d] [--prefix CEIL] [--seed 1]";

struct Statement {
    const char* name;
    const char* sql;
};

constexpr Statement kInsertOrder{
    "insert_order",
    "INSERT INTO orders (channel, external_id, status, currency, customer_name, customer_email,"
    " customer_phone, ship_name, ship_line1, ship_city, ship_region, ship_postal_code,"
    " ship_country, service_level, routing, total, created_by, created_at, updated_at)"
    " VALUES ('api', $1, 'allocated', 'EUR', $2, $3, '', $2, $4, $5, $6, $7, $8, 'standard',"
    " 'ship_complete', $9, 'bench', $10, $10) RETURNING id"};
constexpr Statement kReserve{
    "reserve",
    "UPDATE warehouse_stock SET reserved = reserved + $1 WHERE product_id = $2"
    " AND warehouse_id = $3 AND on_hand - reserved >= $1"};
constexpr Statement kInsertLine{
    "insert_line",
    "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, allocated)"
    " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr Statement kInsertAllocation{
    "insert_allocation",
    "INSERT INTO order_allocations (order_id, line_id, product_id, warehouse_id, quantity)"
    " VALUES ($1, $2, $3, $4, $5)"};
constexpr Statement kInsertEvent{
    "insert_event",
    "INSERT INTO order_events (order_id, at, actor, from_status, to_status, reason)"
    " VALUES ($1, $2, 'bench', NULL, 'allocated', '')"};

std::mutex error_mutex;

[[noreturn]] void die(PGconn* conn, const std::string& what) {
    std::lock_guard lock(error_mutex);
    std::fprintf(stderr, "order_ceiling_pg: %s: %s", what.c_str(),
                 conn ? PQerrorMessage(conn) : "\n");
    std::exit(1);
}

PGconn* connect(const std::string& conninfo) {
    PGconn* conn = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        die(conn, "cannot connect");
    }
    return conn;
}

// Runs a statement and checks its outcome; the caller PQclear()s what it keeps.
PGresult* check(PGconn* conn, PGresult* result, ExecStatusType expected, const char* what) {
    if (PQresultStatus(result) != expected) {
        die(conn, what);
    }
    return result;
}

void exec(PGconn* conn, const char* sql) {
    PQclear(check(conn, PQexec(conn, sql), PGRES_COMMAND_OK, sql));
}

// Executes a prepared statement with text parameters.
PGresult* run(PGconn* conn, const Statement& statement, const std::vector<std::string>& params,
              ExecStatusType expected) {
    const char* values[16];
    for (std::size_t i = 0; i < params.size(); ++i) {
        values[i] = params[i].c_str();
    }
    return check(conn,
                 PQexecPrepared(conn, statement.name, static_cast<int>(params.size()), values,
                                nullptr, nullptr, 0),
                 expected, statement.name);
}

std::int64_t returned_id(PGresult* result) {
    const std::int64_t id = std::strtoll(PQgetvalue(result, 0, 0), nullptr, 10);
    PQclear(result);
    return id;
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct Seed {
    std::vector<std::pair<std::int64_t, std::int64_t>> catalog;  // [n]: id, price
    std::vector<std::int64_t> warehouses;
};

Seed load_seed(const std::string& conninfo, int products, const std::string& sku_format) {
    PGconn* conn = connect(conninfo);
    Seed seed;
    std::unordered_map<std::string, std::pair<std::int64_t, std::int64_t>> by_sku;
    PGresult* rows = check(conn, PQexec(conn, "SELECT sku, id, price FROM products"),
                           PGRES_TUPLES_OK, "products");
    for (int r = 0; r < PQntuples(rows); ++r) {
        by_sku.emplace(PQgetvalue(rows, r, 0),
                       std::pair{std::strtoll(PQgetvalue(rows, r, 1), nullptr, 10),
                                 std::strtoll(PQgetvalue(rows, r, 2), nullptr, 10)});
    }
    PQclear(rows);
    seed.catalog.resize(1);
    for (int n = 1; n <= products; ++n) {
        const auto found = by_sku.find(tally::bench::sku(sku_format, n));
        if (found == by_sku.end()) {
            die(nullptr, "no product " + tally::bench::sku(sku_format, n));
        }
        seed.catalog.push_back(found->second);
    }
    rows = check(conn, PQexec(conn, "SELECT id FROM warehouses ORDER BY id"), PGRES_TUPLES_OK,
                 "warehouses");
    for (int r = 0; r < PQntuples(rows); ++r) {
        seed.warehouses.push_back(std::strtoll(PQgetvalue(rows, r, 0), nullptr, 10));
    }
    PQclear(rows);
    PQfinish(conn);
    if (seed.warehouses.empty()) {
        die(nullptr, "no warehouses");
    }
    return seed;
}

}  // namespace

int main(int argc, char** argv) {
    tally::bench::Flags flags(argc, argv, kUsage);
    const std::string conninfo = flags.text("conninfo", "");
    const auto connections = std::max<std::int64_t>(1, flags.number("connections", 16));
    const auto orders = flags.number("orders", 20000);
    const auto lines = std::max<std::int64_t>(1, flags.number("lines", 3));
    const auto products = static_cast<int>(flags.number("products", 10000));
    const std::string sku_format = flags.text("sku-format", "SKU-%06d");
    const std::string prefix = flags.text("prefix", "CEIL-" + std::to_string(now_ms()));
    const auto seed_value = static_cast<std::uint64_t>(flags.number("seed", 1));
    flags.done();

    const Seed seed = load_seed(conninfo, products, sku_format);
    std::atomic<std::int64_t> next{0};
    std::atomic<std::int64_t> short_lines{0};
    std::vector<PGconn*> conns;
    for (std::int64_t c = 0; c < connections; ++c) {
        PGconn* conn = connect(conninfo);
        for (const auto& s :
             {kInsertOrder, kReserve, kInsertLine, kInsertAllocation, kInsertEvent}) {
            PQclear(
                check(conn, PQprepare(conn, s.name, s.sql, 0, nullptr), PGRES_COMMAND_OK, s.name));
        }
        conns.push_back(conn);
    }

    const auto started = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (std::int64_t c = 0; c < connections; ++c) {
        threads.emplace_back([&, c] {
            PGconn* conn = conns[static_cast<std::size_t>(c)];
            tally::bench::OrderMix mix(products, static_cast<int>(lines),
                                       seed_value * 1000 + static_cast<std::uint64_t>(c));
            for (auto n = next++; n < orders; n = next++) {
                auto order_lines = mix.lines();
                // Row locks in one order across connections: no deadlock to retry.
                std::ranges::sort(order_lines, {}, &tally::bench::OrderLine::product);
                const auto& to = mix.ship_to();
                const auto warehouse = std::to_string(seed.warehouses[static_cast<std::size_t>(
                    mix.pick(static_cast<int>(seed.warehouses.size())))]);
                std::int64_t total = 0;
                for (const auto& line : order_lines) {
                    total +=
                        seed.catalog[static_cast<std::size_t>(line.product)].second * line.quantity;
                }
                const auto now = std::to_string(now_ms());
                exec(conn, "BEGIN");
                const auto order_id = std::to_string(returned_id(run(
                    conn, kInsertOrder,
                    {prefix + "-" + std::to_string(n), to.name, "buyer@example.com", to.line1,
                     to.city, to.region, to.postal_code, to.country, std::to_string(total), now},
                    PGRES_TUPLES_OK)));
                int line_no = 0;
                for (const auto& [product, quantity] : order_lines) {
                    const auto [id, price] = seed.catalog[static_cast<std::size_t>(product)];
                    const auto product_id = std::to_string(id);
                    const auto units = std::to_string(quantity);
                    PGresult* reserve =
                        run(conn, kReserve, {units, product_id, warehouse}, PGRES_COMMAND_OK);
                    const bool reserved = std::string_view(PQcmdTuples(reserve)) == "1";
                    PQclear(reserve);
                    short_lines += reserved ? 0 : 1;
                    const auto line_id = std::to_string(
                        returned_id(run(conn, kInsertLine,
                                        {order_id, std::to_string(++line_no), product_id, units,
                                         std::to_string(price), reserved ? units : "0"},
                                        PGRES_TUPLES_OK)));
                    if (reserved) {
                        PQclear(run(conn, kInsertAllocation,
                                    {order_id, line_id, product_id, warehouse, units},
                                    PGRES_COMMAND_OK));
                    }
                }
                PQclear(run(conn, kInsertEvent, {order_id, now}, PGRES_COMMAND_OK));
                exec(conn, "COMMIT");
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (auto* conn : conns) {
        PQfinish(conn);
    }
    if (short_lines > 0) {
        // The seed's stock ran out: the figure is not the ceiling of the same work.
        std::fprintf(stderr, "order_ceiling_pg: %lld lines found too little stock\n",
                     static_cast<long long>(short_lines.load()));
    }
    std::printf("RESULT ceiling_pg orders_per_s=%.1f connections=%lld\n",
                seconds > 0 ? static_cast<double>(orders) / seconds : 0.0,
                static_cast<long long>(connections));
    return 0;
}
