#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "tally/core/strong_id.hpp"
#include "tally/orders/order.hpp"

namespace tally::orders {

using ShipmentId = core::StrongId<struct ShipmentIdTag>;

// One warehouse's part of a released order: picked, packed, loaded and shipped there. Its
// status runs released, picking, picked, packing, packed, staged, shipped.
struct Shipment {
    ShipmentId id;
    OrderId order;
    std::int64_t warehouse_id = 0;
    std::string warehouse;  // code
    OrderStatus status = OrderStatus::released;
    std::int64_t station_id = 0;  // where it is in hand now; 0: nowhere
};

// Whether a partly backordered order waits for the rest or is released with what is there.
enum class PartialShipments { wait, ship_available };

[[nodiscard]] std::string_view to_string(PartialShipments setting);
[[nodiscard]] std::optional<PartialShipments> parse_partial_shipments(std::string_view text);

// True for the statuses a shipment can have.
[[nodiscard]] bool is_shipment_status(OrderStatus status);

// The order's status from its shipments': as far as its furthest part until one has shipped,
// partially_shipped while some have (or all have and units still wait for stock), shipped
// when every part has and nothing waits. Pure; `parts` must not be empty.
[[nodiscard]] OrderStatus order_status_of(std::span<const OrderStatus> parts, bool short_of_stock);

}  // namespace tally::orders
