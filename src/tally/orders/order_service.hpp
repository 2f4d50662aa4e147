#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/catalog/catalog_service.hpp"
#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/events/bus.hpp"
#include "tally/identity/user.hpp"
#include "tally/orders/order.hpp"
#include "tally/orders/order_csv.hpp"
#include "tally/orders/order_repo.hpp"
#include "tally/orders/routing.hpp"
#include "tally/orders/shipment.hpp"

namespace tally::orders {

struct CreateRequest {
    OrderInput input;
    std::optional<std::string> idempotency_key;
    std::string request_digest;  // of the request body: a key reused for another is refused
    // The answer stored with the key, rendered in the same transaction as the order, so a
    // retry gets exactly the first answer.
    std::function<std::string(const Order&)> render;
};

struct Created {
    Order order;  // empty on a replay
    bool replayed = false;
    std::string body;  // what render() gave, first time or stored
};

struct OrderQuery {
    std::optional<std::string> status;
    std::optional<std::string> channel;
    std::optional<std::string> external_id;
    std::optional<std::string> warehouse;
    std::optional<std::string> sku;
    std::optional<std::string> customer;
    std::optional<std::string> created_from;  // ISO 8601 date or date-time
    std::optional<std::string> created_to;    // exclusive
    std::int64_t after = 0;
    int limit = 50;
};

struct ImportSummary {
    int orders = 0;
    int allocated = 0;
    int backordered = 0;
    int on_hold = 0;
    // Lines that ship nothing and orders cancelled, refunded or voided in a Shopify export.
    std::vector<ImportSkip> skipped;
};

struct RoutingSettings {
    std::vector<RuleSetting> rules;
    std::vector<std::pair<std::string, std::int64_t>> warehouse_costs;  // code, cost
    // Whether a partly backordered order waits or is released with what is there; on a
    // save, nothing leaves it as it is.
    std::optional<PartialShipments> partial_shipments;
};

// Order intake, allocation and the life cycle. Intake resolves lines and reads settings
// first, then reserves stock and writes the order, its allocations, events, stock signals
// and audit row in one transaction.
class OrderService {
  public:
    OrderService(db::Database& db, const core::Clock& clock, catalog::CatalogService& catalog)
        : db_(db), clock_(clock), catalog_(catalog) {}

    // invalid_argument naming every bad field (unknown SKUs too); conflict when the channel
    // already has the external id; a repeated idempotency key replays the first answer.
    [[nodiscard]] core::Result<Created> create(const identity::Principal& actor,
                                               const CreateRequest& request);
    [[nodiscard]] core::Result<Order> get(OrderId id);
    [[nodiscard]] core::Result<std::vector<Order>> list(const OrderQuery& query);
    // The same for a user: a scoped actor reads only orders in their warehouse (see
    // in_scope), and lists only their warehouse's (forbidden when naming another).
    [[nodiscard]] core::Result<Order> get(const identity::Principal& actor, OrderId id);
    [[nodiscard]] core::Result<std::vector<Order>> list(const identity::Principal& actor,
                                                        OrderQuery query);
    // A scoped actor may read or change an order only when it is allocated and every
    // allocation is in their warehouse; an order without allocations is for unscoped users.
    // Every change below is forbidden otherwise.
    [[nodiscard]] static core::Status in_scope(const identity::Principal& actor,
                                               const Order& order);

    // Cancelling gives back every reservation. invalid_transition once picking started.
    [[nodiscard]] core::Result<Order> cancel(const identity::Principal& actor, OrderId id,
                                             const std::string& reason);
    [[nodiscard]] core::Result<Order> hold(const identity::Principal& actor, OrderId id,
                                           const std::string& reason, const std::string& note);
    // Back to allocated, or backordered when a line still waits for stock.
    [[nodiscard]] core::Result<Order> unhold(const identity::Principal& actor, OrderId id,
                                             const std::string& note);
    // An allocated order joins its warehouses' pick queues, each warehouse's part a shipment
    // of its own. A partly backordered one too when partial_shipments is ship_available.
    [[nodiscard]] core::Result<Order> release(const identity::Principal& actor, OrderId id);
    // Releases up to `limit` allocated orders with stock in the warehouse, oldest first.
    [[nodiscard]] core::Result<std::vector<OrderId>> release_warehouse(
        const identity::Principal& actor, const std::string& warehouse, int limit);
    // A compare-and-set move along the life cycle table, with its event.
    [[nodiscard]] core::Result<Order> transition(const identity::Principal& actor, OrderId id,
                                                 OrderStatus to, const std::string& reason);
    // Gives stock to backordered orders waiting for `products`, oldest first. Returns how
    // many orders got more units.
    [[nodiscard]] core::Result<int> reallocate(const identity::Principal& actor,
                                               const std::vector<std::int64_t>& products);

    // Released orders whose part in the warehouse is not picked yet, oldest first.
    [[nodiscard]] core::Result<std::vector<Order>> pick_queue(const identity::Principal& actor,
                                                              const std::string& warehouse,
                                                              std::int64_t after, int limit);

    [[nodiscard]] core::Result<RoutingSettings> routing();
    [[nodiscard]] core::Result<RoutingSettings> save_routing(const identity::Principal& actor,
                                                             const RoutingSettings& settings);
    // A scoped actor sees only their warehouse's signals (a page may hold fewer than `limit`).
    [[nodiscard]] core::Result<std::vector<StockSignal>> signals(const identity::Principal& actor,
                                                                 std::int64_t after, int limit);

    // Orders from a CSV file: Tally's columns (see kOrderCsvColumns) or Shopify's order
    // export. Rows with the same external id (Shopify: Name) form one order. All or
    // nothing: every bad field is named "rows/N/column", N counting the header as row 1.
    [[nodiscard]] core::Result<ImportSummary> import_csv(const identity::Principal& actor,
                                                         std::string_view csv);

    // Every reservation that disagrees with the orders holding it; empty when all is well.
    [[nodiscard]] core::Result<std::vector<std::string>> fsck();

    // Forgets this node's cached routing settings and warehouses (a warehouse was added or
    // changed here); other nodes see the change within their cache's second.
    void forget_routing_settings();

    // What orders do when inventory changes: arriving stock (inventory::StockAdded) goes to
    // backorders, by a job of kind "stock.added:orders"; a warehouse changed on this node
    // (inventory::WarehouseChanged) is seen by its next order at once.
    void subscribe(events::Bus& bus);

  private:
    // An order's lines resolved to products, with the routing settings of the moment.
    struct Resolved {
        std::vector<ProductBrief> products;  // per line
        std::vector<std::int64_t> quantities;
        std::vector<RuleSetting> rules;
        std::vector<RoutingWarehouse> warehouses;
    };
    [[nodiscard]] core::Result<Resolved> resolve(const OrderInput& input);
    [[nodiscard]] static Order new_order(const OrderInput& input, const Resolved& resolved,
                                         core::TimestampMs now);
    // Routes, reserves and writes one order with its events and audit row.
    [[nodiscard]] core::Result<Order> place(db::Tx& tx, const identity::Principal& actor,
                                            Order order, const std::vector<RuleSetting>& rules,
                                            const std::vector<RoutingWarehouse>& warehouses,
                                            core::TimestampMs now);
    [[nodiscard]] core::Result<std::pair<std::vector<RuleSetting>, std::vector<RoutingWarehouse>>>
    routing_inputs();
    [[nodiscard]] core::Result<Created> replay(const identity::Principal& actor,
                                               const CreateRequest& request);
    [[nodiscard]] core::Result<Order> change(
        const identity::Principal& actor, OrderId id,
        const std::function<core::Result<OrderStatus>(db::Tx&, Order&)>& decide,
        const std::string& reason, std::optional<std::string> hold);

    db::Database& db_;
    const core::Clock& clock_;
    catalog::CatalogService& catalog_;

    // Routing rules and warehouses are read on every order and change rarely: each node
    // keeps them for a second by its clock. A change on another node reaches this one within
    // that time.
    static constexpr core::TimestampMs kSettingsTtlMs = 1000;
    std::mutex settings_mutex_;
    std::optional<std::pair<std::vector<RuleSetting>, std::vector<RoutingWarehouse>>> settings_;
    core::TimestampMs settings_expiry_ = 0;
};

}  // namespace tally::orders
