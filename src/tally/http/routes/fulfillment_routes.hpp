#pragma once

#include "tally/fulfillment/batch_service.hpp"
#include "tally/fulfillment/carton_service.hpp"
#include "tally/fulfillment/floor_reports.hpp"
#include "tally/fulfillment/settings.hpp"
#include "tally/fulfillment/station_service.hpp"
#include "tally/fulfillment/stock_task_service.hpp"
#include "tally/fulfillment/trailer_service.hpp"
#include "tally/http/router.hpp"
#include "tally/identity/identity_service.hpp"

namespace tally::http {

// Stations and their scans, pick batches, trailer manifests, cartons with their labels and
// packing slips, the scan report, count tasks, the rotation list and fulfillment settings.
// A supervisor's override is checked against `identity`.
struct FulfillmentServices {
    fulfillment::StationService& stations;
    fulfillment::BatchService& batches;
    fulfillment::TrailerService& trailers;
    fulfillment::CartonService& cartons;
    fulfillment::FloorReportService& reports;
    fulfillment::StockTaskService& tasks;
    fulfillment::FulfillmentSettingsStore& settings;
};

void register_fulfillment_routes(Router& router, const FulfillmentServices& services,
                                 identity::IdentityService& identity);

}  // namespace tally::http
