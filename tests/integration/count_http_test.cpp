// Cycle counts over HTTP: schedules per zone, and count stations whose variance is adjusted
// through the ledger with reason cycle_count.
#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;

class CountHttpTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    CountHttpTest() {
        const auto warehouse = admin_.post(
            "/api/v1/warehouses",
            R"({"code": "BER", "name": "Berlin", "country": "DE", "timezone": "Europe/Berlin"})");
        EXPECT_EQ(warehouse.status, 201) << warehouse.body;
        const auto bin = admin_.post("/api/v1/warehouses/BER/bins",
                                     R"({"code": "A-01", "zone": "A", "pick_sequence": 10})");
        EXPECT_EQ(bin.status, 201) << bin.body;
    }

    testkit::TestServer server_{GetParam()};
    testkit::HttpClient admin_ = server_.client_as(Role::admin);
};

TEST_P(CountHttpTest, SchedulesAZoneAndListsIt) {
    const auto created = admin_.post(
        "/api/v1/count-schedules",
        R"({"warehouse": "BER", "zone": "A", "every_days": 7, "first_due_at": "2030-01-06T08:00:00Z"})");
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json().at("next_due_at").as_string(), "2030-01-06T08:00:00.000Z");

    const auto listed = admin_.get("/api/v1/count-schedules?warehouse=BER");
    ASSERT_EQ(listed.status, 200) << listed.body;
    const auto json = listed.json();
    const auto& items = json.at("items").as_array();
    ASSERT_EQ(items.size(), 1U);
    EXPECT_EQ(items[0].at("zone").as_string(), "A");
    EXPECT_EQ(items[0].at("every_days").as_int64(), 7);
    EXPECT_TRUE(items[0].at("last_raised_at").is_null());
}

TEST_P(CountHttpTest, RefusesABadScheduleNamingTheFields) {
    const auto refused = admin_.post("/api/v1/count-schedules",
                                     R"({"warehouse": "BER", "zone": "", "every_days": 0})");

    EXPECT_EQ(refused.status, 400);
    EXPECT_THAT(refused.body, ::testing::HasSubstr("every_days"));
    const auto twice = [&] {
        return admin_.post("/api/v1/count-schedules",
                           R"({"warehouse": "BER", "zone": "A", "every_days": 3})");
    };
    EXPECT_EQ(twice().status, 201);
    EXPECT_EQ(twice().status, 409);
}

INSTANTIATE_TEST_SUITE_P(Engines, CountHttpTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally
