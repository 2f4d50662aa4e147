// The Shopify stand-in, checked over real HTTP as a client would see it.
#include "testkit/fake_shopify.hpp"

#include <functional>
#include <future>
#include <thread>

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testkit/eventually.hpp"
#include "testkit/http_client.hpp"

namespace tally {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testkit::eventually;
using testkit::FakeShopify;

constexpr const char* kOrders =
    "query Orders($first: Int!, $after: String, $query: String) { orders(first: $first, after: "
    "$after, query: $query, sortKey: UPDATED_AT) { pageInfo { hasNextPage endCursor } nodes { id "
    "legacyResourceId updatedAt } } }";
constexpr const char* kOrder =
    "query Order($id: ID!) { order(id: $id) { id displayFulfillmentStatus fulfillmentOrders(first: "
    "5) { nodes { id status lineItems(first: 50) { nodes { id remainingQuantity } } } } } }";
constexpr const char* kFulfill =
    "mutation Fulfill($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: "
    "$fulfillment) { fulfillment { id status } userErrors { field message } } }";

testkit::FakeOrder sample_order(std::string updated_at = {}) {
    testkit::FakeOrder order;
    order.name = "#1001";
    order.email = "ada@example.com";
    order.tags = {"vip", "gift"};
    order.created_at = "2026-11-26T09:00:00Z";
    order.updated_at = std::move(updated_at);
    order.shipping_address = {.first_name = "Ada",
                              .last_name = "Lovelace",
                              .address1 = "1 Main St",
                              .city = "Springfield",
                              .zip = "12345"};
    order.line_items = {{.sku = "MUG-1", .title = "Mug", .quantity = 3, .price = "19.99"},
                        {.sku = "TEE-M", .title = "T-shirt", .quantity = 7, .price = "0.10"}};
    return order;
}

class FakeShopifyTest : public ::testing::Test {
  protected:
    FakeShopify shopify_;
    testkit::HttpClient client_{shopify_.base_url()};

    void SetUp() override {
        client_.set_header("X-Shopify-Access-Token: " + shopify_.access_token());
    }

    testkit::HttpResult post(testkit::HttpClient& client, std::string_view query,
                             json::object variables = {}) {
        const json::object body{{"query", query}, {"variables", std::move(variables)}};
        return client.post(shopify_.graphql_path(), json::serialize(body));
    }
    json::value graphql(std::string_view query, json::object variables = {}) {
        const auto result = post(client_, query, std::move(variables));
        EXPECT_EQ(result.status, 200) << result.body;
        return result.json();
    }
    json::value fulfill(const json::value& fulfillment) {
        return graphql(kFulfill, {{"fulfillment", fulfillment}}).at("data").at("fulfillmentCreate");
    }
    json::value order(std::int64_t id) {
        return graphql(kOrder, {{"id", "gid://shopify/Order/" + std::to_string(id)}})
            .at("data")
            .at("order");
    }
    json::value fulfillment_orders(std::int64_t id) {
        return order(id).at("fulfillmentOrders").at("nodes");
    }
};

TEST_F(FakeShopifyTest, AWrongAccessTokenIsRefusedWith401AndStillRecorded) {
    testkit::HttpClient stranger(shopify_.base_url());
    stranger.set_header("X-Shopify-Access-Token: shpat_wrong");
    const auto result = post(stranger, kOrders, {{"first", 10}});
    EXPECT_EQ(result.status, 401);
    EXPECT_THAT(json::value_to<std::string>(result.json().at("errors")),
                HasSubstr("Invalid API key or access token"));
    ASSERT_EQ(shopify_.requests().size(), 1U);
    EXPECT_EQ(shopify_.requests()[0].access_token, "shpat_wrong");
    EXPECT_EQ(shopify_.requests()[0].status, 401);
}

TEST_F(FakeShopifyTest, AnotherApiVersionOrPathIsNotFound) {
    EXPECT_EQ(
        client_.post("/admin/api/2024-01/graphql.json", R"({"query":"{ shop { id } }"})").status,
        404);
    EXPECT_EQ(client_.get(shopify_.graphql_path()).status, 404);
    EXPECT_EQ(client_.post("/admin/api/2025-07/orders.json", "{}").status, 404);
}

TEST_F(FakeShopifyTest, AnUnknownRootFieldIsAnUndefinedFieldError) {
    const auto answer = graphql("query { shop { name } }");
    const auto error = answer.at("errors").at(0);
    EXPECT_EQ(error.at("extensions").at("code"), "undefinedField");
    EXPECT_EQ(error.at("message"), "Field 'shop' doesn't exist on type 'QueryRoot'");
    EXPECT_FALSE(answer.as_object().contains("data"));
}

TEST_F(FakeShopifyTest, OrdersComeInUpdatedAtOrderAcrossPagesWithCursors) {
    const auto third = shopify_.add_order(sample_order("2026-11-26T12:00:00Z"));
    const auto first = shopify_.add_order(sample_order("2026-11-26T10:00:00Z"));
    const auto second = shopify_.add_order(sample_order("2026-11-26T11:00:00Z"));
    const auto page = graphql(kOrders, {{"first", 2}});
    const auto orders = page.at("data").at("orders");
    ASSERT_EQ(orders.at("nodes").as_array().size(), 2U);
    EXPECT_EQ(orders.at("nodes").at(0).at("id"),
              json::value("gid://shopify/Order/" + std::to_string(first)));
    EXPECT_EQ(orders.at("nodes").at(1).at("legacyResourceId"), json::value(std::to_string(second)));
    EXPECT_EQ(orders.at("pageInfo").at("hasNextPage"), true);
    EXPECT_EQ(page.at("extensions").at("cost").at("actualQueryCost"), 10);

    const auto next =
        graphql(kOrders, {{"first", 2}, {"after", orders.at("pageInfo").at("endCursor")}})
            .at("data")
            .at("orders");
    ASSERT_EQ(next.at("nodes").as_array().size(), 1U);
    EXPECT_EQ(next.at("nodes").at(0).at("legacyResourceId"), json::value(std::to_string(third)));
    EXPECT_EQ(next.at("pageInfo").at("hasNextPage"), false);
}

TEST_F(FakeShopifyTest, TheUpdatedAtSearchKeepsLaterOrdersAndGreaterOrEqualKeepsTheEqualOne) {
    shopify_.add_order(sample_order("2026-11-26T10:00:00Z"));
    const auto later = shopify_.add_order(sample_order("2026-11-26T11:00:00Z"));
    const auto after =
        graphql(kOrders, {{"first", 10}, {"query", "updated_at:>'2026-11-26T10:00:00Z'"}});
    const auto& nodes = after.at("data").at("orders").at("nodes").as_array();
    ASSERT_EQ(nodes.size(), 1U);
    EXPECT_EQ(nodes[0].at("legacyResourceId"), json::value(std::to_string(later)));
    const auto from =
        graphql(kOrders, {{"first", 10}, {"query", "updated_at:>=2026-11-26T12:00:00+02:00"}});
    EXPECT_EQ(from.at("data").at("orders").at("nodes").as_array().size(), 2U);
}

TEST_F(FakeShopifyTest, OrderAnswersNullForAnUnknownIdAndListsFulfillmentOrdersOtherwise) {
    EXPECT_TRUE(
        graphql(kOrder, {{"id", "gid://shopify/Order/42"}}).at("data").at("order").is_null());
    const auto id = shopify_.add_order(sample_order());
    const auto fos = fulfillment_orders(id);
    ASSERT_EQ(fos.as_array().size(), 1U);
    EXPECT_EQ(fos.at(0).at("status"), "OPEN");
    EXPECT_EQ(fos.at(0).at("lineItems").at("nodes").at(0).at("remainingQuantity"), 3);
    EXPECT_EQ(shopify_.count("order"), 2);
}

TEST_F(FakeShopifyTest, FulfillingPartThenTheRestMovesTheFulfillmentOrderToInProgressThenClosed) {
    const auto id = shopify_.add_order(sample_order());
    const auto fo = fulfillment_orders(id).at(0);
    const auto mug = fo.at("lineItems").at("nodes").at(0).at("id");
    const auto created = fulfill(json::object{
        {"lineItemsByFulfillmentOrder",
         json::array{json::object{{"fulfillmentOrderId", fo.at("id")},
                                  {"fulfillmentOrderLineItems",
                                   json::array{json::object{{"id", mug}, {"quantity", 2}}}}}}},
        {"trackingInfo",
         json::object{{"company", "UPS"}, {"number", "1Z1"}, {"url", "https://t/1"}}},
        {"notifyCustomer", true}});
    EXPECT_TRUE(created.at("userErrors").as_array().empty());
    EXPECT_EQ(created.at("fulfillment").at("status"), "SUCCESS");
    EXPECT_EQ(shopify_.remaining(id, "MUG-1"), 1);
    EXPECT_EQ(fulfillment_orders(id).at(0).at("status"), "IN_PROGRESS");
    EXPECT_EQ(order(id).at("displayFulfillmentStatus"), "PARTIALLY_FULFILLED");

    fulfill(json::object{{"lineItemsByFulfillmentOrder",
                          json::array{json::object{{"fulfillmentOrderId", fo.at("id")}}}}});
    EXPECT_EQ(shopify_.remaining(id, "MUG-1"), 0);
    EXPECT_EQ(shopify_.remaining(id, "TEE-M"), 0);
    EXPECT_EQ(fulfillment_orders(id).at(0).at("status"), "CLOSED");
    EXPECT_EQ(order(id).at("displayFulfillmentStatus"), "FULFILLED");
    const auto fulfillments = shopify_.fulfillments();
    ASSERT_EQ(fulfillments.size(), 2U);
    EXPECT_EQ(fulfillments[0].company, "UPS");
    EXPECT_EQ(fulfillments[0].numbers, std::vector<std::string>{"1Z1"});
    EXPECT_TRUE(fulfillments[0].notify_customer);
    EXPECT_EQ(fulfillments[1].line_items.size(), 2U);
}

TEST_F(FakeShopifyTest, FulfillingMoreThanRemainsIsAUserErrorAndChangesNothing) {
    const auto id = shopify_.add_order(sample_order());
    const auto fo = fulfillment_orders(id).at(0);
    const auto refused = fulfill(json::object{
        {"lineItemsByFulfillmentOrder",
         json::array{json::object{
             {"fulfillmentOrderId", fo.at("id")},
             {"fulfillmentOrderLineItems",
              json::array{json::object{{"id", fo.at("lineItems").at("nodes").at(0).at("id")},
                                       {"quantity", 4}}}}}}}});
    EXPECT_TRUE(refused.at("fulfillment").is_null());
    EXPECT_EQ(refused.at("userErrors").at(0).at("field").at(0), "fulfillment");
    EXPECT_EQ(shopify_.remaining(id, "MUG-1"), 3);
    EXPECT_TRUE(shopify_.fulfillments().empty());
}

TEST_F(FakeShopifyTest, FulfillmentOrdersAtTwoLocationsCannotBeFulfilledTogether) {
    auto order = sample_order();
    order.line_items[1].id = 9001;
    const auto id = shopify_.add_order(order);
    const auto moved = shopify_.add_fulfillment_order(id, "gid://shopify/Location/2", {{9001, 7}});
    const auto fos = fulfillment_orders(id);
    ASSERT_EQ(fos.as_array().size(), 2U);
    EXPECT_EQ(fos.at(0).at("lineItems").at("nodes").as_array().size(), 1U);  // the T-shirts left
    EXPECT_EQ(fos.at(1).at("id"), json::value(moved));
    EXPECT_EQ(shopify_.remaining(id, "TEE-M"), 7);
    const auto both =
        fulfill(json::object{{"lineItemsByFulfillmentOrder",
                              json::array{json::object{{"fulfillmentOrderId", fos.at(0).at("id")}},
                                          json::object{{"fulfillmentOrderId", moved}}}}});
    EXPECT_FALSE(both.at("userErrors").as_array().empty());
    EXPECT_EQ(shopify_.remaining(id, "MUG-1"), 3);
    const auto one = fulfill(json::object{
        {"lineItemsByFulfillmentOrder", json::array{json::object{{"fulfillmentOrderId", moved}}}}});
    EXPECT_TRUE(one.at("userErrors").as_array().empty());
    EXPECT_EQ(shopify_.remaining(id, "TEE-M"), 0);
}

TEST_F(FakeShopifyTest, TrackingInfoUpdateReplacesTheNumbersAndAnUnknownFulfillmentIsAUserError) {
    const auto id = shopify_.add_order(sample_order());
    fulfill(json::object{{"lineItemsByFulfillmentOrder",
                          json::array{json::object{
                              {"fulfillmentOrderId", fulfillment_orders(id).at(0).at("id")}}}}});
    const std::string query =
        "mutation Track($fulfillmentId: ID!, $trackingInfoInput: FulfillmentTrackingInput!) { "
        "fulfillmentTrackingInfoUpdate(fulfillmentId: $fulfillmentId, trackingInfoInput: "
        "$trackingInfoInput, notifyCustomer: false) { fulfillment { id trackingInfo { number } } "
        "userErrors { message } } }";
    const json::object tracking{{"company", "DHL"}, {"numbers", json::array{"A1", "A2"}}};
    const auto updated = graphql(query, {{"fulfillmentId", shopify_.fulfillments()[0].id},
                                         {"trackingInfoInput", tracking}})
                             .at("data")
                             .at("fulfillmentTrackingInfoUpdate");
    EXPECT_EQ(updated.at("fulfillment").at("trackingInfo").at(1).at("number"), "A2");
    EXPECT_EQ(shopify_.fulfillments()[0].company, "DHL");
    EXPECT_EQ(shopify_.fulfillments()[0].numbers, (std::vector<std::string>{"A1", "A2"}));
    const auto unknown = graphql(
        query, {{"fulfillmentId", "gid://shopify/Fulfillment/1"}, {"trackingInfoInput", tracking}});
    EXPECT_TRUE(unknown.at("data").at("fulfillmentTrackingInfoUpdate").at("fulfillment").is_null());
}

TEST_F(FakeShopifyTest, ProductVariantsAnswersOnlyTheSkusAskedFor) {
    shopify_.add_variant("MUG-1", "111");
    shopify_.add_variant("TEE-M", "gid://shopify/InventoryItem/222");
    shopify_.add_variant("CAP", "333");
    const auto nodes = graphql(
                           "query V($first: Int!, $query: String) { productVariants(first: "
                           "$first, query: $query) { nodes { id sku inventoryItem { id } } } }",
                           {{"first", 50}, {"query", "sku:MUG-1 OR sku:'TEE-M'"}})
                           .at("data")
                           .at("productVariants")
                           .at("nodes");
    ASSERT_EQ(nodes.as_array().size(), 2U);
    EXPECT_EQ(nodes.at(0).at("inventoryItem").at("id"), "gid://shopify/InventoryItem/111");
    EXPECT_EQ(nodes.at(1).at("sku"), "TEE-M");
}

TEST_F(FakeShopifyTest, InventorySetQuantitiesStoresTheQuantityAndRefusesMoreThan250) {
    const std::string query =
        "mutation Set($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: "
        "$input) "
        "{ inventoryAdjustmentGroup { reason changes { name delta } } userErrors { field message } "
        "} }";
    const json::object quantity{{"inventoryItemId", "gid://shopify/InventoryItem/1"},
                                {"locationId", "gid://shopify/Location/1"},
                                {"quantity", 12}};
    json::object input{{"name", "available"},
                       {"reason", "correction"},
                       {"ignoreCompareQuantity", true},
                       {"quantities", json::array{quantity}}};
    const auto set = graphql(query, {{"input", input}}).at("data").at("inventorySetQuantities");
    EXPECT_EQ(set.at("inventoryAdjustmentGroup").at("changes").at(0).at("delta"), 12);
    EXPECT_EQ(shopify_.inventory("gid://shopify/InventoryItem/1", "gid://shopify/Location/1"), 12);

    auto stale = quantity;
    stale["compareQuantity"] = 3;
    input["ignoreCompareQuantity"] = false;
    input["quantities"] = json::array{stale};
    const auto compared =
        graphql(query, {{"input", input}}).at("data").at("inventorySetQuantities");
    EXPECT_EQ(compared.at("userErrors").as_array().size(), 1U);
    EXPECT_EQ(shopify_.inventory("gid://shopify/InventoryItem/1", "gid://shopify/Location/1"), 12);

    input["ignoreCompareQuantity"] = true;
    input["quantities"] = json::array(251, quantity);
    const auto refused = graphql(query, {{"input", input}}).at("data").at("inventorySetQuantities");
    EXPECT_EQ(refused.at("userErrors").as_array().size(), 1U);
}

TEST_F(FakeShopifyTest, InjectedFailuresSkipTheOperationThenTheNextRequestSucceeds) {
    shopify_.fail_next("productVariants", 2, 503);
    shopify_.retry_after_next("productVariants", 1, 3);
    shopify_.error_next("productVariants");
    shopify_.throttle_next("productVariants");
    const char* query = "{ productVariants(first: 5) { nodes { id } } }";
    EXPECT_EQ(post(client_, query).status, 503);
    EXPECT_EQ(post(client_, query).status, 503);
    const auto limited = post(client_, query);
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(limited.header("retry-after"), "3");
    EXPECT_EQ(graphql(query).at("errors").at(0).at("extensions").at("code"),
              "INTERNAL_SERVER_ERROR");
    const auto throttled = graphql(query);
    EXPECT_EQ(throttled.at("errors").at(0).at("extensions").at("code"), "THROTTLED");
    EXPECT_EQ(throttled.at("extensions").at("cost").at("throttleStatus").at("currentlyAvailable"),
              0);
    EXPECT_TRUE(graphql(query).at("data").at("productVariants").is_object());
    EXPECT_EQ(shopify_.count("productVariants"), 6);
}

TEST_F(FakeShopifyTest, TheBucketThrottlesWhenTheCostExceedsWhatIsLeftAndRefillsOverTime) {
    shopify_.set_bucket(2000, 15, 0);
    const char* query = "{ orders(first: 5) { nodes { id } } }";
    EXPECT_EQ(
        graphql(query).at("extensions").at("cost").at("throttleStatus").at("currentlyAvailable"),
        5);
    const auto throttled = graphql(query);
    EXPECT_EQ(throttled.at("errors").at(0).at("message"), "Throttled");
    EXPECT_TRUE(throttled.at("extensions").at("cost").at("actualQueryCost").is_null());
    shopify_.set_bucket(2000, 5, 1);
    EXPECT_EQ(graphql(query).at("errors").at(0).at("message"), "Throttled");
    shopify_.advance_clock(5s);  // 5 more points: enough for one query
    EXPECT_TRUE(graphql(query).as_object().contains("data"));
}

TEST_F(FakeShopifyTest, ADelayedAnswerComesAfterTheFulfillmentIsMadeAndHoldsUpNoOneElse) {
    const auto id = shopify_.add_order(sample_order());
    const json::object input{
        {"lineItemsByFulfillmentOrder",
         json::array{json::object{{"fulfillmentOrderId", fulfillment_orders(id).at(0).at("id")}}}}};
    // Far longer than any test waits: the delay ends only when the test says so.
    shopify_.delay_after_next("fulfillmentCreate", 10min);
    testkit::HttpClient slow(shopify_.base_url());
    slow.set_header("X-Shopify-Access-Token: " + shopify_.access_token());
    auto answer = std::async(std::launch::async, [&] {
        return post(slow, kFulfill, {{"fulfillment", input}});
    });
    ASSERT_TRUE(eventually([&] { return shopify_.delayed_now() == 1; }));

    EXPECT_EQ(shopify_.fulfillments().size(), 1U);
    EXPECT_EQ(shopify_.remaining(id, "MUG-1"), 0);
    // Another request is answered while the delayed one still waits.
    EXPECT_EQ(post(client_, kOrders, {{"first", 1}}).status, 200);
    EXPECT_EQ(answer.wait_for(0s), std::future_status::timeout);
    shopify_.end_delays();
    EXPECT_EQ(answer.get().status, 200);
}

TEST(FakeShopifyLifetime, StoppingTheFakeCutsAPendingDelayShort) {
    auto shopify = std::make_unique<FakeShopify>();
    shopify->delay_next("orders", 30s);
    auto answer = std::async(std::launch::async, [url = shopify->base_url(),
                                                  path = shopify->graphql_path()] {
        testkit::HttpClient client(url);
        client.set_header("X-Shopify-Access-Token: shpat_fake_token");
        try {
            return client.post(path, R"({"query":"{ orders(first: 1) { nodes { id } } }"})").status;
        } catch (const std::runtime_error&) {
            return 0L;  // the connection closed unanswered
        }
    });
    ASSERT_TRUE(eventually([&] { return shopify->delayed_now() == 1; }));
    const auto started = std::chrono::steady_clock::now();
    shopify.reset();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    EXPECT_EQ(answer.wait_for(5s), std::future_status::ready);
}

TEST_F(FakeShopifyTest, WebhookJsonWritesA64BitIdExactlyAndTotalsInCents) {
    auto order = sample_order("2026-11-26T10:00:00Z");
    order.id = 820982911946154508;
    const auto body = FakeShopify::order_webhook_json(order);
    EXPECT_THAT(body, HasSubstr(R"("id":820982911946154508,)"));
    const auto parsed = json::parse(body);
    EXPECT_EQ(parsed.at("total_price"), "60.67");  // 3 × 19.99 + 7 × 0.10
    EXPECT_EQ(parsed.at("tags"), "vip, gift");
    EXPECT_EQ(parsed.at("admin_graphql_api_id"), "gid://shopify/Order/820982911946154508");
    EXPECT_TRUE(parsed.at("fulfillment_status").is_null());

    const auto id = shopify_.add_order(order);
    fulfill(json::object{
        {"lineItemsByFulfillmentOrder",
         json::array{json::object{
             {"fulfillmentOrderId", fulfillment_orders(id).at(0).at("id")},
             {"fulfillmentOrderLineItems",
              json::array{json::object{
                  {"id", fulfillment_orders(id).at(0).at("lineItems").at("nodes").at(0).at("id")},
                  {"quantity", 1}}}}}}}});
    const auto stored = json::parse(shopify_.order_webhook_json(id));
    EXPECT_EQ(stored.at("fulfillment_status"), "partial");
    EXPECT_EQ(stored.at("line_items").at(0).at("fulfillable_quantity"), 2);
}

TEST_F(FakeShopifyTest, WebhookHeadersCarryTheHmacOfTheBodyAndAFreshWebhookId) {
    const std::string body = "The quick brown fox jumps over the lazy dog";
    EXPECT_EQ(FakeShopify::hmac_base64("key", body),
              "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=");
    const auto headers =
        FakeShopify::webhook_headers("orders/create", "tally.myshopify.com", "key", body, "");
    EXPECT_THAT(headers, ::testing::Contains("X-Shopify-Hmac-Sha256: "
                                             "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg="));
    EXPECT_THAT(headers, ::testing::Contains("X-Shopify-Topic: orders/create"));
    EXPECT_THAT(headers, ::testing::Not(::testing::Contains(HasSubstr("X-Shopify-Event-Id"))));
    const auto again =
        FakeShopify::webhook_headers("orders/create", "tally.myshopify.com", "key", body, "evt-1");
    EXPECT_THAT(again, ::testing::Contains("X-Shopify-Event-Id: evt-1"));
    EXPECT_NE(headers[5], again[5]);  // X-Shopify-Webhook-Id
    EXPECT_EQ(headers[5].size(), std::string("X-Shopify-Webhook-Id: ").size() + 36);
}

}  // namespace
}  // namespace tally
