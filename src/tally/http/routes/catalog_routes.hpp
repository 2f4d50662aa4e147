#pragma once

#include "tally/catalog/catalog_service.hpp"
#include "tally/http/router.hpp"

namespace tally::http {

// Products (CRUD, search, CSV import and export), barcode resolution and box types.
void register_catalog_routes(Router& router, catalog::CatalogService& catalog);

}  // namespace tally::http
