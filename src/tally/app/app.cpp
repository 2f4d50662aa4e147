#include "tally/app/app.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tally/db/migrations.hpp"
#include "tally/http/api.hpp"
#include "tally/http/routes/catalog_routes.hpp"
#include "tally/http/routes/count_routes.hpp"
#include "tally/http/routes/event_routes.hpp"
#include "tally/http/routes/fulfillment_routes.hpp"
#include "tally/http/routes/identity_routes.hpp"
#include "tally/http/routes/integration_routes.hpp"
#include "tally/http/routes/inventory_routes.hpp"
#include "tally/http/routes/order_routes.hpp"
#include "tally/http/routes/shipping_routes.hpp"
#include "tally/http/routes/system_routes.hpp"
#include "tally/http/server.hpp"
#include "tally/integrations/raw_tcp_printer.hpp"
#include "tally/integrations/shopify/shopify_service.hpp"
#include "tally/jobs/runner.hpp"

namespace tally::app {

identity::PasswordCost password_cost(const std::string& name) {
    if (name == "moderate") {
        return identity::PasswordCost::moderate;
    }
    if (name == "sensitive") {
        return identity::PasswordCost::sensitive;
    }
    return identity::PasswordCost::interactive;
}

void connect_orders(events::Bus& bus, inventory::InventoryService& inventory,
                    orders::OrderService& orders) {
    orders.subscribe(bus);
    inventory.add_fsck_check([&orders] { return orders.fsck(); });
}

std::unique_ptr<db::Database> open_database(const std::string& url, int pool_size,
                                            const core::Clock& clock) {
    auto parsed = db::parse_database_url(url);
    if (!parsed) {
        throw std::runtime_error("--db: " + parsed.error().fields.front().reason);
    }
    if (parsed->engine == db::Engine::sqlite) {
        const auto folder = std::filesystem::path(parsed->target).parent_path();
        if (!folder.empty()) {
            std::filesystem::create_directories(folder);
        }
    }
    auto db = db::Database::open(url, pool_size);
    auto migrated = db::migrate(*db, db::embedded_migrations(), clock);
    if (!migrated) {
        throw std::runtime_error(migrated.error().message);
    }
    if (migrated->from_version != migrated->to_version) {
        spdlog::info("database migrated from schema version {} to {}", migrated->from_version,
                     migrated->to_version);
    }
    return db;
}

std::optional<identity::SecretBox> secret_box(const core::Config& config) {
    if (!config.secret_key.empty()) {
        auto box = identity::SecretBox::from_hex(config.secret_key, "secret_key");
        if (!box) {
            throw std::runtime_error("secret_key: " + box.error().fields.front().reason);
        }
        return *box;
    }
    const auto url = db::parse_database_url(config.db);
    if (!url || url->engine != db::Engine::sqlite) {
        // Every node must seal and open with the same key: PostgreSQL needs it configured.
        spdlog::warn("no secret_key is configured: Shopify shops cannot be connected");
        return std::nullopt;
    }
    const auto path = std::filesystem::path(url->target).parent_path() / "secret.key";
    std::string key;
    if (std::ifstream in(path); in) {
        std::getline(in, key);
    } else {
        key = identity::SecretBox::generate_hex();
        // Made readable by this user alone from the start (no umask: it is process-wide).
        const std::string line = key + "\n";
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        const bool written =
            fd >= 0 && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
        if (fd >= 0) {
            ::close(fd);
        }
        if (!written) {
            throw std::runtime_error("cannot write " + path.string());
        }
        spdlog::info("made a secret key for sealed settings in {}", path.string());
    }
    auto box = identity::SecretBox::from_hex(key, path.string());
    if (!box) {
        throw std::runtime_error(path.string() + " does not hold a key of 64 hex digits");
    }
    return *box;
}

// A job waits on Shopify and on its commits far more than it computes: on SQLite more
// threads make bigger group-commit batches; on PostgreSQL each holds a pooled connection.
int job_threads(const core::Config& config, const db::Database& db) {
    if (config.job_threads > 0) {
        return config.job_threads;
    }
    return db.engine() == db::Engine::sqlite ? 16 : 8;
}

struct App::Impl {
    Impl(const core::Config& config, const core::Clock& clock)
        : db(open_database(config.db, config.db_pool, clock)),
          bus(clock),
          identity(
              *db, clock,
              identity::IdentityOptions{
                  .password_cost = password_cost(config.password_cost),
                  .session_ttl_ms = static_cast<core::TimestampMs>(config.session_ttl_s) * 1000}),
          catalog(*db, clock),
          inventory(*db, clock, catalog, bus),
          cycle_counts(*db, clock),
          orders(*db, clock, catalog),
          shipping(*db, clock),
          fulfillment_settings(*db, clock),
          stations(*db, clock, catalog, shipping, fulfillment_settings),
          batches(*db, clock),
          trailers(*db, clock, shipping),
          cartons(*db, clock),
          floor_reports(*db, clock, fulfillment_settings),
          stock_tasks(*db, clock, fulfillment_settings),
          jobs(*db, clock,
               jobs::RunnerOptions{.threads = job_threads(config, *db),
                                   .backoff = {.base_ms = config.job_backoff_ms}}),
          shopify(*db, clock, orders, inventory, trailers, secret_box(config),
                  integrations::shopify::ShopifyOptions{
                      .timeout = std::chrono::seconds(config.shopify_timeout_s)}) {
        connect_orders(bus, inventory, orders);
        cartons.set_printer(printer);
        stations.set_events(bus);
        trailers.set_events(bus);
        shopify.attach(jobs);
        jobs.handle(inventory::kRaiseCountsJob, [this, &clock](const db::JobRow&) {
            const int raised = stock_tasks.raise_scheduled_counts();
            return jobs::Outcome::again(clock.now_ms() + inventory::kRaiseCountsEveryMs,
                                        std::to_string(raised) + " count tasks raised");
        });
        shopify.subscribe(bus);
        // Subscribers come first: attaching gives each its job kind on the runner.
        bus.attach(jobs);
        const int schema = db::embedded_migrations().back().version;
        http::register_system_routes(router, *db, schema, metrics);
        http::register_identity_routes(
            router, identity, {.secure = config.secure_cookies, .max_age_s = config.session_ttl_s});
        http::register_catalog_routes(router, catalog);
        http::register_inventory_routes(router, inventory);
        http::register_count_routes(router, cycle_counts);
        http::register_order_routes(router, orders);
        http::register_shipping_routes(router, shipping);
        http::register_fulfillment_routes(router,
                                          {.stations = stations,
                                           .batches = batches,
                                           .trailers = trailers,
                                           .cartons = cartons,
                                           .reports = floor_reports,
                                           .tasks = stock_tasks,
                                           .settings = fulfillment_settings},
                                          identity);
        http::register_event_routes(router, events);
        http::register_integration_routes(router, shopify, jobs);
        auto proxies = http::TrustedProxies::parse(config.trusted_proxies, "trusted_proxies");
        if (!proxies) {
            throw std::runtime_error("trusted_proxies: " + proxies.error().fields.front().reason);
        }
        api = std::make_unique<http::Api>(
            router, identity, metrics, http::StaticFiles(config.web_root), events,
            http::ApiOptions{.trusted_proxies = std::move(*proxies),
                             .allowed_origins = config.allowed_origins});

        const auto address = core::parse_listen(config.listen);
        if (!address) {
            throw std::runtime_error("--listen: " + address.error().fields.front().reason);
        }
        const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
        // A worker waits for its SQLite write batch to commit, so a batch holds at most one
        // write per worker; PostgreSQL runs one transaction per pooled connection.
        const int db_workers = db->engine() == db::Engine::sqlite ? 64 : db->pool_size();
        // Reads need no more threads than read connections; on SQLite they get a pool of
        // their own so the 64 writers waiting for their batch do not crowd them.
        const int read_workers = db->engine() == db::Engine::sqlite ? db->pool_size() : 0;
        server = std::make_unique<http::Server>(
            http::ServerOptions{
                .host = address->host,
                .port = address->port,
                .io_threads = config.io_threads > 0 ? config.io_threads : cores,
                .workers = config.workers > 0 ? config.workers : db_workers,
                .read_workers = config.workers > 0 ? 0 : read_workers,
                .max_body_bytes = config.max_body_bytes,
                .max_connections = static_cast<std::size_t>(std::max(1, config.max_connections)),
                .request_timeout = std::chrono::seconds(config.request_timeout_s),
                .idle_timeout = std::chrono::seconds(config.idle_timeout_s),
                .shutdown_grace = std::chrono::seconds(config.shutdown_grace_s)},
            *api);
    }

    std::unique_ptr<db::Database> db;
    events::Bus bus;
    identity::IdentityService identity;
    catalog::CatalogService catalog;
    inventory::InventoryService inventory;
    inventory::CycleCountService cycle_counts;
    orders::OrderService orders;
    shipping::ShippingService shipping;
    fulfillment::FulfillmentSettingsStore fulfillment_settings;
    fulfillment::StationService stations;
    fulfillment::BatchService batches;
    fulfillment::TrailerService trailers;
    fulfillment::CartonService cartons;
    fulfillment::FloorReportService floor_reports;
    fulfillment::StockTaskService stock_tasks;
    jobs::Runner jobs;
    integrations::shopify::ShopifyService shopify;
    integrations::RawTcpPrinter printer;
    http::Router router;
    http::Metrics metrics;
    http::EventHub events;
    std::unique_ptr<http::Api> api;
    std::unique_ptr<http::Server> server;
};

App::App(const core::Config& config, const core::Clock& clock)
    : impl_(std::make_unique<Impl>(config, clock)) {}

App::~App() = default;

unsigned short App::listen() {
    return impl_->server->listen();
}

void App::run(bool handle_signals) {
    impl_->jobs.start();
    impl_->server->run(handle_signals);
    // Attempts in flight finish; what is left waits in the database for the next start.
    impl_->jobs.stop();
}

void App::stop() {
    impl_->server->stop();
}

jobs::Runner& App::jobs() {
    return impl_->jobs;
}

events::Bus& App::bus() {
    return impl_->bus;
}

integrations::shopify::ShopifyService& App::shopify() {
    return impl_->shopify;
}

db::Database& App::database() {
    return *impl_->db;
}

identity::IdentityService& App::identity() {
    return impl_->identity;
}

const http::Router& App::router() const {
    return impl_->router;
}

catalog::CatalogService& App::catalog() {
    return impl_->catalog;
}

orders::OrderService& App::orders() {
    return impl_->orders;
}

shipping::ShippingService& App::shipping() {
    return impl_->shipping;
}

fulfillment::StationService& App::stations() {
    return impl_->stations;
}

fulfillment::TrailerService& App::trailers() {
    return impl_->trailers;
}

inventory::InventoryService& App::inventory() {
    return impl_->inventory;
}

}  // namespace tally::app
