#include "tally/inventory/inventory_events.hpp"

#include <boost/json.hpp>

namespace tally::inventory {

std::string StockAdded::subject() const {
    return products.size() == 1 ? "product:" + std::to_string(products.front().value)
                                : std::string("products");
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const StockAdded& e) {
    boost::json::array products;
    for (const auto id : e.products) {
        products.emplace_back(id.value);
    }
    out = {{"products", std::move(products)}};
}

StockAdded tag_invoke(boost::json::value_to_tag<StockAdded>, const boost::json::value& json) {
    StockAdded event;
    for (const auto& id : json.at("products").as_array()) {
        event.products.push_back(catalog::ProductId{id.as_int64()});
    }
    return event;
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const WarehouseChanged& e) {
    out = {{"warehouse", e.warehouse}};
}

WarehouseChanged tag_invoke(boost::json::value_to_tag<WarehouseChanged>,
                            const boost::json::value& json) {
    return {.warehouse = boost::json::value_to<std::string>(json.at("warehouse"))};
}

}  // namespace tally::inventory
