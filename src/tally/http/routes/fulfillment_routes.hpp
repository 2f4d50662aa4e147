#pragma once

#include "tally/fulfillment/fulfillment_service.hpp"
#include "tally/http/router.hpp"
#include "tally/identity/identity_service.hpp"

namespace tally::http {

// Stations and their scans, pick batches, trailer manifests, cartons with their labels and
// packing slips, the scan report, count tasks, the rotation list and fulfillment settings.
// A supervisor's override is checked against `identity`.
void register_fulfillment_routes(Router& router, fulfillment::FulfillmentService& fulfillment,
                                 identity::IdentityService& identity);

}  // namespace tally::http
