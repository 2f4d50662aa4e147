#include "tally/orders/order_steps_repo.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "tally/db/statement.hpp"

namespace tally::orders {

namespace {

// One row usually covers the units given back: shrink it, or drop it when it is all of them.
constexpr const char* kReduceAllocation =
    "UPDATE order_allocations SET quantity = quantity - $1 WHERE id = (SELECT id FROM"
    " order_allocations WHERE line_id = $2 AND warehouse_id = $3 AND quantity > $1"
    " ORDER BY id LIMIT 1)";
constexpr const char* kDropAllocation =
    "DELETE FROM order_allocations WHERE id = (SELECT id FROM order_allocations"
    " WHERE quantity = $1 AND line_id = $2 AND warehouse_id = $3 ORDER BY id LIMIT 1)";
// Otherwise they span several rows (a short pick allocated more in another bin).
constexpr const char* kAllocationRows =
    "SELECT id, quantity FROM order_allocations WHERE line_id = $1 AND warehouse_id = $2"
    " ORDER BY id";
constexpr const char* kShrinkRow =
    "UPDATE order_allocations SET quantity = quantity - $1 WHERE id = $2";
constexpr const char* kDropRow = "DELETE FROM order_allocations WHERE id = $1";
constexpr const char* kInsertAllocation =
    "INSERT INTO order_allocations (order_id, line_id, product_id, warehouse_id, quantity)"
    " VALUES ($1, $2, $3, $4, $5)";
constexpr const char* kLineAllocated =
    "UPDATE order_lines SET allocated = allocated + $1 WHERE id = $2";
constexpr const char* kGrowLine =
    "UPDATE order_lines SET allocated = allocated + $1 WHERE id = $2"
    " AND allocated + $1 <= quantity";
constexpr const char* kMarkShipped =
    "UPDATE order_allocations SET shipped = quantity WHERE order_id = $1 AND warehouse_id = $2";
constexpr const char* kHoldAtStation =
    "UPDATE orders SET station_id = NULLIF(CAST($1 AS BIGINT), 0) WHERE id = $2"
    " AND (station_id IS NULL OR station_id = CAST($1 AS BIGINT) OR CAST($1 AS BIGINT) = 0)";

bool reduce_rows(db::Tx& tx, std::int64_t line, std::int64_t warehouse, std::int64_t quantity) {
    std::vector<std::pair<std::int64_t, std::int64_t>> rows;  // id, quantity
    {
        db::Query select(tx, kAllocationRows);
        select.bind(line).bind(warehouse);
        while (select.next()) {
            rows.emplace_back(select.int64(0), select.int64(1));
        }
    }
    std::int64_t held = 0;
    for (const auto& [id, units] : rows) {
        held += units;
    }
    if (held < quantity) {
        return false;
    }
    for (const auto& [id, units] : rows) {
        if (quantity == 0) {
            break;
        }
        const auto taken = std::min(units, quantity);
        if (taken == units) {
            db::Query(tx, kDropRow).bind(id).exec();
        } else {
            db::Query(tx, kShrinkRow).bind(taken).bind(id).exec();
        }
        quantity -= taken;
    }
    return true;
}

}  // namespace

bool OrderStepsRepo::reduce_allocation(db::Tx& tx, std::int64_t line, std::int64_t warehouse,
                                       std::int64_t quantity) {
    if (db::Query(tx, kReduceAllocation).bind(quantity).bind(line).bind(warehouse).exec() == 0 &&
        db::Query(tx, kDropAllocation).bind(quantity).bind(line).bind(warehouse).exec() == 0 &&
        !reduce_rows(tx, line, warehouse, quantity)) {
        return false;
    }
    db::Query(tx, kLineAllocated).bind(-quantity).bind(line).exec();
    return true;
}

bool OrderStepsRepo::grow_line(db::Tx& tx, std::int64_t line, std::int64_t quantity) {
    return db::Query(tx, kGrowLine).bind(quantity).bind(line).exec() == 1;
}

void OrderStepsRepo::insert_allocation(db::Tx& tx, OrderId order, std::int64_t line,
                                       std::int64_t product, std::int64_t warehouse,
                                       std::int64_t quantity) {
    db::Query(tx, kInsertAllocation)
        .bind(order.value)
        .bind(line)
        .bind(product)
        .bind(warehouse)
        .bind(quantity)
        .exec();
}

void OrderStepsRepo::mark_shipped(db::Tx& tx, OrderId order, std::int64_t warehouse) {
    db::Query(tx, kMarkShipped).bind(order.value).bind(warehouse).exec();
}

bool OrderStepsRepo::hold_at_station(db::Tx& tx, OrderId order, std::int64_t station) {
    return db::Query(tx, kHoldAtStation).bind(station).bind(order.value).exec() == 1;
}

}  // namespace tally::orders
