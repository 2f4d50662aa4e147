#include "tally/orders/order_service.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "tally/db/job_queue.hpp"
#include "tally/identity/audit.hpp"
#include "tally/inventory/inventory_events.hpp"
#include "tally/inventory/stock_moves.hpp"
#include "tally/orders/shipment_repo.hpp"

namespace tally::orders {

namespace {

using inventory::StockMoves;

constexpr int kReallocateBatch = 500;

// Stock of the products an order wants, read (and on PostgreSQL locked) before routing.
struct StockView {
    Availability available;
    std::map<std::pair<std::int64_t, std::int64_t>, std::optional<std::int64_t>> reorder_points;
};

StockView read_stock(db::Tx& tx, const std::vector<Demand>& demands, const Kits& kits) {
    std::set<std::int64_t> products;
    for (const auto& demand : demands) {
        const auto kit = kits.find(demand.product_id);
        if (kit == kits.end()) {
            products.insert(demand.product_id);
            continue;
        }
        for (const auto& part : kit->second) {  // a kit is stocked as its parts
            products.insert(part.product_id);
        }
    }
    StockView view;
    for (const auto product : products) {  // ascending ids: one lock order for everyone
        for (const auto& row : StockMoves::available(tx, catalog::ProductId{product}, true)) {
            view.available[{product, row.warehouse.value}] = row.available;
            view.reorder_points[{product, row.warehouse.value}] = row.reorder_point;
        }
    }
    return view;
}

// What is still wanted of each line.
std::vector<Demand> open_demand(const Order& order) {
    std::vector<Demand> demands;
    for (const auto& line : order.lines) {
        demands.push_back({line.product_id, line.sku, line.backordered()});
    }
    return demands;
}

// The bills of materials of the order's kits, as they are now.
Kits kits_of(db::Tx& tx, const Order& order) {
    std::vector<std::int64_t> products;
    for (const auto& line : order.lines) {
        products.push_back(line.product_id);
    }
    return OrderRepo::kit_parts(tx, products);
}

std::string code_of(const std::vector<RoutingWarehouse>& warehouses, std::int64_t id) {
    for (const auto& w : warehouses) {
        if (w.id == id) {
            return w.code;
        }
    }
    return "?";
}

// Counts what the plan gives each line as allocated.
void count_plan(Order& order, const RoutingPlan& plan) {
    for (std::size_t i = 0; i < order.lines.size(); ++i) {
        for (const auto& take : plan.lines[i]) {
            order.lines[i].allocated += take.quantity;
        }
    }
}

// The allocations a plan makes, once the lines have their ids: a kit's take reserves each of
// its components.
std::vector<Allocation> allocations_of(const Order& order, const RoutingPlan& plan,
                                       const std::vector<RoutingWarehouse>& warehouses,
                                       const Kits& kits) {
    std::vector<Allocation> out;
    for (std::size_t i = 0; i < order.lines.size(); ++i) {
        const auto& line = order.lines[i];
        const auto kit = kits.find(line.product_id);
        for (const auto& take : plan.lines[i]) {
            if (kit == kits.end()) {
                out.push_back({.line_id = line.id,
                               .product_id = line.product_id,
                               .warehouse_id = take.warehouse_id,
                               .warehouse = code_of(warehouses, take.warehouse_id),
                               .sku = line.sku,
                               .quantity = take.quantity});
                continue;
            }
            for (const auto& part : kit->second) {
                out.push_back({.line_id = line.id,
                               .product_id = part.product_id,
                               .warehouse_id = take.warehouse_id,
                               .warehouse = code_of(warehouses, take.warehouse_id),
                               .sku = part.sku,
                               .quantity = take.quantity * part.quantity,
                               .per_unit = part.quantity});
            }
        }
    }
    return out;
}

// Reserves the allocations and writes them with the stock signals they cause. Reservations
// cannot fail here: the rows were read under lock (or by the only writer) just before.
core::Status reserve(db::Tx& tx, Order& order, std::vector<Allocation> added, const StockView& view,
                     core::TimestampMs now, bool signal_backorders) {
    std::sort(added.begin(), added.end(), [](const Allocation& a, const Allocation& b) {
        return std::tie(a.product_id, a.warehouse_id) < std::tie(b.product_id, b.warehouse_id);
    });
    std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> taken;
    for (const auto& allocation : added) {
        if (!StockMoves::reserve(tx, catalog::ProductId{allocation.product_id},
                                 inventory::WarehouseId{allocation.warehouse_id},
                                 allocation.quantity)) {
            return core::fail(core::ErrorCode::conflict,
                              "Stock changed while allocating " + allocation.sku + "; try again.");
        }
        OrderRepo::insert_allocation(tx, order.id, allocation);
        taken[{allocation.product_id, allocation.warehouse_id}] += allocation.quantity;
        order.allocations.push_back(allocation);
    }
    // A signal when this allocation takes the available stock to or below the reorder
    // point, or to zero: once, at the crossing, not again for every later order.
    for (const auto& [key, quantity] : taken) {
        const auto before_it = view.available.find(key);
        const std::int64_t before = before_it == view.available.end() ? 0 : before_it->second;
        const std::int64_t after = before - quantity;
        const auto point_it = view.reorder_points.find(key);
        const auto point = point_it == view.reorder_points.end() ? std::nullopt : point_it->second;
        StockSignal signal{.at = now,
                           .product_id = key.first,
                           .warehouse_id = key.second,
                           .order_id = order.id.value,
                           .available = after,
                           .reorder_point = point,
                           .quantity = quantity};
        if (after <= 0 && before > 0) {
            signal.kind = "out_of_stock";
            OrderRepo::add_signal(tx, signal);
        } else if (point && after <= *point && before > *point) {
            signal.kind = "low_stock";
            OrderRepo::add_signal(tx, signal);
        }
    }
    for (const auto& line : order.lines) {
        if (signal_backorders && line.backordered() > 0) {
            OrderRepo::add_signal(tx, StockSignal{.at = now,
                                                  .kind = "backorder",
                                                  .product_id = line.product_id,
                                                  .order_id = order.id.value,
                                                  .available = 0,
                                                  .quantity = line.backordered()});
        }
    }
    return {};
}

OrderStatus allocation_status(const Order& order) {
    const bool short_of_stock = std::any_of(order.lines.begin(), order.lines.end(),
                                            [](const OrderLine& l) { return l.backordered() > 0; });
    return short_of_stock ? OrderStatus::backordered : OrderStatus::allocated;
}

core::Result<core::TimestampMs> parse_time(const std::optional<std::string>& text,
                                           const char* field) {
    const auto parsed = core::parse_iso8601(*text);
    if (!parsed) {
        return core::invalid_field(field, "must be an ISO 8601 date or date-time");
    }
    return *parsed;
}

}  // namespace

core::Result<OrderService::Resolved> OrderService::resolve(const OrderInput& input) {
    Resolved resolved;
    core::FieldErrors errors;
    // Barcodes go through the catalog's scan rules (a case GTIN counts its pack size).
    std::vector<std::optional<std::int64_t>> by_barcode(input.lines.size());
    for (std::size_t i = 0; i < input.lines.size(); ++i) {
        const auto& line = input.lines[i];
        if (!line.sku && line.barcode) {
            auto scan = catalog_.resolve_scan(*line.barcode);
            if (!scan) {
                errors.add("lines/" + std::to_string(i) + "/barcode", "matches no product");
            } else {
                by_barcode[i] = scan->product.id.value;
                resolved.quantities.push_back(line.quantity * scan->quantity);
                continue;
            }
        }
        resolved.quantities.push_back(line.quantity);
    }
    auto read = db_.read([&](db::Tx& tx) -> core::Status {
        for (std::size_t i = 0; i < input.lines.size(); ++i) {
            const auto& line = input.lines[i];
            const std::string field =
                "lines/" + std::to_string(i) + (line.sku ? "/sku" : "/barcode");
            std::optional<ProductBrief> product;
            if (line.sku) {
                product = OrderRepo::product_by_sku(tx, *line.sku);
            } else if (by_barcode[i]) {
                product = OrderRepo::product_by_id(tx, *by_barcode[i]);
            } else {
                resolved.products.emplace_back();
                continue;  // already named above
            }
            if (!product) {
                errors.add(field, "is not a known SKU");
                resolved.products.emplace_back();
            } else if (!product->active) {
                errors.add(field, product->sku + " is no longer sold (inactive)");
                resolved.products.push_back(*product);
            } else {
                resolved.products.push_back(*product);
            }
        }
        return {};
    });
    if (!read) {
        return std::unexpected(read.error());
    }
    for (std::size_t i = 0; i < resolved.quantities.size(); ++i) {
        if (resolved.quantities[i] > kMaxLineQuantity) {
            errors.add("lines/" + std::to_string(i) + "/quantity",
                       "times the pack size is more than 1000000 units");
        }
    }
    if (errors.empty() && !order_total(input.lines, resolved.quantities)) {
        errors.add("total",
                   "the lines' quantities times their unit prices are over 10^15 minor units");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    auto settings = routing_inputs();
    if (!settings) {
        return std::unexpected(settings.error());
    }
    resolved.rules = std::move(settings->first);
    resolved.warehouses = std::move(settings->second);
    return resolved;
}

Order OrderService::new_order(const OrderInput& input, const Resolved& resolved,
                              core::TimestampMs now) {
    Order order{.channel = input.channel,
                .external_id = input.external_id,
                .currency = input.currency,
                .customer = input.customer,
                .ship_to = input.ship_to,
                .service_level = input.service_level,
                .notes = input.notes,
                .tags = input.tags,
                .hold_reason = input.hold,
                .created_at = now,
                .updated_at = now};
    for (std::size_t i = 0; i < input.lines.size(); ++i) {
        const auto& product = resolved.products[i];
        order.lines.push_back({.line_no = static_cast<int>(i + 1),
                               .product_id = product.id,
                               .sku = product.sku,
                               .name = product.name,
                               .quantity = resolved.quantities[i],
                               .unit_price = input.lines[i].unit_price});
    }
    // resolve() refused any order whose total is over the limit.
    order.total = order_total(input.lines, resolved.quantities).value().minor;
    return order;
}

core::Result<Order> OrderService::place(db::Tx& tx, const identity::Principal& actor, Order placed,
                                        const std::vector<RuleSetting>& rules,
                                        const std::vector<RoutingWarehouse>& warehouses,
                                        core::TimestampMs now) {
    const auto demands = open_demand(placed);
    const auto kits = kits_of(tx, placed);
    const auto view = read_stock(tx, demands, kits);
    const Destination destination{placed.ship_to.country, placed.ship_to.latitude,
                                  placed.ship_to.longitude};
    const auto plan = route(demands, warehouses, view.available, destination, rules, kits);
    count_plan(placed, plan);
    const OrderStatus allocated = allocation_status(placed);
    placed.status = placed.hold_reason ? OrderStatus::on_hold : allocated;
    placed.routing = plan.reason;
    (void)OrderRepo::insert(tx, placed, actor.username);
    auto added = allocations_of(placed, plan, warehouses, kits);
    if (auto reserved = reserve(tx, placed, std::move(added), view, now, true); !reserved) {
        return std::unexpected(reserved.error());
    }
    placed.events.push_back(
        {now, actor.username, std::nullopt, "received", "via " + placed.channel});
    placed.events.push_back(
        {now, actor.username, "received", std::string(to_string(allocated)), plan.reason});
    if (placed.hold_reason) {
        placed.events.push_back({now, actor.username, std::string(to_string(allocated)), "on_hold",
                                 *placed.hold_reason});
    }
    OrderRepo::add_events(tx, placed.id, placed.events);
    identity::record_audit(tx, actor, now, "order.create", "order",
                           std::to_string(placed.id.value));
    return placed;
}

core::Result<Created> OrderService::create(const identity::Principal& actor,
                                           const CreateRequest& request) {
    const auto& input = request.input;
    core::FieldErrors errors;
    validate_order(input, errors);
    if (request.idempotency_key &&
        (request.idempotency_key->empty() || request.idempotency_key->size() > 255)) {
        errors.add("Idempotency-Key", "must be 1-255 characters");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    auto resolved = resolve(input);
    if (!resolved) {
        return std::unexpected(resolved.error());
    }

    const auto now = clock_.now_ms();
    const Order order = new_order(input, *resolved, now);

    auto written = db_.write([&](db::Tx& tx) -> core::Result<Created> {
        if (request.idempotency_key) {
            if (auto record = OrderRepo::find_key(tx, actor.id.value, *request.idempotency_key)) {
                if (record->digest != request.request_digest || !record->response) {
                    return core::invalid_field("Idempotency-Key",
                                               "was already used for a different request");
                }
                return Created{.replayed = true, .body = *record->response};
            }
            OrderRepo::claim_key(tx, actor.id.value, *request.idempotency_key,
                                 request.request_digest, now);
        }
        auto placed = place(tx, actor, order, resolved->rules, resolved->warehouses, now);
        if (!placed) {
            return std::unexpected(placed.error());
        }
        // The stored answer is rendered here only when a retry may need it; otherwise after
        // the commit, off the (SQLite) writer thread.
        Created created{
            .order = *placed,
            .body = request.idempotency_key && request.render ? request.render(*placed) : ""};
        if (request.idempotency_key) {
            OrderRepo::complete_key(tx, actor.id.value, *request.idempotency_key, placed->id,
                                    created.body);
        }
        return created;
    });
    if (written && !written->replayed && !request.idempotency_key && request.render) {
        written->body = request.render(written->order);
    }
    if (!written && written.error().code == core::ErrorCode::conflict) {
        // Another request with the same key won the race, or the external id is taken.
        if (request.idempotency_key) {
            if (auto replayed = replay(actor, request)) {
                return replayed;
            }
        }
        return std::unexpected(core::Error{
            .code = core::ErrorCode::conflict,
            .message =
                "Channel " + input.channel + " already has an order " + input.external_id + ".",
            .fields = {{"external_id", "is already taken in this channel"}}});
    }
    return written;
}

core::Result<Created> OrderService::replay(const identity::Principal& actor,
                                           const CreateRequest& request) {
    return db_.read([&](db::Tx& tx) -> core::Result<Created> {
        auto record = OrderRepo::find_key(tx, actor.id.value, *request.idempotency_key);
        if (!record || !record->response) {
            return core::fail(core::ErrorCode::not_found, "no such key");
        }
        if (record->digest != request.request_digest) {
            return core::invalid_field("Idempotency-Key",
                                       "was already used for a different request");
        }
        return Created{.replayed = true, .body = *record->response};
    });
}

core::Result<Order> OrderService::get(OrderId id) {
    return db_.read([&](db::Tx& tx) -> core::Result<Order> {
        auto order = OrderRepo::find(tx, id);
        if (!order) {
            return core::fail(core::ErrorCode::not_found,
                              "No order " + std::to_string(id.value) + ".");
        }
        for (const auto& job : db::JobQueue::list(
                 tx, {.subject = "order:" + std::to_string(id.value), .limit = 100})) {
            order->jobs.push_back({.id = job.id,
                                   .kind = job.kind,
                                   .status = job.status,
                                   .attempts = job.attempts,
                                   .last_error = job.last_error,
                                   .result = job.result,
                                   .run_at = job.run_at,
                                   .updated_at = job.updated_at});
        }
        return *order;
    });
}

core::Result<std::vector<Order>> OrderService::list(const OrderQuery& query) {
    OrderFilter filter{.channel = query.channel,
                       .external_id = query.external_id,
                       .customer = query.customer,
                       .after = query.after,
                       .limit = query.limit};
    if (query.status) {
        filter.status = parse_status(*query.status);
        if (!filter.status) {
            return core::invalid_field("status", "is not an order status");
        }
    }
    if (query.created_from) {
        auto from = parse_time(query.created_from, "created_from");
        if (!from) {
            return std::unexpected(from.error());
        }
        filter.created_from = *from;
    }
    if (query.created_to) {
        auto to = parse_time(query.created_to, "created_to");
        if (!to) {
            return std::unexpected(to.error());
        }
        filter.created_to = *to;
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<Order>> {
        if (query.warehouse) {
            for (const auto& w : OrderRepo::warehouses(tx)) {
                if (w.code == *query.warehouse) {
                    filter.warehouse_id = w.id;
                }
            }
            if (!filter.warehouse_id) {
                return core::invalid_field("warehouse", "is not a known warehouse");
            }
        }
        if (query.sku) {
            const auto product = OrderRepo::product_by_sku(tx, *query.sku);
            if (!product) {
                return core::invalid_field("sku", "is not a known SKU");
            }
            filter.product_id = product->id;
        }
        return OrderRepo::list(tx, filter);
    });
}

core::Status OrderService::in_scope(const identity::Principal& actor, const Order& order) {
    if (!actor.warehouse) {
        return {};
    }
    if (order.allocations.empty()) {
        return core::fail(core::ErrorCode::forbidden,
                          "The order has no warehouse yet; only users of every warehouse may "
                          "act on it.");
    }
    for (const auto& allocation : order.allocations) {
        if (auto scoped = identity::require_warehouse(actor, allocation.warehouse); !scoped) {
            return scoped;
        }
    }
    return {};
}

core::Result<Order> OrderService::get(const identity::Principal& actor, OrderId id) {
    auto order = get(id);
    if (order) {
        if (auto scoped = in_scope(actor, *order); !scoped) {
            return std::unexpected(scoped.error());
        }
    }
    return order;
}

core::Result<std::vector<Order>> OrderService::list(const identity::Principal& actor,
                                                    OrderQuery query) {
    if (query.warehouse) {
        if (auto scoped = identity::require_warehouse(actor, *query.warehouse); !scoped) {
            return std::unexpected(scoped.error());
        }
    } else {
        query.warehouse = actor.warehouse;
    }
    return list(query);
}

core::Result<Order> OrderService::change(
    const identity::Principal& actor, OrderId id,
    const std::function<core::Result<OrderStatus>(db::Tx&, Order&)>& decide,
    const std::string& reason, std::optional<std::string> hold) {
    return db_.write([&](db::Tx& tx) -> core::Result<Order> {
        auto order = OrderRepo::find(tx, id);
        if (!order) {
            return core::fail(core::ErrorCode::not_found,
                              "No order " + std::to_string(id.value) + ".");
        }
        if (auto scoped = in_scope(actor, *order); !scoped) {
            return std::unexpected(scoped.error());
        }
        auto to = decide(tx, *order);
        if (!to) {
            return std::unexpected(to.error());
        }
        const OrderStatus from = order->status;
        if (!can_transition(from, *to)) {
            return core::fail(core::ErrorCode::invalid_transition,
                              "An order that is " + std::string(to_string(from)) +
                                  " cannot become " + std::string(to_string(*to)) + ".");
        }
        const auto now = clock_.now_ms();
        if (!OrderRepo::set_status(tx, id, from, *to, hold, now)) {
            return core::fail(core::ErrorCode::conflict,
                              "The order changed meanwhile; read it again.");
        }
        const OrderEvent event{now, actor.username, std::string(to_string(from)),
                               std::string(to_string(*to)), reason};
        OrderRepo::add_event(tx, id, event);
        identity::record_audit(tx, actor, now, "order." + std::string(to_string(*to)), "order",
                               std::to_string(id.value));
        order->status = *to;
        order->hold_reason = hold;
        order->updated_at = now;
        order->events.push_back(event);
        return *order;
    });
}

core::Result<Order> OrderService::cancel(const identity::Principal& actor, OrderId id,
                                         const std::string& reason) {
    auto decide = [&](db::Tx& tx, Order& order) -> core::Result<OrderStatus> {
        if (!can_transition(order.status, OrderStatus::cancelled)) {
            return OrderStatus::cancelled;  // refused by change() with the statuses named
        }
        auto allocations = order.allocations;
        std::sort(allocations.begin(), allocations.end(),
                  [](const Allocation& a, const Allocation& b) {
                      return std::tie(a.product_id, a.warehouse_id) <
                             std::tie(b.product_id, b.warehouse_id);
                  });
        for (const auto& allocation : allocations) {
            if (!StockMoves::unreserve(tx, catalog::ProductId{allocation.product_id},
                                       inventory::WarehouseId{allocation.warehouse_id},
                                       allocation.quantity)) {
                return core::fail(core::ErrorCode::conflict, "Reserved stock of " + allocation.sku +
                                                                 " in " + allocation.warehouse +
                                                                 " is less than this order holds.");
            }
        }
        OrderRepo::delete_allocations(tx, order.id);
        ShipmentRepo::delete_all(tx, order.id);
        order.allocations.clear();
        for (auto& line : order.lines) {
            line.allocated = 0;
        }
        return OrderStatus::cancelled;
    };
    return change(actor, id, decide, reason.empty() ? "cancelled" : reason, std::nullopt);
}

core::Result<Order> OrderService::hold(const identity::Principal& actor, OrderId id,
                                       const std::string& reason, const std::string& note) {
    if (std::find(std::begin(kHoldReasons), std::end(kHoldReasons), reason) ==
        std::end(kHoldReasons)) {
        return core::invalid_field("reason",
                                   "must be one of address_check, fraud, manual, payment");
    }
    return change(
        actor, id,
        [](db::Tx&, Order&) -> core::Result<OrderStatus> { return OrderStatus::on_hold; },
        note.empty() ? reason : reason + ": " + note, reason);
}

core::Result<Order> OrderService::unhold(const identity::Principal& actor, OrderId id,
                                         const std::string& note) {
    return change(
        actor, id,
        [](db::Tx&, Order& order) -> core::Result<OrderStatus> {
            if (order.status != OrderStatus::on_hold) {
                return core::fail(
                    core::ErrorCode::invalid_transition,
                    "The order is " + std::string(to_string(order.status)) + ", not on hold.");
            }
            return allocation_status(order);
        },
        note.empty() ? "hold lifted" : note, std::nullopt);
}

core::Result<Order> OrderService::release(const identity::Principal& actor, OrderId id) {
    return change(
        actor, id,
        [&](db::Tx& tx, Order& order) -> core::Result<OrderStatus> {
            if (order.status == OrderStatus::backordered &&
                (order.allocations.empty() ||
                 ShipmentRepo::partial_shipments(tx) == PartialShipments::wait)) {
                return core::fail(core::ErrorCode::invalid_transition,
                                  "The order waits for stock; it is released once allocated.");
            }
            // Each warehouse's part becomes a shipment of its own (rolled back with the
            // release when the order cannot be released).
            ShipmentRepo::open(tx, order.id, clock_.now_ms());
            return OrderStatus::released;
        },
        "released to the pick queue", std::nullopt);
}

core::Result<std::vector<OrderId>> OrderService::release_warehouse(const identity::Principal& actor,
                                                                   const std::string& warehouse,
                                                                   int limit) {
    if (auto scoped = identity::require_warehouse(actor, warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    auto ids = db_.read([&](db::Tx& tx) -> core::Result<std::vector<OrderId>> {
        for (const auto& w : OrderRepo::warehouses(tx)) {
            if (w.code == warehouse) {
                auto ids = OrderRepo::allocated_in(tx, w.id, limit);
                if (ShipmentRepo::partial_shipments(tx) == PartialShipments::ship_available) {
                    // Partly backordered orders go with what is there, oldest first too.
                    auto partial = ShipmentRepo::backordered_in(tx, w.id, limit);
                    ids.insert(ids.end(), partial.begin(), partial.end());
                    std::ranges::sort(ids);
                    ids.resize(std::min(ids.size(), static_cast<std::size_t>(limit)));
                }
                return ids;
            }
        }
        return core::fail(core::ErrorCode::not_found, "No warehouse " + warehouse + ".");
    });
    if (!ids) {
        return ids;
    }
    std::vector<OrderId> released;
    for (const auto id : *ids) {
        // One at a time: an order changed meanwhile (held, cancelled) is simply skipped.
        if (release(actor, id)) {
            released.push_back(id);
        }
    }
    return released;
}

core::Result<Order> OrderService::transition(const identity::Principal& actor, OrderId id,
                                             OrderStatus to, const std::string& reason) {
    if (to == OrderStatus::cancelled) {
        return cancel(actor, id, reason);
    }
    if (to == OrderStatus::on_hold) {
        return hold(actor, id, "manual", reason);
    }
    return change(
        actor, id, [to](db::Tx&, Order&) -> core::Result<OrderStatus> { return to; }, reason,
        std::nullopt);
}

core::Result<int> OrderService::reallocate(const identity::Principal& actor,
                                           const std::vector<std::int64_t>& products) {
    // Reallocation serves backorders of every warehouse.
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    // Most arrivals find no backorder: answer those with a read, not a write.
    auto waiting = db_.read([&](db::Tx& tx) -> core::Result<bool> {
        return !OrderRepo::waiting_for(tx, products, 1).empty();
    });
    if (!waiting || !*waiting) {
        return waiting ? core::Result<int>(0) : std::unexpected(waiting.error());
    }
    auto settings = routing_inputs();
    if (!settings) {
        return std::unexpected(settings.error());
    }
    const auto& [rules, warehouses] = *settings;
    return db_.write([&](db::Tx& tx) -> core::Result<int> {
        const auto now = clock_.now_ms();
        int served = 0;
        for (const auto id : OrderRepo::waiting_for(tx, products, kReallocateBatch)) {
            auto order = OrderRepo::find(tx, id);
            if (!order || order->status != OrderStatus::backordered) {
                continue;
            }
            const auto demands = open_demand(*order);
            const auto kits = kits_of(tx, *order);
            const auto view = read_stock(tx, demands, kits);
            const Destination destination{order->ship_to.country, order->ship_to.latitude,
                                          order->ship_to.longitude};
            const auto plan = route(demands, warehouses, view.available, destination, rules, kits);
            auto added = allocations_of(*order, plan, warehouses, kits);
            if (added.empty()) {
                continue;
            }
            count_plan(*order, plan);
            // Lines still short were signalled when the order came in.
            if (auto reserved = reserve(tx, *order, std::move(added), view, now, false);
                !reserved) {
                return std::unexpected(reserved.error());
            }
            for (std::size_t i = 0; i < order->lines.size(); ++i) {
                if (!plan.lines[i].empty()) {
                    OrderRepo::set_line_allocated(tx, order->lines[i].id,
                                                  order->lines[i].allocated);
                }
            }
            ++served;
            OrderRepo::set_routing(tx, id, order->routing + "; then " + plan.reason);
            const OrderStatus to = allocation_status(*order);
            if (to != order->status &&
                OrderRepo::set_status(tx, id, order->status, to, std::nullopt, now)) {
                OrderRepo::add_event(tx, id,
                                     {now, actor.username, std::string(to_string(order->status)),
                                      std::string(to_string(to)), "stock arrived: " + plan.reason});
            }
        }
        return served;
    });
}

void OrderService::forget_routing_settings() {
    std::lock_guard lock(settings_mutex_);
    settings_.reset();
}

void OrderService::subscribe(events::Bus& bus) {
    bus.subscribe<inventory::StockAdded>("orders", [this](const inventory::StockAdded& event) {
        std::vector<std::int64_t> ids;
        for (const auto id : event.products) {
            ids.push_back(id.value);
        }
        auto served = reallocate(identity::Principal::system(), ids);
        if (!served) {
            return jobs::Outcome::retry(served.error().message);
        }
        return jobs::Outcome::done("backorders served: " + std::to_string(*served));
    });
    bus.observe<inventory::WarehouseChanged>(
        [this](const inventory::WarehouseChanged&) { forget_routing_settings(); });
}

core::Result<std::pair<std::vector<RuleSetting>, std::vector<RoutingWarehouse>>>
OrderService::routing_inputs() {
    const auto now = clock_.now_ms();
    {
        std::lock_guard lock(settings_mutex_);
        if (settings_ && now < settings_expiry_) {
            return *settings_;
        }
    }
    auto read = db_.read([&](db::Tx& tx) {
        return core::Result<std::pair<std::vector<RuleSetting>, std::vector<RoutingWarehouse>>>(
            std::pair{OrderRepo::rules(tx), OrderRepo::warehouses(tx)});
    });
    if (read) {
        std::lock_guard lock(settings_mutex_);
        settings_ = *read;
        settings_expiry_ = now + kSettingsTtlMs;
    }
    return read;
}

core::Result<std::vector<Order>> OrderService::pick_queue(const identity::Principal& actor,
                                                          const std::string& warehouse,
                                                          std::int64_t after, int limit) {
    if (auto scoped = identity::require_warehouse(actor, warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<Order>> {
        for (const auto& w : OrderRepo::warehouses(tx)) {
            if (w.code != warehouse) {
                continue;
            }
            std::vector<Order> queue;
            for (const auto id : ShipmentRepo::released_in(tx, w.id, after, limit)) {
                if (auto order = OrderRepo::find(tx, id)) {
                    // Only this warehouse's part of a split order is picked here.
                    std::erase_if(order->allocations,
                                  [&](const Allocation& a) { return a.warehouse_id != w.id; });
                    queue.push_back(std::move(*order));
                }
            }
            return queue;
        }
        return core::fail(core::ErrorCode::not_found, "No warehouse " + warehouse + ".");
    });
}

core::Result<RoutingSettings> OrderService::routing() {
    return db_.read([&](db::Tx& tx) -> core::Result<RoutingSettings> {
        RoutingSettings settings{.rules = OrderRepo::rules(tx),
                                 .warehouse_costs = {},
                                 .partial_shipments = ShipmentRepo::partial_shipments(tx)};
        for (const auto& w : OrderRepo::warehouses(tx)) {
            settings.warehouse_costs.emplace_back(w.code, w.cost);
        }
        return settings;
    });
}

core::Result<RoutingSettings> OrderService::save_routing(const identity::Principal& actor,
                                                         const RoutingSettings& settings) {
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    core::FieldErrors errors;
    std::set<RoutingRule> seen;
    for (std::size_t i = 0; i < settings.rules.size(); ++i) {
        if (!seen.insert(settings.rules[i].rule).second) {
            errors.add("rules/" + std::to_string(i) + "/rule", "is listed twice");
        }
    }
    for (std::size_t i = 0; i < settings.warehouse_costs.size(); ++i) {
        if (settings.warehouse_costs[i].second < 0) {
            errors.add("warehouse_costs/" + settings.warehouse_costs[i].first,
                       "must not be negative");
        }
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    auto saved = db_.write([&](db::Tx& tx) -> core::Status {
        if (!settings.rules.empty()) {
            OrderRepo::save_rules(tx, settings.rules);
        }
        if (settings.partial_shipments) {
            ShipmentRepo::save_partial_shipments(tx, *settings.partial_shipments);
        }
        for (const auto& [code, cost] : settings.warehouse_costs) {
            if (!OrderRepo::set_routing_cost(tx, code, cost)) {
                return core::invalid_field("warehouse_costs/" + code, "is not a known warehouse");
            }
        }
        identity::record_audit(tx, actor, clock_.now_ms(), "routing.update", "routing", "rules");
        return {};
    });
    if (!saved) {
        return std::unexpected(saved.error());
    }
    {
        std::lock_guard lock(settings_mutex_);
        settings_.reset();  // this node sees its own change at once
    }
    return routing();
}

core::Result<std::vector<StockSignal>> OrderService::signals(const identity::Principal& actor,
                                                             std::int64_t after, int limit) {
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<StockSignal>> {
        auto signals = OrderRepo::signals(tx, after, limit);
        // A scoped user sees their warehouse's signals and those of no warehouse (backorders).
        std::erase_if(signals, [&](const StockSignal& signal) {
            return !signal.warehouse.empty() &&
                   !identity::require_warehouse(actor, signal.warehouse);
        });
        return signals;
    });
}

core::Result<std::vector<std::string>> OrderService::fsck() {
    return db_.read(
        [&](db::Tx& tx) -> core::Result<std::vector<std::string>> { return OrderRepo::fsck(tx); });
}

}  // namespace tally::orders
