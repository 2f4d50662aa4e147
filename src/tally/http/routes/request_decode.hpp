#pragma once

#include <string_view>

#include "tally/core/error.hpp"
#include "tally/fulfillment/fulfillment_service.hpp"
#include "tally/orders/order.hpp"

// Request bodies read into what the services take, with no server around them, so that tests
// and the fuzz targets (fuzz/) reach them directly. invalid_argument naming every bad field.
namespace tally::http {

// The body of POST /api/v1/orders: unreadable fields and the order rules' refusals together.
[[nodiscard]] core::Result<orders::OrderInput> decode_order_request(std::string_view body);

// The body of POST /api/v1/stations/{code}/scans.
[[nodiscard]] core::Result<fulfillment::ScanInput> decode_scan_request(std::string_view body);

}  // namespace tally::http
