// Catalog and inventory over HTTP: the fixed contract shapes, bad input, CSV, scopes.
#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;
using ::testing::HasSubstr;

class InventoryHttpTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    testkit::TestServer server_{GetParam()};
    testkit::HttpClient admin_ = server_.client_as(Role::admin);

    void add_ber() {
        const auto warehouse = admin_.post(
            "/api/v1/warehouses",
            R"({"code": "BER", "name": "Berlin", "country": "DE", "timezone": "Europe/Berlin", "latitude": 52.52, "longitude": 13.40})");
        ASSERT_EQ(warehouse.status, 201) << warehouse.body;
        const auto bin = admin_.post("/api/v1/warehouses/BER/bins",
                                     R"({"code": "A-01-01", "zone": "A", "pick_sequence": 10})");
        ASSERT_EQ(bin.status, 201) << bin.body;
    }

    void add_mug() {
        const auto product = admin_.post(
            "/api/v1/products",
            R"({"sku": "MUG-01", "name": "Mug", "barcodes": ["09506000134352"], "weight_g": 350, "dims_mm": {"length": 120, "width": 90, "height": 100}, "unit_cost": 250, "price": 1299, "currency": "EUR"})");
        ASSERT_EQ(product.status, 201) << product.body;
    }
};

TEST_P(InventoryHttpTest, FollowsTheFixedContractFromProductToStock) {
    add_mug();
    add_ber();
    const auto by_barcode = admin_.get("/api/v1/products?barcode=09506000134352");
    ASSERT_EQ(by_barcode.status, 200);
    const auto items = by_barcode.json().at("items").as_array();
    ASSERT_EQ(items.size(), 1U);
    EXPECT_EQ(items[0].at("sku").as_string(), "MUG-01");
    EXPECT_GT(items[0].at("id").as_int64(), 0);
    EXPECT_EQ(items[0].at("dims_mm").at("length").as_int64(), 120);
    EXPECT_EQ(admin_.get("/api/v1/products?sku=MUG-01").json().at("items").as_array().size(), 1U);

    const auto bin = admin_.get("/api/v1/warehouses/BER/bins/A-01-01");
    EXPECT_EQ(bin.json().at("barcode").as_string(), "B:BER:A-01-01");

    const auto receipt = admin_.post(
        "/api/v1/inventory/receipts",
        R"({"warehouse": "BER", "bin": "A-01-01", "sku": "MUG-01", "quantity": 100, "lot": "L1", "expiry": "2027-06-30"})");
    ASSERT_EQ(receipt.status, 201) << receipt.body;

    const auto stock = admin_.get("/api/v1/inventory?sku=MUG-01");
    ASSERT_EQ(stock.status, 200);
    const auto level = stock.json().at("items").at(0).as_object();
    EXPECT_EQ(level.at("warehouse").as_string(), "BER");
    EXPECT_EQ(level.at("on_hand").as_int64(), 100);
    EXPECT_EQ(level.at("reserved").as_int64(), 0);
    EXPECT_EQ(level.at("available").as_int64(), 100);
    EXPECT_TRUE(admin_.get("/api/v1/inventory/fsck").json().at("ok").as_bool());
}

TEST_P(InventoryHttpTest, ALookupFromMemoryAnswersWhatTheDatabaseAnswered) {
    add_mug();
    const auto first = admin_.get("/api/v1/products?barcode=09506000134352");
    ASSERT_EQ(first.status, 200) << first.body;
    // The first lookup put the product in memory; the next ones are answered from there.
    for (const auto* code : {"09506000134352", "9506000134352"}) {
        const auto again = admin_.get(std::string("/api/v1/products?barcode=") + code);
        EXPECT_EQ(again.status, 200);
        EXPECT_EQ(again.body, first.body);
        EXPECT_EQ(again.header("content-type"), "application/json");
        EXPECT_TRUE(again.header("x-request-id"));
    }

    const auto id = first.json().at("items").at(0).at("id").as_int64();
    const auto renamed = admin_.request(
        "PUT", "/api/v1/products/" + std::to_string(id),
        R"({"sku": "MUG-01", "name": "Blue mug", "barcodes": ["09506000134352"], "weight_g": 350, "unit_cost": 250, "price": 1299, "currency": "EUR"})");
    ASSERT_EQ(renamed.status, 200) << renamed.body;
    for (int i = 0; i < 2; ++i) {
        const auto after = admin_.get("/api/v1/products?barcode=09506000134352");
        EXPECT_EQ(after.json().at("items").at(0).at("name").as_string(), "Blue mug");
    }
}

TEST_P(InventoryHttpTest, NamesBadFieldsAndUnknownPlaces) {
    const auto bad_gtin = admin_.post(
        "/api/v1/products",
        R"({"sku": "MUG-01", "name": "Mug", "barcodes": ["09506000134353"], "price": "12.99", "currency": "EUR"})");
    EXPECT_EQ(bad_gtin.status, 400);
    EXPECT_EQ(bad_gtin.json().at("errors").at(0).at("field").as_string(), "price");

    add_mug();
    add_ber();
    const auto zero =
        admin_.post("/api/v1/inventory/receipts",
                    R"({"warehouse": "BER", "bin": "A-01-01", "sku": "MUG-01", "quantity": 0})");
    EXPECT_EQ(zero.status, 400);
    EXPECT_EQ(zero.json().at("errors").at(0).at("field").as_string(), "quantity");
    const auto nowhere =
        admin_.post("/api/v1/inventory/receipts",
                    R"({"warehouse": "XXX", "bin": "A-01-01", "sku": "MUG-01", "quantity": 1})");
    EXPECT_EQ(nowhere.status, 404);
    const auto too_many = admin_.post(
        "/api/v1/inventory/adjustments",
        R"({"warehouse": "BER", "bin": "A-01-01", "sku": "MUG-01", "delta": -1, "reason": "theft_loss"})");
    EXPECT_EQ(too_many.status, 409);
    EXPECT_EQ(too_many.header("content-type"), "application/problem+json");
}

TEST_P(InventoryHttpTest, ImportsAndExportsProductsAsCsv) {
    const auto imported = admin_.request(
        "POST", "/api/v1/products/import",
        std::string("sku,name,barcodes,price,currency\r\nCUP-1,Cup,9506000134352,450,EUR\r\n"),
        {"Content-Type: text/csv"});
    ASSERT_EQ(imported.status, 200) << imported.body;
    EXPECT_EQ(imported.json().at("created").as_int64(), 1);
    const auto exported = admin_.get("/api/v1/products/export");
    EXPECT_THAT(exported.header("content-type").value_or(""), HasSubstr("text/csv"));
    EXPECT_THAT(exported.body, HasSubstr("CUP-1,Cup,09506000134352,0,0,0,0,0,450,EUR"));
}

TEST_P(InventoryHttpTest, KeepsAScopedUserToTheirWarehouse) {
    add_mug();
    add_ber();
    ASSERT_EQ(
        admin_
            .post(
                "/api/v1/warehouses",
                R"({"code": "EWR", "name": "Newark", "country": "US", "timezone": "America/New_York"})")
            .status,
        201);
    ASSERT_EQ(
        admin_
            .post(
                "/api/v1/users",
                R"({"username": "rita", "password": "receive all day", "role": "receiver", "warehouse": "EWR"})")
            .status,
        201);
    const auto token = admin_.post("/api/v1/users/rita/tokens", "{}").json().at("token");
    auto rita = server_.client();
    rita.set_header("Authorization: Bearer " + std::string(token.as_string()));
    const auto elsewhere =
        rita.post("/api/v1/inventory/receipts",
                  R"({"warehouse": "BER", "bin": "A-01-01", "sku": "MUG-01", "quantity": 1})");
    EXPECT_EQ(elsewhere.status, 403);
    EXPECT_THAT(elsewhere.body, HasSubstr("EWR"));
}

TEST_P(InventoryHttpTest, ResolvesAGs1ScanWithItsLotAndExpiry) {
    add_mug();
    const auto resolved =
        admin_.get("/api/v1/barcodes/resolve?code=%2801%2909506000134352%2817%29261231%2810%29ABC");
    ASSERT_EQ(resolved.status, 200) << resolved.body;
    EXPECT_EQ(resolved.json().at("product").at("sku").as_string(), "MUG-01");
    EXPECT_EQ(resolved.json().at("expiry").as_string(), "2026-12-31");
    EXPECT_EQ(resolved.json().at("lot").as_string(), "ABC");
}

TEST_P(InventoryHttpTest, ImportsOpeningStockAllOrNothing) {
    add_mug();
    add_ber();
    const auto bad = admin_.post("/api/v1/inventory/import",
                                 "warehouse,bin,sku,quantity\nBER,A-01-01,MUG-01,5\n"
                                 "BER,A-01-01,NOPE,3\n");
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(bad.json().at("errors").at(0).at("field").as_string(), "rows/3/sku");
    const auto good = admin_.post("/api/v1/inventory/import?reference=GO-LIVE",
                                  "warehouse,bin,sku,quantity\nBER,A-01-01,MUG-01,5\n"
                                  "BER,A-01-01,MUG-01,3\n");
    ASSERT_EQ(good.status, 201) << good.body;
    EXPECT_EQ(good.json().at("rows").as_int64(), 2);
    const auto stock = admin_.get("/api/v1/inventory?sku=MUG-01").json();
    EXPECT_EQ(stock.at("items").at(0).at("on_hand").as_int64(), 8);
    EXPECT_EQ(server_.client_as(Role::picker)
                  .post("/api/v1/inventory/import", "warehouse,bin,sku,quantity\n")
                  .status,
              403);
}

INSTANTIATE_TEST_SUITE_P(Engines, InventoryHttpTest,
                         ::testing::ValuesIn(testkit::enabled_engines()), testkit::engine_name);

}  // namespace
}  // namespace tally
