#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include "tally/catalog/product.hpp"

namespace tally::inventory {

// Available stock was added (a receipt, stock found, an opening load): backorders of these
// products may be served now. Published in the transaction that added it.
struct StockAdded {
    static constexpr std::string_view kName = "stock.added";
    std::vector<catalog::ProductId> products;
    // "product:42", or "products" for several.
    [[nodiscard]] std::string subject() const;
};

// A warehouse was created or changed: what routing holds of warehouses is out of date.
struct WarehouseChanged {
    static constexpr std::string_view kName = "warehouse.changed";
    std::string warehouse;  // its code
    [[nodiscard]] std::string subject() const { return "warehouse:" + warehouse; }
};

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const StockAdded& e);
StockAdded tag_invoke(boost::json::value_to_tag<StockAdded>, const boost::json::value& json);
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const WarehouseChanged& e);
WarehouseChanged tag_invoke(boost::json::value_to_tag<WarehouseChanged>,
                            const boost::json::value& json);

}  // namespace tally::inventory
