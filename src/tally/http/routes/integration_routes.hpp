#pragma once

#include "tally/http/router.hpp"
#include "tally/integrations/shopify/shopify_service.hpp"
#include "tally/jobs/runner.hpp"

namespace tally::http {

// Connected Shopify shops, the signed webhook endpoint Shopify posts to, and the outbox's
// jobs with their outcomes.
void register_integration_routes(Router& router, integrations::shopify::ShopifyService& shopify,
                                 jobs::Runner& jobs);

}  // namespace tally::http
