// The Shopify channel over HTTP against a fake Shopify on loopback: signed webhooks become
// orders once however often they come, a shipped order is fulfilled in Shopify exactly once
// through failures and a restart, and reconciliation finds what no webhook brought.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "tally/core/clock.hpp"
#include "tally/integrations/shopify/shopify_repo.hpp"

#include "testkit/eventually.hpp"
#include "testkit/fake_shopify.hpp"
#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;
using testkit::eventually;
using testkit::FakeOrder;
using testkit::FakeShopify;

constexpr const char* kDomain = "tally-test.myshopify.com";
constexpr const char* kSecret = "whsec_test_0123456789";
constexpr const char* kLocation = "gid://shopify/Location/1";

core::Config config() {
    core::Config c;
    c.secret_key = "3f1c0a9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615243f";
    c.job_backoff_ms = 100;
    c.shopify_timeout_s = 1;
    c.access_log = "off";
    return c;
}

FakeOrder mug_order(std::int64_t id, std::int64_t mugs = 2) {
    return FakeOrder{
        .id = id,
        .name = "#" + std::to_string(id % 100000),
        .email = "ada@example.com",
        .note = "Ring twice",
        .tags = {"vip", "gift"},
        .currency = "EUR",
        .customer_first_name = "Ada",
        .customer_last_name = "Lovelace",
        .shipping_address = {.first_name = "Ada",
                             .last_name = "Lovelace",
                             .address1 = "Unter den Linden 1",
                             .city = "Berlin",
                             .zip = "10117",
                             .country_code = "DE"},
        .line_items = {{.sku = "MUG-01", .title = "Mug", .quantity = mugs, .price = "19.99"}},
        .location_id = kLocation};
}

class ShopifyHttpTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    ShopifyHttpTest() {
        for (
            const auto& [path, body] : std::vector<std::pair<std::string, std::string>>{
                {"/api/v1/warehouses",
                 R"({"code": "BER", "name": "Berlin", "line1": "Lager 1", "city": "Berlin", "country": "DE", "timezone": "Europe/Berlin"})"},
                {"/api/v1/warehouses/BER/bins", R"({"code": "A-01", "pick_sequence": 1})"},
                {"/api/v1/products",
                 R"({"sku": "MUG-01", "name": "Mug", "weight_g": 350, "dims_mm": {"length": 120, "width": 90, "height": 80}, "currency": "EUR"})"},
                {"/api/v1/box-types",
                 R"({"code": "S", "name": "Small", "inner_mm": {"length": 300, "width": 200, "height": 150}, "tare_g": 120, "max_load_g": 10000, "currency": "EUR"})"},
                {"/api/v1/inventory/receipts",
                 R"({"warehouse": "BER", "bin": "A-01", "sku": "MUG-01", "quantity": 1000})"},
                {"/api/v1/carriers",
                 R"({"code": "DHL", "name": "DHL Paket", "tracking_url": "https://track.example/{tracking}", "services": [{"code": "STD", "name": "Paket", "service_level": "standard"}]})"},
                {"/api/v1/stations", R"({"code": "P1", "type": "pick", "warehouse": "BER"})"},
                {"/api/v1/stations", R"({"code": "K1", "type": "pack", "warehouse": "BER"})"},
                {"/api/v1/stations", R"({"code": "L1", "type": "load", "warehouse": "BER"})"}}) {
            const auto created = admin_.post(path, body);
            EXPECT_EQ(created.status, 201) << path << ": " << created.body;
        }
        const auto rules = admin_.request(
            "PUT", "/api/v1/shipping-rules",
            R"({"rules": [{"service_level": "standard", "carrier": "DHL", "service": "STD"}]})");
        EXPECT_EQ(rules.status, 200) << rules.body;
    }

    std::int64_t connect(int sync_interval_s = 300, bool push_inventory = false) {
        const auto shop = admin_.post(
            "/api/v1/integrations/shopify/shops",
            boost::json::serialize(boost::json::object{{"shop_domain", kDomain},
                                                       {"access_token", fake_.access_token()},
                                                       {"api_version", "2025-07"},
                                                       {"webhook_secret", kSecret},
                                                       {"location_id", kLocation},
                                                       {"api_base_url", fake_.base_url()},
                                                       {"sync_interval_s", sync_interval_s},
                                                       {"push_inventory", push_inventory}}));
        EXPECT_EQ(shop.status, 201) << shop.body;
        return shop.status == 201 ? shop.json().at("id").as_int64() : 0;
    }

    testkit::HttpResult deliver(const std::string& topic, const std::string& body,
                                const std::string& event_id, const std::string& secret = kSecret) {
        testkit::HttpClient shopify(server_.base_url());
        return shopify.post("/webhooks/shopify", body,
                            FakeShopify::webhook_headers(topic, kDomain, secret, body, event_id));
    }

    // The Tally order of a Shopify order, as GET /api/v1/orders/{id} shows it; null if none.
    boost::json::value order_of(std::int64_t shopify_id) {
        const auto found =
            admin_.get("/api/v1/orders?channel=shopify&external_id=" + std::to_string(shopify_id));
        EXPECT_EQ(found.status, 200) << found.body;
        const auto items = found.json().at("items").as_array();
        if (items.empty()) {
            return nullptr;
        }
        return admin_.get("/api/v1/orders/" + std::to_string(items.at(0).at("id").as_int64()))
            .json();
    }

    std::size_t shopify_orders() {
        const auto found = admin_.get("/api/v1/orders?channel=shopify&limit=500");
        return found.json().at("items").as_array().size();
    }

    boost::json::object scan(testkit::HttpClient& client, const std::string& station,
                             const std::string& body) {
        const auto answer = client.post("/api/v1/stations/" + station + "/scans", body);
        EXPECT_EQ(answer.status, 200) << body << ": " << answer.body;
        auto json = answer.json().as_object();
        EXPECT_EQ(json.at("verdict").as_string(), "ok") << body << ": " << answer.body;
        return json;
    }

    boost::json::object code(testkit::HttpClient& client, const std::string& station,
                             const std::string& text) {
        return scan(client, station, R"({"barcode": ")" + text + R"("})");
    }

    static std::string action(const boost::json::object& answer) {
        return std::string(answer.at("next").at("action").as_string());
    }

    // Picks, packs (with the carrier's tracking label) and loads the order, and closes the
    // trailer: the order ships.
    void ship(std::int64_t order, const std::string& tracking) {
        const auto id = std::to_string(order);
        ASSERT_EQ(admin_.post("/api/v1/orders/" + id + "/release", "").status, 200);
        auto answer = code(picker_, "P1", "ORD-" + id);
        while (action(answer) != "done") {
            const auto next = answer.at("next").as_object();
            answer = action(answer) == "scan_bin"
                         ? code(picker_, "P1", "B:BER:" + std::string(next.at("bin").as_string()))
                         : code(picker_, "P1", std::string(next.at("sku").as_string()));
        }
        answer = code(packer_, "K1", "ORD-" + id);
        while (action(answer) == "scan_item") {
            answer = code(packer_, "K1", std::string(answer.at("next").at("sku").as_string()));
        }
        ASSERT_EQ(action(answer), "weigh");
        const auto weight = answer.at("next").at("weight").at("expected_g").as_int64();
        answer = scan(packer_, "K1", R"({"weight_g": )" + std::to_string(weight) + "}");
        ASSERT_EQ(action(answer), "scan_tracking");
        ASSERT_EQ(action(code(packer_, "K1", tracking)), "done");
        const auto trailer =
            admin_.post("/api/v1/manifests", R"({"carrier": "DHL", "warehouse": "BER"})");
        ASSERT_EQ(trailer.status, 201) << trailer.body;
        code(loader_, "L1", std::string(trailer.json().at("barcode").as_string()));
        const auto cartons = admin_.get("/api/v1/cartons?order=" + id).json();
        code(loader_, "L1", std::string(cartons.at("items").at(0).at("barcode").as_string()));
        ASSERT_EQ(action(code(loader_, "L1", "CMD-CLOSE")), "done");
    }

    FakeShopify fake_;
    testkit::TestServer server_{GetParam(), config()};
    testkit::HttpClient admin_ = server_.client_as(Role::admin);
    testkit::HttpClient picker_ = server_.client_as(Role::picker);
    testkit::HttpClient packer_ = server_.client_as(Role::packer);
    testkit::HttpClient loader_ = server_.client_as(Role::loader);
};

TEST_P(ShopifyHttpTest, ASignedOrderCreateBecomesAnAllocatedOrder) {
    const auto shop = connect();
    const auto body = FakeShopify::order_webhook_json(mug_order(820982911946154508));

    const auto answer = deliver("orders/create", body, "evt-1");

    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.json().at("status").as_string(), "accepted");
    ASSERT_TRUE(eventually([&] { return !order_of(820982911946154508).is_null(); }));
    const auto order = order_of(820982911946154508);
    EXPECT_EQ(order.at("external_id").as_string(), "820982911946154508");
    EXPECT_EQ(order.at("status").as_string(), "allocated");
    EXPECT_EQ(order.at("channel").as_string(), "shopify");
    EXPECT_EQ(order.at("lines").at(0).at("unit_price").as_int64(), 1999);
    EXPECT_EQ(order.at("lines").at(0).at("quantity").as_int64(), 2);
    EXPECT_EQ(order.at("ship_to").at("postal_code").as_string(), "10117");
    const auto hooks =
        admin_.get("/api/v1/integrations/shopify/shops/" + std::to_string(shop) + "/webhooks");
    ASSERT_EQ(hooks.status, 200) << hooks.body;
    ASSERT_TRUE(eventually([&] {
        return admin_
                   .get("/api/v1/integrations/shopify/shops/" + std::to_string(shop) + "/webhooks")
                   .json()
                   .at("items")
                   .at(0)
                   .at("status")
                   .as_string() == "processed";
    }));
}

TEST_P(ShopifyHttpTest, ABadOrMissingSignatureIs401AndStoresNothing) {
    const auto shop = connect();
    const auto body = FakeShopify::order_webhook_json(mug_order(5917341630679));

    EXPECT_EQ(deliver("orders/create", body, "evt-1", "not-the-secret").status, 401);
    auto unsigned_headers =
        FakeShopify::webhook_headers("orders/create", kDomain, kSecret, body, "e2");
    std::erase_if(unsigned_headers,
                  [](const std::string& h) { return h.starts_with("X-Shopify-Hmac-Sha256"); });
    testkit::HttpClient shopify(server_.base_url());
    EXPECT_EQ(shopify.post("/webhooks/shopify", body, unsigned_headers).status, 401);
    auto other_shop =
        FakeShopify::webhook_headers("orders/create", "other.myshopify.com", kSecret, body, "e3");
    EXPECT_EQ(shopify.post("/webhooks/shopify", body, other_shop).status, 401);
    // A body changed after signing.
    auto headers = FakeShopify::webhook_headers("orders/create", kDomain, kSecret, body, "e4");
    EXPECT_EQ(shopify.post("/webhooks/shopify", body + " ", headers).status, 401);

    // Whatever a delivery could have queued has run by now.
    (void)server_.app().jobs().run_due();
    const auto hooks =
        admin_.get("/api/v1/integrations/shopify/shops/" + std::to_string(shop) + "/webhooks");
    EXPECT_TRUE(hooks.json().at("items").as_array().empty()) << hooks.body;
    EXPECT_TRUE(
        admin_.get("/api/v1/jobs?kind=shopify.webhook").json().at("items").as_array().empty());
    EXPECT_TRUE(order_of(5917341630679).is_null());
}

TEST_P(ShopifyHttpTest, TheSameWebhookDeliveredTwiceEvenAtOnceMakesOneOrder) {
    connect();
    const auto body = FakeShopify::order_webhook_json(mug_order(4400000000001));

    std::atomic<int> accepted = 0;
    std::atomic<int> duplicate = 0;
    std::vector<std::thread> deliveries;
    for (int i = 0; i < 4; ++i) {
        deliveries.emplace_back([&] {
            const auto answer = deliver("orders/create", body, "evt-same");
            EXPECT_EQ(answer.status, 200) << answer.body;
            (answer.json().at("status").as_string() == "accepted" ? accepted : duplicate)++;
        });
    }
    for (auto& t : deliveries) {
        t.join();
    }
    // Shopify's orders/updated right after with the same body: the same delivery again.
    const auto updated = deliver("orders/updated", body, "evt-update");
    EXPECT_EQ(updated.json().at("status").as_string(), "duplicate") << updated.body;

    EXPECT_EQ(accepted.load(), 1);
    EXPECT_EQ(duplicate.load(), 3);
    ASSERT_TRUE(eventually([&] { return !order_of(4400000000001).is_null(); }));
    ASSERT_TRUE(eventually([&] {
        const auto jobs =
            admin_.get("/api/v1/jobs?kind=shopify.webhook").json().at("items").as_array();
        return jobs.size() == 1 && std::all_of(jobs.begin(), jobs.end(), [](const auto& j) {
                   return j.at("status").as_string() == "done";
               });
    }));
    EXPECT_EQ(shopify_orders(), 1U);
}

TEST_P(ShopifyHttpTest, AHundredWebhooksDeliveredConcurrentlyMakeAHundredOrders) {
    connect();
    std::vector<std::thread> senders;
    std::atomic<int> ok = 0;
    for (int t = 0; t < 10; ++t) {
        senders.emplace_back([&, t] {
            testkit::HttpClient shopify(server_.base_url());
            for (int i = 0; i < 10; ++i) {
                const std::int64_t id = 7'000'000'000'000 + t * 100 + i;
                const auto body = FakeShopify::order_webhook_json(mug_order(id, 1));
                const auto answer =
                    shopify.post("/webhooks/shopify", body,
                                 FakeShopify::webhook_headers("orders/create", kDomain, kSecret,
                                                              body, "evt-" + std::to_string(id)));
                ok += answer.status == 200 ? 1 : 0;
            }
        });
    }
    for (auto& t : senders) {
        t.join();
    }

    EXPECT_EQ(ok.load(), 100);
    EXPECT_TRUE(eventually([&] { return shopify_orders() == 100U; }, std::chrono::seconds(60)))
        << shopify_orders();
    const auto stock = admin_.get("/api/v1/inventory?sku=MUG-01").json().at("items").at(0);
    EXPECT_EQ(stock.at("reserved").as_int64(), 100);
}

TEST_P(ShopifyHttpTest, AFulfillmentReachesShopifyOnceThroughThreeFailuresAndARestart) {
    connect();
    const auto shopify_id = fake_.add_order(mug_order(0));
    const auto body = fake_.order_webhook_json(shopify_id);
    ASSERT_EQ(deliver("orders/create", body, "evt-1").status, 200);
    ASSERT_TRUE(eventually([&] { return !order_of(shopify_id).is_null(); }));
    const auto order = order_of(shopify_id).at("id").as_int64();
    fake_.fail_next("fulfillmentCreate", 2, 503);
    fake_.error_next("fulfillmentCreate", 1);

    ship(order, "00340434161234567890");
    // The first attempt fails; the server goes down and comes back between attempts.
    ASSERT_TRUE(eventually([&] { return fake_.count("fulfillmentCreate") >= 1; }));
    server_.restart();

    // Once the job is done, no attempt is left that could fulfil the order again.
    ASSERT_TRUE(eventually([&] {
        const auto jobs = order_of(shopify_id).at("jobs").as_array();
        return !jobs.empty() && jobs.at(0).at("status").as_string() == "done";
    }));
    const auto made = fake_.fulfillments();
    ASSERT_EQ(made.size(), 1U);
    EXPECT_EQ(made[0].order_id, shopify_id);
    EXPECT_EQ(made[0].company, "DHL Paket");
    EXPECT_EQ(made[0].numbers, std::vector<std::string>{"00340434161234567890"});
    EXPECT_EQ(made[0].urls, std::vector<std::string>{"https://track.example/00340434161234567890"});
    EXPECT_TRUE(made[0].notify_customer);
    EXPECT_EQ(fake_.count("fulfillmentCreate"), 4);
    EXPECT_EQ(fake_.remaining(shopify_id, "MUG-01"), 0);
    // The order shows what came of it.
    const auto job = order_of(shopify_id).at("jobs").at(0);
    EXPECT_EQ(job.at("kind").as_string(), "order.shipped:shopify");
    EXPECT_EQ(job.at("attempts").as_int64(), 4);
    EXPECT_NE(job.at("result").as_string().find(made[0].id), std::string::npos) << job;

    // Cancelled in Shopify after it left: a person has to act, nothing changes silently.
    fake_.cancel_order(shopify_id);
    ASSERT_EQ(deliver("orders/cancelled", fake_.order_webhook_json(shopify_id), "evt-2").status,
              200);
    ASSERT_TRUE(
        eventually([&] { return order_of(shopify_id).at("status").as_string() == "exception"; }));
}

TEST_P(ShopifyHttpTest, AnotherSubscriberOfOrderShippedDyingBesideShopifyDoesNotStopIt) {
    auto told = std::make_shared<std::atomic<int>>(0);
    server_.restart([told](app::App& app) {
        app.bus().subscribe<fulfillment::OrderShipped>(
            "alerts",
            [told](const fulfillment::OrderShipped&) {
                ++*told;
                return jobs::Outcome::retry("the alerts mailbox is full");
            },
            {.max_attempts = 3});
    });
    connect();
    const auto shopify_id = fake_.add_order(mug_order(0));
    ASSERT_EQ(deliver("orders/create", fake_.order_webhook_json(shopify_id), "evt-1").status, 200);
    ASSERT_TRUE(eventually([&] { return !order_of(shopify_id).is_null(); }));

    ship(order_of(shopify_id).at("id").as_int64(), "00340434161234567890");

    const auto job_of = [&](const std::string& kind) -> boost::json::value {
        const auto order = order_of(shopify_id);
        for (const auto& job : order.at("jobs").as_array()) {
            if (job.at("kind").as_string() == kind) {
                return job;
            }
        }
        return nullptr;
    };
    const auto settled = [&](const std::string& kind, const std::string& status) {
        const auto job = job_of(kind);
        return !job.is_null() && job.at("status").as_string() == status;
    };
    ASSERT_TRUE(eventually([&] { return settled("order.shipped:alerts", "dead"); }));
    ASSERT_TRUE(eventually([&] { return settled("order.shipped:shopify", "done"); }));
    EXPECT_EQ(job_of("order.shipped:alerts").at("attempts").as_int64(), 3);
    EXPECT_EQ(told->load(), 3);
    EXPECT_EQ(job_of("order.shipped:shopify").at("attempts").as_int64(), 1);
    const auto made = fake_.fulfillments();
    ASSERT_EQ(made.size(), 1U);
    EXPECT_EQ(made[0].order_id, shopify_id);
    EXPECT_EQ(made[0].numbers, std::vector<std::string>{"00340434161234567890"});
}

TEST_P(ShopifyHttpTest, AnAnswerLostAfterShopifyFulfilledIsNotFulfilledTwice) {
    connect();
    const auto shopify_id = fake_.add_order(mug_order(0, 1));
    ASSERT_EQ(deliver("orders/create", fake_.order_webhook_json(shopify_id), "evt-1").status, 200);
    ASSERT_TRUE(eventually([&] { return !order_of(shopify_id).is_null(); }));
    // Shopify makes the fulfillment and answers after Tally gave up waiting (1 s).
    fake_.delay_after_next("fulfillmentCreate", std::chrono::milliseconds(2500));

    ship(order_of(shopify_id).at("id").as_int64(), "1Z999AA10123456784");

    ASSERT_TRUE(eventually([&] {
        const auto jobs = order_of(shopify_id).at("jobs").as_array();
        return !jobs.empty() && jobs.at(0).at("status").as_string() == "done";
    }));
    // The late answer is recorded once it has gone out.
    EXPECT_TRUE(eventually([&] { return fake_.count("fulfillmentCreate") == 1; }));
    EXPECT_EQ(fake_.fulfillments().size(), 1U);
    EXPECT_NE(order_of(shopify_id).at("jobs").at(0).at("result").as_string().find("already"),
              std::string::npos);
}

TEST_P(ShopifyHttpTest, ReconciliationPicksUpAnOrderNoWebhookBrought) {
    connect(1);
    fake_.throttle_next("orders", 1);  // and Shopify asks it to wait once
    const auto shopify_id = fake_.add_order(mug_order(0));

    ASSERT_TRUE(eventually([&] { return !order_of(shopify_id).is_null(); }));

    EXPECT_EQ(order_of(shopify_id).at("status").as_string(), "allocated");
    EXPECT_GE(fake_.count("orders"), 2);
    // Cancelled in Shopify before anyone picked it: Tally cancels it and frees the stock.
    fake_.cancel_order(shopify_id);
    ASSERT_TRUE(
        eventually([&] { return order_of(shopify_id).at("status").as_string() == "cancelled"; }));
    EXPECT_EQ(shopify_orders(), 1U);
}

TEST_P(ShopifyHttpTest, AnOrderOfAnUnknownSkuWaitsAsAFailedWebhookUntilItsJobIsRetried) {
    const auto shop = std::to_string(connect());
    auto order = mug_order(5500000000001, 1);
    order.line_items.front().sku = "TEA-01";
    ASSERT_EQ(deliver("orders/create", FakeShopify::order_webhook_json(order), "evt-1").status,
              200);
    const auto webhook = [&] {
        return admin_.get("/api/v1/integrations/shopify/shops/" + shop + "/webhooks")
            .json()
            .at("items")
            .at(0);
    };
    ASSERT_TRUE(eventually([&] { return webhook().at("status").as_string() == "failed"; }));
    EXPECT_NE(webhook().at("result").as_string().find("TEA-01"), std::string::npos) << webhook();
    // The webhook is marked failed inside the job's attempt; the job is settled dead after it.
    const auto dead_jobs = [&] {
        return admin_.get("/api/v1/jobs?kind=shopify.webhook&status=dead").json();
    };
    ASSERT_TRUE(eventually([&] { return dead_jobs().at("items").as_array().size() == 1U; }));
    const auto dead = dead_jobs();

    ASSERT_EQ(admin_
                  .post("/api/v1/products",
                        R"({"sku": "TEA-01", "name": "Tea", "weight_g": 200, "currency": "EUR"})")
                  .status,
              201);
    const auto retried = admin_.post(
        "/api/v1/jobs/" + std::to_string(dead.at("items").at(0).at("id").as_int64()) + "/retry",
        "");

    ASSERT_EQ(retried.status, 200) << retried.body;
    ASSERT_TRUE(eventually([&] { return !order_of(5500000000001).is_null(); }));
    EXPECT_EQ(order_of(5500000000001).at("status").as_string(), "backordered");
    EXPECT_EQ(webhook().at("status").as_string(), "processed");
}

TEST_P(ShopifyHttpTest, PushesAvailableQuantitiesToTheLocationWhenTheyChange) {
    const std::string item = "gid://shopify/InventoryItem/9001";
    fake_.add_variant("MUG-01", "9001");
    connect(1, true);
    ASSERT_TRUE(eventually([&] { return fake_.inventory(item, kLocation) == 1000; }));

    const auto body = FakeShopify::order_webhook_json(mug_order(6100000000001, 3));
    ASSERT_EQ(deliver("orders/create", body, "evt-1").status, 200);

    ASSERT_TRUE(eventually([&] { return fake_.inventory(item, kLocation) == 997; }));
    // A run of the push that began after 997 went out, and found nothing to push.
    const auto pushed = core::format_iso8601(core::SystemClock().now_ms());
    ASSERT_TRUE(eventually([&] {
        const auto jobs = admin_.get("/api/v1/jobs?kind=shopify.inventory").json();
        const auto& job = jobs.at("items").at(0);
        return std::string_view(job.at("updated_at").as_string()) > pushed &&
               job.at("result").as_string() == "0 quantities pushed";
    }));
    EXPECT_EQ(fake_.count("inventorySetQuantities"), 2);  // only when the number moved
    EXPECT_EQ(fake_.count("productVariants"), 1);         // the item is looked up once
}

TEST_P(ShopifyHttpTest, AShopIsConnectedWithItsSecretsSealedAndNeverShown) {
    const auto bad = admin_.post(
        "/api/v1/integrations/shopify/shops",
        R"({"shop_domain": "Not A Shop", "access_token": "", "api_version": "July", "webhook_secret": "s", "location_id": "1"})");
    ASSERT_EQ(bad.status, 400) << bad.body;
    std::set<std::string> fields;
    const auto problem = bad.json();
    for (const auto& e : problem.at("errors").as_array()) {
        fields.insert(std::string(e.at("field").as_string()));
    }
    EXPECT_EQ(fields,
              (std::set<std::string>{"shop_domain", "access_token", "api_version", "location_id"}));

    const auto id = connect();

    EXPECT_EQ(admin_
                  .post("/api/v1/integrations/shopify/shops",
                        boost::json::serialize(boost::json::object{{"shop_domain", kDomain},
                                                                   {"access_token", "x"},
                                                                   {"api_version", "2025-07"},
                                                                   {"webhook_secret", "y"},
                                                                   {"location_id", kLocation}}))
                  .status,
              409);
    const auto listed = admin_.get("/api/v1/integrations/shopify/shops");
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.body.find(fake_.access_token()), std::string::npos);
    EXPECT_EQ(listed.body.find(kSecret), std::string::npos);
    EXPECT_EQ(listed.json().at("items").at(0).at("api_base_url").as_string(), fake_.base_url());
    const auto stored = server_.app().database().read(
        [&](db::Tx& tx) -> core::Result<integrations::shopify::ShopRow> {
            return *integrations::shopify::ShopifyRepo::shop(tx, id);
        });
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->access_token.find(fake_.access_token()), std::string::npos);
    EXPECT_EQ(stored->webhook_secret.find(kSecret), std::string::npos);
    EXPECT_EQ(server_.client_as(Role::packer).get("/api/v1/integrations/shopify/shops").status,
              403);
}

// Shopify's headers for the body, with X-Shopify-Triggered-At `offset` away from now.
std::vector<std::string> headers_triggered(const std::string& topic, const std::string& body,
                                           const std::string& event_id,
                                           std::chrono::milliseconds offset) {
    auto headers = FakeShopify::webhook_headers(topic, kDomain, kSecret, body, event_id);
    const auto at = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch() + offset)
                        .count();
    for (auto& header : headers) {
        if (header.starts_with("X-Shopify-Triggered-At:")) {
            header = "X-Shopify-Triggered-At: " + core::format_iso8601(at);
        }
    }
    return headers;
}

boost::json::array webhooks_of(testkit::HttpClient& admin, std::int64_t shop) {
    const auto hooks =
        admin.get("/api/v1/integrations/shopify/shops/" + std::to_string(shop) + "/webhooks");
    EXPECT_EQ(hooks.status, 200) << hooks.body;
    return hooks.json().at("items").as_array();
}

// True once every stored webhook of the shop has been processed (or has failed).
bool all_handled(testkit::HttpClient& admin, std::int64_t shop, std::size_t expected) {
    const auto hooks = webhooks_of(admin, shop);
    return hooks.size() == expected && std::all_of(hooks.begin(), hooks.end(), [](const auto& w) {
               return w.at("status").as_string() != "received";
           });
}

std::set<std::string> error_fields(const testkit::HttpResult& answer) {
    std::set<std::string> fields;
    const auto problem = answer.json();
    for (const auto& e : problem.at("errors").as_array()) {
        fields.insert(std::string(e.at("field").as_string()));
    }
    return fields;
}

TEST_P(ShopifyHttpTest, AnotherApiHostNeedsTheAccessTokenAgainAndHttpsUnlessLoopback) {
    const auto id = connect();
    const auto path = "/api/v1/integrations/shopify/shops/" + std::to_string(id);

    const auto moved = admin_.request("PATCH", path, R"({"api_base_url": "https://evil.example"})");
    const auto plain = admin_.request(
        "PATCH", path, R"({"api_base_url": "http://evil.example", "access_token": "shpat_new"})");
    const auto tricked = admin_.request(
        "PATCH", path,
        R"({"api_base_url": "http://127.0.0.1@evil.example", "access_token": "shpat_new"})");

    ASSERT_EQ(moved.status, 400) << moved.body;
    EXPECT_EQ(error_fields(moved), std::set<std::string>{"access_token"});
    ASSERT_EQ(plain.status, 400) << plain.body;
    EXPECT_EQ(error_fields(plain), std::set<std::string>{"api_base_url"});
    ASSERT_EQ(tricked.status, 400) << tricked.body;
    EXPECT_EQ(error_fields(tricked), std::set<std::string>{"api_base_url"});
    // Nothing of the refused changes was kept: the token still goes to the fake only.
    EXPECT_EQ(admin_.get(path).json().at("api_base_url").as_string(), fake_.base_url());
    // The same host with a trailing slash is no move; https elsewhere with a new token is fine.
    EXPECT_EQ(
        admin_.request("PATCH", path, R"({"api_base_url": ")" + fake_.base_url() + R"(/"})").status,
        200);
    const auto https = admin_.request(
        "PATCH", path,
        R"({"api_base_url": "https://tally-test.myshopify.com", "access_token": "shpat_new"})");
    EXPECT_EQ(https.status, 200) << https.body;
    const auto back = admin_.request("PATCH", path, R"({"api_base_url": "http://localhost:9"})");
    ASSERT_EQ(back.status, 400) << back.body;
    EXPECT_EQ(error_fields(back), std::set<std::string>{"access_token"});
}

TEST_P(ShopifyHttpTest, AnOrderBodyUnderOrdersCancelledCancelsNothingWithoutCancelledAt) {
    const auto shop = connect();
    auto order = mug_order(6600000000001);
    order.updated_at = "2026-01-01T10:00:00Z";
    const auto created = FakeShopify::order_webhook_json(order);
    ASSERT_EQ(deliver("orders/create", created, "evt-create").status, 200);
    ASSERT_TRUE(eventually([&] { return all_handled(admin_, shop, 1); }));
    ASSERT_FALSE(order_of(6600000000001).is_null());

    // The captured body replayed as a cancellation is the same delivery again.
    const auto replayed = deliver("orders/cancelled", created, "evt-forged");
    // A later version of the order, not cancelled, sent under orders/cancelled.
    order.updated_at = "2026-01-01T11:00:00Z";
    const auto later = deliver("orders/cancelled", FakeShopify::order_webhook_json(order), "evt-2");

    ASSERT_EQ(replayed.status, 200) << replayed.body;
    EXPECT_EQ(replayed.json().at("status").as_string(), "duplicate");
    ASSERT_EQ(later.status, 200) << later.body;
    EXPECT_EQ(later.json().at("status").as_string(), "accepted");
    ASSERT_TRUE(eventually([&] { return all_handled(admin_, shop, 2); }));
    EXPECT_NE(order_of(6600000000001).at("status").as_string(), "cancelled");
}

TEST_P(ShopifyHttpTest, AnOrderBodyUnderAppUninstalledLeavesTheShopInstalled) {
    const auto shop = connect();
    const auto body = FakeShopify::order_webhook_json(mug_order(6600000000002));

    const auto answer = deliver("app/uninstalled", body, "evt-uninstall");

    ASSERT_EQ(answer.status, 200) << answer.body;
    ASSERT_TRUE(eventually([&] { return all_handled(admin_, shop, 1); }));
    const auto hook = webhooks_of(admin_, shop).at(0);
    EXPECT_EQ(hook.at("status").as_string(), "failed") << hook;
    EXPECT_NE(hook.at("result").as_string().find("ignored"), std::string::npos) << hook;
    const auto path = "/api/v1/integrations/shopify/shops/" + std::to_string(shop);
    EXPECT_EQ(admin_.get(path).json().at("status").as_string(), "active");
    EXPECT_TRUE(order_of(6600000000002).is_null());
}

TEST_P(ShopifyHttpTest, TheShopsOwnBodyUnderAppUninstalledStopsTheSync) {
    const auto shop = connect();
    const auto body = boost::json::serialize(boost::json::object{{"id", 548380009},
                                                                 {"name", "Tally Test"},
                                                                 {"domain", "shop.example.com"},
                                                                 {"myshopify_domain", kDomain}});

    ASSERT_EQ(deliver("app/uninstalled", body, "evt-uninstall").status, 200);

    ASSERT_TRUE(eventually([&] { return all_handled(admin_, shop, 1); }));
    const auto path = "/api/v1/integrations/shopify/shops/" + std::to_string(shop);
    EXPECT_EQ(admin_.get(path).json().at("status").as_string(), "uninstalled");
}

TEST_P(ShopifyHttpTest, TheSameBodyUnderANewEventIdIsADuplicate) {
    const auto shop = connect();
    const auto body = FakeShopify::order_webhook_json(mug_order(6600000000003));

    const auto first = deliver("orders/create", body, "evt-a");
    const auto again = deliver("orders/create", body, "evt-b");

    EXPECT_EQ(first.json().at("status").as_string(), "accepted") << first.body;
    EXPECT_EQ(again.json().at("status").as_string(), "duplicate") << again.body;
    ASSERT_TRUE(eventually([&] { return all_handled(admin_, shop, 1); }));
    EXPECT_EQ(shopify_orders(), 1U);
}

TEST_P(ShopifyHttpTest, ADeliveryTriggeredOutsideTheWindowIsIgnoredAndStoresNothing) {
    using namespace std::chrono_literals;
    const auto shop = connect();
    const auto body = FakeShopify::order_webhook_json(mug_order(6600000000004));
    testkit::HttpClient shopify(server_.base_url());

    const auto old = shopify.post("/webhooks/shopify", body,
                                  headers_triggered("orders/create", body, "evt-old", -48h));
    const auto ahead = shopify.post("/webhooks/shopify", body,
                                    headers_triggered("orders/create", body, "evt-ahead", 1h));
    auto garbled = FakeShopify::webhook_headers("orders/create", kDomain, kSecret, body, "evt-g");
    for (auto& header : garbled) {
        if (header.starts_with("X-Shopify-Triggered-At:")) {
            header = "X-Shopify-Triggered-At: yesterday";
        }
    }
    const auto bad = shopify.post("/webhooks/shopify", body, garbled);

    ASSERT_EQ(old.status, 200) << old.body;
    EXPECT_EQ(old.json().at("status").as_string(), "ignored");
    ASSERT_EQ(ahead.status, 200) << ahead.body;
    EXPECT_EQ(ahead.json().at("status").as_string(), "ignored");
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(error_fields(bad), std::set<std::string>{"X-Shopify-Triggered-At"});
    // Refused before anything was written: no webhook, no job, no order.
    EXPECT_TRUE(webhooks_of(admin_, shop).empty());
    EXPECT_TRUE(
        admin_.get("/api/v1/jobs?kind=shopify.webhook").json().at("items").as_array().empty());
    EXPECT_TRUE(order_of(6600000000004).is_null());
    // Within the window (an hour old, as a retry is), the same body is taken.
    const auto retried = shopify.post("/webhooks/shopify", body,
                                      headers_triggered("orders/create", body, "evt-old", -1h));
    EXPECT_EQ(retried.json().at("status").as_string(), "accepted") << retried.body;
}

TEST_P(ShopifyHttpTest, ACancellationBodyUnderOrdersCancelledStillCancels) {
    const auto shop = connect();
    auto order = mug_order(6600000000005);
    order.updated_at = "2026-01-01T10:00:00Z";
    ASSERT_EQ(deliver("orders/create", FakeShopify::order_webhook_json(order), "evt-1").status,
              200);
    ASSERT_TRUE(eventually([&] { return all_handled(admin_, shop, 1); }));
    order.updated_at = "2026-01-01T11:00:00Z";
    order.cancelled_at = "2026-01-01T11:00:00Z";

    const auto answer =
        deliver("orders/cancelled", FakeShopify::order_webhook_json(order), "evt-2");

    ASSERT_EQ(answer.status, 200) << answer.body;
    ASSERT_TRUE(eventually([&] { return all_handled(admin_, shop, 2); }));
    EXPECT_EQ(order_of(6600000000005).at("status").as_string(), "cancelled");
}

INSTANTIATE_TEST_SUITE_P(Engines, ShopifyHttpTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally
