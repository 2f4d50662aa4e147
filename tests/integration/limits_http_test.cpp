// Limits over HTTP: money that would not fit in 64 bits, long fields and lists, error
// documents that stay small whatever the file, text that is not UTF-8.
#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;
using ::testing::Contains;
using ::testing::HasSubstr;

// An order whose lines are given as JSON, everything else valid.
std::string order_with(const std::string& lines, const std::string& extra = "",
                       const std::string& ship_to_extra = "") {
    return R"({"channel": "api", "external_id": "L-1", "currency": "EUR", "customer": {"name": "Ada"}, "ship_to": {"name": "Ada", "line1": "Unter den Linden 1", "city": "Berlin", "country": "DE")" +
           ship_to_extra + R"(}, "lines": )" + lines + extra + "}";
}

std::string line(const std::string& sku, std::int64_t quantity, std::int64_t unit_price) {
    return R"({"sku": ")" + sku + R"(", "quantity": )" + std::to_string(quantity) +
           R"(, "unit_price": )" + std::to_string(unit_price) + "}";
}

std::vector<std::string> fields_of(const testkit::HttpResult& result) {
    std::vector<std::string> fields;
    const auto problem = result.json();
    if (problem.as_object().contains("errors")) {
        for (const auto& error : problem.at("errors").as_array()) {
            fields.emplace_back(error.at("field").as_string());
        }
    }
    return fields;
}

class LimitsHttpTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    LimitsHttpTest() {
        EXPECT_EQ(
            admin_
                .post(
                    "/api/v1/warehouses",
                    R"({"code": "BER", "name": "Berlin", "country": "DE", "timezone": "Europe/Berlin"})")
                .status,
            201);
        EXPECT_EQ(admin_.post("/api/v1/warehouses/BER/bins", R"({"code": "A-01-01", "zone": "A"})")
                      .status,
                  201);
        EXPECT_EQ(
            admin_
                .post("/api/v1/products", R"({"sku": "MUG-01", "name": "Mug", "currency": "EUR"})")
                .status,
            201);
    }

    bool no_orders() { return admin_.get("/api/v1/orders").json().at("items").as_array().empty(); }

    testkit::TestServer server_{GetParam()};
    testkit::HttpClient admin_ = server_.client_as(Role::admin);
};

TEST_P(LimitsHttpTest, RefusesAnOrderTotalPast64BitsAndStoresNothing) {
    // Each line is within its limits (10^6 units at 10^12 minor units); ten of them are 10^19.
    std::string lines = "[";
    for (int i = 0; i < 10; ++i) {
        lines += (i > 0 ? ", " : "") + line("MUG-01", 1'000'000, 1'000'000'000'000);
    }
    lines += "]";
    const auto refused = admin_.post("/api/v1/orders", order_with(lines));
    ASSERT_EQ(refused.status, 400) << refused.body;
    EXPECT_THAT(fields_of(refused), ::testing::ElementsAre("total"));
    EXPECT_TRUE(no_orders());
}

TEST_P(LimitsHttpTest, RefusesAnOrderTotalOverTheDocumentedLimit) {
    const auto refused = admin_.post(
        "/api/v1/orders", order_with("[" + line("MUG-01", 1001, 1'000'000'000'000) + "]"));
    ASSERT_EQ(refused.status, 400) << refused.body;
    EXPECT_THAT(fields_of(refused), ::testing::ElementsAre("total"));
    const auto taken = admin_.post("/api/v1/orders",
                                   order_with("[" + line("MUG-01", 1000, 1'000'000'000'000) + "]"));
    ASSERT_EQ(taken.status, 201) << taken.body;
    EXPECT_EQ(taken.json().at("total").as_int64(), 1'000'000'000'000'000);
}

TEST_P(LimitsHttpTest, RefusesAShopifyPriceThatWouldOverflow) {
    const std::string header =
        "Name,Currency,Lineitem quantity,Lineitem price,Lineitem sku,Shipping Name,"
        "Shipping Address1,Shipping City,Shipping Country,Id\n";
    for (const std::string price : {"92233720368547758.07", "10000000000.01"}) {
        const auto refused =
            admin_.post("/api/v1/orders/import",
                        header + "#1,EUR,1," + price + ",MUG-01,Ada,Street,Berlin,DE,1001\n");
        ASSERT_EQ(refused.status, 400) << refused.body;
        EXPECT_THAT(fields_of(refused), Contains("rows/2/Lineitem price")) << price;
    }
    EXPECT_TRUE(no_orders());
}

TEST_P(LimitsHttpTest, RefusesAProductCostPastTheUnitPriceLimit) {
    const auto refused = admin_.post(
        "/api/v1/products",
        R"({"sku": "GOLD-1", "name": "Gold", "currency": "EUR", "unit_cost": 9000000000000000000, "price": 1000000000001})");
    ASSERT_EQ(refused.status, 400) << refused.body;
    EXPECT_THAT(fields_of(refused), ::testing::ElementsAre("unit_cost", "price"));
}

TEST_P(LimitsHttpTest, NamesAnOverLongAddressField) {
    const auto refused = admin_.post(
        "/api/v1/orders", order_with("[" + line("MUG-01", 1, 100) + "]", "",
                                     R"(, "line2": ")" + std::string(201, 'x') +
                                         R"(", "postal_code": ")" + std::string(21, '1') + R"(")"));
    ASSERT_EQ(refused.status, 400) << refused.body;
    EXPECT_THAT(fields_of(refused), ::testing::ElementsAre("ship_to/line2", "ship_to/postal_code"));
    EXPECT_TRUE(no_orders());
}

TEST_P(LimitsHttpTest, RefusesFiftyOneTags) {
    std::string tags = R"(, "tags": [)";
    for (int i = 0; i < 51; ++i) {
        tags += (i > 0 ? ", \"t" : "\"t") + std::to_string(i) + "\"";
    }
    tags += "]";
    const auto refused =
        admin_.post("/api/v1/orders", order_with("[" + line("MUG-01", 1, 100) + "]", tags));
    ASSERT_EQ(refused.status, 400) << refused.body;
    EXPECT_THAT(fields_of(refused), ::testing::ElementsAre("tags"));
    EXPECT_TRUE(no_orders());
}

TEST_P(LimitsHttpTest, AMegabyteOfBadRowsGetsASmallErrorDocument) {
    // Every import names its first 100 errors and counts the rest.
    const struct {
        std::string path;
        std::string header;
        std::string row;
    } imports[] = {
        {"/api/v1/products/import", "sku,name,currency,price\n", "MUG-X,Mug,EUR,lots\n"},
        {"/api/v1/inventory/import", "warehouse,bin,sku,quantity\n", "BER,A-01-01,MUG-01,x\n"},
        {"/api/v1/orders/import", "external_id,currency,sku,quantity\n", "O-1,EUR,MUG-01,many\n"},
    };
    for (const auto& import : imports) {
        std::string csv = import.header;
        std::size_t rows = 0;
        while (csv.size() + import.row.size() < 1000 * 1000) {
            csv += import.row;
            ++rows;
        }
        const auto refused = admin_.request("POST", import.path, csv, {"Content-Type: text/csv"});
        ASSERT_EQ(refused.status, 400) << import.path << ": " << refused.body.substr(0, 500);
        EXPECT_LT(refused.body.size(), 20U * 1024) << import.path;
        const auto problem = refused.json();
        ASSERT_EQ(problem.at("errors").as_array().size(), 100U) << import.path;
        EXPECT_EQ(std::string(problem.at("errors").at(0).at("field").as_string()).substr(0, 7),
                  "rows/2/");
        EXPECT_GE(problem.at("errors_omitted").as_int64(), static_cast<std::int64_t>(rows - 100))
            << import.path;
    }
    EXPECT_TRUE(no_orders());
}

TEST_P(LimitsHttpTest, RefusesARowThatIsNotUtf8) {
    const auto products = admin_.request("POST", "/api/v1/products/import",
                                         std::string("sku,name,currency\nCUP-1,Cup,EUR\n"
                                                     "CUP-2,Caf\xE9 cup,EUR\n"),
                                         {"Content-Type: text/csv"});
    ASSERT_EQ(products.status, 400) << products.body;
    EXPECT_THAT(fields_of(products), ::testing::ElementsAre("rows/3/name"));
    EXPECT_EQ(products.json().at("errors").at(0).at("reason").as_string(), "not valid UTF-8");
    EXPECT_EQ(admin_.get("/api/v1/products?sku=CUP-1").json().at("items").as_array().size(), 0U);

    const auto stock = admin_.post("/api/v1/inventory/import",
                                   "warehouse,bin,sku,quantity\nBER,A-01-01,MUG\xC3,1\n");
    ASSERT_EQ(stock.status, 400) << stock.body;
    EXPECT_THAT(fields_of(stock), ::testing::ElementsAre("rows/2/sku"));

    const auto orders = admin_.post(
        "/api/v1/orders/import",
        "external_id,currency,sku,quantity,ship_name,ship_line1,ship_city,ship_country\n"
        "O-1,EUR,MUG-01,1,\xF0\x9F\x98,Street,Berlin,DE\n");
    ASSERT_EQ(orders.status, 400) << orders.body;
    EXPECT_THAT(fields_of(orders), ::testing::ElementsAre("rows/2/ship_name"));
    EXPECT_TRUE(no_orders());

    // JSON bodies are checked by the parser: the same bytes in a string are refused whole.
    const auto json = admin_.post(
        "/api/v1/products", "{\"sku\": \"CUP-3\", \"name\": \"Caf\xE9\", \"currency\": \"EUR\"}");
    EXPECT_EQ(json.status, 400);
}

INSTANTIATE_TEST_SUITE_P(Engines, LimitsHttpTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally
