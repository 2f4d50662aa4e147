#pragma once

#include "tally/http/events.hpp"
#include "tally/http/router.hpp"

namespace tally::http {

// GET /api/v1/events: this node's change events as server-sent events.
void register_event_routes(Router& router, EventHub& events);

}  // namespace tally::http
