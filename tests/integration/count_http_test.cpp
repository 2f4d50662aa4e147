// Cycle counts over HTTP: schedules per zone, and count stations whose variance is adjusted
// through the ledger with reason cycle_count.
#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "testkit/eventually.hpp"
#include "testkit/process.hpp"
#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;

const std::string kTally = TALLY_BINARY_PATH;

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

    void add_mug_in_a01(int quantity) {
        const auto product = admin_.post(
            "/api/v1/products",
            R"({"sku": "MUG-01", "name": "Mug", "barcodes": ["09506000134352"], "weight_g": 350, "currency": "EUR"})");
        ASSERT_EQ(product.status, 201) << product.body;
        const auto receipt =
            admin_.post("/api/v1/inventory/receipts",
                        R"({"warehouse": "BER", "bin": "A-01", "sku": "MUG-01", "quantity": )" +
                            std::to_string(quantity) + "}");
        ASSERT_EQ(receipt.status, 201) << receipt.body;
        const auto station = admin_.post("/api/v1/stations",
                                         R"({"code": "C1", "type": "count", "warehouse": "BER"})");
        ASSERT_EQ(station.status, 201) << station.body;
    }

    boost::json::object scan(const std::string& barcode) {
        const auto answer =
            admin_.post("/api/v1/stations/C1/scans",
                        boost::json::serialize(boost::json::object{{"barcode", barcode}}));
        EXPECT_EQ(answer.status, 200) << barcode << ": " << answer.body;
        return answer.status == 200 ? answer.json().as_object() : boost::json::object{};
    }

    // The ledger's rows as "kind delta reason reference", oldest first.
    std::vector<std::string> ledger() {
        auto rows =
            server_.app().database().read([](db::Tx& tx) -> core::Result<std::vector<std::string>> {
                std::string kind;
                long long delta = 0;
                std::string reason;
                soci::indicator reason_ind = soci::i_null;
                std::string reference;
                soci::statement st = (tx.sql().prepare << "SELECT kind, delta, reason, reference"
                                                          " FROM stock_ledger ORDER BY id",
                                      soci::into(kind), soci::into(delta),
                                      soci::into(reason, reason_ind), soci::into(reference));
                st.execute();
                std::vector<std::string> out;
                while (st.fetch()) {
                    out.push_back(kind + " " + std::to_string(delta) + " " +
                                  (reason_ind == soci::i_ok ? reason : "-") + " " + reference);
                }
                return out;
            });
        return rows ? *rows : std::vector<std::string>{};
    }

    testkit::TestServer server_{GetParam()};
    testkit::HttpClient admin_ = server_.client_as(Role::admin);
};

TEST_P(CountHttpTest, ACountWithAVarianceAdjustsTheLedgerWithReasonCycleCount) {
    add_mug_in_a01(10);
    const auto schedule = admin_.post("/api/v1/count-schedules",
                                      R"({"warehouse": "BER", "zone": "A", "every_days": 7})");
    ASSERT_EQ(schedule.status, 201) << schedule.body;
    // The schedule is due at once: the job raises its count task (here, or on a runner thread).
    boost::json::value tasks;
    ASSERT_TRUE(testkit::eventually([&] {
        (void)server_.app().jobs().run_due();
        tasks = admin_.get("/api/v1/inventory/count-tasks?warehouse=BER").json();
        return tasks.at("items").as_array().size() == 1;
    })) << tasks;
    const auto task = tasks.at("items").at(0).at("id").as_int64();

    EXPECT_EQ(scan("B:BER:A-01").at("verdict").as_string(), "ok");
    EXPECT_EQ(scan("MUG-01").at("verdict").as_string(), "ok");
    EXPECT_EQ(scan("(01)09506000134352(30)6").at("verdict").as_string(), "ok");  // a GS1 count
    const auto submitted = scan("CMD-COUNTED");

    ASSERT_EQ(submitted.at("verdict").as_string(), "ok") << submitted;
    EXPECT_EQ(submitted.at("next").at("action").as_string(), "scan_bin");
    const auto level = admin_.get("/api/v1/inventory?sku=MUG-01").json().at("items").at(0);
    EXPECT_EQ(level.at("on_hand").as_int64(), 7);
    const auto rows = ledger();
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows.back(), "adjustment -3 cycle_count count-task:" + std::to_string(task));
    EXPECT_TRUE(admin_.get("/api/v1/inventory/count-tasks?warehouse=BER")
                    .json()
                    .at("items")
                    .as_array()
                    .empty());
    EXPECT_TRUE(admin_.get("/api/v1/inventory/fsck").json().at("ok").as_bool());
    const auto fsck = testkit::run_process({kTally, "fsck", "--db", server_.database().url()});
    EXPECT_EQ(fsck.exit_code, 0) << fsck.out << fsck.err;
}

TEST_P(CountHttpTest, ACountStationRefusesABinWithoutATask) {
    add_mug_in_a01(10);

    const auto refused = scan("B:BER:A-01");

    EXPECT_EQ(refused.at("verdict").as_string(), "wrong_bin");
}

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
