#pragma once

#include "tally/http/router.hpp"
#include "tally/inventory/inventory_service.hpp"

namespace tally::http {

// Warehouses, bins and docks; receipts, moves and adjustments; stock queries, the CSV
// snapshot, pick order, replenishment thresholds and the stock check.
void register_inventory_routes(Router& router, inventory::InventoryService& inventory);

}  // namespace tally::http
