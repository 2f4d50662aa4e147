// kill -9 during order intake: every order the load generator saw acknowledged survives the
// crash exactly once, and stock still agrees with its ledger and reservations.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "tally/catalog/catalog_service.hpp"
#include "tally/identity/identity_service.hpp"
#include "tally/inventory/inventory_service.hpp"

#include "testkit/process.hpp"
#include "testkit/test_server.hpp"

namespace tally {
namespace {

const std::string kTally = TALLY_BINARY_PATH;
const std::string kOrderLoad = ORDER_LOAD_PATH;
constexpr int kProducts = 20;

std::vector<std::string> lines_of(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

class OrderCrashTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    // Products SKU-000001.. with plenty of stock in one warehouse, and an admin token.
    std::string seed() {
        core::SystemClock clock;
        auto db = db_.open_migrated(clock, 1);
        catalog::CatalogService catalog(*db, clock);
        events::Bus bus(clock);  // no subscribers: nothing reacts
        inventory::InventoryService inventory(*db, clock, catalog, bus);
        identity::IdentityService identity(*db, clock,
                                           {.password_cost = identity::PasswordCost::interactive});
        const auto admin = identity::Principal::system();
        EXPECT_TRUE(inventory.create_warehouse(admin, {.code = "BER",
                                                       .name = "Berlin",
                                                       .address = {.country = "DE"},
                                                       .timezone = "Europe/Berlin",
                                                       .latitude = 52.52,
                                                       .longitude = 13.40}));
        EXPECT_TRUE(inventory.create_bin(admin, "BER", {.code = "A-01"}));
        std::vector<inventory::StockImportRow> rows;
        for (int i = 1; i <= kProducts; ++i) {
            char sku[16];
            std::snprintf(sku, sizeof sku, "SKU-%06d", i);
            EXPECT_TRUE(
                catalog.create_product(admin, {.sku = sku, .name = sku, .currency = "EUR"}));
            rows.push_back({.warehouse = "BER", .bin = "A-01", .sku = sku, .quantity = 1'000'000});
        }
        EXPECT_TRUE(inventory.import_stock(admin, rows, "crash test"));
        EXPECT_TRUE(identity.create_user(
            admin, {.username = "loader", .password = "correct horse battery", .role = "admin"}));
        auto token = identity.create_token(admin, "loader", "crash test");
        EXPECT_TRUE(token);
        return token ? token->secret : "";
    }

    testkit::BackgroundProcess serve(unsigned short port) {
        return testkit::BackgroundProcess(
            {kTally, "serve", "--db", db_.url(), "--listen", "127.0.0.1:" + std::to_string(port)},
            {{"TALLY_ACCESS_LOG", "off"}});
    }

    testkit::TestDatabase db_{GetParam()};
};

TEST_P(OrderCrashTest, EveryAcknowledgedOrderSurvivesKillNine) {
    const std::string token = seed();
    const auto folder = std::filesystem::temp_directory_path() /
                        ("tally-crash-" + std::to_string(getpid()) + "-" +
                         std::string(GetParam() == db::Engine::sqlite ? "sqlite" : "pg"));
    std::filesystem::create_directories(folder);
    const auto acked = folder / "acked.txt";
    std::filesystem::remove(acked);

    unsigned short port = testkit::free_port();
    std::string base = "http://127.0.0.1:" + std::to_string(port);
    {
        auto server = serve(port);
        ASSERT_TRUE(testkit::wait_for_http(base + "/health", 30000)) << server.err();
        testkit::BackgroundProcess load({kOrderLoad, "--url", base, "--token", token,
                                         "--connections", "16", "--seconds", "30", "--products",
                                         std::to_string(kProducts), "--sku-format", "SKU-%06d",
                                         "--prefix", "CRASH", "--acked", acked.string()});
        // Kill the server once orders flow, in the middle of the load.
        for (int waited = 0; lines_of(acked).size() < 200 && waited < 30000; waited += 50) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ASSERT_GE(lines_of(acked).size(), 200U) << load.err() << server.err();
        server.signal(SIGKILL);
        EXPECT_EQ(server.wait(10000), 128 + SIGKILL);
        EXPECT_EQ(load.wait(60000), 0) << load.err();
        EXPECT_NE(load.out().find("RESULT order_load"), std::string::npos) << load.out();
    }

    const auto acknowledged = lines_of(acked);
    std::map<std::string, int> expected;
    for (const auto& id : acknowledged) {
        ++expected[id];
    }
    ASSERT_EQ(expected.size(), acknowledged.size()) << "an order was acknowledged twice";

    port = testkit::free_port();
    base = "http://127.0.0.1:" + std::to_string(port);
    auto server = serve(port);
    ASSERT_TRUE(testkit::wait_for_http(base + "/health", 30000)) << server.err();
    testkit::HttpClient client(base);
    client.set_header("Authorization: Bearer " + token);
    std::map<std::string, int> stored;
    std::string cursor = "0";
    for (;;) {
        const auto page = client.get("/api/v1/orders?channel=api&limit=500&cursor=" + cursor);
        ASSERT_EQ(page.status, 200) << page.body;
        const auto body = page.json();
        for (const auto& item : body.at("items").as_array()) {
            ++stored[std::string(item.at("external_id").as_string())];
        }
        if (body.at("next_cursor").is_null()) {
            break;
        }
        cursor = std::string(body.at("next_cursor").as_string());
    }
    for (const auto& [id, count] : expected) {
        EXPECT_EQ(stored[id], 1) << id << " was acknowledged but is stored " << stored[id]
                                 << " times";
    }
    EXPECT_GE(stored.size(), expected.size());
    server.signal(SIGTERM);
    EXPECT_EQ(server.wait(15000), 0);

    const auto fsck = testkit::run_process({kTally, "fsck", "--db", db_.url()});
    EXPECT_EQ(fsck.exit_code, 0) << fsck.out << fsck.err;
    std::filesystem::remove_all(folder);
}

INSTANTIATE_TEST_SUITE_P(Engines, OrderCrashTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally
