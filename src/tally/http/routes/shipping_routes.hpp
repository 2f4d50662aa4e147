#pragma once

#include "tally/http/router.hpp"
#include "tally/shipping/shipping_service.hpp"

namespace tally::http {

// Carriers with their services, and the shipping rules that pick one for a shipment.
void register_shipping_routes(Router& router, shipping::ShippingService& shipping);

}  // namespace tally::http
