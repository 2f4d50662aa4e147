#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tally/db/database.hpp"
#include "tally/orders/order.hpp"
#include "tally/orders/routing.hpp"

namespace tally::orders {

struct OrderFilter {
    std::optional<OrderStatus> status;
    std::optional<std::string> channel;
    std::optional<std::string> external_id;
    std::optional<std::int64_t> warehouse_id;  // orders with units reserved there
    std::optional<std::int64_t> product_id;    // orders with a line of it
    std::optional<std::string> customer;       // name or email contains
    std::optional<core::TimestampMs> created_from;
    std::optional<core::TimestampMs> created_to;  // exclusive
    std::int64_t after = 0;                       // cursor: ids above it
    int limit = 50;
};

struct IdempotencyRecord {
    std::string digest;
    std::optional<std::int64_t> order_id;
    std::optional<std::string> response;
};

struct StockSignal {
    std::int64_t id = 0;
    core::TimestampMs at = 0;
    std::string kind;  // low_stock, out_of_stock, backorder
    std::int64_t product_id = 0;
    std::string sku;
    std::optional<std::int64_t> warehouse_id;
    std::string warehouse;
    std::optional<std::int64_t> order_id;
    std::int64_t available = 0;
    std::optional<std::int64_t> reorder_point;
    std::int64_t quantity = 0;
};

struct ProductBrief {
    std::int64_t id = 0;
    std::string sku;
    std::string name;
    bool active = true;
};

// All SQL for orders, their lines, allocations, events, idempotency keys, stock signals and
// routing settings.
class OrderRepo {
  public:
    // Inserts the order row and its lines (filling in their ids).
    [[nodiscard]] static OrderId insert(db::Tx& tx, Order& order, const std::string& created_by);
    static void insert_allocation(db::Tx& tx, OrderId order, const Allocation& allocation);
    static void delete_allocations(db::Tx& tx, OrderId order);
    static void set_line_allocated(db::Tx& tx, std::int64_t line_id, std::int64_t allocated);
    static void add_event(db::Tx& tx, OrderId order, const OrderEvent& event);
    // Several events in one statement (one round trip).
    static void add_events(db::Tx& tx, OrderId order, const std::vector<OrderEvent>& events);
    // Compare-and-set: false when the order is no longer in `from`.
    [[nodiscard]] static bool set_status(db::Tx& tx, OrderId order, OrderStatus from,
                                         OrderStatus to, const std::optional<std::string>& hold,
                                         core::TimestampMs now);
    static void set_routing(db::Tx& tx, OrderId order, const std::string& routing);

    [[nodiscard]] static std::optional<ProductBrief> product_by_sku(db::Tx& tx,
                                                                    const std::string& sku);
    [[nodiscard]] static std::optional<ProductBrief> product_by_id(db::Tx& tx, std::int64_t id);

    [[nodiscard]] static std::optional<Order> find(db::Tx& tx, OrderId id);
    // Headers only: no lines, allocations or events.
    [[nodiscard]] static std::vector<Order> list(db::Tx& tx, const OrderFilter& filter);
    // Backordered orders (not on hold) waiting for any of `products` (all of them when
    // empty), or for a kit with one of them inside, oldest first.
    [[nodiscard]] static std::vector<OrderId> waiting_for(db::Tx& tx,
                                                          const std::vector<std::int64_t>& products,
                                                          int limit);
    // The bills of materials of those of `products` that are kits.
    [[nodiscard]] static Kits kit_parts(db::Tx& tx, const std::vector<std::int64_t>& products);
    // Released orders with units reserved in the warehouse, oldest first.
    [[nodiscard]] static std::vector<OrderId> released_in(db::Tx& tx, std::int64_t warehouse_id,
                                                          std::int64_t after, int limit);
    [[nodiscard]] static std::vector<OrderId> allocated_in(db::Tx& tx, std::int64_t warehouse_id,
                                                           int limit);

    // Inserts the key; a concurrent or earlier use of it raises a unique violation.
    static void claim_key(db::Tx& tx, std::int64_t user_id, const std::string& key,
                          const std::string& digest, core::TimestampMs now);
    static void complete_key(db::Tx& tx, std::int64_t user_id, const std::string& key,
                             OrderId order, const std::string& response);
    [[nodiscard]] static std::optional<IdempotencyRecord> find_key(db::Tx& tx, std::int64_t user_id,
                                                                   const std::string& key);

    static void add_signal(db::Tx& tx, const StockSignal& signal);
    [[nodiscard]] static std::vector<StockSignal> signals(db::Tx& tx, std::int64_t after,
                                                          int limit);

    [[nodiscard]] static std::vector<RuleSetting> rules(db::Tx& tx);
    static void save_rules(db::Tx& tx, const std::vector<RuleSetting>& rules);
    [[nodiscard]] static std::vector<RoutingWarehouse> warehouses(db::Tx& tx);
    // False when there is no such warehouse.
    [[nodiscard]] static bool set_routing_cost(db::Tx& tx, const std::string& code,
                                               std::int64_t cost);

    // Every (product, warehouse) whose reserved total differs from its allocations.
    [[nodiscard]] static std::vector<std::string> fsck(db::Tx& tx);
};

}  // namespace tally::orders
