#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "tally/core/clock.hpp"
#include "tally/core/error.hpp"
#include "tally/orders/order.hpp"

// Shopify's shapes and rules, without I/O: webhook signatures, orders as webhooks and the
// GraphQL Admin API send them, money, and how shipped cartons become fulfillments.
namespace tally::integrations::shopify {

// Base64 HMAC-SHA256 of the raw body with the shop's secret: X-Shopify-Hmac-Sha256.
[[nodiscard]] std::string sign(std::string_view secret, std::string_view body);
// The header against the body, compared in constant time.
[[nodiscard]] bool verify_signature(std::string_view secret, std::string_view body,
                                    std::string_view header);

// Hex SHA-256 of the raw body: the same delivery under any event id or topic has the same one.
[[nodiscard]] std::string body_digest(std::string_view body);

// What a webhook may do. Only the body is signed (the topic is a header anyone can change), so
// the body must have the shape of its topic: an order (id, line_items) for orders/*, and for
// app/uninstalled the shop's own object (myshopify_domain or domain equal to `shop_domain`).
enum class WebhookKind { order, uninstalled, other };
// `other` for a topic Tally does not act on; invalid_argument naming "body" when the body does
// not fit the topic.
[[nodiscard]] core::Result<WebhookKind> classify_webhook(std::string_view topic,
                                                         const boost::json::value& body,
                                                         std::string_view shop_domain);

// "19.99" as 1999 minor units of a currency with `digits` decimals, exactly: nullopt for
// anything that is not a plain non-negative decimal or has more non-zero decimals.
[[nodiscard]] std::optional<std::int64_t> to_minor_units(std::string_view decimal, int digits);
// The ISO 4217 minor-unit digits: 0 for JPY, 3 for KWD, 2 for most.
[[nodiscard]] int currency_digits(std::string_view currency);

// "gid://shopify/Order/820982911946154508" → "820982911946154508"; a bare number as is.
[[nodiscard]] std::string legacy_id(std::string_view gid);

struct Line {
    std::string sku;
    std::string barcode;
    std::string title;
    std::int64_t quantity = 0;
    std::string price;  // per unit, a decimal string in the shop's currency
};

// One Shopify order, from a webhook or from the GraphQL API.
struct ShopifyOrder {
    std::string id;  // the 64-bit order id as decimal digits, intact
    std::string name;
    std::string email;
    std::string phone;
    std::string note;
    std::vector<std::string> tags;
    std::string currency;
    std::string customer_name;
    std::optional<orders::ShipTo> shipping_address;
    std::string shipping_method;  // the first shipping line's title
    std::vector<Line> lines;
    core::TimestampMs updated_at = 0;
    bool cancelled = false;
};

// An order as the orders/create, orders/updated and orders/cancelled webhooks send it (REST
// JSON). invalid_argument naming the field when it is not one.
[[nodiscard]] core::Result<ShopifyOrder> parse_webhook_order(const boost::json::value& json);
// An order node as the GraphQL Admin API answers the reconciliation query.
[[nodiscard]] core::Result<ShopifyOrder> parse_graphql_order(const boost::json::value& json);

// Tally's order for it: channel shopify, external id the Shopify order id, lines by SKU
// (or barcode when the variant has no SKU), prices exactly in minor units.
[[nodiscard]] core::Result<orders::OrderInput> to_order_input(const ShopifyOrder& order);
// "Express shipping" → express, "Overnight" → overnight; standard otherwise.
[[nodiscard]] std::string service_level_for(std::string_view shipping_method);

// A fulfillment order and what is left of its lines.
struct FulfillmentOrderLine {
    std::string id;
    std::string sku;
    std::int64_t remaining = 0;
};
struct FulfillmentOrder {
    std::string id;
    std::string status;  // OPEN, IN_PROGRESS, CLOSED, ...
    std::string location_id;
    std::vector<FulfillmentOrderLine> lines;
};
[[nodiscard]] core::Result<std::vector<FulfillmentOrder>> parse_fulfillment_orders(
    const boost::json::value& order);

// One fulfillment to create: lines of one fulfillment order, since Shopify refuses a
// fulfillment that mixes locations.
struct PlannedFulfillment {
    std::string fulfillment_order_id;
    std::vector<std::pair<std::string, std::int64_t>> lines;  // fulfillment order line, units
};
struct FulfillmentPlan {
    std::vector<PlannedFulfillment> fulfillments;
    std::map<std::string, std::int64_t> unmatched;  // SKU → units no open line wanted
};
// Spreads shipped units (SKU → units) over the open fulfillment orders, those at `location`
// first, never more than a line has remaining.
[[nodiscard]] FulfillmentPlan plan_fulfillments(const std::vector<FulfillmentOrder>& orders,
                                                const std::map<std::string, std::int64_t>& shipped,
                                                std::string_view location);

// Shopify's rate limit as the last GraphQL answer reported it (extensions.cost).
struct Throttle {
    double requested = 0;
    double available = 0;
    double maximum = 0;
    double restore_rate = 0;  // points per second
    bool throttled = false;   // the request was refused for want of points
};
[[nodiscard]] std::optional<Throttle> parse_throttle(const boost::json::value& answer);
// How long to wait before a request of `cost` points fits the bucket, in ms.
[[nodiscard]] core::TimestampMs wait_for_points(const Throttle& throttle, double cost);

}  // namespace tally::integrations::shopify
