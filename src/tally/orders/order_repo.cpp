#include "tally/orders/order_repo.hpp"

#include <algorithm>

#include <soci/soci.h>

namespace tally::orders {

namespace {

constexpr const char* kInsert =
    "INSERT INTO orders (channel, external_id, status, currency, customer_name, customer_email,"
    " customer_phone, ship_name, ship_company, ship_line1, ship_line2, ship_city, ship_region,"
    " ship_postal_code, ship_country, ship_phone, ship_latitude, ship_longitude, service_level,"
    " notes, tags, hold_reason, routing, total, created_by, created_at, updated_at) VALUES"
    " (:channel, :external_id, :status, :currency, :cname, :cemail, :cphone, :sname, :scompany,"
    " :l1, :l2, :city, :region, :postal, :country, :sphone, :lat, :lon, :service, :notes, :tags,"
    " :hold, :routing, :total, :created_by, :created, :updated) RETURNING id";
constexpr const char* kInsertLine =
    "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, allocated)"
    " VALUES (:order_id, :line_no, :product, :quantity, :price, :allocated) RETURNING id";
constexpr const char* kInsertAllocation =
    "INSERT INTO order_allocations (order_id, line_id, product_id, warehouse_id, quantity)"
    " VALUES (:order_id, :line, :product, :warehouse, :quantity)";
constexpr const char* kInsertEvent =
    "INSERT INTO order_events (order_id, at, actor, from_status, to_status, reason)"
    " VALUES (:order_id, :at, :actor, :from_status, :to_status, :reason)";
constexpr const char* kSetStatus =
    "UPDATE orders SET status = :to_status, hold_reason = :hold, updated_at = :now"
    " WHERE id = :id AND status = :from_status";
constexpr const char* kColumns =
    "SELECT o.id, o.channel, o.external_id, o.status, o.currency, o.customer_name,"
    " o.customer_email, o.customer_phone, o.ship_name, o.ship_company, o.ship_line1,"
    " o.ship_line2, o.ship_city, o.ship_region, o.ship_postal_code, o.ship_country, o.ship_phone,"
    " o.ship_latitude, o.ship_longitude, o.service_level, o.notes, o.tags, o.hold_reason,"
    " o.routing, o.total, o.created_at, o.updated_at FROM orders o";
constexpr const char* kLines =
    "SELECT l.id, l.line_no, l.product_id, p.sku, p.name, l.quantity, l.unit_price, l.allocated"
    " FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = :id"
    " ORDER BY l.line_no";
constexpr const char* kAllocations =
    "SELECT a.line_id, a.product_id, a.warehouse_id, w.code, p.sku, a.quantity"
    " FROM order_allocations a JOIN warehouses w ON w.id = a.warehouse_id"
    " JOIN products p ON p.id = a.product_id WHERE a.order_id = :id ORDER BY a.id";
constexpr const char* kEvents =
    "SELECT at, actor, from_status, to_status, reason FROM order_events WHERE order_id = :id"
    " ORDER BY id";
constexpr const char* kWaitingFor =
    "SELECT DISTINCT o.id FROM orders o JOIN order_lines l ON l.order_id = o.id"
    " WHERE o.status = 'backordered' AND l.product_id = :product AND l.allocated < l.quantity"
    " ORDER BY o.id LIMIT :limit";
constexpr const char* kReleasedIn =
    "SELECT DISTINCT o.id FROM orders o JOIN order_allocations a ON a.order_id = o.id"
    " WHERE o.status = :status AND a.warehouse_id = :warehouse AND o.id > :after"
    " ORDER BY o.id LIMIT :limit";
constexpr const char* kClaimKey =
    "INSERT INTO idempotency_keys (user_id, idempotency_key, request_digest, created_at)"
    " VALUES (:user_id, :idem_key, :digest, :now)";
constexpr const char* kCompleteKey =
    "UPDATE idempotency_keys SET order_id = :order_id, response = :response"
    " WHERE user_id = :user_id AND idempotency_key = :idem_key";
constexpr const char* kFindKey =
    "SELECT request_digest, order_id, response FROM idempotency_keys"
    " WHERE user_id = :user_id AND idempotency_key = :idem_key";
constexpr const char* kInsertSignal =
    "INSERT INTO stock_signals (at, kind, product_id, warehouse_id, order_id, available,"
    " reorder_point, quantity) VALUES (:at, :kind, :product, :warehouse, :order_id, :available,"
    " :reorder_point, :quantity)";
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
    " LEFT JOIN (SELECT product_id, warehouse_id, SUM(quantity) AS total FROM order_allocations"
    " GROUP BY product_id, warehouse_id) a"
    " ON a.product_id = s.product_id AND a.warehouse_id = s.warehouse_id"
    " WHERE s.reserved <> COALESCE(a.total, 0) ORDER BY p.sku, w.code";
constexpr const char* kLineMismatch =
    "SELECT o.external_id, l.line_no, l.allocated, COALESCE(a.total, 0) FROM order_lines l"
    " JOIN orders o ON o.id = l.order_id LEFT JOIN (SELECT line_id, SUM(quantity) AS total"
    " FROM order_allocations GROUP BY line_id) a ON a.line_id = l.id"
    " WHERE l.allocated <> COALESCE(a.total, 0) ORDER BY o.id, l.line_no";

soci::indicator null_if(bool absent) {
    return absent ? soci::i_null : soci::i_ok;
}

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
    const std::string status(to_string(order.status));
    const std::string tags = join_tags(order.tags);
    const auto& to = order.ship_to;
    double lat = to.latitude.value_or(0);
    double lon = to.longitude.value_or(0);
    soci::indicator lat_ind = null_if(!to.latitude);
    soci::indicator lon_ind = null_if(!to.longitude);
    std::string hold = order.hold_reason.value_or("");
    soci::indicator hold_ind = null_if(!order.hold_reason);
    long long total = order.total;
    long long created = order.created_at;
    long long updated = order.updated_at;
    long long id = 0;
    tx.sql() << kInsert, soci::use(order.channel), soci::use(order.external_id), soci::use(status),
        soci::use(order.currency), soci::use(order.customer.name), soci::use(order.customer.email),
        soci::use(order.customer.phone), soci::use(to.name), soci::use(to.company),
        soci::use(to.line1), soci::use(to.line2), soci::use(to.city), soci::use(to.region),
        soci::use(to.postal_code), soci::use(to.country), soci::use(to.phone),
        soci::use(lat, lat_ind), soci::use(lon, lon_ind), soci::use(order.service_level),
        soci::use(order.notes), soci::use(tags), soci::use(hold, hold_ind),
        soci::use(order.routing), soci::use(total), soci::use(created_by), soci::use(created),
        soci::use(updated), soci::into(id);
    order.id = OrderId{id};
    for (auto& line : order.lines) {
        long long line_id = 0;
        long long product = line.product_id;
        long long quantity = line.quantity;
        long long price = line.unit_price;
        long long allocated = line.allocated;
        tx.sql() << kInsertLine, soci::use(id), soci::use(line.line_no), soci::use(product),
            soci::use(quantity), soci::use(price), soci::use(allocated), soci::into(line_id);
        line.id = line_id;
    }
    return order.id;
}

void OrderRepo::insert_allocation(db::Tx& tx, OrderId order, const Allocation& a) {
    long long order_id = order.value;
    long long line = a.line_id;
    long long product = a.product_id;
    long long warehouse = a.warehouse_id;
    long long quantity = a.quantity;
    tx.sql() << kInsertAllocation, soci::use(order_id), soci::use(line), soci::use(product),
        soci::use(warehouse), soci::use(quantity);
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
    long long order_id = order.value;
    long long at = event.at;
    std::string from = event.from.value_or("");
    soci::indicator from_ind = null_if(!event.from);
    tx.sql() << kInsertEvent, soci::use(order_id), soci::use(at), soci::use(event.actor),
        soci::use(from, from_ind), soci::use(event.to), soci::use(event.reason);
}

bool OrderRepo::set_status(db::Tx& tx, OrderId order, OrderStatus from, OrderStatus to,
                           const std::optional<std::string>& hold, core::TimestampMs now) {
    const std::string to_text(to_string(to));
    const std::string from_text(to_string(from));
    std::string hold_text = hold.value_or("");
    soci::indicator hold_ind = null_if(!hold);
    long long at = now;
    long long id = order.value;
    soci::statement st =
        (tx.sql().prepare << kSetStatus, soci::use(to_text), soci::use(hold_text, hold_ind),
         soci::use(at), soci::use(id), soci::use(from_text));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

void OrderRepo::set_routing(db::Tx& tx, OrderId order, const std::string& routing) {
    long long id = order.value;
    tx.sql() << "UPDATE orders SET routing = :routing WHERE id = :id", soci::use(routing),
        soci::use(id);
}

namespace {

template <class Key>
std::optional<ProductBrief> product_where(db::Tx& tx, const std::string& where, const Key& key) {
    ProductBrief brief;
    long long id = 0;
    int active = 0;
    soci::statement st(tx.sql());
    st.exchange(soci::into(id));
    st.exchange(soci::into(brief.sku));
    st.exchange(soci::into(brief.name));
    st.exchange(soci::into(active));
    st.exchange(soci::use(key));
    st.alloc();
    st.prepare("SELECT id, sku, name, active FROM products WHERE " + where);
    st.define_and_bind();
    if (!st.execute(true)) {
        return std::nullopt;
    }
    brief.id = id;
    brief.active = active != 0;
    return brief;
}

}  // namespace

std::optional<ProductBrief> OrderRepo::product_by_sku(db::Tx& tx, const std::string& sku) {
    return product_where(tx, "sku = :sku", sku);
}

std::optional<ProductBrief> OrderRepo::product_by_id(db::Tx& tx, std::int64_t id) {
    const long long value = id;
    return product_where(tx, "id = :id", value);
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

    OrderLine line;
    long long line_id = 0;
    long long product = 0;
    long long quantity = 0;
    long long price = 0;
    long long allocated = 0;
    soci::statement lines =
        (tx.sql().prepare << kLines, soci::into(line_id), soci::into(line.line_no),
         soci::into(product), soci::into(line.sku), soci::into(line.name), soci::into(quantity),
         soci::into(price), soci::into(allocated), soci::use(order_id));
    lines.execute();
    while (lines.fetch()) {
        line.id = line_id;
        line.product_id = product;
        line.quantity = quantity;
        line.unit_price = price;
        line.allocated = allocated;
        order.lines.push_back(line);
    }

    Allocation allocation;
    long long warehouse = 0;
    soci::statement allocations =
        (tx.sql().prepare << kAllocations, soci::into(line_id), soci::into(product),
         soci::into(warehouse), soci::into(allocation.warehouse), soci::into(allocation.sku),
         soci::into(quantity), soci::use(order_id));
    allocations.execute();
    while (allocations.fetch()) {
        allocation.line_id = line_id;
        allocation.product_id = product;
        allocation.warehouse_id = warehouse;
        allocation.quantity = quantity;
        order.allocations.push_back(allocation);
    }

    OrderEvent event;
    long long at = 0;
    std::string from;
    soci::indicator from_ind = soci::i_null;
    soci::statement events = (tx.sql().prepare << kEvents, soci::into(at), soci::into(event.actor),
                              soci::into(from, from_ind), soci::into(event.to),
                              soci::into(event.reason), soci::use(order_id));
    events.execute();
    while (events.fetch()) {
        event.at = at;
        event.from = from_ind == soci::i_ok ? std::optional(from) : std::nullopt;
        order.events.push_back(event);
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
        soci::statement st =
            (tx.sql().prepare << kWaitingFor, soci::into(id), soci::use(product), soci::use(limit));
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
    long long user = user_id;
    long long at = now;
    tx.sql() << kClaimKey, soci::use(user), soci::use(key), soci::use(digest), soci::use(at);
}

void OrderRepo::complete_key(db::Tx& tx, std::int64_t user_id, const std::string& key,
                             OrderId order, const std::string& response) {
    long long user = user_id;
    long long order_id = order.value;
    tx.sql() << kCompleteKey, soci::use(order_id), soci::use(response), soci::use(user),
        soci::use(key);
}

std::optional<IdempotencyRecord> OrderRepo::find_key(db::Tx& tx, std::int64_t user_id,
                                                     const std::string& key) {
    long long user = user_id;
    IdempotencyRecord record;
    long long order_id = 0;
    soci::indicator order_ind = soci::i_null;
    std::string response;
    soci::indicator response_ind = soci::i_null;
    tx.sql() << kFindKey, soci::into(record.digest), soci::into(order_id, order_ind),
        soci::into(response, response_ind), soci::use(user), soci::use(key);
    if (!tx.sql().got_data()) {
        return std::nullopt;
    }
    if (order_ind == soci::i_ok) {
        record.order_id = order_id;
    }
    if (response_ind == soci::i_ok) {
        record.response = std::move(response);
    }
    return record;
}

void OrderRepo::add_signal(db::Tx& tx, const StockSignal& s) {
    long long at = s.at;
    long long product = s.product_id;
    long long warehouse = s.warehouse_id.value_or(0);
    soci::indicator warehouse_ind = null_if(!s.warehouse_id);
    long long order_id = s.order_id.value_or(0);
    soci::indicator order_ind = null_if(!s.order_id);
    long long available = s.available;
    long long point = s.reorder_point.value_or(0);
    soci::indicator point_ind = null_if(!s.reorder_point);
    long long quantity = s.quantity;
    tx.sql() << kInsertSignal, soci::use(at), soci::use(s.kind), soci::use(product),
        soci::use(warehouse, warehouse_ind), soci::use(order_id, order_ind), soci::use(available),
        soci::use(point, point_ind), soci::use(quantity);
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
    std::string name;
    int enabled = 0;
    soci::statement st = (tx.sql().prepare << kRules, soci::into(name), soci::into(enabled));
    st.execute();
    std::vector<RuleSetting> out;
    while (st.fetch()) {
        if (auto rule = parse_rule(name)) {
            out.push_back({*rule, enabled != 0});
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
    RoutingWarehouse w;
    long long id = 0;
    double lat = 0;
    double lon = 0;
    soci::indicator lat_ind = soci::i_null;
    soci::indicator lon_ind = soci::i_null;
    long long cost = 0;
    soci::statement st =
        (tx.sql().prepare << kWarehouses, soci::into(id), soci::into(w.code), soci::into(w.country),
         soci::into(lat, lat_ind), soci::into(lon, lon_ind), soci::into(cost));
    st.execute();
    std::vector<RoutingWarehouse> out;
    while (st.fetch()) {
        w.id = id;
        w.latitude = lat_ind == soci::i_ok ? std::optional(lat) : std::nullopt;
        w.longitude = lon_ind == soci::i_ok ? std::optional(lon) : std::nullopt;
        w.cost = cost;
        out.push_back(w);
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
