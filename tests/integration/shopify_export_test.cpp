// Shopify's order export as merchants have it, over HTTP: lines that ship nothing are
// skipped, cancelled and refunded orders are skipped and named, and an order that came in
// by CSV is the same order when its webhook arrives.
#include <chrono>
#include <functional>
#include <thread>

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testkit/eventually.hpp"
#include "testkit/fake_shopify.hpp"
#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;
using testkit::eventually;
using testkit::FakeOrder;
using testkit::FakeShopify;

constexpr const char* kDomain = "tally-export.myshopify.com";
constexpr const char* kSecret = "whsec_export_0123456789";
constexpr const char* kLocation = "gid://shopify/Location/1";
constexpr std::int64_t kOrderId = 5917341630679;

core::Config config() {
    core::Config c;
    c.secret_key = "3f1c0a9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615243f";
    c.job_backoff_ms = 100;
    c.shopify_timeout_s = 1;
    c.access_log = "off";
    return c;
}

// The columns of Shopify admin → Orders → Export, in Shopify's order.
const std::string kHeader =
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,"
    "Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,"
    "Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,"
    "Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,"
    "Billing Name,Shipping Name,Shipping Street,Shipping Address1,Shipping Address2,"
    "Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,"
    "Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,Refunded Amount,Vendor,"
    "Id,Tags,Risk Level,Source,Phone\n";

// One export row: the order's columns on its first row only, as Shopify writes them.
std::string row(const std::string& name, const std::string& financial, const std::string& currency,
                const std::string& quantity, const std::string& item, const std::string& price,
                const std::string& sku, const std::string& requires_shipping,
                const std::string& ship_name, const std::string& address1,
                const std::string& cancelled_at, const std::string& id, bool first = true) {
    if (!first) {
        return name + ",,,,,,,,,,,,,,,," + quantity + "," + item + "," + price + ",," + sku + "," +
               requires_shipping + ",true,pending,,,,,,,,,,,,,,,,,,,,,,\n";
    }
    return name + ",ada@example.com," + financial + ",2026-12-01 10:00:00 +0100,unfulfilled,,no," +
           currency + ",40.00,4.90,0.00,44.90,,0.00,Standard Shipping,2026-12-01 10:00:00 +0100," +
           quantity + "," + item + "," + price + ",," + sku + "," + requires_shipping +
           ",true,pending," + ship_name + "," + ship_name + "," + address1 + "," + address1 +
           ",,,Berlin,10117,BE,DE,+49 30 1234,\"Ring twice,\nthen wait\",," + cancelled_at +
           ",Shopify Payments,0.00,Tally," + id + ",vip,Low,web,\n";
}

// Order #1001 as Shopify holds it: what the export's rows below say of it.
FakeOrder ada_order() {
    return FakeOrder{
        .id = kOrderId,
        .name = "#1001",
        .email = "ada@example.com",
        .currency = "EUR",
        .customer_first_name = "Ada",
        .customer_last_name = "Lovelace",
        .shipping_address = {.first_name = "Ada",
                             .last_name = "Lovelace",
                             .address1 = "Unter den Linden 1",
                             .city = "Berlin",
                             .zip = "10117",
                             .country_code = "DE"},
        .line_items = {{.sku = "MUG-01", .title = "Mug", .quantity = 2, .price = "19.99"}},
        .location_id = kLocation};
}

// The export of order #1001 alone.
std::string ada_export() {
    return kHeader + row("#1001", "paid", "EUR", "2", "Mug", "19.99", "MUG-01", "true",
                         "Ada Lovelace", "Unter den Linden 1", "", std::to_string(kOrderId));
}

class ShopifyExportTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    ShopifyExportTest() {
        for (
            const auto& [path, body] : std::vector<std::pair<std::string, std::string>>{
                {"/api/v1/warehouses",
                 R"({"code": "BER", "name": "Berlin", "country": "DE", "timezone": "Europe/Berlin"})"},
                {"/api/v1/warehouses/BER/bins", R"({"code": "A-01", "pick_sequence": 1})"},
                {"/api/v1/products", R"({"sku": "MUG-01", "name": "Mug", "currency": "EUR"})"},
                {"/api/v1/products", R"({"sku": "TEA-01", "name": "Tea", "currency": "EUR"})"},
                {"/api/v1/inventory/receipts",
                 R"({"warehouse": "BER", "bin": "A-01", "sku": "MUG-01", "quantity": 100})"},
                {"/api/v1/inventory/receipts",
                 R"({"warehouse": "BER", "bin": "A-01", "sku": "TEA-01", "quantity": 100})"}}) {
            const auto created = admin_.post(path, body);
            EXPECT_EQ(created.status, 201) << path << ": " << created.body;
        }
    }

    void connect(int sync_interval_s = 300) {
        const auto shop = admin_.post(
            "/api/v1/integrations/shopify/shops",
            boost::json::serialize(boost::json::object{{"shop_domain", kDomain},
                                                       {"access_token", fake_.access_token()},
                                                       {"api_version", "2025-07"},
                                                       {"webhook_secret", kSecret},
                                                       {"location_id", kLocation},
                                                       {"api_base_url", fake_.base_url()},
                                                       {"sync_interval_s", sync_interval_s}}));
        ASSERT_EQ(shop.status, 201) << shop.body;
        shop_ = shop.json().at("id").as_int64();
    }

    boost::json::array shopify_orders() {
        return admin_.get("/api/v1/orders?channel=shopify&limit=500").json().at("items").as_array();
    }

    std::int64_t reserved(const std::string& sku) {
        return admin_.get("/api/v1/inventory?sku=" + sku)
            .json()
            .at("items")
            .at(0)
            .at("reserved")
            .as_int64();
    }

    FakeShopify fake_;
    testkit::TestServer server_{GetParam(), config()};
    testkit::HttpClient admin_ = server_.client_as(Role::admin);
    std::int64_t shop_ = 0;
};

TEST_P(ShopifyExportTest, ImportsTheExportAsMerchantsHaveIt) {
    const std::string csv =
        kHeader +
        // Two lines to ship and a gift card without a SKU that ships nothing.
        row("#1001", "paid", "EUR", "2", "Mug", "19.99", "MUG-01", "true", "Zoë Ærøskøbing 山田",
            "\"Unter den Linden 1\nHinterhaus\"", "", std::to_string(kOrderId)) +
        row("#1001", "", "", "1", "Tea", "4.50", "TEA-01", "true", "", "", "", "", false) +
        row("#1001", "", "", "1", "Gift card", "25.00", "", "false", "", "", "", "", false) +
        // Cancelled, and refunded: nothing reserved for either.
        row("#1002", "paid", "EUR", "5", "Mug", "19.99", "MUG-01", "true", "Bob", "Road 2",
            "2026-12-02 09:00:00 +0100", "5917341630680") +
        row("#1003", "refunded", "EUR", "7", "Mug", "19.99", "MUG-01", "true", "Cy", "Lane 3", "",
            "5917341630681") +
        row("#1004", "voided", "EUR", "9", "Mug", "19.99", "MUG-01", "true", "Di", "Way 4", "",
            "5917341630682") +
        // Yen have no minor units: 1500 is 1500 yen.
        row("#1005", "paid", "JPY", "1", "Tea", "1500", "TEA-01", "true", "Eri", "Dori 5", "",
            "5917341630683");

    const auto imported =
        admin_.request("POST", "/api/v1/orders/import", csv, {"Content-Type: text/csv"});

    ASSERT_EQ(imported.status, 201) << imported.body;
    const auto summary = imported.json();
    EXPECT_EQ(summary.at("orders").as_int64(), 2);
    const auto& skipped = summary.at("skipped").as_array();
    ASSERT_EQ(skipped.size(), 4U) << imported.body;
    EXPECT_EQ(skipped.at(0).at("row").as_int64(), 4);
    EXPECT_EQ(skipped.at(0).at("name").as_string(), "#1001");
    EXPECT_EQ(skipped.at(0).at("reason").as_string(), "the line ships nothing (Gift card)");
    EXPECT_EQ(skipped.at(1).at("name").as_string(), "#1002");
    EXPECT_EQ(skipped.at(1).at("reason").as_string(), "the order is cancelled in Shopify");
    EXPECT_EQ(skipped.at(2).at("name").as_string(), "#1003");
    EXPECT_EQ(skipped.at(2).at("reason").as_string(), "the order is refunded in Shopify");
    EXPECT_EQ(skipped.at(3).at("reason").as_string(), "the order is voided in Shopify");

    EXPECT_EQ(shopify_orders().size(), 2U);
    const auto found =
        admin_.get("/api/v1/orders?channel=shopify&external_id=" + std::to_string(kOrderId));
    ASSERT_EQ(found.json().at("items").as_array().size(), 1U) << found.body;
    const auto id = found.json().at("items").at(0).at("id").as_int64();
    const auto order = admin_.get("/api/v1/orders/" + std::to_string(id)).json();
    EXPECT_EQ(order.at("lines").as_array().size(), 2U);
    EXPECT_EQ(order.at("total").as_int64(), 2 * 1999 + 450);
    EXPECT_EQ(order.at("ship_to").at("name").as_string(), "Zoë Ærøskøbing 山田");
    EXPECT_EQ(order.at("ship_to").at("line1").as_string(), "Unter den Linden 1\nHinterhaus");
    EXPECT_EQ(order.at("notes").as_string(), "Ring twice,\nthen wait");
    const auto yen = admin_.get("/api/v1/orders?channel=shopify&external_id=5917341630683").json();
    EXPECT_EQ(yen.at("items").at(0).at("total").as_int64(), 1500);
    EXPECT_EQ(reserved("MUG-01"), 2);
    EXPECT_EQ(reserved("TEA-01"), 2);
}

TEST_P(ShopifyExportTest, RefusesAnExportWithoutShopifysOrderId) {
    const auto refused =
        admin_.post("/api/v1/orders/import",
                    "Name,Currency,Lineitem quantity,Lineitem price,Lineitem sku,Shipping Name,"
                    "Shipping Address1,Shipping City,Shipping Country,Id\n"
                    "#1,EUR,1,19.99,MUG-01,Ada,Street,Berlin,DE,#1\n");
    ASSERT_EQ(refused.status, 400) << refused.body;
    EXPECT_EQ(refused.json().at("errors").at(0).at("field").as_string(), "rows/2/Id");
    EXPECT_TRUE(shopify_orders().empty());
}

TEST_P(ShopifyExportTest, AWebhookForAnOrderThatCameByCsvFindsIt) {
    connect();
    const auto imported =
        admin_.request("POST", "/api/v1/orders/import", ada_export(), {"Content-Type: text/csv"});
    ASSERT_EQ(imported.status, 201) << imported.body;
    ASSERT_EQ(shopify_orders().size(), 1U);

    const auto body = FakeShopify::order_webhook_json(ada_order());
    testkit::HttpClient shopify(server_.base_url());
    const auto delivered =
        shopify.post("/webhooks/shopify", body,
                     FakeShopify::webhook_headers("orders/create", kDomain, kSecret, body, "e-1"));
    ASSERT_EQ(delivered.status, 200) << delivered.body;
    const auto hooks = "/api/v1/integrations/shopify/shops/" + std::to_string(shop_) + "/webhooks";
    ASSERT_TRUE(eventually([&] {
        const auto items = admin_.get(hooks).json().at("items").as_array();
        return !items.empty() && items.at(0).at("status").as_string() != "pending" &&
               items.at(0).at("status").as_string() != "received";
    }));

    EXPECT_EQ(admin_.get(hooks).json().at("items").at(0).at("status").as_string(), "processed");
    EXPECT_EQ(shopify_orders().size(), 1U);
    EXPECT_EQ(reserved("MUG-01"), 2);
}

TEST_P(ShopifyExportTest, AReconciliationOfAnOrderThatCameByCsvFindsIt) {
    const auto imported =
        admin_.request("POST", "/api/v1/orders/import", ada_export(), {"Content-Type: text/csv"});
    ASSERT_EQ(imported.status, 201) << imported.body;
    connect(1);

    // Shopify has the order, updated since the shop was connected: reconciliation reads it.
    // Every query counted from here on sees it, and a second one starts only after the run
    // of the first has taken what it found.
    fake_.add_order(ada_order());
    const auto before = fake_.count("orders");
    ASSERT_TRUE(eventually([&] { return fake_.count("orders") >= before + 2; }));

    ASSERT_EQ(shopify_orders().size(), 1U);
    EXPECT_EQ(shopify_orders().at(0).at("external_id").as_string(), std::to_string(kOrderId));
    EXPECT_EQ(reserved("MUG-01"), 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, ShopifyExportTest,
                         ::testing::ValuesIn(testkit::enabled_engines()), testkit::engine_name);

}  // namespace
}  // namespace tally
