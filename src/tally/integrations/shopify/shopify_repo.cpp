#include "tally/integrations/shopify/shopify_repo.hpp"

#include "tally/db/statement.hpp"

namespace tally::integrations::shopify {

namespace {

constexpr const char* kInsertShop =
    "INSERT INTO shopify_shops (shop_domain, api_version, api_base_url, location_id,"
    " access_token, webhook_secret, status, notify_customer, push_inventory, sync_interval_s,"
    " synced_until, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
    " $9, $10, $11, $12, $13, $13) RETURNING id";
constexpr const char* kUpdateShop =
    "UPDATE shopify_shops SET api_version = $1, api_base_url = $2, location_id = $3,"
    " access_token = $4, webhook_secret = $5, status = $6, notify_customer = $7,"
    " push_inventory = $8, sync_interval_s = $9, updated_at = $10 WHERE id = $11";
constexpr const char* kShop =
    "SELECT id, shop_domain, api_version, api_base_url, location_id, access_token,"
    " webhook_secret, status, notify_customer, push_inventory, sync_interval_s, synced_until,"
    " last_sync_at, last_sync_error, created_by, created_at, updated_at FROM shopify_shops"
    " WHERE id = $1";
constexpr const char* kShopByDomain =
    "SELECT id, shop_domain, api_version, api_base_url, location_id, access_token,"
    " webhook_secret, status, notify_customer, push_inventory, sync_interval_s, synced_until,"
    " last_sync_at, last_sync_error, created_by, created_at, updated_at FROM shopify_shops"
    " WHERE shop_domain = $1";
constexpr const char* kShops =
    "SELECT id, shop_domain, api_version, api_base_url, location_id, access_token,"
    " webhook_secret, status, notify_customer, push_inventory, sync_interval_s, synced_until,"
    " last_sync_at, last_sync_error, created_by, created_at, updated_at FROM shopify_shops"
    " ORDER BY id";
constexpr const char* kSetStatus =
    "UPDATE shopify_shops SET status = $1, updated_at = $2 WHERE id = $3";
constexpr const char* kRecordSync =
    "UPDATE shopify_shops SET synced_until = $1, last_sync_at = $2, last_sync_error = $3"
    " WHERE id = $4";
constexpr const char* kInsertWebhook =
    "INSERT INTO shopify_webhooks (shop_id, event_id, webhook_id, topic, payload, body_sha256,"
    " received_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, 'received') RETURNING id";
constexpr const char* kWebhook =
    "SELECT id, shop_id, event_id, webhook_id, topic, payload, received_at, status, result"
    " FROM shopify_webhooks WHERE id = $1";
constexpr const char* kWebhooks =
    "SELECT id, shop_id, event_id, webhook_id, topic, '' AS payload, received_at, status,"
    " result"
    " FROM shopify_webhooks WHERE shop_id = $1 AND id > $2 ORDER BY id LIMIT $3";
constexpr const char* kFinishWebhook =
    "UPDATE shopify_webhooks SET status = $1, result = $2, processed_at = $3 WHERE id = $4";
constexpr const char* kLinkOrder =
    "INSERT INTO shopify_orders (order_id, shop_id, shopify_updated_at) VALUES ($1, $2, $3)"
    " ON CONFLICT (order_id) DO UPDATE SET shopify_updated_at = CASE WHEN"
    " shopify_orders.shopify_updated_at > excluded.shopify_updated_at THEN"
    " shopify_orders.shopify_updated_at ELSE excluded.shopify_updated_at END";
constexpr const char* kOrderLink =
    "SELECT shop_id, shopify_updated_at FROM shopify_orders WHERE order_id = $1";
constexpr const char* kInsertFulfillment =
    "INSERT INTO shopify_fulfillments (shop_id, order_id, manifest_id, fulfillment_order_id,"
    " fulfillment_id, tracking_numbers, units, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    " ON CONFLICT (fulfillment_id) DO NOTHING";
constexpr const char* kFulfillments =
    "SELECT shop_id, order_id, manifest_id, fulfillment_order_id, fulfillment_id,"
    " tracking_numbers, units, created_at FROM shopify_fulfillments WHERE order_id = $1"
    " ORDER BY id";
constexpr const char* kInventory =
    "SELECT sku, inventory_item_id, pushed FROM shopify_inventory WHERE shop_id = $1";
constexpr const char* kRecordInventory =
    "INSERT INTO shopify_inventory (shop_id, sku, inventory_item_id, pushed, pushed_at)"
    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (shop_id, sku) DO UPDATE SET"
    " inventory_item_id = excluded.inventory_item_id, pushed = excluded.pushed,"
    " pushed_at = excluded.pushed_at";

ShopRow read_shop(const db::Query& q) {
    ShopRow s;
    s.id = q.int64("id");
    s.shop_domain = q.text("shop_domain");
    s.api_version = q.text("api_version");
    s.api_base_url = q.text("api_base_url");
    s.location_id = q.text("location_id");
    s.access_token = q.text("access_token");
    s.webhook_secret = q.text("webhook_secret");
    s.status = q.text("status");
    s.notify_customer = q.boolean("notify_customer");
    s.push_inventory = q.boolean("push_inventory");
    s.sync_interval_s = static_cast<int>(q.int64("sync_interval_s"));
    s.synced_until = q.int64("synced_until");
    s.last_sync_at = q.optional_int64("last_sync_at");
    s.last_sync_error = q.text("last_sync_error");
    s.created_by = q.text("created_by");
    s.created_at = q.int64("created_at");
    s.updated_at = q.int64("updated_at");
    return s;
}

WebhookRow read_webhook(const db::Query& q) {
    return WebhookRow{.id = q.int64("id"),
                      .shop_id = q.int64("shop_id"),
                      .event_id = q.text("event_id"),
                      .webhook_id = q.text("webhook_id"),
                      .topic = q.text("topic"),
                      .payload = q.text("payload"),
                      .received_at = q.int64("received_at"),
                      .status = q.text("status"),
                      .result = q.text("result")};
}

// The columns insert and update share, in the order both statements list them.
db::Query& bind_settings(db::Query& q, const ShopRow& s) {
    return q.bind(s.api_version)
        .bind(s.api_base_url)
        .bind(s.location_id)
        .bind(s.access_token)
        .bind(s.webhook_secret)
        .bind(s.status)
        .bind(s.notify_customer ? 1 : 0)
        .bind(s.push_inventory ? 1 : 0)
        .bind(s.sync_interval_s);
}

std::optional<ShopRow> one_shop(db::Query& q) {
    if (!q.next()) {
        return std::nullopt;
    }
    return read_shop(q);
}

}  // namespace

std::int64_t ShopifyRepo::insert_shop(db::Tx& tx, const ShopRow& s) {
    db::Query q(tx, kInsertShop);
    q.bind(s.shop_domain);
    bind_settings(q, s).bind(s.synced_until).bind(s.created_by).bind(s.created_at);
    q.next();
    return q.int64("id");
}

void ShopifyRepo::update_shop(db::Tx& tx, const ShopRow& s) {
    db::Query q(tx, kUpdateShop);
    bind_settings(q, s).bind(s.updated_at).bind(s.id);
    q.exec();
}

std::optional<ShopRow> ShopifyRepo::shop(db::Tx& tx, std::int64_t id) {
    db::Query q(tx, kShop);
    q.bind(id);
    return one_shop(q);
}

std::optional<ShopRow> ShopifyRepo::shop_by_domain(db::Tx& tx, const std::string& domain) {
    db::Query q(tx, kShopByDomain);
    q.bind(domain);
    return one_shop(q);
}

std::vector<ShopRow> ShopifyRepo::shops(db::Tx& tx) {
    db::Query q(tx, kShops);
    std::vector<ShopRow> out;
    while (q.next()) {
        out.push_back(read_shop(q));
    }
    return out;
}

void ShopifyRepo::set_status(db::Tx& tx, std::int64_t id, const std::string& status,
                             core::TimestampMs now) {
    db::Query q(tx, kSetStatus);
    q.bind(status).bind(now).bind(id);
    q.exec();
}

void ShopifyRepo::record_sync(db::Tx& tx, std::int64_t id, core::TimestampMs synced_until,
                              core::TimestampMs at, const std::string& error) {
    db::Query q(tx, kRecordSync);
    q.bind(synced_until).bind(at).bind(error).bind(id);
    q.exec();
}

std::int64_t ShopifyRepo::insert_webhook(db::Tx& tx, const WebhookRow& w) {
    db::Query q(tx, kInsertWebhook);
    q.bind(w.shop_id)
        .bind(w.event_id)
        .bind(w.webhook_id)
        .bind(w.topic)
        .bind(w.payload)
        .bind(w.body_sha256)
        .bind(w.received_at);
    q.next();
    return q.int64("id");
}

std::optional<WebhookRow> ShopifyRepo::webhook(db::Tx& tx, std::int64_t id) {
    db::Query q(tx, kWebhook);
    q.bind(id);
    if (!q.next()) {
        return std::nullopt;
    }
    return read_webhook(q);
}

void ShopifyRepo::finish_webhook(db::Tx& tx, std::int64_t id, const std::string& status,
                                 const std::string& result, core::TimestampMs now) {
    db::Query q(tx, kFinishWebhook);
    q.bind(status).bind(result).bind(now).bind(id);
    q.exec();
}

std::vector<WebhookRow> ShopifyRepo::webhooks(db::Tx& tx, std::int64_t shop_id, std::int64_t after,
                                              int limit) {
    db::Query q(tx, kWebhooks);
    q.bind(shop_id).bind(after).bind(limit);
    std::vector<WebhookRow> out;
    while (q.next()) {
        out.push_back(read_webhook(q));
    }
    return out;
}

void ShopifyRepo::link_order(db::Tx& tx, std::int64_t order_id, std::int64_t shop_id,
                             core::TimestampMs shopify_updated_at) {
    db::Query q(tx, kLinkOrder);
    q.bind(order_id).bind(shop_id).bind(shopify_updated_at);
    q.exec();
}

std::optional<std::pair<std::int64_t, core::TimestampMs>> ShopifyRepo::order_link(
    db::Tx& tx, std::int64_t order_id) {
    db::Query q(tx, kOrderLink);
    q.bind(order_id);
    if (!q.next()) {
        return std::nullopt;
    }
    return std::pair{q.int64("shop_id"), q.int64("shopify_updated_at")};
}

void ShopifyRepo::insert_fulfillment(db::Tx& tx, const FulfillmentRow& row) {
    db::Query q(tx, kInsertFulfillment);
    q.bind(row.shop_id)
        .bind(row.order_id)
        .bind(row.manifest_id)
        .bind(row.fulfillment_order_id)
        .bind(row.fulfillment_id)
        .bind(row.tracking_numbers)
        .bind(row.units)
        .bind(row.created_at);
    q.exec();
}

std::vector<FulfillmentRow> ShopifyRepo::fulfillments(db::Tx& tx, std::int64_t order_id) {
    db::Query q(tx, kFulfillments);
    q.bind(order_id);
    std::vector<FulfillmentRow> out;
    while (q.next()) {
        out.push_back(FulfillmentRow{.shop_id = q.int64("shop_id"),
                                     .order_id = q.int64("order_id"),
                                     .manifest_id = q.optional_int64("manifest_id"),
                                     .fulfillment_order_id = q.text("fulfillment_order_id"),
                                     .fulfillment_id = q.text("fulfillment_id"),
                                     .tracking_numbers = q.text("tracking_numbers"),
                                     .units = q.text("units"),
                                     .created_at = q.int64("created_at")});
    }
    return out;
}

std::vector<InventoryRow> ShopifyRepo::inventory(db::Tx& tx, std::int64_t shop_id) {
    db::Query q(tx, kInventory);
    q.bind(shop_id);
    std::vector<InventoryRow> out;
    while (q.next()) {
        out.push_back(InventoryRow{.sku = q.text("sku"),
                                   .inventory_item_id = q.text("inventory_item_id"),
                                   .pushed = q.optional_int64("pushed")});
    }
    return out;
}

void ShopifyRepo::record_inventory(db::Tx& tx, std::int64_t shop_id, const std::string& sku,
                                   const std::string& item_id, std::optional<std::int64_t> pushed,
                                   core::TimestampMs now) {
    db::Query q(tx, kRecordInventory);
    q.bind(shop_id).bind(sku).bind(item_id).bind(pushed).bind(now);
    q.exec();
}

}  // namespace tally::integrations::shopify
