#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tally/core/error.hpp"
#include "tally/fulfillment/station_service.hpp"
#include "tally/orders/order.hpp"

// Request bodies read into what the services take, with no server around them, so that tests
// and the fuzz targets (fuzz/) reach them directly. invalid_argument naming every bad field.
namespace tally::http {

// The body of POST /api/v1/orders: unreadable fields and the order rules' refusals together.
[[nodiscard]] core::Result<orders::OrderInput> decode_order_request(std::string_view body);

// The supervisor who approves on the floor user's device, named with their password.
struct SupervisorLogin {
    std::string username;
    std::string password;
};

// The body of POST /api/v1/stations/{code}/scans: the scan, and the supervisor's sign-in
// when a keyed entry comes with their approval.
struct ScanRequest {
    fulfillment::ScanInput input;
    std::optional<SupervisorLogin> supervisor;
};
[[nodiscard]] core::Result<ScanRequest> decode_scan_request(std::string_view body);

}  // namespace tally::http
