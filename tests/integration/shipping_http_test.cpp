// Carriers and shipping rules over HTTP: the contract shapes, bad input, roles.
#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;
using ::testing::HasSubstr;

constexpr const char* kDhl = R"({
    "code": "DHL", "name": "DHL Paket", "pickup_days": ["mon", "wed", "fri"],
    "tracking_url": "https://www.dhl.de/track?piececode={tracking}",
    "services": [{"code": "PAK", "name": "Paket", "service_level": "standard"},
                 {"code": "EXP", "name": "Express", "service_level": "express"}]})";

class ShippingHttpTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    testkit::TestServer server_{GetParam()};
    testkit::HttpClient admin_ = server_.client_as(Role::admin);

    void add_dhl() {
        const auto created = admin_.post("/api/v1/carriers", kDhl);
        ASSERT_EQ(created.status, 201) << created.body;
    }
};

TEST_P(ShippingHttpTest, CreatesACarrierAndAnswersWithIt) {
    const auto created = admin_.post("/api/v1/carriers", kDhl);
    ASSERT_EQ(created.status, 201) << created.body;
    const auto carrier = created.json().as_object();
    EXPECT_GT(carrier.at("id").as_int64(), 0);
    EXPECT_EQ(carrier.at("code").as_string(), "DHL");
    EXPECT_EQ(carrier.at("name").as_string(), "DHL Paket");
    EXPECT_EQ(carrier.at("pickup_days"), boost::json::parse(R"(["mon", "wed", "fri"])"));
    EXPECT_EQ(carrier.at("tracking_url").as_string(),
              "https://www.dhl.de/track?piececode={tracking}");
    EXPECT_TRUE(carrier.at("active").as_bool());
    const auto& services = carrier.at("services").as_array();
    ASSERT_EQ(services.size(), 2U);
    EXPECT_EQ(services[0].at("code").as_string(), "PAK");
    EXPECT_EQ(services[0].at("service_level").as_string(), "standard");
    EXPECT_TRUE(services[0].at("active").as_bool());
    EXPECT_GT(services[1].at("id").as_int64(), 0);

    const auto read = admin_.get("/api/v1/carriers/DHL");
    ASSERT_EQ(read.status, 200);
    EXPECT_EQ(read.json(), created.json());
    EXPECT_EQ(admin_.get("/api/v1/carriers/UPS").status, 404);
}

TEST_P(ShippingHttpTest, RefusesATakenCodeNamingIt) {
    add_dhl();
    const auto again = admin_.post("/api/v1/carriers", kDhl);
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(again.header("content-type"), "application/problem+json");
    EXPECT_EQ(again.json().at("errors").at(0).at("field").as_string(), "code");
}

TEST_P(ShippingHttpTest, NamesABadServiceLevel) {
    const auto bad = admin_.post(
        "/api/v1/carriers",
        R"({"code": "DHL", "name": "DHL", "services": [{"code": "PAK", "name": "Paket", "service_level": "teleport"}]})");
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(bad.json().at("errors").at(0).at("field").as_string(), "services/0/service_level");
    EXPECT_THAT(bad.body, HasSubstr("standard, express, overnight, economy, freight"));

    const auto unreadable =
        admin_.post("/api/v1/carriers", R"({"code": "DHL", "name": 7, "pickup_days": ["mon", 2]})");
    ASSERT_EQ(unreadable.status, 400);
    const auto errors = unreadable.json().at("errors").as_array();
    ASSERT_EQ(errors.size(), 2U);
    EXPECT_EQ(errors[0].at("field").as_string(), "name");
    EXPECT_EQ(errors[1].at("field").as_string(), "pickup_days/1");
}

TEST_P(ShippingHttpTest, ListsAndUpdatesCarriers) {
    add_dhl();
    ASSERT_EQ(
        admin_
            .post(
                "/api/v1/carriers",
                R"({"code": "UPS", "name": "UPS", "services": [{"code": "NDA", "name": "Next Day Air", "service_level": "overnight"}]})")
            .status,
        201);
    const auto list = server_.client_as(Role::picker).get("/api/v1/carriers");
    ASSERT_EQ(list.status, 200);
    const auto items = list.json().at("items").as_array();
    ASSERT_EQ(items.size(), 2U);
    EXPECT_EQ(items[0].at("code").as_string(), "DHL");
    EXPECT_EQ(items[1].at("code").as_string(), "UPS");

    auto manager = server_.client_as(Role::manager);
    const auto updated = manager.request(
        "PUT", "/api/v1/carriers/DHL",
        R"({"name": "DHL Parcel", "pickup_days": ["tue"], "services": [{"code": "EXP", "name": "Express 12", "service_level": "overnight"}]})");
    ASSERT_EQ(updated.status, 200) << updated.body;
    const auto carrier = updated.json();
    EXPECT_EQ(carrier.at("name").as_string(), "DHL Parcel");
    EXPECT_EQ(carrier.at("tracking_url").as_string(), "");
    const auto& services = carrier.at("services").as_array();
    ASSERT_EQ(services.size(), 2U);
    EXPECT_EQ(services[0].at("code").as_string(), "PAK");
    EXPECT_FALSE(services[0].at("active").as_bool());
    EXPECT_EQ(services[1].at("name").as_string(), "Express 12");
    EXPECT_TRUE(services[1].at("active").as_bool());

    const auto unknown =
        manager.request("PUT", "/api/v1/carriers/FDX", R"({"name": "FedEx", "services": []})");
    EXPECT_EQ(unknown.status, 404);
}

TEST_P(ShippingHttpTest, ReplacesAndReadsTheRulesInPriorityOrder) {
    add_dhl();
    const auto saved = admin_.request(
        "PUT", "/api/v1/shipping-rules",
        R"({"rules": [{"service_level": "express", "carrier": "DHL", "service": "EXP"},
                      {"country": "DE", "min_weight_g": 0, "max_weight_g": 31500, "carrier": "DHL", "service": "PAK"}]})");
    ASSERT_EQ(saved.status, 200) << saved.body;
    const auto read = server_.client_as(Role::viewer).get("/api/v1/shipping-rules");
    ASSERT_EQ(read.status, 200);
    EXPECT_EQ(read.json(), saved.json());
    const auto rules = read.json().at("rules").as_array();
    ASSERT_EQ(rules.size(), 2U);
    EXPECT_EQ(rules[0].at("priority").as_int64(), 1);
    EXPECT_EQ(rules[0].at("service_level").as_string(), "express");
    EXPECT_TRUE(rules[0].at("country").is_null());
    EXPECT_TRUE(rules[0].at("max_weight_g").is_null());
    EXPECT_EQ(rules[1].at("priority").as_int64(), 2);
    EXPECT_EQ(rules[1].at("country").as_string(), "DE");
    EXPECT_EQ(rules[1].at("max_weight_g").as_int64(), 31500);
    EXPECT_EQ(rules[1].at("service").as_string(), "PAK");

    const auto unknown = admin_.request(
        "PUT", "/api/v1/shipping-rules",
        R"({"rules": [{"carrier": "DHL", "service": "PAK"}, {"carrier": "DHL", "service": "NDA"}]})");
    ASSERT_EQ(unknown.status, 400) << unknown.body;
    EXPECT_EQ(unknown.json().at("errors").at(0).at("field").as_string(), "rules/1/service");
    EXPECT_EQ(admin_.get("/api/v1/shipping-rules").json(), saved.json());

    const auto cleared = admin_.request("PUT", "/api/v1/shipping-rules", R"({"rules": []})");
    ASSERT_EQ(cleared.status, 200);
    EXPECT_TRUE(cleared.json().at("rules").as_array().empty());
}

TEST_P(ShippingHttpTest, LetsOnlyAdminsAndManagersChangeCarriersAndRules) {
    add_dhl();
    auto picker = server_.client_as(Role::picker);
    const auto created = picker.post("/api/v1/carriers", kDhl);
    EXPECT_EQ(created.status, 403);
    EXPECT_EQ(created.header("content-type"), "application/problem+json");
    EXPECT_EQ(picker.request("PUT", "/api/v1/carriers/DHL", kDhl).status, 403);
    EXPECT_EQ(picker.request("PUT", "/api/v1/shipping-rules", R"({"rules": []})").status, 403);
    EXPECT_EQ(picker.get("/api/v1/carriers/DHL").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Engines, ShippingHttpTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally
