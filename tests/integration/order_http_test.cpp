// Orders over HTTP: the fixed contract, bad input, no oversell under 64 concurrent clients,
// one order per idempotency key however many times it is sent at once.
#include <atomic>
#include <thread>

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testkit/eventually.hpp"
#include "testkit/process.hpp"
#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;
using ::testing::HasSubstr;

const std::string kTally = TALLY_BINARY_PATH;

std::string order_body(const std::string& external_id, const std::string& sku, int quantity,
                       const std::string& country = "DE") {
    return R"({"channel": "api", "external_id": ")" + external_id +
           R"(", "currency": "EUR", "customer": {"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+49 30 1234"}, "ship_to": {"name": "Ada Lovelace", "line1": "Unter den Linden 1", "line2": "", "city": "Berlin", "region": "BE", "postal_code": "10117", "country": ")" +
           country + R"("}, "lines": [{"sku": ")" + sku + R"(", "quantity": )" +
           std::to_string(quantity) + R"(, "unit_price": 1299}]})";
}

class OrderHttpTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    OrderHttpTest() {
        for (
            const char* warehouse :
            {R"({"code": "BER", "name": "Berlin", "country": "DE", "timezone": "Europe/Berlin", "latitude": 52.52, "longitude": 13.40})",
             R"({"code": "EWR", "name": "Newark", "country": "US", "timezone": "America/New_York", "latitude": 40.69, "longitude": -74.17})"}) {
            EXPECT_EQ(admin_.post("/api/v1/warehouses", warehouse).status, 201);
        }
        for (const char* code : {"BER", "EWR"}) {
            EXPECT_EQ(admin_
                          .post(std::string("/api/v1/warehouses/") + code + "/bins",
                                R"({"code": "A-01-01", "zone": "A"})")
                          .status,
                      201);
        }
        for (const char* sku : {"MUG-01", "LAST-1"}) {
            EXPECT_EQ(admin_
                          .post("/api/v1/products", std::string(R"({"sku": ")") + sku +
                                                        R"(", "name": "Mug", "currency": "EUR"})")
                          .status,
                      201);
        }
    }

    void receive(const std::string& warehouse, const std::string& sku, int quantity) {
        const auto receipt =
            admin_.post("/api/v1/inventory/receipts",
                        R"({"warehouse": ")" + warehouse + R"(", "bin": "A-01-01", "sku": ")" +
                            sku + R"(", "quantity": )" + std::to_string(quantity) + "}");
        ASSERT_EQ(receipt.status, 201) << receipt.body;
    }

    boost::json::object level(const std::string& sku, const std::string& warehouse) {
        const auto stock = admin_.get("/api/v1/inventory?sku=" + sku).json();
        for (const auto& item : stock.at("items").as_array()) {
            if (item.at("warehouse").as_string() == warehouse) {
                return item.as_object();
            }
        }
        return {};
    }

    void expect_fsck_clean() {
        const auto api = admin_.get("/api/v1/inventory/fsck");
        EXPECT_TRUE(api.json().at("ok").as_bool()) << api.body;
        const auto cli = testkit::run_process({kTally, "fsck", "--db", server_.database().url()});
        EXPECT_EQ(cli.exit_code, 0) << cli.out << cli.err;
    }

    testkit::TestServer server_{GetParam()};
    testkit::HttpClient admin_ = server_.client_as(Role::admin);
};

TEST_P(OrderHttpTest, FollowsTheFixedContract) {
    receive("BER", "MUG-01", 10);
    const auto created =
        admin_.post("/api/v1/orders", order_body("A-1001", "MUG-01", 2), {"Idempotency-Key: k-1"});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto order = created.json().as_object();
    const auto id = order.at("id").as_int64();
    EXPECT_GT(id, 0);
    EXPECT_EQ(order.at("status").as_string(), "allocated");
    EXPECT_EQ(order.at("allocations").at(0).at("warehouse").as_string(), "BER");
    EXPECT_EQ(order.at("allocations").at(0).at("lines").at(0).at("quantity").as_int64(), 2);
    EXPECT_EQ(order.at("lines").at(0).at("sku").as_string(), "MUG-01");
    EXPECT_EQ(order.at("total").as_int64(), 2598);
    EXPECT_EQ(created.header("location"), "/api/v1/orders/" + std::to_string(id));

    const auto replayed =
        admin_.post("/api/v1/orders", order_body("A-1001", "MUG-01", 2), {"Idempotency-Key: k-1"});
    EXPECT_EQ(replayed.status, 200);
    EXPECT_EQ(replayed.body, created.body);
    EXPECT_EQ(replayed.header("idempotent-replayed"), "true");

    const auto fetched = admin_.get("/api/v1/orders/" + std::to_string(id));
    ASSERT_EQ(fetched.status, 200);
    EXPECT_EQ(fetched.json().at("events").as_array().size(), 2U);
    const auto listed = admin_.get("/api/v1/orders?channel=api&external_id=A-1001");
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.json().at("items").at(0).at("id").as_int64(), id);
    EXPECT_TRUE(admin_.get("/api/v1/orders?channel=api&external_id=B-1")
                    .json()
                    .at("items")
                    .as_array()
                    .empty());
    EXPECT_EQ(level("MUG-01", "BER").at("reserved").as_int64(), 2);

    const auto cancelled = admin_.post("/api/v1/orders/" + std::to_string(id) + "/cancel",
                                       R"({"reason": "customer asked"})");
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;
    EXPECT_EQ(cancelled.json().at("status").as_string(), "cancelled");
    EXPECT_EQ(level("MUG-01", "BER").at("reserved").as_int64(), 0);
    EXPECT_EQ(admin_.post("/api/v1/orders/" + std::to_string(id) + "/cancel", "").status, 409);
    expect_fsck_clean();
}

TEST_P(OrderHttpTest, NamesEveryBadField) {
    const auto bad = admin_.post(
        "/api/v1/orders",
        R"({"external_id": "A-1", "currency": "EUR", "ship_to": {"name": "A", "line1": "B", "city": "C", "country": "Germany"}, "lines": [{"sku": "MUG-01", "quantity": 0}, {"sku": "NOPE", "quantity": 1}]})");
    ASSERT_EQ(bad.status, 400) << bad.body;
    std::vector<std::string> fields;
    const auto problem = bad.json();
    for (const auto& error : problem.at("errors").as_array()) {
        fields.emplace_back(error.at("field").as_string());
    }
    EXPECT_THAT(fields, ::testing::ElementsAre("lines/0/quantity", "ship_to/country"));

    const auto unknown = admin_.post("/api/v1/orders", order_body("A-2", "NOPE", 1));
    ASSERT_EQ(unknown.status, 400);
    EXPECT_EQ(unknown.json().at("errors").at(0).at("field").as_string(), "lines/0/sku");

    const auto country = admin_.post("/api/v1/orders", order_body("A-3", "MUG-01", 1, "Germany"));
    ASSERT_EQ(country.status, 400);
    EXPECT_EQ(country.json().at("errors").at(0).at("field").as_string(), "ship_to/country");

    EXPECT_EQ(admin_.post("/api/v1/orders", "{not json").status, 400);
    EXPECT_EQ(admin_.get("/api/v1/orders/abc").status, 400);
    EXPECT_EQ(admin_.get("/api/v1/orders/999999").status, 404);
    EXPECT_EQ(admin_.get("/api/v1/orders?status=lost").status, 400);
    EXPECT_TRUE(
        admin_.get("/api/v1/orders").json().at("items").as_array().empty());  // nothing written

    receive("BER", "MUG-01", 5);
    ASSERT_EQ(admin_.post("/api/v1/orders", order_body("A-4", "MUG-01", 1)).status, 201);
    const auto duplicate = admin_.post("/api/v1/orders", order_body("A-4", "MUG-01", 1));
    EXPECT_EQ(duplicate.status, 409);
    EXPECT_EQ(duplicate.json().at("errors").at(0).at("field").as_string(), "external_id");
    const auto reused =
        admin_.post("/api/v1/orders", order_body("A-5", "MUG-01", 1), {"Idempotency-Key: same"});
    ASSERT_EQ(reused.status, 201);
    const auto other_body =
        admin_.post("/api/v1/orders", order_body("A-6", "MUG-01", 1), {"Idempotency-Key: same"});
    EXPECT_EQ(other_body.status, 400);
    EXPECT_EQ(other_body.json().at("errors").at(0).at("field").as_string(), "Idempotency-Key");
}

TEST_P(OrderHttpTest, SixtyFourClientsNeverOversellTheLastHundredUnits) {
    receive("BER", "LAST-1", 60);
    receive("EWR", "LAST-1", 40);
    constexpr int kClients = 64;
    constexpr int kOrdersEach = 4;  // 256 orders of one unit for 100 units
    const std::string token = server_.token_for(Role::manager);
    std::atomic<int> allocated{0};
    std::atomic<int> backordered{0};
    std::atomic<int> other{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            testkit::HttpClient client(server_.base_url());
            client.set_header("Authorization: Bearer " + token);
            for (int i = 0; i < kOrdersEach; ++i) {
                const auto id = "OS-" + std::to_string(c) + "-" + std::to_string(i);
                const auto created = client.post("/api/v1/orders", order_body(id, "LAST-1", 1));
                if (created.status != 201) {
                    ++other;
                    continue;
                }
                const auto status = created.json().at("status").as_string();
                (status == "allocated"     ? allocated
                 : status == "backordered" ? backordered
                                           : other)++;
            }
        });
    }
    for (auto& client : clients) {
        client.join();
    }
    EXPECT_EQ(other.load(), 0);
    EXPECT_EQ(allocated.load(), 100);
    EXPECT_EQ(backordered.load(), kClients * kOrdersEach - 100);
    EXPECT_EQ(level("LAST-1", "BER").at("reserved").as_int64(), 60);
    EXPECT_EQ(level("LAST-1", "EWR").at("reserved").as_int64(), 40);
    EXPECT_EQ(level("LAST-1", "BER").at("available").as_int64(), 0);
    const auto signals = admin_.get("/api/v1/inventory/signals?limit=1000").json();
    int out_of_stock = 0;
    for (const auto& signal : signals.at("items").as_array()) {
        out_of_stock += signal.at("kind").as_string() == "out_of_stock" ? 1 : 0;
    }
    EXPECT_EQ(out_of_stock, 2);  // once per warehouse, when the last unit went
    expect_fsck_clean();
}

TEST_P(OrderHttpTest, TenConcurrentRetriesOfOneKeyCreateOneOrder) {
    receive("BER", "MUG-01", 50);
    const std::string token = server_.token_for(Role::support);
    constexpr int kCopies = 10;
    std::vector<testkit::HttpResult> answers(kCopies);
    std::vector<std::thread> threads;
    for (int i = 0; i < kCopies; ++i) {
        threads.emplace_back([&, i] {
            testkit::HttpClient client(server_.base_url());
            client.set_header("Authorization: Bearer " + token);
            answers[static_cast<std::size_t>(i)] = client.post(
                "/api/v1/orders", order_body("IDEM-1", "MUG-01", 3), {"Idempotency-Key: retry-me"});
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    int created = 0;
    for (const auto& answer : answers) {
        ASSERT_TRUE(answer.status == 201 || answer.status == 200) << answer.body;
        created += answer.status == 201 ? 1 : 0;
        EXPECT_EQ(answer.json().at("id"), answers[0].json().at("id"));
        EXPECT_EQ(answer.body, answers[0].body);
    }
    EXPECT_EQ(created, 1);
    EXPECT_EQ(admin_.get("/api/v1/orders?external_id=IDEM-1").json().at("items").as_array().size(),
              1U);
    EXPECT_EQ(level("MUG-01", "BER").at("reserved").as_int64(), 3);
    expect_fsck_clean();
}

TEST_P(OrderHttpTest, HoldReleaseAndThePickQueue) {
    receive("BER", "MUG-01", 10);
    const auto created = admin_.post("/api/v1/orders", order_body("Q-1", "MUG-01", 1));
    ASSERT_EQ(created.status, 201);
    const auto path = "/api/v1/orders/" + std::to_string(created.json().at("id").as_int64());
    const auto held = admin_.post(path + "/hold", R"({"reason": "fraud", "note": "card flagged"})");
    ASSERT_EQ(held.status, 200) << held.body;
    EXPECT_EQ(held.json().at("hold_reason").as_string(), "fraud");
    EXPECT_EQ(admin_.post(path + "/release", "").status, 409);
    EXPECT_EQ(admin_.post(path + "/hold", R"({"reason": "bored"})").status, 400);
    ASSERT_EQ(admin_.post(path + "/unhold", "").status, 200);
    const auto released = admin_.post("/api/v1/warehouses/BER/release", "");
    ASSERT_EQ(released.status, 200) << released.body;
    EXPECT_EQ(released.json().at("released").as_array().size(), 1U);
    const auto queue = admin_.get("/api/v1/warehouses/BER/pick-queue");
    ASSERT_EQ(queue.status, 200);
    EXPECT_EQ(queue.json().at("items").at(0).at("external_id").as_string(), "Q-1");
    EXPECT_EQ(admin_.get("/api/v1/orders?status=released&warehouse=BER")
                  .json()
                  .at("items")
                  .as_array()
                  .size(),
              1U);
}

TEST_P(OrderHttpTest, ArrivingStockReleasesBackordersOldestFirst) {
    const auto first = admin_.post("/api/v1/orders", order_body("B-1", "MUG-01", 2));
    const auto second = admin_.post("/api/v1/orders", order_body("B-2", "MUG-01", 2));
    ASSERT_EQ(first.json().at("status").as_string(), "backordered");
    ASSERT_EQ(second.json().at("status").as_string(), "backordered");
    receive("BER", "MUG-01", 3);  // its event's job re-allocates
    const auto status_of = [&](const std::string& external_id) {
        return std::string(admin_.get("/api/v1/orders?external_id=" + external_id)
                               .json()
                               .at("items")
                               .at(0)
                               .at("status")
                               .as_string());
    };
    ASSERT_TRUE(testkit::eventually([&] { return status_of("B-1") == "allocated"; }));
    const auto newer = admin_.get("/api/v1/orders?external_id=B-2").json().at("items").at(0);
    EXPECT_EQ(newer.at("status").as_string(), "backordered");
    EXPECT_EQ(level("MUG-01", "BER").at("reserved").as_int64(), 3);
    expect_fsck_clean();
}

TEST_P(OrderHttpTest, RoutingSettingsAreAdminOnlyAndTakeEffect) {
    const auto current = admin_.get("/api/v1/routing");
    ASSERT_EQ(current.status, 200);
    EXPECT_EQ(current.json().at("rules").at(0).at("rule").as_string(), "ship_complete");
    auto manager = server_.client_as(Role::manager);
    EXPECT_EQ(manager.request("PUT", "/api/v1/routing", R"({"rules": []})").status, 403);
    const auto saved = admin_.request(
        "PUT", "/api/v1/routing",
        R"({"rules": [{"rule": "lowest_cost"}, {"rule": "nearest"}], "warehouse_costs": {"EWR": 100, "BER": 900}})");
    ASSERT_EQ(saved.status, 200) << saved.body;
    receive("BER", "MUG-01", 5);
    receive("EWR", "MUG-01", 5);
    const auto created = admin_.post("/api/v1/orders", order_body("R-1", "MUG-01", 1));
    EXPECT_EQ(created.json().at("allocations").at(0).at("warehouse").as_string(), "EWR");
    const auto bad = admin_.request("PUT", "/api/v1/routing", R"({"rules": [{"rule": "random"}]})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.json().at("errors").at(0).at("field").as_string(), "rules/0/rule");
}

TEST_P(OrderHttpTest, ImportsAShopifyExportAllOrNothing) {
    receive("BER", "MUG-01", 10);
    const std::string header =
        "Name,Email,Currency,Lineitem quantity,Lineitem price,Lineitem sku,Shipping Name,"
        "Shipping Address1,Shipping City,Shipping Zip,Shipping Country,Id\n";
    const auto bad = admin_.post("/api/v1/orders/import",
                                 header +
                                     "#1,a@example.com,EUR,1,12.99,MUG-01,Ada,Street,Berlin,"
                                     "10117,DE,1001\n#2,b@example.com,EUR,1,9.99,NOPE,Bob,Road,"
                                     "Hamburg,20095,DE,1002\n");
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(bad.json().at("errors").at(0).at("field").as_string(), "rows/3/Lineitem sku");
    EXPECT_TRUE(admin_.get("/api/v1/orders").json().at("items").as_array().empty());

    const auto good = admin_.post("/api/v1/orders/import",
                                  header +
                                      "#1,a@example.com,EUR,1,12.99,MUG-01,Ada,Street,Berlin,"
                                      "10117,DE,1001\n#1,,,2,12.99,MUG-01,,,,,,\n");
    ASSERT_EQ(good.status, 201) << good.body;
    EXPECT_EQ(good.json().at("orders").as_int64(), 1);
    EXPECT_EQ(good.json().at("allocated").as_int64(), 1);
    const auto listed = admin_.get("/api/v1/orders?channel=shopify&external_id=1001").json();
    EXPECT_EQ(listed.at("items").at(0).at("total").as_int64(), 3 * 1299);
    EXPECT_EQ(level("MUG-01", "BER").at("reserved").as_int64(), 3);
}

INSTANTIATE_TEST_SUITE_P(Engines, OrderHttpTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally
