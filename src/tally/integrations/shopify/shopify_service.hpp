#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/core/error.hpp"
#include "tally/db/database.hpp"
#include "tally/db/job_queue.hpp"
#include "tally/events/bus.hpp"
#include "tally/fulfillment/fulfillment_events.hpp"
#include "tally/fulfillment/trailer_service.hpp"
#include "tally/identity/crypto.hpp"
#include "tally/identity/user.hpp"
#include "tally/integrations/shopify/graphql_client.hpp"
#include "tally/integrations/shopify/shopify.hpp"
#include "tally/integrations/shopify/shopify_repo.hpp"
#include "tally/inventory/inventory_service.hpp"
#include "tally/jobs/runner.hpp"
#include "tally/orders/order_service.hpp"

namespace tally::integrations::shopify {

struct ShopInput {
    std::string shop_domain;
    std::string access_token;
    std::string api_version;
    std::string webhook_secret;
    std::string location_id;
    std::optional<std::string> api_base_url;  // default https://{shop_domain}
    bool notify_customer = true;
    bool push_inventory = false;
    int sync_interval_s = 300;
};

// A change to a connected shop; absent fields stay as they are.
struct ShopChange {
    std::optional<std::string> access_token;
    std::optional<std::string> api_version;
    std::optional<std::string> webhook_secret;
    std::optional<std::string> location_id;
    std::optional<std::string> api_base_url;
    std::optional<bool> notify_customer;
    std::optional<bool> push_inventory;
    std::optional<int> sync_interval_s;
    std::optional<std::string> status;  // active again after a reinstall
};

// A connected shop as the API shows it: never its token or secret.
struct Shop {
    std::int64_t id = 0;
    std::string shop_domain;
    std::string api_version;
    std::string api_base_url;
    std::string location_id;
    std::string status;
    bool notify_customer = true;
    bool push_inventory = false;
    int sync_interval_s = 300;
    core::TimestampMs synced_until = 0;
    std::optional<core::TimestampMs> last_sync_at;
    std::string last_sync_error;
    core::TimestampMs created_at = 0;
    core::TimestampMs updated_at = 0;
};

// One webhook delivery, as it came: the raw body and Shopify's headers.
struct Delivery {
    std::string shop_domain;   // X-Shopify-Shop-Domain
    std::string topic;         // X-Shopify-Topic
    std::string signature;     // X-Shopify-Hmac-Sha256
    std::string event_id;      // X-Shopify-Event-Id
    std::string webhook_id;    // X-Shopify-Webhook-Id
    std::string triggered_at;  // X-Shopify-Triggered-At, ISO 8601; may be absent
    std::string body;
};

// ignored: a delivery triggered outside the window Tally takes webhooks in, answered 200 so
// that Shopify stops retrying it; reconciliation brings what it was about.
enum class Receipt { accepted, duplicate, ignored };

// Shopify retries a delivery for 4 hours with its original X-Shopify-Triggered-At; one older
// than a day, or more than 10 minutes ahead of Tally's clock, is not taken.
inline constexpr core::TimestampMs kWebhookMaxAgeMs = 24LL * 60 * 60 * 1000;
inline constexpr core::TimestampMs kWebhookMaxLeadMs = 10LL * 60 * 1000;

struct ShopifyOptions {
    std::chrono::milliseconds timeout{20'000};  // per Admin API call
};

inline constexpr const char* kWebhookJob = "shopify.webhook";
inline constexpr const char* kSyncJob = "shopify.sync";
inline constexpr const char* kInventoryJob = "shopify.inventory";
// The name Shopify subscribes to events under.
inline constexpr const char* kSubscriber = "shopify";

// The Shopify channel: connected shops, webhooks in (stored first, processed by a job),
// reconciliation by the GraphQL Admin API, and fulfillments out when cartons ship.
class ShopifyService {
  public:
    // `box` seals the shops' secrets; without one, connecting a shop is unavailable.
    ShopifyService(db::Database& db, const core::Clock& clock, orders::OrderService& orders,
                   inventory::InventoryService& inventory, fulfillment::TrailerService& trailers,
                   std::optional<identity::SecretBox> box, ShopifyOptions options);

    // Registers the job handlers and the runner to wake when a webhook arrives.
    void attach(jobs::Runner& runner);
    // Subscribes to order.shipped (fulfillment::OrderShipped) as kSubscriber: its jobs, of kind
    // "order.shipped:shopify", make the order's fulfillment in Shopify.
    void subscribe(events::Bus& bus);

    // invalid_argument naming every bad field; conflict when the domain is connected already.
    // Schedules the shop's reconciliation.
    [[nodiscard]] core::Result<Shop> connect(const identity::Principal& actor,
                                             const ShopInput& input);
    [[nodiscard]] core::Result<Shop> change(const identity::Principal& actor, std::int64_t id,
                                            const ShopChange& change);
    // Shops are global: every method taking an actor is forbidden to a warehouse-scoped user.
    [[nodiscard]] core::Result<std::vector<Shop>> shops(const identity::Principal& actor);
    [[nodiscard]] core::Result<Shop> shop(const identity::Principal& actor, std::int64_t id);
    [[nodiscard]] core::Result<std::vector<WebhookRow>> webhooks(const identity::Principal& actor,
                                                                 std::int64_t shop_id,
                                                                 std::int64_t after, int limit);

    // Checks the signature (unauthenticated when it is missing or wrong, or the shop is
    // unknown; nothing is stored then), stores the body and queues its processing in one
    // transaction. A repeated event id, or a body the shop sent before (by its SHA-256), is a
    // duplicate and changes nothing; one triggered outside the window is ignored, unstored.
    [[nodiscard]] core::Result<Receipt> receive(const Delivery& delivery);

    // Job handlers.
    [[nodiscard]] jobs::Outcome process_webhook(const db::JobRow& job);
    [[nodiscard]] jobs::Outcome reconcile(const db::JobRow& job);
    [[nodiscard]] jobs::Outcome fulfill(const fulfillment::OrderShipped& shipped);
    // With push_inventory on: the available units of every SKU the shop has, set at its
    // location when they changed since the last push, 250 to a call.
    [[nodiscard]] jobs::Outcome push_inventory(const db::JobRow& job);

  private:
    struct Applied {
        bool ok = true;
        bool retry = false;
        std::string message;
        // The Tally order to remember as the shop's, with the Shopify updated_at applied:
        // written by the caller in its closing transaction.
        std::optional<std::pair<std::int64_t, core::TimestampMs>> link;
    };
    static void write_link(db::Tx& tx, std::int64_t shop_id, const Applied& applied);
    // Brings Tally's order in line with Shopify's: creates it, cancels it, or holds it for a
    // person when it changed after Tally started on it.
    Applied apply(const ShopifyOrder& order);
    Applied apply_change(const orders::Order& current, const ShopifyOrder& order);
    [[nodiscard]] core::Result<ShopRow> shop_row(std::int64_t id);
    // The shop a recurring job is for, or the outcome when it cannot be read.
    [[nodiscard]] std::variant<ShopRow, jobs::Outcome> job_shop(const db::JobRow& job);
    [[nodiscard]] std::optional<Connection> connection(const ShopRow& shop) const;
    void wake() const;
    // Queues the shop's recurring jobs that are not queued yet.
    static void schedule(db::Tx& tx, const ShopRow& shop, core::TimestampMs first_sync,
                         core::TimestampMs now);

    db::Database& db_;
    const core::Clock& clock_;
    orders::OrderService& orders_;
    inventory::InventoryService& inventory_;
    fulfillment::TrailerService& trailers_;
    std::optional<identity::SecretBox> box_;
    ShopifyOptions options_;
    jobs::Runner* runner_ = nullptr;
};

}  // namespace tally::integrations::shopify
