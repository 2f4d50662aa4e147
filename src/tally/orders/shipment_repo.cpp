#include "tally/orders/shipment_repo.hpp"

#include <string>

#include "tally/db/statement.hpp"

namespace tally::orders {

namespace {

constexpr const char* kOpen =
    "INSERT INTO shipments (order_id, warehouse_id, status, created_at, updated_at)"
    " SELECT DISTINCT order_id, warehouse_id, 'released', CAST($1 AS BIGINT),"
    " CAST($1 AS BIGINT) FROM order_allocations"
    " WHERE order_id = $2 AND quantity > shipped ON CONFLICT (order_id, warehouse_id) DO NOTHING";
constexpr const char* kDeleteAll = "DELETE FROM shipments WHERE order_id = $1";
constexpr const char* kOfOrder =
    "SELECT s.id, s.warehouse_id, w.code, s.status, COALESCE(s.station_id, 0) FROM shipments s"
    " JOIN warehouses w ON w.id = s.warehouse_id WHERE s.order_id = $1 ORDER BY s.warehouse_id";
constexpr const char* kSetStatus =
    "UPDATE shipments SET status = $1, updated_at = $2 WHERE order_id = $3 AND warehouse_id = $4"
    " AND status = $5";
constexpr const char* kHold =
    "UPDATE shipments SET station_id = NULLIF(CAST($1 AS BIGINT), 0) WHERE order_id = $2"
    " AND warehouse_id = $3 AND (station_id IS NULL OR station_id = CAST($1 AS BIGINT)"
    " OR CAST($1 AS BIGINT) = 0)";
constexpr const char* kReleasedIn =
    "SELECT s.order_id FROM shipments s JOIN orders o ON o.id = s.order_id"
    " WHERE s.warehouse_id = $1 AND s.status = 'released' AND s.order_id > $2"
    " AND o.status IN ('released', 'picking', 'picked', 'packing', 'packed', 'staged',"
    " 'partially_shipped') ORDER BY s.order_id LIMIT $3";
constexpr const char* kBackorderedIn =
    "SELECT DISTINCT o.id FROM orders o JOIN order_allocations a ON a.order_id = o.id"
    " WHERE o.status = 'backordered' AND a.warehouse_id = $1 ORDER BY o.id LIMIT $2";
constexpr const char* kShortOfStock =
    "SELECT COUNT(*) FROM order_lines WHERE order_id = $1 AND allocated < quantity";
constexpr const char* kOrderStatus = "SELECT status FROM orders WHERE id = $1";
constexpr const char* kSetting = "SELECT value FROM order_settings WHERE name = $1";
constexpr const char* kSaveSetting = "UPDATE order_settings SET value = $1 WHERE name = $2";

constexpr const char* kPartialShipments = "partial_shipments";

}  // namespace

void ShipmentRepo::open(db::Tx& tx, OrderId order, core::TimestampMs now) {
    db::Query(tx, kOpen).bind(now).bind(order.value).exec();
}

void ShipmentRepo::delete_all(db::Tx& tx, OrderId order) {
    db::Query(tx, kDeleteAll).bind(order.value).exec();
}

std::vector<Shipment> ShipmentRepo::of_order(db::Tx& tx, OrderId order) {
    db::Query q(tx, kOfOrder);
    q.bind(order.value);
    std::vector<Shipment> out;
    while (q.next()) {
        out.push_back(Shipment{.id = ShipmentId{q.int64(0)},
                               .order = order,
                               .warehouse_id = q.int64(1),
                               .warehouse = q.text(2),
                               .status = parse_status(q.text(3)).value_or(OrderStatus::exception),
                               .station_id = q.int64(4)});
    }
    return out;
}

bool ShipmentRepo::set_status(db::Tx& tx, OrderId order, std::int64_t warehouse, OrderStatus from,
                              OrderStatus to, core::TimestampMs now) {
    return db::Query(tx, kSetStatus)
               .bind(to_string(to))
               .bind(now)
               .bind(order.value)
               .bind(warehouse)
               .bind(to_string(from))
               .exec() == 1;
}

bool ShipmentRepo::hold(db::Tx& tx, OrderId order, std::int64_t warehouse, std::int64_t station) {
    return db::Query(tx, kHold).bind(station).bind(order.value).bind(warehouse).exec() == 1;
}

namespace {

std::vector<OrderId> ids_of(db::Query& q) {
    std::vector<OrderId> out;
    while (q.next()) {
        out.push_back(OrderId{q.int64(0)});
    }
    return out;
}

}  // namespace

std::vector<OrderId> ShipmentRepo::released_in(db::Tx& tx, std::int64_t warehouse,
                                               std::int64_t after, int limit) {
    db::Query q(tx, kReleasedIn);
    q.bind(warehouse).bind(after).bind(limit);
    return ids_of(q);
}

std::vector<OrderId> ShipmentRepo::backordered_in(db::Tx& tx, std::int64_t warehouse, int limit) {
    db::Query q(tx, kBackorderedIn);
    q.bind(warehouse).bind(limit);
    return ids_of(q);
}

bool ShipmentRepo::short_of_stock(db::Tx& tx, OrderId order) {
    db::Query q(tx, kShortOfStock);
    q.bind(order.value);
    return q.next() && q.int64(0) > 0;
}

std::optional<OrderStatus> ShipmentRepo::order_status(db::Tx& tx, OrderId order) {
    db::Query q(tx, kOrderStatus);
    q.bind(order.value);
    return q.next() ? parse_status(q.text(0)) : std::nullopt;
}

PartialShipments ShipmentRepo::partial_shipments(db::Tx& tx) {
    db::Query q(tx, kSetting);
    q.bind(kPartialShipments);
    return q.next() ? parse_partial_shipments(q.text(0)).value_or(PartialShipments::wait)
                    : PartialShipments::wait;
}

void ShipmentRepo::save_partial_shipments(db::Tx& tx, PartialShipments setting) {
    db::Query(tx, kSaveSetting).bind(to_string(setting)).bind(kPartialShipments).exec();
}

}  // namespace tally::orders
