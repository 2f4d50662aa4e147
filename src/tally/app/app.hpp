#pragma once

#include <memory>
#include <string>

#include "tally/catalog/catalog_service.hpp"
#include "tally/core/clock.hpp"
#include "tally/core/config.hpp"
#include "tally/db/database.hpp"
#include "tally/events/bus.hpp"
#include "tally/fulfillment/station_service.hpp"
#include "tally/fulfillment/trailer_service.hpp"
#include "tally/http/router.hpp"
#include "tally/identity/identity_service.hpp"
#include "tally/integrations/shopify/shopify_service.hpp"
#include "tally/inventory/inventory_service.hpp"
#include "tally/jobs/runner.hpp"
#include "tally/orders/order_service.hpp"
#include "tally/shipping/shipping_service.hpp"

namespace tally::app {

// The composition root: the database, the services, the routes and the HTTP server.
class App {
  public:
    // Opens and migrates the database and builds every service. Throws when the database
    // cannot be opened or is newer than this binary.
    App(const core::Config& config, const core::Clock& clock);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Binds the listen address; returns the port (useful with port 0).
    unsigned short listen();
    // Serves until stop() or SIGTERM/SIGINT.
    void run(bool handle_signals = true);
    void stop();

    [[nodiscard]] db::Database& database();
    [[nodiscard]] identity::IdentityService& identity();
    [[nodiscard]] catalog::CatalogService& catalog();
    [[nodiscard]] inventory::InventoryService& inventory();
    [[nodiscard]] orders::OrderService& orders();
    [[nodiscard]] shipping::ShippingService& shipping();
    [[nodiscard]] fulfillment::StationService& stations();
    [[nodiscard]] fulfillment::TrailerService& trailers();
    [[nodiscard]] jobs::Runner& jobs();
    // Where events are published and subscribed to; subscribe before run().
    [[nodiscard]] events::Bus& bus();
    [[nodiscard]] integrations::shopify::ShopifyService& shopify();
    // Every registered route, for the role and OpenAPI tests.
    [[nodiscard]] const http::Router& router() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Opens the database named by `url` (creating the folder of a SQLite file) and applies
// pending migrations. Throws std::runtime_error with a readable reason on failure.
[[nodiscard]] std::unique_ptr<db::Database> open_database(const std::string& url, int pool_size,
                                                          const core::Clock& clock);

// The demo admin's name and password, printed by `tally serve --demo`.
inline constexpr const char* kDemoAdmin = "admin";
inline constexpr const char* kDemoPassword = "tally-demo";

// Loads demo data when the database has none yet. Returns true when it loaded it.
bool load_demo_data(App& app);

// Stock that arrives goes to backorders (orders subscribe to inventory's events), and
// `tally fsck` checks reservations too.
void connect_orders(events::Bus& bus, inventory::InventoryService& inventory,
                    orders::OrderService& orders);

[[nodiscard]] identity::PasswordCost password_cost(const std::string& name);

}  // namespace tally::app
