// The tally binary's command lines, run as a user would run them.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "tally/catalog/catalog_service.hpp"
#include "tally/db/migrations.hpp"
#include "tally/inventory/inventory_service.hpp"

#include "testkit/process.hpp"
#include "testkit/raw_socket.hpp"
#include "testkit/test_server.hpp"

namespace tally {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kTally = TALLY_BINARY_PATH;

class CliTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    testkit::TestDatabase db_{GetParam()};

    testkit::ProcessResult tally(std::vector<std::string> args, const std::string& input = "",
                                 const std::vector<std::pair<std::string, std::string>>& env = {}) {
        args.insert(args.begin(), kTally);
        return testkit::run_process(args, input, env);
    }
};

TEST(Cli, PrintsItsVersion) {
    const auto result = testkit::run_process({kTally, "--version"});
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_THAT(result.out, StartsWith("tally 0."));
}

TEST(Cli, RefusesAnUnknownSubcommand) {
    const auto result = testkit::run_process({kTally, "frobnicate"});
    EXPECT_NE(result.exit_code, 0);
}

TEST_P(CliTest, MigrateBringsTheDatabaseToTheCurrentVersion) {
    const auto result = tally({"migrate", "--db", db_.url()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    const int latest = db::embedded_migrations().back().version;
    EXPECT_THAT(result.out, HasSubstr("schema version " + std::to_string(latest)));
    EXPECT_EQ(tally({"migrate", "--db", db_.url()}).exit_code, 0);
}

TEST_P(CliTest, UserAddReadsThePasswordFromStdinAndTokenCreatePrintsOnlyTheToken) {
    const auto added =
        tally({"user", "add", "ana", "--role", "manager", "--warehouse", "BER", "--db", db_.url()},
              "correct horse battery\n");
    ASSERT_EQ(added.exit_code, 0) << added.err;

    const auto token = tally({"token", "create", "--user", "ana", "--db", db_.url()});
    ASSERT_EQ(token.exit_code, 0) << token.err;
    EXPECT_THAT(token.out, ::testing::MatchesRegex("tly_[A-Za-z0-9_-]{43}\n"));
}

TEST_P(CliTest, UserAddNamesTheBadArgument) {
    const auto result =
        tally({"user", "add", "ana", "--role", "overlord", "--db", db_.url()}, "long enough pw\n");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_THAT(result.err, HasSubstr("role"));
    const auto short_password =
        tally({"user", "add", "bob", "--role", "picker", "--db", db_.url()}, "short\n");
    EXPECT_EQ(short_password.exit_code, 1);
    EXPECT_THAT(short_password.err, HasSubstr("password"));
}

TEST_P(CliTest, TokenCreateForAnUnknownUserFails) {
    const auto result = tally({"token", "create", "--user", "nobody", "--db", db_.url()});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_THAT(result.err, HasSubstr("nobody"));
    EXPECT_TRUE(result.out.empty());
}

TEST_P(CliTest, ServeAnswersTokensAndFinishesARequestInFlightOnSigterm) {
    ASSERT_EQ(tally({"user", "add", "ana", "--role", "picker", "--db", db_.url()},
                    "correct horse battery\n")
                  .exit_code,
              0);
    const std::string token = tally({"token", "create", "--user", "ana", "--db", db_.url()}).out;
    const unsigned short port = testkit::free_port();
    testkit::BackgroundProcess server(
        {kTally, "serve", "--db", db_.url(), "--listen", "127.0.0.1:" + std::to_string(port)},
        {{"TALLY_ACCESS_LOG", "off"}});
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    ASSERT_TRUE(testkit::wait_for_http(base + "/health", 20000)) << server.err();

    testkit::HttpClient client(base);
    EXPECT_EQ(client.get("/api/v1/me").status, 401);
    const auto me = client.get("/api/v1/me", {"Authorization: Bearer " + token.substr(0, 47)});
    EXPECT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(client.get("/api/v1/users", {"Authorization: Bearer " + token.substr(0, 47)}).status,
              403);

    // A request whose body is still arriving when SIGTERM comes must still be answered. The
    // server's 100 Continue says it has the head and waits for the body; its log says when it
    // has begun to stop.
    const std::string body = R"({"username": "ana", "password": "correct horse battery"})";
    testkit::RawSocket socket(port);
    socket.send(
        "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Expect: 100-continue\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 10));
    ASSERT_THAT(socket.read_until("\r\n\r\n", 10000), StartsWith("HTTP/1.1 100 Continue"));
    server.signal(SIGTERM);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (server.err().find("stopping: finishing requests in flight") == std::string::npos &&
           std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_THAT(server.err(), HasSubstr("stopping: finishing requests in flight"));
    socket.send(body.substr(10));
    const auto answer = socket.read_all(10000);
    EXPECT_THAT(answer, StartsWith("HTTP/1.1 201"));
    EXPECT_THAT(answer, HasSubstr("Connection: close"));
    EXPECT_EQ(server.wait(15000), 0) << server.err();
}

TEST_P(CliTest, ServeWithDemoPrintsTheSignInThatWorks) {
    const unsigned short port = testkit::free_port();
    testkit::BackgroundProcess server({kTally, "serve", "--demo", "--db", db_.url(), "--listen",
                                       "127.0.0.1:" + std::to_string(port)},
                                      {{"TALLY_ACCESS_LOG", "off"}});
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    ASSERT_TRUE(testkit::wait_for_http(base + "/health", 20000)) << server.err();
    EXPECT_THAT(server.out(), HasSubstr("serving on " + base));
    EXPECT_THAT(server.out(), HasSubstr("Demo sign-in: user admin, password tally-demo"));
    testkit::HttpClient client(base);
    EXPECT_EQ(client.post("/api/v1/sessions", R"({"username": "admin", "password": "tally-demo"})")
                  .status,
              201);
    server.signal(SIGTERM);
    EXPECT_EQ(server.wait(15000), 0) << server.err();
}

TEST(Cli, ConfigFileThenEnvironmentThenFlags) {
    const auto folder =
        std::filesystem::temp_directory_path() / ("tally-cli-config-" + std::to_string(getpid()));
    std::filesystem::create_directories(folder);
    const auto from_file = folder / "from-file.db";
    const auto from_env = folder / "from-env.db";
    const auto from_flag = folder / "from-flag.db";
    const auto config = folder / "tally.toml";
    std::ofstream(config) << "db = \"sqlite:" << from_file.string() << "\"\n";

    EXPECT_EQ(testkit::run_process({kTally, "--config", config.string(), "migrate"}).exit_code, 0);
    EXPECT_TRUE(std::filesystem::exists(from_file));

    EXPECT_EQ(testkit::run_process({kTally, "--config", config.string(), "migrate"}, "",
                                   {{"TALLY_DB", "sqlite:" + from_env.string()}})
                  .exit_code,
              0);
    EXPECT_TRUE(std::filesystem::exists(from_env));

    EXPECT_EQ(testkit::run_process({kTally, "--config", config.string(), "migrate", "--db",
                                    "sqlite:" + from_flag.string()},
                                   "", {{"TALLY_DB", "sqlite:" + from_env.string()}})
                  .exit_code,
              0);
    EXPECT_TRUE(std::filesystem::exists(from_flag));
    std::filesystem::remove_all(folder);
}

TEST(Cli, ABadConfigFileNamesTheKey) {
    const auto config = std::filesystem::temp_directory_path() /
                        ("tally-bad-" + std::to_string(getpid()) + ".toml");
    std::ofstream(config) << "listen = \"nowhere\"\n";
    const auto result = testkit::run_process({kTally, "--config", config.string(), "migrate"});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_THAT(result.err, HasSubstr("listen"));
    std::filesystem::remove(config);
}

TEST(Cli, BarcodeParsePrintsJsonAndRefusesBadInput) {
    // No --db and no TALLY_DB: reading a barcode must not need a database.
    const auto bracketed = testkit::run_process(
        {kTally, "barcode", "parse", "(01)09506000134352(17)261231(10)ABC123"});
    EXPECT_EQ(bracketed.exit_code, 0) << bracketed.err;
    EXPECT_EQ(bracketed.out, R"({"gtin":"09506000134352","expiry":"2026-12-31","lot":"ABC123"})"
                             "\n");

    const auto scanned = testkit::run_process({kTally, "barcode", "parse",
                                               "]C1"
                                               "0109506000134352"
                                               "10ABC\x1d"
                                               "3103001250"});
    EXPECT_EQ(scanned.exit_code, 0) << scanned.err;
    EXPECT_EQ(scanned.out, R"({"gtin":"09506000134352","lot":"ABC","net_weight_g":1250})"
                           "\n");

    const auto bad = testkit::run_process({kTally, "barcode", "parse", "(01)09506000134353"});
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_TRUE(bad.out.empty());
    EXPECT_THAT(bad.err, HasSubstr("(01) check digit should be 2, got 3"));

    const auto unknown = testkit::run_process({kTally, "barcode", "parse", "(59)X"});
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_THAT(unknown.err, HasSubstr("unknown application identifier (59)"));
}

TEST(Cli, BarcodeParseReadsPlainGtinsSsccsEanIdentifiersAndLogisticsLabels) {
    const auto parse = [](const std::string& data) {
        return testkit::run_process({kTally, "barcode", "parse", data});
    };
    EXPECT_EQ(parse("5901234123457").out, R"({"gtin":"05901234123457"})"
                                          "\n");
    EXPECT_EQ(parse("]E05901234123457").out, R"({"gtin":"05901234123457"})"
                                             "\n");
    EXPECT_EQ(parse("]E495050003").out, R"({"gtin":"00000095050003"})"
                                        "\n");
    EXPECT_EQ(parse("106141411234567897").out, R"({"sscc":"106141411234567897"})"
                                               "\n");
    const auto label = parse(R"(]C100106141411234567897400PO123\x1d42010115\x1d91abc)");
    EXPECT_EQ(label.exit_code, 0) << label.err;
    EXPECT_EQ(label.out, R"({"sscc":"106141411234567897","other":{"400":"PO123","420":"10115",)"
                         R"("91":"abc"}})"
                         "\n");

    const auto bad = parse("2112233789658");
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_TRUE(bad.out.empty());
    EXPECT_THAT(bad.err, HasSubstr("GTIN-13 check digit should be 7, got 8"));
    EXPECT_THAT(parse("(21)S1").err, HasSubstr("(21) requires (01), (03) or (8006)"));
}

TEST(Cli, BarcodePngDrawsATallyLabelAndRefusesABadSscc) {
    const auto out = std::filesystem::temp_directory_path() / "tally-cli-barcode.png";
    const auto drawn =
        testkit::run_process({kTally, "barcode", "png", "ORD-12", "--out", out.string()});
    ASSERT_EQ(drawn.exit_code, 0) << drawn.err;
    std::ifstream file(out, std::ios::binary);
    std::string head(8, '\0');
    file.read(head.data(), 8);
    EXPECT_EQ(head, "\x89PNG\r\n\x1a\n");
    std::filesystem::remove(out);

    const auto bad = testkit::run_process(
        {kTally, "barcode", "png", "(00)123", "--symbology", "gs1-128", "--out", out.string()});
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_P(CliTest, ImportsProductsAndFsckFindsTheStockTrue) {
    const auto csv = std::filesystem::temp_directory_path() /
                     ("tally-products-" + std::to_string(getpid()) + ".csv");
    std::ofstream(csv) << "sku,name,currency,price\nMUG-01,Mug,EUR,1299\nCUP-1,Cup,EUR,450\n";
    const auto imported = tally({"import", "products", csv.string(), "--db", db_.url()});
    std::filesystem::remove(csv);
    EXPECT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_THAT(imported.out, HasSubstr("2 created, 0 updated"));

    const auto clean = tally({"fsck", "--db", db_.url()});
    EXPECT_EQ(clean.exit_code, 0) << clean.err;
    EXPECT_THAT(clean.out, HasSubstr("stock agrees with its ledger"));
}

TEST_P(CliTest, ImportsStockAllOrNothingAndNamesTheBadRow) {
    core::SystemClock clock;
    {
        auto db = db_.open_migrated(clock, 1);
        catalog::CatalogService catalog(*db, clock);
        events::Bus bus(clock);  // no subscribers: nothing reacts
        inventory::InventoryService inventory(*db, clock, catalog, bus);
        const auto admin = identity::Principal::system();
        ASSERT_TRUE(
            catalog.create_product(admin, {.sku = "MUG-01", .name = "Mug", .currency = "EUR"}));
        ASSERT_TRUE(inventory.create_warehouse(
            admin,
            {.code = "BER", .name = "Berlin", .address = {.country = "DE"}, .timezone = "UTC"}));
        ASSERT_TRUE(inventory.create_bin(admin, "BER", {.code = "A-01"}));
    }
    const auto csv = std::filesystem::temp_directory_path() /
                     ("tally-stock-" + std::to_string(getpid()) + ".csv");
    std::ofstream(csv) << "warehouse,bin,sku,quantity\nBER,A-01,MUG-01,10\nBER,A-01,MUG-01,2\n";
    const auto imported = tally({"import", "stock", csv.string(), "--db", db_.url()});
    EXPECT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_THAT(imported.out, HasSubstr("2 rows imported"));

    std::ofstream(csv) << "warehouse,bin,sku,quantity,lot,expiry\nBER,A-01,CUP-1,1,,\n"
                          "BER,A-01,MUG-01,x,,\n";
    const auto refused = tally({"import", "stock", csv.string(), "--db", db_.url()});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_THAT(refused.err, HasSubstr("rows/3/quantity"));
    std::ofstream(csv) << "warehouse,bin,sku,quantity\nBER,A-01,CUP-1,1\nBER,A-01,MUG-01,1\n";
    const auto unknown = tally({"import", "stock", csv.string(), "--db", db_.url()});
    std::filesystem::remove(csv);
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_THAT(unknown.err, HasSubstr("rows/2/sku is not a known SKU"));

    const auto clean = tally({"fsck", "--db", db_.url()});
    EXPECT_EQ(clean.exit_code, 0) << clean.err;
    EXPECT_THAT(clean.out, HasSubstr("stock agrees with its ledger"));
    auto db = db_.open_migrated(clock, 1);
    catalog::CatalogService catalog(*db, clock);
    events::Bus bus(clock);  // no subscribers: nothing reacts
    inventory::InventoryService inventory(*db, clock, catalog, bus);
    const auto levels = inventory.levels(identity::Principal::system(), "MUG-01");
    ASSERT_TRUE(levels);
    ASSERT_EQ(levels->size(), 1U);
    EXPECT_EQ(levels->front().on_hand, 12);  // the refused files added nothing
}

TEST_P(CliTest, FsckExitsNonZeroNamingEachMismatch) {
    core::SystemClock clock;
    {
        auto db = db_.open_migrated(clock, 1);
        catalog::CatalogService catalog(*db, clock);
        events::Bus bus(clock);  // no subscribers: nothing reacts
        inventory::InventoryService inventory(*db, clock, catalog, bus);
        const auto admin = identity::Principal::system();
        ASSERT_TRUE(
            catalog.create_product(admin, {.sku = "MUG-01", .name = "Mug", .currency = "EUR"}));
        ASSERT_TRUE(inventory.create_warehouse(
            admin,
            {.code = "BER", .name = "Berlin", .address = {.country = "DE"}, .timezone = "UTC"}));
        ASSERT_TRUE(inventory.create_bin(admin, "BER", {.code = "A-01"}));
        ASSERT_TRUE(inventory.receive(
            admin, {.warehouse = "BER", .bin = "A-01", .sku = "MUG-01", .quantity = 10}));
        ASSERT_TRUE(db->write([](db::Tx& tx) -> core::Status {
            tx.sql() << "UPDATE warehouse_stock SET on_hand = 12, reserved = 11";
            return {};
        }));
    }
    const auto result = tally({"fsck", "--db", db_.url()});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_THAT(result.out, HasSubstr("on hand of MUG-01 in BER is 12 but its bins hold 10"));
    EXPECT_THAT(result.out, HasSubstr("reserved MUG-01 in BER is 11 but orders hold 0"));
    EXPECT_THAT(result.err, HasSubstr("2 problems found"));
}

INSTANTIATE_TEST_SUITE_P(Engines, CliTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally
