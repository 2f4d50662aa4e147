// A short warehouse day against a real `tally serve`: bench/warehouse_day sets up a warehouse,
// releases 150 orders and has 4 workers pick, pack and load them by scans alone, making each
// kind of mistake about one time in ten. Tally must catch every wrong product, wrong quantity,
// wrong carrier and every left-out unit the scale can tell, ship every order, and leave a
// database that `tally fsck` finds clean.
#include <csignal>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "tally/identity/identity_service.hpp"

#include "testkit/process.hpp"
#include "testkit/test_server.hpp"

namespace tally {
namespace {

const std::string kTally = TALLY_BINARY_PATH;
const std::string kWarehouseDay = WAREHOUSE_DAY_PATH;
constexpr int kOrders = 150;
constexpr int kDayTimeoutMs = 300'000;

// The key=value pairs of warehouse_day's RESULT line.
std::map<std::string, std::string> result_of(const std::string& out) {
    std::map<std::string, std::string> fields;
    const auto start = out.find("RESULT warehouse_day ");
    if (start == std::string::npos) {
        return fields;
    }
    std::istringstream line(out.substr(start, out.find('\n', start) - start));
    for (std::string word; line >> word;) {
        if (const auto eq = word.find('='); eq != std::string::npos) {
            fields[word.substr(0, eq)] = word.substr(eq + 1);
        }
    }
    return fields;
}

long long number(const std::map<std::string, std::string>& fields, const std::string& key) {
    const auto it = fields.find(key);
    return it == fields.end() ? -1 : std::stoll(it->second);
}

class WarehouseDayTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    // An admin's API token in a fresh database; warehouse_day sets up the rest over HTTP.
    std::string admin_token() {
        core::SystemClock clock;
        auto db = db_.open_migrated(clock, 1);
        identity::IdentityService identity(*db, clock,
                                           {.password_cost = identity::PasswordCost::interactive});
        const auto admin = identity::Principal::system();
        EXPECT_TRUE(identity.create_user(
            admin,
            {.username = "simulator", .password = "correct horse battery", .role = "admin"}));
        auto token = identity.create_token(admin, "simulator", "warehouse day test");
        EXPECT_TRUE(token);
        return token ? token->secret : "";
    }

    testkit::TestDatabase db_{GetParam()};
};

TEST_P(WarehouseDayTest, CatchesEveryWrongProductQuantityAndCarrierAndShipsEveryOrder) {
    const std::string token = admin_token();
    const unsigned short port = testkit::free_port();
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    testkit::BackgroundProcess server(
        {kTally, "serve", "--db", db_.url(), "--listen", "127.0.0.1:" + std::to_string(port)},
        {{"TALLY_ACCESS_LOG", "off"}});
    ASSERT_TRUE(testkit::wait_for_http(base + "/health", 30000)) << server.err();

    std::vector<std::string> args = {kWarehouseDay, "--url", base, "--token", token, "--setup"};
    // A small catalogue keeps the setup short; each kind of mistake about one time in ten, so
    // that every kind happens several times in 150 orders.
    const std::pair<const char*, std::string> flags[] = {{"--orders", std::to_string(kOrders)},
                                                         {"--workers", "4"},
                                                         {"--products", "80"},
                                                         {"--bins", "20"},
                                                         {"--wave", "50"},
                                                         {"--wrong-product-pct", "10"},
                                                         {"--wrong-quantity-pct", "10"},
                                                         {"--left-out-pct", "10"},
                                                         {"--wrong-carrier-pct", "10"},
                                                         // Units under 40 g get counted.
                                                         {"--scale-precision-g", "10"}};
    for (const auto& [flag, value] : flags) {
        args.emplace_back(flag);
        args.push_back(value);
    }
    testkit::BackgroundProcess day(args);
    const int exit_code = day.wait(kDayTimeoutMs);
    std::cout << day.out() << std::flush;  // the day's table, for the test log

    EXPECT_EQ(exit_code, 0) << day.out() << day.err() << server.err();
    const auto result = result_of(day.out());
    ASSERT_FALSE(result.empty()) << day.out() << day.err();
    for (const std::string kind :
         {"wrong_product", "wrong_quantity", "left_out", "wrong_carrier"}) {
        EXPECT_GT(number(result, kind + "_made"), 0) << kind << "\n" << day.out();
    }
    EXPECT_EQ(number(result, "wrong_product_reached"), 0) << day.out();
    EXPECT_EQ(number(result, "wrong_quantity_reached"), 0) << day.out();
    EXPECT_EQ(number(result, "wrong_carrier_reached"), 0) << day.out();
    EXPECT_EQ(number(result, "left_out_detectable_missed"), 0) << day.out();
    EXPECT_EQ(number(result, "left_out_visible_shipped"), 0) << day.out();
    EXPECT_GT(number(result, "counted_cartons"), 0) << day.out();
    EXPECT_EQ(number(result, "shipped"), kOrders) << day.out();
    EXPECT_EQ(number(result, "anomalies"), 0) << day.out();

    server.signal(SIGTERM);
    EXPECT_EQ(server.wait(15000), 0) << server.err();
    const auto fsck = testkit::run_process({kTally, "fsck", "--db", db_.url()});
    EXPECT_EQ(fsck.exit_code, 0) << fsck.out << fsck.err;
}

INSTANTIATE_TEST_SUITE_P(Engines, WarehouseDayTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally
