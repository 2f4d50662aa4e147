#include "tally/orders/order_steps.hpp"

#include "tally/inventory/stock_moves.hpp"
#include "tally/orders/order_repo.hpp"
#include "tally/orders/order_steps_repo.hpp"

namespace tally::orders {

namespace {

std::string order_name(OrderId order) {
    return "Order " + std::to_string(order.value);
}

}  // namespace

std::optional<Order> OrderSteps::find(db::Tx& tx, OrderId id) {
    return OrderRepo::find(tx, id);
}

std::vector<OrderId> OrderSteps::released_in(db::Tx& tx, inventory::WarehouseId warehouse,
                                             std::int64_t after, int limit) {
    return OrderRepo::released_in(tx, warehouse.value, after, limit);
}

core::Status OrderSteps::transition(db::Tx& tx, const identity::Principal& actor,
                                    core::TimestampMs now, OrderId order, OrderStatus from,
                                    OrderStatus to, const std::string& reason) {
    if (!can_transition(from, to)) {
        return core::fail(core::ErrorCode::invalid_transition,
                          order_name(order) + " cannot go from " + std::string(to_string(from)) +
                              " to " + std::string(to_string(to)) + ".");
    }
    if (!OrderRepo::set_status(tx, order, from, to, std::nullopt, now)) {
        return core::fail(core::ErrorCode::conflict, order_name(order) + " is no longer " +
                                                         std::string(to_string(from)) +
                                                         ": it changed meanwhile.");
    }
    OrderRepo::add_event(tx, order,
                         OrderEvent{.at = now,
                                    .actor = actor.username,
                                    .from = std::string(to_string(from)),
                                    .to = std::string(to_string(to)),
                                    .reason = reason});
    return {};
}

core::Status OrderSteps::hold_at_station(db::Tx& tx, OrderId order, std::int64_t station) {
    if (!OrderStepsRepo::hold_at_station(tx, order, station)) {
        return core::fail(core::ErrorCode::conflict,
                          order_name(order) + " is in hand at another station.");
    }
    return {};
}

core::Status OrderSteps::release_units(db::Tx& tx, OrderId order, std::int64_t line,
                                       catalog::ProductId product, inventory::WarehouseId warehouse,
                                       std::int64_t quantity) {
    if (!OrderStepsRepo::reduce_allocation(tx, line, warehouse.value, quantity)) {
        return core::fail(core::ErrorCode::conflict,
                          order_name(order) + " has fewer than " + std::to_string(quantity) +
                              " units of line " + std::to_string(line) + " allocated there.");
    }
    return inventory::StockMoves::unreserve(tx, product, warehouse, quantity);
}

core::Status OrderSteps::allocate_more(db::Tx& tx, OrderId order, std::int64_t line,
                                       catalog::ProductId product, inventory::WarehouseId warehouse,
                                       std::int64_t quantity) {
    // Reserving first: when the stock is not there nothing is written, and the caller may go on.
    if (auto reserved = inventory::StockMoves::reserve(tx, product, warehouse, quantity);
        !reserved) {
        return reserved;
    }
    if (!OrderStepsRepo::grow_line(tx, line, quantity)) {
        return core::invalid_field("quantity", "is more than line " + std::to_string(line) +
                                                   " of " + order_name(order) +
                                                   " still needs allocated");
    }
    OrderStepsRepo::insert_allocation(tx, order, line, product.value, warehouse.value, quantity);
    return {};
}

void OrderSteps::mark_shipped(db::Tx& tx, OrderId order, inventory::WarehouseId warehouse) {
    OrderStepsRepo::mark_shipped(tx, order, warehouse.value);
}

}  // namespace tally::orders
