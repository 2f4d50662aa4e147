#pragma once

#include "tally/fulfillment/fulfillment_service.hpp"
#include "tally/http/router.hpp"

namespace tally::http {

// Stations and their scans, pick batches, trailer manifests, cartons with their labels and
// packing slips, the scan report, count tasks, the rotation list and fulfillment settings.
void register_fulfillment_routes(Router& router, fulfillment::FulfillmentService& fulfillment);

}  // namespace tally::http
