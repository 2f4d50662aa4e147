#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

namespace tally::testkit {

struct FakeLineItem {
    std::int64_t id = 0;  // gid://shopify/LineItem/{id}; 0: the fake picks
    std::string sku;
    std::string title;
    std::string barcode;  // the variant's barcode, may be empty
    std::int64_t quantity = 0;
    std::string price = "0.00";  // decimal string in the shop currency
};

struct FakeAddress {
    std::string first_name, last_name, company, address1, address2, city, province_code, zip,
        country_code = "US", phone;
};

struct FakeOrder {
    std::int64_t id = 0;  // 0: the fake picks one (above 2^32, like Shopify's)
    std::string name;     // "#1001"
    std::string email, phone, note;
    std::vector<std::string> tags;
    std::string currency = "USD";
    std::string created_at, updated_at;  // ISO 8601 UTC "2026-11-26T10:00:00Z"; empty: now
    std::optional<std::string> cancelled_at;
    std::string customer_first_name, customer_last_name;
    FakeAddress shipping_address;
    std::vector<FakeLineItem> line_items;
    std::string location_id = "gid://shopify/Location/1";  // where its fulfillment order is
};

// One HTTP request the fake received, answered or not.
struct FakeShopifyRequest {
    std::string path, access_token, operation, body;  // operation: the GraphQL root field
    boost::json::object variables;
    int status = 0;
};

// A fulfillment created through fulfillmentCreate, as its tracking info stands now.
struct FakeFulfillment {
    std::string id;  // gid://shopify/Fulfillment/N
    std::int64_t order_id = 0;
    std::vector<std::string> fulfillment_order_ids;
    std::vector<std::pair<std::string, std::int64_t>> line_items;  // FO line item gid, quantity
    std::vector<std::pair<std::string, std::int64_t>> skus;        // the same by the line's SKU
    std::string company;
    std::vector<std::string> numbers, urls;
    bool notify_customer = false;
};

// A Shopify Admin GraphQL API stand-in on 127.0.0.1 (a free port): orders, fulfillment orders,
// fulfillments and inventory in memory, a leaky-bucket cost limit and injectable faults.
// Ids it picks are above 2^32; fulfillmentCreate bumps the order's updated_at, as Shopify does.
class FakeShopify {
  public:
    explicit FakeShopify(std::string access_token = "shpat_fake_token",
                         std::string api_version = "2025-07");
    ~FakeShopify();
    FakeShopify(const FakeShopify&) = delete;
    FakeShopify& operator=(const FakeShopify&) = delete;

    [[nodiscard]] std::string base_url() const;  // "http://127.0.0.1:PORT"
    [[nodiscard]] std::string access_token() const;
    [[nodiscard]] std::string api_version() const;
    [[nodiscard]] std::string graphql_path() const;  // "/admin/api/2025-07/graphql.json"

    // Stores the order with one OPEN fulfillment order at its location_id; returns its id.
    std::int64_t add_order(FakeOrder order);
    // Adds a fulfillment order at `location_id`, moving the units from the order's other
    // fulfillment orders where they are still unfulfilled. Returns its gid.
    std::string add_fulfillment_order(
        std::int64_t order_id, std::string location_id,
        std::vector<std::pair<std::int64_t /*line item id*/, std::int64_t /*quantity*/>> items);
    // Bumps updated_at to now unless `change` set it.
    void update_order(std::int64_t id, const std::function<void(FakeOrder&)>& change);
    // Sets cancelled_at and updated_at; its fulfillment orders close.
    void cancel_order(std::int64_t id);
    // A variant productVariants finds by SKU; a bare number becomes an InventoryItem gid.
    void add_variant(std::string sku, std::string inventory_item_id);
    // The cost bucket: every query and mutation costs 10.
    void set_bucket(double maximum, double available, double restore_rate);
    // Moves the bucket's clock on, so it refills as if that much time had passed.
    void advance_clock(std::chrono::milliseconds by);

    // Faults for the next `times` requests of an operation ("orders", "fulfillmentCreate", ...),
    // applied in the order they were queued.
    void fail_next(std::string op, int times = 1, int http_status = 500);
    void error_next(std::string op, int times = 1);     // 200 INTERNAL_SERVER_ERROR
    void throttle_next(std::string op, int times = 1);  // 200 THROTTLED, currentlyAvailable 0
    void delay_next(std::string op, std::chrono::milliseconds delay, int times = 1);
    // Performs the operation, then waits before answering.
    void delay_after_next(std::string op, std::chrono::milliseconds delay, int times = 1);
    void retry_after_next(std::string op, int times = 1, int seconds = 2);  // 429 Retry-After
    // Requests waiting in a delay right now.
    [[nodiscard]] int delayed_now() const;
    // Ends every delay waited in now: their answers go out.
    void end_delays();

    [[nodiscard]] std::vector<FakeShopifyRequest> requests() const;
    [[nodiscard]] int count(std::string_view op) const;
    [[nodiscard]] std::vector<FakeFulfillment> fulfillments() const;
    [[nodiscard]] std::optional<std::int64_t> inventory(const std::string& item_id,
                                                        const std::string& location_id) const;
    // Units of the SKU still to fulfil across the order's fulfillment orders.
    [[nodiscard]] std::int64_t remaining(std::int64_t order_id, const std::string& sku) const;

    // The REST JSON of an orders/create, orders/updated or orders/cancelled webhook.
    [[nodiscard]] static std::string order_webhook_json(const FakeOrder& order);
    // The same for a stored order, with its fulfillment status and fulfillable quantities.
    [[nodiscard]] std::string order_webhook_json(std::int64_t id) const;
    // Base64 of HMAC-SHA256(secret, body): the X-Shopify-Hmac-Sha256 header.
    [[nodiscard]] static std::string hmac_base64(std::string_view secret, std::string_view body);
    // Header lines ("Name: value") Shopify sends with a webhook; a random webhook id when empty,
    // no X-Shopify-Event-Id when event_id is empty.
    [[nodiscard]] static std::vector<std::string> webhook_headers(
        std::string_view topic, std::string_view shop_domain, std::string_view secret,
        std::string_view body, std::string_view event_id, std::string_view webhook_id = {});

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tally::testkit
