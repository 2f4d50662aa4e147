#pragma once

#include <boost/json/object.hpp>

#include "tally/http/router.hpp"
#include "tally/orders/order_service.hpp"

namespace tally::orders {

// An order without lines, allocations and events, as lists show it.
[[nodiscard]] boost::json::object summary_json(const Order& order);

}  // namespace tally::orders

namespace tally::http {

// Order intake (with Idempotency-Key), queries, cancel, hold, release, exceptions; pick
// queues; routing settings; stock signals.
void register_order_routes(Router& router, orders::OrderService& orders);

}  // namespace tally::http
