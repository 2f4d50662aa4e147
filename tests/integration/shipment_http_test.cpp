// Split shipments over HTTP: an order allocated in two warehouses is picked, packed and loaded
// in each as a shipment of its own, ships when its last part does, and its Shopify order gets
// one fulfillment per part with that part's lines; a partly backordered order waits or ships
// what is there as the admin set it; `tally fsck` is clean afterwards.
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "testkit/eventually.hpp"
#include "testkit/fake_shopify.hpp"
#include "testkit/process.hpp"
#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;
using testkit::eventually;
using testkit::FakeOrder;
using testkit::FakeShopify;

const std::string kTally = TALLY_BINARY_PATH;
constexpr const char* kDomain = "tally-split.myshopify.com";
constexpr const char* kSecret = "whsec_split_0123456789";
constexpr const char* kLocation = "gid://shopify/Location/1";

core::Config config() {
    core::Config c;
    c.secret_key = "3f1c0a9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615243f";
    c.job_backoff_ms = 100;
    c.shopify_timeout_s = 1;
    c.access_log = "off";
    return c;
}

// Mugs are in Berlin, tea in Hamburg: an order of both is split over the two.
class ShipmentHttpTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    ShipmentHttpTest() {
        std::vector<std::pair<std::string, std::string>> setup = {
            {"/api/v1/products",
             R"({"sku": "MUG-01", "name": "Mug", "weight_g": 350, "dims_mm": {"length": 120, "width": 90, "height": 80}, "currency": "EUR"})"},
            {"/api/v1/products",
             R"({"sku": "TEA-01", "name": "Tea", "weight_g": 200, "dims_mm": {"length": 100, "width": 60, "height": 60}, "currency": "EUR"})"},
            {"/api/v1/box-types",
             R"({"code": "S", "name": "Small", "inner_mm": {"length": 300, "width": 200, "height": 150}, "tare_g": 120, "max_load_g": 10000, "currency": "EUR"})"},
            {"/api/v1/carriers",
             R"({"code": "DHL", "name": "DHL Paket", "tracking_url": "https://track.example/{tracking}", "services": [{"code": "STD", "name": "Paket", "service_level": "standard"}]})"}};
        for (const auto& [code, city] : {std::pair{"BER", "Berlin"}, std::pair{"HAM", "Hamburg"}}) {
            const std::string w = code;
            setup.emplace_back("/api/v1/warehouses",
                               R"({"code": ")" + w + R"(", "name": ")" + city +
                                   R"(", "line1": "Lager 1", "city": ")" + city +
                                   R"(", "country": "DE", "timezone": "Europe/Berlin"})");
            setup.emplace_back("/api/v1/warehouses/" + w + "/bins",
                               R"({"code": "A-01", "pick_sequence": 1})");
            for (const auto& [kind, prefix] :
                 {std::pair{"pick", "P"}, std::pair{"pack", "K"}, std::pair{"load", "L"}}) {
                setup.emplace_back("/api/v1/stations", R"({"code": ")" + std::string(prefix) + w +
                                                           R"(", "type": ")" + kind +
                                                           R"(", "warehouse": ")" + w + R"("})");
            }
        }
        for (const auto& [path, body] : setup) {
            const auto created = admin_.post(path, body);
            EXPECT_EQ(created.status, 201) << path << ": " << created.body;
        }
        receive("BER", "MUG-01", 2);
        receive("HAM", "TEA-01", 3);
        const auto rules = admin_.request(
            "PUT", "/api/v1/shipping-rules",
            R"({"rules": [{"service_level": "standard", "carrier": "DHL", "service": "STD"}]})");
        EXPECT_EQ(rules.status, 200) << rules.body;
    }

    void receive(const std::string& warehouse, const std::string& sku, int quantity) {
        const auto received =
            admin_.post("/api/v1/inventory/receipts",
                        R"({"warehouse": ")" + warehouse + R"(", "bin": "A-01", "sku": ")" + sku +
                            R"(", "quantity": )" + std::to_string(quantity) + "}");
        EXPECT_EQ(received.status, 201) << received.body;
    }

    std::int64_t place(const std::string& external_id, int mugs, int teas) {
        boost::json::array lines;
        if (mugs > 0) {
            lines.push_back({{"sku", "MUG-01"}, {"quantity", mugs}, {"unit_price", 1999}});
        }
        if (teas > 0) {
            lines.push_back({{"sku", "TEA-01"}, {"quantity", teas}, {"unit_price", 499}});
        }
        const auto created = admin_.post(
            "/api/v1/orders",
            boost::json::serialize(boost::json::object{{"external_id", external_id},
                                                       {"currency", "EUR"},
                                                       {"ship_to",
                                                        {{"name", "Ada"},
                                                         {"line1", "Unter den Linden 1"},
                                                         {"city", "Berlin"},
                                                         {"country", "DE"}}},
                                                       {"lines", std::move(lines)}}));
        EXPECT_EQ(created.status, 201) << created.body;
        return created.status == 201 ? created.json().at("id").as_int64() : 0;
    }

    boost::json::object order(std::int64_t id) {
        return admin_.get("/api/v1/orders/" + std::to_string(id)).json().as_object();
    }

    std::string status(std::int64_t id) { return std::string(order(id).at("status").as_string()); }

    boost::json::object scan(testkit::HttpClient& client, const std::string& station,
                             const std::string& body) {
        const auto answer = client.post("/api/v1/stations/" + station + "/scans", body);
        EXPECT_EQ(answer.status, 200) << body << ": " << answer.body;
        auto json = answer.json().as_object();
        EXPECT_EQ(json.at("verdict").as_string(), "ok")
            << station << " " << body << ": " << answer.body;
        return json;
    }

    boost::json::object code(testkit::HttpClient& client, const std::string& station,
                             const std::string& text) {
        return scan(client, station, R"({"barcode": ")" + text + R"("})");
    }

    static std::string action(const boost::json::object& answer) {
        return std::string(answer.at("next").at("action").as_string());
    }

    // Picks, packs (with the carrier's tracking label) and loads the warehouse's part of the
    // order at that warehouse's stations, and closes a trailer of its own there.
    void ship_part(std::int64_t order, const std::string& warehouse, const std::string& tracking) {
        const auto id = std::to_string(order);
        auto answer = code(picker_, "P" + warehouse, "ORD-" + id);
        for (int guard = 0; action(answer) != "done" && guard < 20; ++guard) {
            const auto next = answer.at("next").as_object();
            answer = action(answer) == "scan_bin"
                         ? code(picker_, "P" + warehouse,
                                "B:" + warehouse + ":" + std::string(next.at("bin").as_string()))
                         : code(picker_, "P" + warehouse, std::string(next.at("sku").as_string()));
        }
        ASSERT_EQ(action(answer), "done");
        answer = code(packer_, "K" + warehouse, "ORD-" + id);
        for (int guard = 0; action(answer) == "scan_item" && guard < 20; ++guard) {
            answer = code(packer_, "K" + warehouse,
                          std::string(answer.at("next").at("sku").as_string()));
        }
        ASSERT_EQ(action(answer), "weigh");
        const auto weight = answer.at("next").at("weight").at("expected_g").as_int64();
        answer = scan(packer_, "K" + warehouse, R"({"weight_g": )" + std::to_string(weight) + "}");
        ASSERT_EQ(action(answer), "scan_tracking");
        ASSERT_EQ(action(code(packer_, "K" + warehouse, tracking)), "done");
        const auto trailer = admin_.post(
            "/api/v1/manifests", R"({"carrier": "DHL", "warehouse": ")" + warehouse + R"("})");
        ASSERT_EQ(trailer.status, 201) << trailer.body;
        code(loader_, "L" + warehouse, std::string(trailer.json().at("barcode").as_string()));
        const auto cartons = admin_.get("/api/v1/cartons?order=" + id).json();
        int loaded = 0;
        for (const auto& carton : cartons.at("items").as_array()) {
            if (carton.at("warehouse").as_string() == warehouse) {
                code(loader_, "L" + warehouse, std::string(carton.at("barcode").as_string()));
                ++loaded;
            }
        }
        ASSERT_EQ(loaded, 1);
        ASSERT_EQ(action(code(loader_, "L" + warehouse, "CMD-CLOSE")), "done");
    }

    void expect_fsck_clean() {
        const auto api = admin_.get("/api/v1/inventory/fsck");
        EXPECT_TRUE(api.json().at("ok").as_bool()) << api.body;
        const auto cli = testkit::run_process({kTally, "fsck", "--db", server_.database().url()});
        EXPECT_EQ(cli.exit_code, 0) << cli.out << cli.err;
    }

    std::int64_t level(const std::string& warehouse, const std::string& sku,
                       const std::string& field) {
        const auto levels = admin_.get("/api/v1/inventory?sku=" + sku).json();
        for (const auto& l : levels.at("items").as_array()) {
            if (l.at("warehouse").as_string() == warehouse) {
                return l.at(field).as_int64();
            }
        }
        return -1;
    }

    testkit::TestServer server_{GetParam(), config()};
    testkit::HttpClient admin_ = server_.client_as(Role::admin);
    testkit::HttpClient picker_ = server_.client_as(Role::picker);
    testkit::HttpClient packer_ = server_.client_as(Role::packer);
    testkit::HttpClient loader_ = server_.client_as(Role::loader);
};

TEST_P(ShipmentHttpTest, ASplitOrderShipsFromBothWarehousesAndShipsAfterTheSecond) {
    const auto id = place("S-1", 2, 3);
    const auto placed = order(id);
    ASSERT_EQ(placed.at("status").as_string(), "allocated");
    ASSERT_EQ(placed.at("allocations").as_array().size(), 2U) << placed;
    ASSERT_EQ(admin_.post("/api/v1/orders/" + std::to_string(id) + "/release", "").status, 200);

    ship_part(id, "HAM", "00340434161234567801");
    EXPECT_EQ(status(id), "partially_shipped");
    EXPECT_EQ(level("HAM", "TEA-01", "on_hand"), 0);
    EXPECT_EQ(level("BER", "MUG-01", "reserved"), 2);
    ship_part(id, "BER", "00340434161234567802");

    EXPECT_EQ(status(id), "shipped");
    EXPECT_EQ(level("BER", "MUG-01", "on_hand"), 0);
    EXPECT_EQ(level("BER", "MUG-01", "reserved"), 0);
    expect_fsck_clean();
}

TEST_P(ShipmentHttpTest, TheShopifyOrderGetsOneFulfillmentPerShipmentWithItsLines) {
    FakeShopify fake;
    const auto shop = admin_.post(
        "/api/v1/integrations/shopify/shops",
        boost::json::serialize(boost::json::object{{"shop_domain", kDomain},
                                                   {"access_token", fake.access_token()},
                                                   {"api_version", "2025-07"},
                                                   {"webhook_secret", kSecret},
                                                   {"location_id", kLocation},
                                                   {"api_base_url", fake.base_url()},
                                                   {"sync_interval_s", 300}}));
    ASSERT_EQ(shop.status, 201) << shop.body;
    const auto shopify_id = fake.add_order(
        FakeOrder{.name = "#2001",
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
                  .line_items = {{.sku = "MUG-01", .title = "Mug", .quantity = 2, .price = "19.99"},
                                 {.sku = "TEA-01", .title = "Tea", .quantity = 3, .price = "4.99"}},
                  .location_id = kLocation});
    const auto body = fake.order_webhook_json(shopify_id);
    testkit::HttpClient shopify(server_.base_url());
    ASSERT_EQ(shopify
                  .post("/webhooks/shopify", body,
                        FakeShopify::webhook_headers("orders/create", kDomain, kSecret, body,
                                                     "evt-split-1"))
                  .status,
              200);
    std::int64_t id = 0;
    ASSERT_TRUE(eventually([&] {
        const auto found =
            admin_.get("/api/v1/orders?channel=shopify&external_id=" + std::to_string(shopify_id));
        const auto json = found.json();
        const auto& items = json.at("items").as_array();
        id = items.empty() ? 0 : items.at(0).at("id").as_int64();
        return id != 0;
    }));
    ASSERT_EQ(order(id).at("allocations").as_array().size(), 2U);
    ASSERT_EQ(admin_.post("/api/v1/orders/" + std::to_string(id) + "/release", "").status, 200);
    const auto jobs_done = [&](std::size_t n) {
        const auto jobs = order(id).at("jobs").as_array();
        std::size_t done = 0;
        for (const auto& job : jobs) {
            done += job.at("status").as_string() == "done" ? 1 : 0;
        }
        return jobs.size() == n && done == n;
    };

    ship_part(id, "HAM", "00340434161234567811");
    ASSERT_TRUE(eventually([&] { return jobs_done(1); })) << order(id);
    auto made = fake.fulfillments();
    ASSERT_EQ(made.size(), 1U);
    EXPECT_EQ(made[0].numbers, std::vector<std::string>{"00340434161234567811"});
    using Lines = std::vector<std::pair<std::string, std::int64_t>>;
    EXPECT_EQ(made[0].skus, (Lines{{"TEA-01", 3}}));
    EXPECT_EQ(fake.remaining(shopify_id, "TEA-01"), 0);
    EXPECT_EQ(fake.remaining(shopify_id, "MUG-01"), 2);
    EXPECT_EQ(status(id), "partially_shipped");

    ship_part(id, "BER", "00340434161234567812");
    ASSERT_TRUE(eventually([&] { return jobs_done(2); })) << order(id);

    made = fake.fulfillments();
    ASSERT_EQ(made.size(), 2U);
    EXPECT_EQ(made[1].numbers, std::vector<std::string>{"00340434161234567812"});
    EXPECT_EQ(made[1].skus, (Lines{{"MUG-01", 2}}));
    EXPECT_EQ(fake.remaining(shopify_id, "MUG-01"), 0);
    EXPECT_EQ(fake.count("fulfillmentCreate"), 2);
    EXPECT_EQ(status(id), "shipped");
    expect_fsck_clean();
}

TEST_P(ShipmentHttpTest, APartlyBackorderedOrderWaitsUnlessTheAdminSaysShipWhatIsThere) {
    const auto id = place("S-2", 3, 0);  // two mugs there, one backordered
    ASSERT_EQ(status(id), "backordered");
    EXPECT_EQ(admin_.get("/api/v1/routing").json().at("partial_shipments").as_string(), "wait");
    // By default it waits for the rest.
    EXPECT_EQ(admin_.post("/api/v1/orders/" + std::to_string(id) + "/release", "").status, 409);

    const auto bad = admin_.request("PUT", "/api/v1/routing", R"({"partial_shipments": "some"})");
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(bad.json().at("errors").at(0).at("field").as_string(), "partial_shipments");
    auto manager = server_.client_as(Role::manager);
    EXPECT_EQ(
        manager.request("PUT", "/api/v1/routing", R"({"partial_shipments": "ship_available"})")
            .status,
        403);
    const auto set =
        admin_.request("PUT", "/api/v1/routing", R"({"partial_shipments": "ship_available"})");
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(set.json().at("partial_shipments").as_string(), "ship_available");
    // The rules and costs stay as they were.
    EXPECT_EQ(set.json().at("rules").as_array().size(), 4U);

    ASSERT_EQ(admin_.post("/api/v1/orders/" + std::to_string(id) + "/release", "").status, 200);
    ship_part(id, "BER", "00340434161234567821");

    // What was there has left; the third mug still waits.
    EXPECT_EQ(status(id), "partially_shipped");
    EXPECT_EQ(level("BER", "MUG-01", "on_hand"), 0);
    expect_fsck_clean();
}

INSTANTIATE_TEST_SUITE_P(Engines, ShipmentHttpTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally
