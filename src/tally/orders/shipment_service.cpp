#include "tally/orders/shipment_service.hpp"

#include <algorithm>

#include "tally/orders/order_repo.hpp"
#include "tally/orders/shipment_repo.hpp"

namespace tally::orders {

std::vector<Shipment> ShipmentService::of_order(db::Tx& tx, OrderId order) {
    return ShipmentRepo::of_order(tx, order);
}

std::optional<Shipment> ShipmentService::find(db::Tx& tx, OrderId order, std::int64_t warehouse) {
    for (auto& part : ShipmentRepo::of_order(tx, order)) {
        if (part.warehouse_id == warehouse) {
            return part;
        }
    }
    return std::nullopt;
}

core::Status ShipmentService::advance(db::Tx& tx, const identity::Principal& actor, OrderId order,
                                      std::int64_t warehouse, OrderStatus from, OrderStatus to,
                                      const std::string& reason, core::TimestampMs now) {
    const auto changed = [&] {
        return core::fail(core::ErrorCode::conflict, "Order " + std::to_string(order.value) +
                                                         " changed meanwhile; scan again.");
    };
    if (!is_shipment_status(from) || !is_shipment_status(to) || !can_transition(from, to)) {
        return core::fail(core::ErrorCode::invalid_transition,
                          "A shipment that is " + std::string(to_string(from)) + " cannot become " +
                              std::string(to_string(to)) + ".");
    }
    auto parts = ShipmentRepo::of_order(tx, order);
    const auto current = ShipmentRepo::order_status(tx, order);
    const auto part = std::ranges::find(parts, warehouse, &Shipment::warehouse_id);
    if (!current || part == parts.end()) {
        return core::fail(core::ErrorCode::not_found, "Order " + std::to_string(order.value) +
                                                          " has no shipment from that warehouse.");
    }
    const bool short_of_stock = ShipmentRepo::short_of_stock(tx, order);
    std::vector<OrderStatus> statuses;
    for (const auto& p : parts) {
        statuses.push_back(p.status);
    }
    // The order follows its parts only while nothing else (a hold, an exception) holds it.
    if (order_status_of(statuses, short_of_stock) != *current) {
        return core::fail(core::ErrorCode::invalid_transition,
                          "Order " + std::to_string(order.value) + " is " +
                              std::string(to_string(*current)) + ".");
    }
    if (part->status != from || !ShipmentRepo::set_status(tx, order, warehouse, from, to, now)) {
        return changed();
    }
    statuses[static_cast<std::size_t>(part - parts.begin())] = to;
    const auto next = order_status_of(statuses, short_of_stock);
    if (next == *current) {
        return {};
    }
    if (!can_transition(*current, next)) {
        return core::fail(core::ErrorCode::invalid_transition,
                          "An order that is " + std::string(to_string(*current)) +
                              " cannot become " + std::string(to_string(next)) + ".");
    }
    if (!OrderRepo::set_status(tx, order, *current, next, std::nullopt, now)) {
        return changed();
    }
    OrderRepo::add_event(
        tx, order,
        OrderEvent{.at = now,
                   .actor = actor.username,
                   .from = std::string(to_string(*current)),
                   .to = std::string(to_string(next)),
                   .reason = parts.size() > 1 ? part->warehouse + ": " + reason : reason});
    return {};
}

bool ShipmentService::hold(db::Tx& tx, OrderId order, std::int64_t warehouse,
                           std::int64_t station) {
    return ShipmentRepo::hold(tx, order, warehouse, station);
}

}  // namespace tally::orders
