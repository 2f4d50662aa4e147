#include "tally/fulfillment/fulfillment_events.hpp"

#include <boost/json.hpp>

namespace tally::fulfillment {

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const OrderShipped& e) {
    out = {{"order", e.order.value}, {"manifest", e.manifest}};
}

OrderShipped tag_invoke(boost::json::value_to_tag<OrderShipped>, const boost::json::value& json) {
    return {.order = orders::OrderId{json.at("order").to_number<std::int64_t>()},
            .manifest = json.at("manifest").to_number<std::int64_t>()};
}

}  // namespace tally::fulfillment
