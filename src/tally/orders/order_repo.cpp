#include "tally/orders/order_repo.hpp"

#include <algorithm>

#include <soci/soci.h>

#include "tally/db/statement.hpp"

namespace tally::orders {

namespace {

constexpr const char* kInsert =
    "INSERT INTO orders (channel, external_id, status, currency, customer_name, customer_email,"
    " customer_phone, ship_name, ship_company, ship_line1, ship_line2, ship_city, ship_region,"
    " ship_postal_code, ship_country, ship_phone, ship_latitude, ship_longitude, service_level,"
    " notes, tags, hold_reason, routing, total, created_by, created_at, updated_at) VALUES"
    " ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,"
    " $20, $21, $22, $23, $24, $25, $26, $27) RETURNING id";
constexpr const char* kInsertLine =
    "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, allocated)"
    " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
constexpr const char* kInsertAllocation =
    "INSERT INTO order_allocations (order_id, line_id, product_id, warehouse_id, quantity,"
    " per_unit) VALUES ($1, $2, $3, $4, $5, $6)";
constexpr const char* kInsertEvent =
    "INSERT INTO order_events (order_id, at, actor, from_status, to_status, reason)"
    " VALUES ($1, $2, $3, $4, $5, $6)";
constexpr const char* kSetStatus =
    "UPDATE orders SET status = $1, hold_reason = $2, updated_at = $3"
    " WHERE id = $4 AND status = $5";
constexpr const char* kColumns =
    "SELECT o.id, o.channel, o.external_id, o.status, o.currency, o.customer_name,"
    " o.customer_email, o.customer_phone, o.ship_name, o.ship_company, o.ship_line1,"
    " o.ship_line2, o.ship_city, o.ship_region, o.ship_postal_code, o.ship_country, o.ship_phone,"
    " o.ship_latitude, o.ship_longitude, o.service_level, o.notes, o.tags, o.hold_reason,"
    " o.routing, o.total, o.created_at, o.updated_at FROM orders o";
constexpr const char* kLines =
    "SELECT l.id, l.line_no, l.product_id, p.sku, p.name, l.quantity, l.unit_price, l.allocated"
    " FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = $1"
    " ORDER BY l.line_no";
constexpr const char* kAllocations =
    "SELECT a.line_id, a.product_id, a.warehouse_id, w.code, p.sku, a.quantity, a.per_unit"
    " FROM order_allocations a JOIN warehouses w ON w.id = a.warehouse_id"
    " JOIN products p ON p.id = a.product_id WHERE a.order_id = $1 ORDER BY a.id";
constexpr const char* kEvents =
    "SELECT at, actor, from_status, to_status, reason FROM order_events WHERE order_id = $1"
    " ORDER BY id";
// A line waits for the product, or for a component of the kit it is.
constexpr const char* kWaitingFor =
    "SELECT DISTINCT o.id FROM orders o JOIN order_lines l ON l.order_id = o.id"
    " WHERE o.status = 'backordered' AND l.allocated < l.quantity AND (l.product_id = :product"
    " OR l.product_id IN (SELECT kit_id FROM kit_components WHERE component_id = :component))"
    " ORDER BY o.id LIMIT :limit";
constexpr const char* kKitParts =
    "SELECT k.kit_id, k.component_id, p.sku, k.quantity FROM kit_components k"
    " JOIN products p ON p.id = k.component_id WHERE k.kit_id = $1 ORDER BY k.component_id";
constexpr const char* kReleasedIn =
    "SELECT DISTINCT o.id FROM orders o JOIN order_allocations a ON a.order_id = o.id"
    " WHERE o.status = :status AND a.warehouse_id = :warehouse AND o.id > :after"
    " ORDER BY o.id LIMIT :limit";
constexpr const char* kClaimKey =
    "INSERT INTO idempotency_keys (user_id, idempotency_key, request_digest, created_at)"
    " VALUES ($1, $2, $3, $4)";
constexpr const char* kCompleteKey =
    "UPDATE idempotency_keys SET order_id = $1, response = $2"
    " WHERE user_id = $3 AND idempotency_key = $4";
constexpr const char* kFindKey =
    "SELECT request_digest, order_id, response FROM idempotency_keys"
    " WHERE user_id = $1 AND idempotency_key = $2";
constexpr const char* kInsertSignal =
    "INSERT INTO stock_signals (at, kind, product_id, warehouse_id, order_id, available,"
    " reorder_point, quantity) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
constexpr const char* kSignals =
    "SELECT s.id, s.at, s.kind, s.product_id, p.sku, s.warehouse_id, COALESCE(w.code, ''),"
    " s.order_id, s.available, s.reorder_point, s.quantity FROM stock_signals s"
    " JOIN products p ON p.id = s.product_id LEFT JOIN warehouses w ON w.id = s.warehouse_id"
    " WHERE s.id > :after ORDER BY s.id LIMIT :limit";
constexpr const char* kRules = "SELECT rule, enabled FROM routing_rules ORDER BY priority";
constexpr const char* kWarehouses =
    "SELECT id, code, country, latitude, longitude, routing_cost FROM warehouses ORDER BY code";
constexpr const char* kReservedMismatch =
    "SELECT p.sku, w.code, s.reserved, COALESCE(a.total, 0) FROM warehouse_stock s"
    " JOIN products p ON p.id = s.product_id JOIN warehouses w ON w.id = s.warehouse_id"
    " LEFT JOIN (SELECT product_id, warehouse_id, SUM(quantity - shipped) AS total"
    " FROM order_allocations GROUP BY product_id, warehouse_id) a"
    " ON a.product_id = s.product_id AND a.warehouse_id = s.warehouse_id"
    " WHERE s.reserved <> COALESCE(a.total, 0) ORDER BY p.sku, w.code";
// A line's allocated units are what its allocations make: for a kit, the whole kits of its
// scarcest component (each component's units / per_unit).
constexpr const char* kLineMismatch =
    "SELECT o.external_id, l.line_no, l.allocated, COALESCE(a.total, 0) FROM order_lines l"
    " JOIN orders o ON o.id = l.order_id LEFT JOIN (SELECT line_id, MIN(units) AS total FROM"
    " (SELECT line_id, CAST(SUM(quantity) AS BIGINT) / MAX(per_unit) AS units"
    " FROM order_allocations"
    " GROUP BY line_id, product_id) c GROUP BY line_id) a ON a.line_id = l.id"
    " WHERE l.allocated <> COALESCE(a.total, 0) ORDER BY o.id, l.line_no";

// One order header row, bound to a statement's outputs.
struct OrderRow {
    long long id = 0;
    Order o;
    std::string status;
    double lat = 0;
    double lon = 0;
    soci::indicator lat_ind = soci::i_null;
    soci::indicator lon_ind = soci::i_null;
    std::string tags;
    std::string hold;
    soci::indicator hold_ind = soci::i_null;
    long long total = 0;
    long long created = 0;
    long long updated = 0;

    void bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(o.channel));
        st.exchange(soci::into(o.external_id));
        st.exchange(soci::into(status));
        st.exchange(soci::into(o.currency));
        st.exchange(soci::into(o.customer.name));
        st.exchange(soci::into(o.customer.email));
        st.exchange(soci::into(o.customer.phone));
        st.exchange(soci::into(o.ship_to.name));
        st.exchange(soci::into(o.ship_to.company));
        st.exchange(soci::into(o.ship_to.line1));
        st.exchange(soci::into(o.ship_to.line2));
        st.exchange(soci::into(o.ship_to.city));
        st.exchange(soci::into(o.ship_to.region));
        st.exchange(soci::into(o.ship_to.postal_code));
        st.exchange(soci::into(o.ship_to.country));
        st.exchange(soci::into(o.ship_to.phone));
        st.exchange(soci::into(lat, lat_ind));
        st.exchange(soci::into(lon, lon_ind));
        st.exchange(soci::into(o.service_level));
        st.exchange(soci::into(o.notes));
        st.exchange(soci::into(tags));
        st.exchange(soci::into(hold, hold_ind));
        st.exchange(soci::into(o.routing));
        st.exchange(soci::into(total));
        st.exchange(soci::into(created));
        st.exchange(soci::into(updated));
    }

    [[nodiscard]] Order get() const {
        Order out = o;
        out.id = OrderId{id};
        out.status = parse_status(status).value_or(OrderStatus::exception);
        out.ship_to.latitude = lat_ind == soci::i_ok ? std::optional(lat) : std::nullopt;
        out.ship_to.longitude = lon_ind == soci::i_ok ? std::optional(lon) : std::nullopt;
        out.tags = split_tags(tags);
        out.hold_reason = hold_ind == soci::i_ok ? std::optional(hold) : std::nullopt;
        out.total = total;
        out.created_at = created;
        out.updated_at = updated;
        return out;
    }
};

void run(soci::statement& st, const std::string& query) {
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    st.execute();
}

std::vector<OrderId> fetch_ids(soci::statement& st, long long& id) {
    std::vector<OrderId> out;
    while (st.fetch()) {
        out.push_back(OrderId{id});
    }
    return out;
}

}  // namespace

OrderId OrderRepo::insert(db::Tx& tx, Order& order, const std::string& created_by) {
    const auto& to = order.ship_to;
    db::Query insert(tx, kInsert);
    insert.bind(order.channel)
        .bind(order.external_id)
        .bind(to_string(order.status))
        .bind(order.currency)
        .bind(order.customer.name)
        .bind(order.customer.email)
        .bind(order.customer.phone)
        .bind(to.name)
        .bind(to.company)
        .bind(to.line1)
        .bind(to.line2)
        .bind(to.city)
        .bind(to.region)
        .bind(to.postal_code)
        .bind(to.country)
        .bind(to.phone)
        .bind(to.latitude)
        .bind(to.longitude)
        .bind(order.service_level)
        .bind(order.notes)
        .bind(join_tags(order.tags))
        .bind(order.hold_reason)
        .bind(order.routing)
        .bind(order.total)
        .bind(created_by)
        .bind(order.created_at)
        .bind(order.updated_at);
    insert.next();
    order.id = OrderId{insert.int64(0)};
    for (auto& line : order.lines) {
        db::Query add(tx, kInsertLine);
        add.bind(order.id.value)
            .bind(line.line_no)
            .bind(line.product_id)
            .bind(line.quantity)
            .bind(line.unit_price)
            .bind(line.allocated);
        add.next();
        line.id = add.int64(0);
    }
    return order.id;
}

void OrderRepo::insert_allocation(db::Tx& tx, OrderId order, const Allocation& a) {
    db::Query insert(tx, kInsertAllocation);
    insert.bind(order.value)
        .bind(a.line_id)
        .bind(a.product_id)
        .bind(a.warehouse_id)
        .bind(a.quantity)
        .bind(a.per_unit)
        .exec();
}

void OrderRepo::delete_allocations(db::Tx& tx, OrderId order) {
    long long order_id = order.value;
    tx.sql() << "DELETE FROM order_allocations WHERE order_id = :id", soci::use(order_id);
    tx.sql() << "UPDATE order_lines SET allocated = 0 WHERE order_id = :id", soci::use(order_id);
}

void OrderRepo::set_line_allocated(db::Tx& tx, std::int64_t line_id, std::int64_t allocated) {
    long long id = line_id;
    long long value = allocated;
    tx.sql() << "UPDATE order_lines SET allocated = :allocated WHERE id = :id", soci::use(value),
        soci::use(id);
}

void OrderRepo::add_event(db::Tx& tx, OrderId order, const OrderEvent& event) {
    db::Query insert(tx, kInsertEvent);
    insert.bind(order.value)
        .bind(event.at)
        .bind(event.actor)
        .bind(event.from)
        .bind(event.to)
        .bind(event.reason)
        .exec();
}

void OrderRepo::add_events(db::Tx& tx, OrderId order, const std::vector<OrderEvent>& events) {
    static constexpr const char* kInsertEvents[] = {
        nullptr, kInsertEvent,
        "INSERT INTO order_events (order_id, at, actor, from_status, to_status, reason)"
        " VALUES ($1, $2, $3, $4, $5, $6), ($7, $8, $9, $10, $11, $12)",
        "INSERT INTO order_events (order_id, at, actor, from_status, to_status, reason)"
        " VALUES ($1, $2, $3, $4, $5, $6), ($7, $8, $9, $10, $11, $12),"
        " ($13, $14, $15, $16, $17, $18)"};
    if (events.empty() || events.size() >= std::size(kInsertEvents)) {
        for (const auto& event : events) {
            add_event(tx, order, event);
        }
        return;
    }
    db::Query insert(tx, kInsertEvents[events.size()]);
    for (const auto& event : events) {
        insert.bind(order.value)
            .bind(event.at)
            .bind(event.actor)
            .bind(event.from)
            .bind(event.to)
            .bind(event.reason);
    }
    insert.exec();
}

bool OrderRepo::set_status(db::Tx& tx, OrderId order, OrderStatus from, OrderStatus to,
                           const std::optional<std::string>& hold, core::TimestampMs now) {
    db::Query update(tx, kSetStatus);
    return update.bind(to_string(to))
               .bind(hold)
               .bind(now)
               .bind(order.value)
               .bind(to_string(from))
               .exec() == 1;
}

void OrderRepo::set_routing(db::Tx& tx, OrderId order, const std::string& routing) {
    long long id = order.value;
    tx.sql() << "UPDATE orders SET routing = :routing WHERE id = :id", soci::use(routing),
        soci::use(id);
}

namespace {

template <class Key>
std::optional<ProductBrief> product_where(db::Tx& tx, const char* sql, const Key& key) {
    db::Query select(tx, sql);
    select.bind(key);
    if (!select.next()) {
        return std::nullopt;
    }
    return ProductBrief{.id = select.int64(0),
                        .sku = select.text(1),
                        .name = select.text(2),
                        .active = select.int64(3) != 0};
}

}  // namespace

std::optional<ProductBrief> OrderRepo::product_by_sku(db::Tx& tx, const std::string& sku) {
    return product_where(tx, "SELECT id, sku, name, active FROM products WHERE sku = $1", sku);
}

std::optional<ProductBrief> OrderRepo::product_by_id(db::Tx& tx, std::int64_t id) {
    return product_where(tx, "SELECT id, sku, name, active FROM products WHERE id = $1", id);
}

std::optional<Order> OrderRepo::find(db::Tx& tx, OrderId id) {
    long long order_id = id.value;
    OrderRow row;
    soci::statement st(tx.sql());
    row.bind(st);
    st.exchange(soci::use(order_id));
    st.alloc();
    st.prepare(std::string(kColumns) + " WHERE o.id = :id");
    st.define_and_bind();
    if (!st.execute(true)) {
        return std::nullopt;
    }
    Order order = row.get();

    db::Query lines(tx, kLines);
    lines.bind(id.value);
    while (lines.next()) {
        order.lines.push_back({.id = lines.int64(0),
                               .line_no = static_cast<int>(lines.int64(1)),
                               .product_id = lines.int64(2),
                               .sku = lines.text(3),
                               .name = lines.text(4),
                               .quantity = lines.int64(5),
                               .unit_price = lines.int64(6),
                               .allocated = lines.int64(7)});
    }
    db::Query allocations(tx, kAllocations);
    allocations.bind(id.value);
    while (allocations.next()) {
        order.allocations.push_back({.line_id = allocations.int64(0),
                                     .product_id = allocations.int64(1),
                                     .warehouse_id = allocations.int64(2),
                                     .warehouse = allocations.text(3),
                                     .sku = allocations.text(4),
                                     .quantity = allocations.int64(5),
                                     .per_unit = allocations.int64(6)});
    }
    db::Query events(tx, kEvents);
    events.bind(id.value);
    while (events.next()) {
        order.events.push_back(
            {.at = events.int64(0),
             .actor = events.text(1),
             .from = events.is_null(2) ? std::nullopt : std::optional(events.text(2)),
             .to = events.text(3),
             .reason = events.text(4)});
    }
    return order;
}

std::vector<Order> OrderRepo::list(db::Tx& tx, const OrderFilter& filter) {
    OrderRow row;
    soci::statement st(tx.sql());
    row.bind(st);
    std::string where = " WHERE o.id > :after";
    long long after = filter.after;
    st.exchange(soci::use(after));
    std::string status;
    if (filter.status) {
        status = std::string(to_string(*filter.status));
        where += " AND o.status = :status";
        st.exchange(soci::use(status));
    }
    if (filter.channel) {
        where += " AND o.channel = :channel";
        st.exchange(soci::use(*filter.channel));
    }
    if (filter.external_id) {
        where += " AND o.external_id = :external_id";
        st.exchange(soci::use(*filter.external_id));
    }
    long long warehouse = filter.warehouse_id.value_or(0);
    if (filter.warehouse_id) {
        where +=
            " AND EXISTS (SELECT 1 FROM order_allocations a WHERE a.order_id = o.id"
            " AND a.warehouse_id = :warehouse)";
        st.exchange(soci::use(warehouse));
    }
    long long product = filter.product_id.value_or(0);
    if (filter.product_id) {
        where +=
            " AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id"
            " AND l.product_id = :product)";
        st.exchange(soci::use(product));
    }
    std::string pattern;
    if (filter.customer) {
        pattern = "%" + *filter.customer + "%";
        where +=
            " AND (LOWER(o.customer_name) LIKE LOWER(:name) OR"
            " LOWER(o.customer_email) LIKE LOWER(:email))";
        st.exchange(soci::use(pattern));
        st.exchange(soci::use(pattern));
    }
    long long from = filter.created_from.value_or(0);
    if (filter.created_from) {
        where += " AND o.created_at >= :created_from";
        st.exchange(soci::use(from));
    }
    long long to = filter.created_to.value_or(0);
    if (filter.created_to) {
        where += " AND o.created_at < :created_to";
        st.exchange(soci::use(to));
    }
    int limit = filter.limit;
    st.exchange(soci::use(limit));
    run(st, std::string(kColumns) + where + " ORDER BY o.id LIMIT :limit");
    std::vector<Order> out;
    while (st.fetch()) {
        out.push_back(row.get());
    }
    return out;
}

std::vector<OrderId> OrderRepo::waiting_for(db::Tx& tx, const std::vector<std::int64_t>& products,
                                            int limit) {
    std::vector<OrderId> out;
    if (products.empty()) {
        long long id = 0;
        soci::statement st = (tx.sql().prepare << "SELECT id FROM orders WHERE status ="
                                                  " 'backordered' ORDER BY id LIMIT :limit",
                              soci::into(id), soci::use(limit));
        st.execute();
        return fetch_ids(st, id);
    }
    for (const long long product : products) {
        long long id = 0;
        soci::statement st = (tx.sql().prepare << kWaitingFor, soci::into(id), soci::use(product),
                              soci::use(product), soci::use(limit));
        st.execute();
        auto ids = fetch_ids(st, id);
        out.insert(out.end(), ids.begin(), ids.end());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (out.size() > static_cast<std::size_t>(limit)) {
        out.resize(static_cast<std::size_t>(limit));
    }
    return out;
}

Kits OrderRepo::kit_parts(db::Tx& tx, const std::vector<std::int64_t>& products) {
    Kits kits;
    for (const auto product : products) {
        db::Query parts(tx, kKitParts);
        parts.bind(product);
        while (parts.next()) {
            kits[parts.int64(0)].push_back(
                {.product_id = parts.int64(1), .sku = parts.text(2), .quantity = parts.int64(3)});
        }
    }
    return kits;
}

std::vector<OrderId> OrderRepo::released_in(db::Tx& tx, std::int64_t warehouse_id,
                                            std::int64_t after, int limit) {
    long long id = 0;
    const std::string status(to_string(OrderStatus::released));
    long long warehouse = warehouse_id;
    long long cursor = after;
    soci::statement st = (tx.sql().prepare << kReleasedIn, soci::into(id), soci::use(status),
                          soci::use(warehouse), soci::use(cursor), soci::use(limit));
    st.execute();
    return fetch_ids(st, id);
}

std::vector<OrderId> OrderRepo::allocated_in(db::Tx& tx, std::int64_t warehouse_id, int limit) {
    long long id = 0;
    const std::string status(to_string(OrderStatus::allocated));
    long long warehouse = warehouse_id;
    long long cursor = 0;
    soci::statement st = (tx.sql().prepare << kReleasedIn, soci::into(id), soci::use(status),
                          soci::use(warehouse), soci::use(cursor), soci::use(limit));
    st.execute();
    return fetch_ids(st, id);
}

void OrderRepo::claim_key(db::Tx& tx, std::int64_t user_id, const std::string& key,
                          const std::string& digest, core::TimestampMs now) {
    db::Query insert(tx, kClaimKey);
    insert.bind(user_id).bind(key).bind(digest).bind(now).exec();
}

void OrderRepo::complete_key(db::Tx& tx, std::int64_t user_id, const std::string& key,
                             OrderId order, const std::string& response) {
    db::Query update(tx, kCompleteKey);
    update.bind(order.value).bind(response).bind(user_id).bind(key).exec();
}

std::optional<IdempotencyRecord> OrderRepo::find_key(db::Tx& tx, std::int64_t user_id,
                                                     const std::string& key) {
    db::Query select(tx, kFindKey);
    select.bind(user_id).bind(key);
    if (!select.next()) {
        return std::nullopt;
    }
    IdempotencyRecord record{.digest = select.text(0)};
    if (!select.is_null(1)) {
        record.order_id = select.int64(1);
    }
    if (!select.is_null(2)) {
        record.response = select.text(2);
    }
    return record;
}

void OrderRepo::add_signal(db::Tx& tx, const StockSignal& s) {
    db::Query insert(tx, kInsertSignal);
    insert.bind(s.at)
        .bind(s.kind)
        .bind(s.product_id)
        .bind(s.warehouse_id)
        .bind(s.order_id)
        .bind(s.available)
        .bind(s.reorder_point)
        .bind(s.quantity)
        .exec();
}

std::vector<StockSignal> OrderRepo::signals(db::Tx& tx, std::int64_t after, int limit) {
    StockSignal s;
    long long id = 0;
    long long at = 0;
    long long product = 0;
    long long warehouse = 0;
    soci::indicator warehouse_ind = soci::i_null;
    long long order_id = 0;
    soci::indicator order_ind = soci::i_null;
    long long available = 0;
    long long point = 0;
    soci::indicator point_ind = soci::i_null;
    long long quantity = 0;
    long long cursor = after;
    soci::statement st =
        (tx.sql().prepare << kSignals, soci::into(id), soci::into(at), soci::into(s.kind),
         soci::into(product), soci::into(s.sku), soci::into(warehouse, warehouse_ind),
         soci::into(s.warehouse), soci::into(order_id, order_ind), soci::into(available),
         soci::into(point, point_ind), soci::into(quantity), soci::use(cursor), soci::use(limit));
    st.execute();
    std::vector<StockSignal> out;
    while (st.fetch()) {
        s.id = id;
        s.at = at;
        s.product_id = product;
        s.warehouse_id = warehouse_ind == soci::i_ok ? std::optional(warehouse) : std::nullopt;
        s.order_id = order_ind == soci::i_ok ? std::optional(order_id) : std::nullopt;
        s.available = available;
        s.reorder_point = point_ind == soci::i_ok ? std::optional(point) : std::nullopt;
        s.quantity = quantity;
        out.push_back(s);
    }
    return out;
}

std::vector<RuleSetting> OrderRepo::rules(db::Tx& tx) {
    db::Query select(tx, kRules);
    std::vector<RuleSetting> out;
    while (select.next()) {
        if (auto rule = parse_rule(select.text(0))) {
            out.push_back({*rule, select.int64(1) != 0});
        }
    }
    return out;
}

void OrderRepo::save_rules(db::Tx& tx, const std::vector<RuleSetting>& rules) {
    tx.sql() << "DELETE FROM routing_rules";
    int priority = 0;
    for (const auto& setting : rules) {
        ++priority;
        const std::string name(to_string(setting.rule));
        int enabled = setting.enabled ? 1 : 0;
        tx.sql() << "INSERT INTO routing_rules (priority, rule, enabled)"
                    " VALUES (:priority, :rule, :enabled)",
            soci::use(priority), soci::use(name), soci::use(enabled);
    }
}

std::vector<RoutingWarehouse> OrderRepo::warehouses(db::Tx& tx) {
    db::Query select(tx, kWarehouses);
    std::vector<RoutingWarehouse> out;
    while (select.next()) {
        out.push_back(
            {.id = select.int64(0),
             .code = select.text(1),
             .country = select.text(2),
             .latitude = select.is_null(3) ? std::nullopt : std::optional(select.number(3)),
             .longitude = select.is_null(4) ? std::nullopt : std::optional(select.number(4)),
             .cost = select.int64(5)});
    }
    return out;
}

bool OrderRepo::set_routing_cost(db::Tx& tx, const std::string& code, std::int64_t cost) {
    long long value = cost;
    soci::statement st =
        (tx.sql().prepare << "UPDATE warehouses SET routing_cost = :cost WHERE code = :code",
         soci::use(value), soci::use(code));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

std::vector<std::string> OrderRepo::fsck(db::Tx& tx) {
    std::vector<std::string> issues;
    std::string sku;
    std::string warehouse;
    long long reserved = 0;
    long long allocated = 0;
    soci::statement st = (tx.sql().prepare << kReservedMismatch, soci::into(sku),
                          soci::into(warehouse), soci::into(reserved), soci::into(allocated));
    st.execute();
    while (st.fetch()) {
        issues.push_back("reserved " + sku + " in " + warehouse + " is " +
                         std::to_string(reserved) + " but orders hold " +
                         std::to_string(allocated));
    }
    std::string external_id;
    int line_no = 0;
    soci::statement lines = (tx.sql().prepare << kLineMismatch, soci::into(external_id),
                             soci::into(line_no), soci::into(reserved), soci::into(allocated));
    lines.execute();
    while (lines.fetch()) {
        issues.push_back("order " + external_id + " line " + std::to_string(line_no) + " says " +
                         std::to_string(reserved) + " allocated but has " +
                         std::to_string(allocated) + " reserved");
    }
    return issues;
}

}  // namespace tally::orders
