#pragma once

#include "tally/db/database.hpp"
#include "tally/http/metrics.hpp"
#include "tally/http/router.hpp"

namespace tally::http {

// /health, /ready, /metrics and /api/v1/openapi.json.
void register_system_routes(Router& router, db::Database& db, int expected_schema_version,
                            const Metrics& metrics);

// The OpenAPI 3.1 document built into the binary.
[[nodiscard]] std::string_view openapi_document();

}  // namespace tally::http
