#include "tally/orders/shipment.hpp"

#include <algorithm>
#include <array>

namespace tally::orders {

namespace {

// A shipment's statuses in the order it lives them.
constexpr std::array kShipmentStatuses = {
    OrderStatus::released, OrderStatus::picking, OrderStatus::picked,  OrderStatus::packing,
    OrderStatus::packed,   OrderStatus::staged,  OrderStatus::shipped,
};

std::size_t rank(OrderStatus status) {
    return static_cast<std::size_t>(
        std::find(kShipmentStatuses.begin(), kShipmentStatuses.end(), status) -
        kShipmentStatuses.begin());
}

}  // namespace

std::string_view to_string(PartialShipments setting) {
    return setting == PartialShipments::ship_available ? "ship_available" : "wait";
}

std::optional<PartialShipments> parse_partial_shipments(std::string_view text) {
    if (text == "wait") {
        return PartialShipments::wait;
    }
    if (text == "ship_available") {
        return PartialShipments::ship_available;
    }
    return std::nullopt;
}

bool is_shipment_status(OrderStatus status) {
    return rank(status) < kShipmentStatuses.size();
}

OrderStatus order_status_of(std::span<const OrderStatus> parts, bool short_of_stock) {
    const auto shipped = std::count(parts.begin(), parts.end(), OrderStatus::shipped);
    if (shipped > 0) {
        return shipped == static_cast<std::ptrdiff_t>(parts.size()) && !short_of_stock
                   ? OrderStatus::shipped
                   : OrderStatus::partially_shipped;
    }
    OrderStatus furthest = OrderStatus::released;
    for (const auto part : parts) {
        if (rank(part) > rank(furthest)) {
            furthest = part;
        }
    }
    return furthest;
}

}  // namespace tally::orders
