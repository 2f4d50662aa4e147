#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"

namespace tally::integrations::shopify {

// A connected shop as stored: the token and secret sealed.
struct ShopRow {
    std::int64_t id = 0;
    std::string shop_domain;
    std::string api_version;
    std::string api_base_url;
    std::string location_id;
    std::string access_token;    // sealed
    std::string webhook_secret;  // sealed
    std::string status = "active";
    bool notify_customer = true;
    bool push_inventory = false;
    int sync_interval_s = 300;
    core::TimestampMs synced_until = 0;
    std::optional<core::TimestampMs> last_sync_at;
    std::string last_sync_error;
    std::string created_by;
    core::TimestampMs created_at = 0;
    core::TimestampMs updated_at = 0;
};

struct WebhookRow {
    std::int64_t id = 0;
    std::int64_t shop_id = 0;
    std::string event_id;
    std::string webhook_id;
    std::string topic;
    std::string payload;
    std::string body_sha256;  // hex SHA-256 of the payload, written on insert only
    core::TimestampMs received_at = 0;
    std::string status = "received";
    std::string result;
};

struct FulfillmentRow {
    std::int64_t shop_id = 0;
    std::int64_t order_id = 0;
    std::optional<std::int64_t> manifest_id;
    std::string fulfillment_order_id;
    std::string fulfillment_id;
    std::string tracking_numbers;  // comma-separated
    std::string units = "{}";      // SKU → units it covered, as JSON
    core::TimestampMs created_at = 0;
};

struct InventoryRow {
    std::string sku;
    std::string inventory_item_id;
    std::optional<std::int64_t> pushed;
};

// All SQL of the Shopify tables: shops, webhooks as received, which shop each order came
// from, fulfillments created, and inventory pushed.
class ShopifyRepo {
  public:
    // A unique violation (the domain is connected already) propagates.
    [[nodiscard]] static std::int64_t insert_shop(db::Tx& tx, const ShopRow& shop);
    static void update_shop(db::Tx& tx, const ShopRow& shop);
    [[nodiscard]] static std::optional<ShopRow> shop(db::Tx& tx, std::int64_t id);
    [[nodiscard]] static std::optional<ShopRow> shop_by_domain(db::Tx& tx,
                                                               const std::string& domain);
    [[nodiscard]] static std::vector<ShopRow> shops(db::Tx& tx);
    static void set_status(db::Tx& tx, std::int64_t id, const std::string& status,
                           core::TimestampMs now);
    static void record_sync(db::Tx& tx, std::int64_t id, core::TimestampMs synced_until,
                            core::TimestampMs at, const std::string& error);

    // A repeated (shop, event id) or (shop, body digest) raises a unique violation.
    [[nodiscard]] static std::int64_t insert_webhook(db::Tx& tx, const WebhookRow& webhook);
    [[nodiscard]] static std::optional<WebhookRow> webhook(db::Tx& tx, std::int64_t id);
    static void finish_webhook(db::Tx& tx, std::int64_t id, const std::string& status,
                               const std::string& result, core::TimestampMs now);
    [[nodiscard]] static std::vector<WebhookRow> webhooks(db::Tx& tx, std::int64_t shop_id,
                                                          std::int64_t after, int limit);

    // Remembers which shop the order came from; keeps the later Shopify updated_at.
    static void link_order(db::Tx& tx, std::int64_t order_id, std::int64_t shop_id,
                           core::TimestampMs shopify_updated_at);
    // The shop an order came from and the Shopify updated_at last applied.
    [[nodiscard]] static std::optional<std::pair<std::int64_t, core::TimestampMs>> order_link(
        db::Tx& tx, std::int64_t order_id);

    static void insert_fulfillment(db::Tx& tx, const FulfillmentRow& row);
    [[nodiscard]] static std::vector<FulfillmentRow> fulfillments(db::Tx& tx,
                                                                  std::int64_t order_id);

    [[nodiscard]] static std::vector<InventoryRow> inventory(db::Tx& tx, std::int64_t shop_id);
    static void record_inventory(db::Tx& tx, std::int64_t shop_id, const std::string& sku,
                                 const std::string& item_id, std::optional<std::int64_t> pushed,
                                 core::TimestampMs now);
};

}  // namespace tally::integrations::shopify
