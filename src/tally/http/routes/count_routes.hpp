#pragma once

#include "tally/http/router.hpp"
#include "tally/inventory/cycle_count_service.hpp"

namespace tally::http {

// Cycle counts scheduled per zone: create one, list them.
void register_count_routes(Router& router, inventory::CycleCountService& counts);

}  // namespace tally::http
