#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include "tally/orders/order.hpp"

namespace tally::fulfillment {

// An order left on a trailer: channels tell their customers (Shopify makes a fulfillment).
// Published in the transaction that closes the trailer, once per order on it. New fields
// must be optional when read, so jobs written before them still decode.
struct OrderShipped {
    static constexpr std::string_view kName = "order.shipped";
    orders::OrderId order;
    std::int64_t manifest = 0;
    [[nodiscard]] std::string subject() const { return "order:" + std::to_string(order.value); }
    // The same order on the same trailer makes one job per subscriber.
    [[nodiscard]] std::string key() const {
        return std::to_string(order.value) + ":" + std::to_string(manifest);
    }
};

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const OrderShipped& e);
OrderShipped tag_invoke(boost::json::value_to_tag<OrderShipped>, const boost::json::value& json);

}  // namespace tally::fulfillment
