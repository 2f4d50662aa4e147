#include "tally/integrations/shopify/shopify.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace tally::integrations::shopify {
namespace {

namespace json = boost::json;

// The orders/create example body, trimmed, as Shopify's webhook reference shows it.
constexpr const char* kWebhookOrder = R"({
  "id": 820982911946154508,
  "admin_graphql_api_id": "gid://shopify/Order/820982911946154508",
  "name": "#9999",
  "email": "jon@example.com",
  "note": "Leave at the door",
  "tags": "vip, gift ,",
  "currency": "USD",
  "updated_at": "2026-11-26T10:00:00-05:00",
  "cancelled_at": null,
  "customer": {"id": 115310627314723954, "first_name": "John", "last_name": "Smith"},
  "shipping_address": {"first_name": "Steve", "last_name": "Shipper", "company": "Shipping Company",
    "address1": "123 Shipping Street", "address2": "", "city": "Shippington", "province_code": "KY",
    "zip": "40003", "country_code": "US", "phone": "555-555-SHIP"},
  "shipping_lines": [{"title": "Express Shipping", "price": "4.00"}],
  "line_items": [
    {"id": 866550311766439020, "sku": "IPOD-342-N", "title": "IPod Nano", "quantity": 1, "price": "199.00"},
    {"id": 141249953214522974, "sku": "", "barcode": "4006381333931", "title": "Pen", "quantity": 3, "price": "0.10"}
  ]
})";

TEST(Signature, IsTheBase64HmacOfTheRawBodyAndRefusesAnyOtherBody) {
    // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), base64.
    const std::string body = "The quick brown fox jumps over the lazy dog";
    EXPECT_EQ(sign("key", body), "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=");

    EXPECT_TRUE(verify_signature("key", body, sign("key", body)));
    EXPECT_FALSE(verify_signature("key", body + " ", sign("key", body)));
    EXPECT_FALSE(verify_signature("other", body, sign("key", body)));
    EXPECT_FALSE(verify_signature("key", body, ""));
}

TEST(MinorUnits, TakesDecimalStringsExactlyAndRefusesWhatWouldRound) {
    EXPECT_EQ(to_minor_units("19.99", 2), 1999);
    EXPECT_EQ(to_minor_units("0.10", 2), 10);
    EXPECT_EQ(to_minor_units("5", 2), 500);
    EXPECT_EQ(to_minor_units("1.5", 2), 150);
    EXPECT_EQ(to_minor_units("1000", 0), 1000);
    EXPECT_EQ(to_minor_units("12.340", 2), 1234);
    EXPECT_EQ(to_minor_units("1.234", 3), 1234);
    EXPECT_EQ(to_minor_units("1234567890.12", 2), 123456789012);
    EXPECT_FALSE(to_minor_units("19.999", 2));
    EXPECT_FALSE(to_minor_units("-1.00", 2));
    EXPECT_FALSE(to_minor_units("1e3", 2));
    EXPECT_FALSE(to_minor_units("", 2));
    EXPECT_FALSE(to_minor_units("1.", 2));
    EXPECT_EQ(currency_digits("JPY"), 0);
    EXPECT_EQ(currency_digits("KWD"), 3);
    EXPECT_EQ(currency_digits("EUR"), 2);
}

TEST(WebhookOrder, KeepsThe64BitIdIntactAndMapsToATallyOrder) {
    const auto order = parse_webhook_order(json::parse(kWebhookOrder));
    ASSERT_TRUE(order) << order.error().message;
    EXPECT_EQ(order->id, "820982911946154508");
    EXPECT_EQ(order->tags, (std::vector<std::string>{"vip", "gift"}));
    EXPECT_EQ(order->updated_at, core::parse_iso8601("2026-11-26T15:00:00Z"));

    const auto input = to_order_input(*order);

    ASSERT_TRUE(input) << input.error().message;
    EXPECT_EQ(input->channel, "shopify");
    EXPECT_EQ(input->external_id, "820982911946154508");
    EXPECT_EQ(input->currency, "USD");
    EXPECT_EQ(input->customer.name, "John Smith");
    EXPECT_EQ(input->ship_to.name, "Steve Shipper");
    EXPECT_EQ(input->ship_to.region, "KY");
    EXPECT_EQ(input->ship_to.country, "US");
    EXPECT_EQ(input->service_level, "express");
    EXPECT_EQ(input->notes, "Leave at the door");
    ASSERT_EQ(input->lines.size(), 2U);
    EXPECT_EQ(input->lines[0].sku, "IPOD-342-N");
    EXPECT_EQ(input->lines[0].unit_price, 19900);
    EXPECT_FALSE(input->lines[1].sku);
    EXPECT_EQ(input->lines[1].barcode, "4006381333931");
    EXPECT_EQ(input->lines[1].quantity, 3);
    EXPECT_EQ(input->lines[1].unit_price, 10);
}

TEST(WebhookOrder, NamesTheFieldsItCannotTake) {
    auto body = json::parse(kWebhookOrder).as_object();
    body["id"] = 1.5;
    EXPECT_EQ(parse_webhook_order(body).error().fields.front().field, "id");

    body = json::parse(kWebhookOrder).as_object();
    body["line_items"].as_array()[0].as_object()["price"] = "199.999";
    body["line_items"].as_array()[1].as_object()["barcode"] = "";
    body.erase("shipping_address");
    const auto order = parse_webhook_order(body);
    ASSERT_TRUE(order);
    const auto input = to_order_input(*order);

    ASSERT_FALSE(input);
    std::vector<std::string> fields;
    for (const auto& f : input.error().fields) {
        fields.push_back(f.field);
    }
    EXPECT_EQ(fields, (std::vector<std::string>{"shipping_address", "line_items/0/price",
                                                "line_items/1/sku"}));
}

TEST(GraphqlOrder, ReadsTheReconciliationQuerysShape) {
    const auto node = json::parse(R"({
      "id": "gid://shopify/Order/5917341630679", "legacyResourceId": "5917341630679",
      "name": "#1002", "email": "ada@example.com", "note": null, "tags": ["b2b"],
      "currencyCode": "JPY", "updatedAt": "2026-11-26T11:00:00Z", "cancelledAt": null,
      "customer": {"firstName": "Ada", "lastName": "Lovelace"},
      "shippingAddress": {"name": "Ada Lovelace", "address1": "1 Main St", "city": "Tokyo",
                          "zip": "100-0001", "countryCodeV2": "JP", "provinceCode": "JP-13"},
      "lineItems": {"nodes": [{"id": "gid://shopify/LineItem/1", "sku": "TEA-01", "name": "Tea",
        "quantity": 2, "originalUnitPriceSet": {"shopMoney": {"amount": "1200", "currencyCode": "JPY"}},
        "variant": {"barcode": null}}]}
    })");

    const auto order = parse_graphql_order(node);

    ASSERT_TRUE(order) << order.error().message;
    EXPECT_EQ(order->id, "5917341630679");
    EXPECT_FALSE(order->cancelled);
    const auto input = to_order_input(*order);
    ASSERT_TRUE(input);
    EXPECT_EQ(input->lines.at(0).unit_price, 1200);
    EXPECT_EQ(input->tags, (std::vector<std::string>{"b2b"}));
    EXPECT_EQ(input->ship_to.country, "JP");
}

TEST(PlanFulfillments, FillsTheShopsLocationFirstWithOneFulfillmentPerFulfillmentOrder) {
    const std::vector<FulfillmentOrder> orders = {
        {.id = "FO-2",
         .status = "OPEN",
         .location_id = "L2",
         .lines = {{.id = "2a", .sku = "MUG", .remaining = 5}}},
        {.id = "FO-1",
         .status = "OPEN",
         .location_id = "L1",
         .lines = {{.id = "1a", .sku = "MUG", .remaining = 2},
                   {.id = "1b", .sku = "TEA", .remaining = 1}}},
        {.id = "FO-0",
         .status = "CLOSED",
         .location_id = "L1",
         .lines = {{.id = "0a", .sku = "MUG", .remaining = 9}}},
    };

    const auto plan = plan_fulfillments(orders, {{"MUG", 3}, {"TEA", 1}, {"PEN", 2}}, "L1");

    ASSERT_EQ(plan.fulfillments.size(), 2U);
    EXPECT_EQ(plan.fulfillments[0].fulfillment_order_id, "FO-1");
    EXPECT_EQ(plan.fulfillments[0].lines,
              (std::vector<std::pair<std::string, std::int64_t>>{{"1a", 2}, {"1b", 1}}));
    EXPECT_EQ(plan.fulfillments[1].fulfillment_order_id, "FO-2");
    EXPECT_EQ(plan.fulfillments[1].lines,
              (std::vector<std::pair<std::string, std::int64_t>>{{"2a", 1}}));
    EXPECT_EQ(plan.unmatched, (std::map<std::string, std::int64_t>{{"PEN", 2}}));
}

TEST(Throttle, ReadsTheCostExtensionAndWaitsForThePointsACallNeeds) {
    const auto answer = json::parse(R"({
      "errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
      "extensions": {"cost": {"requestedQueryCost": 52, "actualQueryCost": null,
        "throttleStatus": {"maximumAvailable": 2000.0, "currentlyAvailable": 2, "restoreRate": 100.0}}}
    })");

    const auto throttle = parse_throttle(answer);

    ASSERT_TRUE(throttle);
    EXPECT_TRUE(throttle->throttled);
    EXPECT_EQ(wait_for_points(*throttle, throttle->requested), 500);  // 50 points at 100/s
    EXPECT_EQ(wait_for_points({.available = 60, .restore_rate = 100}, 52), 0);
    EXPECT_FALSE(parse_throttle(json::parse(R"({"data": {}})")));
}

TEST(BodyDigest, IsTheHexSha256OfTheRawBody) {
    EXPECT_EQ(body_digest("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_NE(body_digest("abc "), body_digest("abc"));
}

TEST(ClassifyWebhook, AnOrderBodyIsAnOrderUnderAnyOrderTopicAndNeverTheShop) {
    const auto order = json::parse(kWebhookOrder);
    constexpr std::string_view kShop = "tally-test.myshopify.com";

    for (const auto* topic : {"orders/create", "orders/updated", "orders/cancelled"}) {
        const auto kind = classify_webhook(topic, order, kShop);
        ASSERT_TRUE(kind) << topic;
        EXPECT_EQ(*kind, WebhookKind::order) << topic;
    }
    const auto uninstall = classify_webhook("app/uninstalled", order, kShop);
    ASSERT_FALSE(uninstall);
    EXPECT_EQ(uninstall.error().fields.at(0).field, "body");
    EXPECT_EQ(*classify_webhook("products/update", order, kShop), WebhookKind::other);
}

TEST(ClassifyWebhook, OnlyTheShopsOwnObjectUninstalls) {
    constexpr std::string_view kShop = "tally-test.myshopify.com";
    const auto shop = json::parse(
        R"({"id": 548380009, "name": "Tally Test", "domain": "shop.example.com",
            "myshopify_domain": "tally-test.myshopify.com"})");
    const auto other = json::parse(
        R"({"id": 548380010, "domain": "x.example.com", "myshopify_domain": "x.myshopify.com"})");

    EXPECT_EQ(*classify_webhook("app/uninstalled", shop, kShop), WebhookKind::uninstalled);
    EXPECT_FALSE(classify_webhook("app/uninstalled", other, kShop));
    EXPECT_FALSE(classify_webhook("orders/cancelled", shop, kShop));
    EXPECT_FALSE(classify_webhook("orders/create", json::parse("[1]"), kShop));
}

TEST(ServiceLevel, FollowsTheShippingMethodsName) {
    EXPECT_EQ(service_level_for("Express Shipping"), "express");
    EXPECT_EQ(service_level_for("Next Day Air"), "overnight");
    EXPECT_EQ(service_level_for("Standard"), "standard");
    EXPECT_EQ(service_level_for(""), "standard");
}

}  // namespace
}  // namespace tally::integrations::shopify
