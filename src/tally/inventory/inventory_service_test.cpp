#include "tally/inventory/inventory_service.hpp"

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "tally/db/job_queue.hpp"

#include "testkit/test_database.hpp"

namespace tally::inventory {
namespace {

using ::testing::HasSubstr;

class InventoryServiceTest : public testkit::EngineTest {
  protected:
    InventoryServiceTest() {
        EXPECT_TRUE(inventory_.create_warehouse(admin_, {.code = "BER",
                                                         .name = "Berlin",
                                                         .address = {.country = "DE"},
                                                         .timezone = "Europe/Berlin",
                                                         .latitude = 52.52,
                                                         .longitude = 13.40}));
        for (const char* bin : {"A-01", "A-02", "A-03"}) {
            EXPECT_TRUE(inventory_.create_bin(admin_, "BER", {.code = bin, .zone = "A"}));
        }
        add_product("MUG-01", false, false);
        add_product("MILK-1", true, true);
    }

    void add_product(const std::string& sku, bool lots, bool expiry) {
        auto created = catalog_.create_product(admin_, {.sku = sku,
                                                        .name = sku,
                                                        .currency = "EUR",
                                                        .lot_tracked = lots,
                                                        .expiry_tracked = expiry});
        EXPECT_TRUE(created);
    }

    StockLevel level(const std::string& sku) {
        auto levels = inventory_.levels(admin_, sku);
        EXPECT_TRUE(levels);
        return levels->empty() ? StockLevel{} : levels->front();
    }

    identity::Principal admin_ = identity::Principal::system();
    catalog::CatalogService catalog_{*db_, clock_};
    events::Bus bus_{clock_};
    InventoryService inventory_{*db_, clock_, catalog_, bus_};
};

TEST_P(InventoryServiceTest, ReadsBackWarehousesBinsDocksAndPrintersAsStored) {
    ASSERT_TRUE(inventory_.create_warehouse(
        admin_, {.code = "HAM",
                 .name = "Hamburg",
                 .address = {.line1 = "Kai 1", .city = "Hamburg", .country = "DE"},
                 .timezone = "Europe/Berlin"}));
    ASSERT_TRUE(inventory_.update_bin(
        admin_, "BER", {.code = "A-02", .zone = "B", .pick_sequence = 7, .kind = "staging"},
        false));
    ASSERT_TRUE(inventory_.create_dock(admin_, "BER", {.door = "D-2", .kind = "outbound"}));
    ASSERT_TRUE(inventory_.create_printer(
        admin_, "BER", {.code = "PACK-1", .name = "Pack", .host = "10.0.0.9", .port = 9101}));
    ASSERT_TRUE(inventory_.update_printer(admin_, "BER", "PACK-1", {.active = false}));

    const auto hamburg = inventory_.get_warehouse("HAM");
    const auto bin = inventory_.get_bin(admin_, "BER", "A-02");
    const auto docks = inventory_.list_docks(admin_, "BER");
    const auto printers = inventory_.list_printers(admin_, "BER");
    ASSERT_TRUE(hamburg && bin && docks && printers);
    EXPECT_EQ(hamburg->address.line1, "Kai 1");
    EXPECT_EQ(hamburg->address.city, "Hamburg");
    EXPECT_FALSE(hamburg->latitude);
    EXPECT_DOUBLE_EQ(inventory_.get_warehouse("BER")->longitude.value_or(0), 13.40);
    EXPECT_EQ(bin->warehouse, "BER");
    EXPECT_EQ(bin->zone, "B");
    EXPECT_EQ(bin->pick_sequence, 7);
    EXPECT_EQ(bin->kind, "staging");
    EXPECT_FALSE(bin->active);
    ASSERT_EQ(docks->size(), 1U);
    EXPECT_EQ(docks->front().warehouse, "BER");
    EXPECT_EQ(docks->front().door, "D-2");
    EXPECT_EQ(docks->front().kind, "outbound");
    ASSERT_EQ(printers->size(), 1U);
    EXPECT_EQ(printers->front().warehouse, "BER");
    EXPECT_EQ(printers->front().address(), "10.0.0.9:9101");
    EXPECT_FALSE(printers->front().active);
}

TEST_P(InventoryServiceTest, ReceivesStockIntoABinAndCountsItOnHand) {
    const auto received = inventory_.receive(
        admin_, {.warehouse = "BER", .bin = "A-01", .sku = "MUG-01", .quantity = 100});
    ASSERT_TRUE(received) << received.error().message;
    EXPECT_EQ(received->on_hand, 100);
    EXPECT_EQ(level("MUG-01").available(), 100);
    EXPECT_TRUE(inventory_.fsck()->empty());
}

TEST_P(InventoryServiceTest, ReceiptsAndStockFoundGiveEverySubscriberAJobInTheirTransaction) {
    bus_.subscribe<StockAdded>("orders", [](const StockAdded&) { return jobs::Outcome::done(); });
    bus_.subscribe<StockAdded>("alerts", [](const StockAdded&) { return jobs::Outcome::done(); });

    ASSERT_TRUE(inventory_.receive(
        admin_, {.warehouse = "BER", .bin = "A-01", .sku = "MUG-01", .quantity = 10}));
    ASSERT_TRUE(inventory_.adjust(admin_, {.warehouse = "BER",
                                           .bin = "A-01",
                                           .sku = "MUG-01",
                                           .delta = -2,
                                           .reason = "damaged_in_storage"}));
    ASSERT_TRUE(inventory_.adjust(
        admin_,
        {.warehouse = "BER", .bin = "A-01", .sku = "MUG-01", .delta = 1, .reason = "found"}));
    ASSERT_FALSE(inventory_.receive(
        admin_, {.warehouse = "BER", .bin = "Z-99", .sku = "MUG-01", .quantity = 10}));

    const auto jobs = db_->read([](db::Tx& tx) -> core::Result<std::vector<db::JobRow>> {
        return db::JobQueue::list(tx, {});
    });
    ASSERT_TRUE(jobs);
    std::vector<std::string> kinds;
    for (const auto& job : *jobs) {
        kinds.push_back(job.kind + " " + job.subject);
    }
    const auto product =
        "product:" + std::to_string(catalog_.get_product_by_sku("MUG-01")->id.value);
    EXPECT_THAT(kinds, ::testing::UnorderedElementsAre(
                           "stock.added:orders " + product, "stock.added:alerts " + product,
                           "stock.added:orders " + product, "stock.added:alerts " + product));
}

TEST_P(InventoryServiceTest, AWarehouseCreatedOrChangedIsToldOnlyOnceItIsCommitted) {
    std::vector<std::string> told;
    bus_.observe<WarehouseChanged>([&](const WarehouseChanged& e) { told.push_back(e.warehouse); });
    const WarehouseInput lyon{
        .code = "LYS", .name = "Lyon", .address = {.country = "FR"}, .timezone = "Europe/Paris"};

    ASSERT_TRUE(inventory_.create_warehouse(admin_, lyon));
    ASSERT_FALSE(inventory_.create_warehouse(admin_, lyon));  // the code is taken
    auto renamed = lyon;
    renamed.name = "Lyon Est";
    ASSERT_TRUE(inventory_.update_warehouse(admin_, renamed));

    EXPECT_EQ(told, (std::vector<std::string>{"LYS", "LYS"}));
}

TEST_P(InventoryServiceTest, WantsLotAndExpiryForTrackedProducts) {
    const auto refused = inventory_.receive(
        admin_, {.warehouse = "BER", .bin = "A-01", .sku = "MILK-1", .quantity = 5});
    ASSERT_FALSE(refused);
    ASSERT_EQ(refused.error().fields.size(), 2U);
    EXPECT_EQ(refused.error().fields[0].field, "lot");
    EXPECT_EQ(refused.error().fields[1].field, "expiry");
}

TEST_P(InventoryServiceTest, KeepsOneExpiryPerLot) {
    ASSERT_TRUE(inventory_.receive(admin_, {.warehouse = "BER",
                                            .bin = "A-01",
                                            .sku = "MILK-1",
                                            .quantity = 5,
                                            .lot = "L1",
                                            .expiry = "2027-01-31"}));
    const auto other = inventory_.receive(admin_, {.warehouse = "BER",
                                                   .bin = "A-02",
                                                   .sku = "MILK-1",
                                                   .quantity = 5,
                                                   .lot = "L1",
                                                   .expiry = "2027-02-28"});
    ASSERT_FALSE(other);
    EXPECT_THAT(other.error().fields.at(0).reason, HasSubstr("2027-01-31"));
}

TEST_P(InventoryServiceTest, AStockFoundOfAKnownLotKeepsItsExpiry) {
    ASSERT_TRUE(inventory_.receive(admin_, {.warehouse = "BER",
                                            .bin = "A-01",
                                            .sku = "MILK-1",
                                            .quantity = 5,
                                            .lot = "L1",
                                            .expiry = "2027-01-31"}));
    const auto other = inventory_.adjust(admin_, {.warehouse = "BER",
                                                  .bin = "A-02",
                                                  .sku = "MILK-1",
                                                  .delta = 1,
                                                  .lot = "L1",
                                                  .reason = "found",
                                                  .expiry = "2027-03-31"});
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().fields.at(0).field, "expiry");
    const auto found = inventory_.adjust(admin_, {.warehouse = "BER",
                                                  .bin = "A-02",
                                                  .sku = "MILK-1",
                                                  .delta = 1,
                                                  .lot = "L1",
                                                  .reason = "found"});
    ASSERT_TRUE(found) << found.error().message;
    const auto rows = inventory_.rows(admin_, {.sku = "MILK-1", .warehouse = "BER", .bin = "A-02"});
    ASSERT_EQ(rows->size(), 1U);
    EXPECT_EQ(rows->front().expiry, "2027-01-31");
}

TEST_P(InventoryServiceTest, NamesUnknownPlacesAndProducts) {
    EXPECT_EQ(
        inventory_
            .receive(admin_, {.warehouse = "XXX", .bin = "A-01", .sku = "MUG-01", .quantity = 1})
            .error()
            .code,
        core::ErrorCode::not_found);
    EXPECT_EQ(
        inventory_
            .receive(admin_, {.warehouse = "BER", .bin = "Z-99", .sku = "MUG-01", .quantity = 1})
            .error()
            .code,
        core::ErrorCode::not_found);
    EXPECT_EQ(
        inventory_
            .receive(admin_, {.warehouse = "BER", .bin = "A-01", .sku = "NOPE", .quantity = 1})
            .error()
            .code,
        core::ErrorCode::not_found);
}

TEST_P(InventoryServiceTest, MovesStockBetweenBinsAndRefusesMoreThanTheBinHolds) {
    ASSERT_TRUE(inventory_.receive(
        admin_, {.warehouse = "BER", .bin = "A-01", .sku = "MUG-01", .quantity = 10}));
    ASSERT_TRUE(inventory_.move(admin_, {.warehouse = "BER",
                                         .from_bin = "A-01",
                                         .to_bin = "A-02",
                                         .sku = "MUG-01",
                                         .quantity = 4}));
    const auto too_many = inventory_.move(
        admin_,
        {.warehouse = "BER", .from_bin = "A-01", .to_bin = "A-02", .sku = "MUG-01", .quantity = 7});
    ASSERT_FALSE(too_many);
    EXPECT_EQ(too_many.error().code, core::ErrorCode::insufficient_stock);
    const auto rows = inventory_.rows(admin_, {.sku = "MUG-01"});
    ASSERT_EQ(rows->size(), 2U);
    EXPECT_EQ(rows->at(0).bin, "A-01");
    EXPECT_EQ(rows->at(0).quantity, 6);
    EXPECT_EQ(rows->at(1).quantity, 4);
    EXPECT_EQ(level("MUG-01").on_hand, 10);
    EXPECT_TRUE(inventory_.fsck()->empty());
}

TEST_P(InventoryServiceTest, AdjustsWithAReasonAndNeverBelowZero) {
    ASSERT_TRUE(inventory_.receive(
        admin_, {.warehouse = "BER", .bin = "A-01", .sku = "MUG-01", .quantity = 10}));
    const auto damaged = inventory_.adjust(admin_, {.warehouse = "BER",
                                                    .bin = "A-01",
                                                    .sku = "MUG-01",
                                                    .delta = -3,
                                                    .reason = "damaged_in_storage"});
    ASSERT_TRUE(damaged);
    EXPECT_EQ(damaged->on_hand, 7);
    const auto too_many = inventory_.adjust(
        admin_,
        {.warehouse = "BER", .bin = "A-01", .sku = "MUG-01", .delta = -8, .reason = "theft_loss"});
    EXPECT_EQ(too_many.error().code, core::ErrorCode::insufficient_stock);
    const auto no_reason = inventory_.adjust(
        admin_,
        {.warehouse = "BER", .bin = "A-01", .sku = "MUG-01", .delta = -1, .reason = "oops"});
    EXPECT_EQ(no_reason.error().fields.at(0).field, "reason");
    EXPECT_EQ(level("MUG-01").on_hand, 7);
}

TEST_P(InventoryServiceTest, RecordsEveryChangeInTheLedger) {
    ASSERT_TRUE(inventory_.receive(
        admin_,
        {.warehouse = "BER", .bin = "A-01", .sku = "MUG-01", .quantity = 10, .reference = "PO-7"}));
    ASSERT_TRUE(inventory_.adjust(
        admin_,
        {.warehouse = "BER", .bin = "A-01", .sku = "MUG-01", .delta = 2, .reason = "found"}));
    const auto ledger = db_->read([](db::Tx& tx) -> core::Result<std::vector<std::string>> {
        std::vector<std::string> lines;
        std::string kind, reason, reference;
        soci::indicator reason_ind = soci::i_null;
        long long delta = 0;
        soci::statement st = (tx.sql().prepare << "SELECT kind, delta, reason, reference"
                                                  " FROM stock_ledger ORDER BY id",
                              soci::into(kind), soci::into(delta), soci::into(reason, reason_ind),
                              soci::into(reference));
        st.execute();
        while (st.fetch()) {
            lines.push_back(kind + " " + std::to_string(delta) + " " +
                            (reason_ind == soci::i_ok ? reason : "-") + " " + reference);
        }
        return lines;
    });
    EXPECT_EQ(*ledger, (std::vector<std::string>{"receipt 10 - PO-7", "adjustment 2 found "}));
}

TEST_P(InventoryServiceTest, OffersLotsFirstExpiredFirstOut) {
    ASSERT_TRUE(inventory_.receive(admin_, {.warehouse = "BER",
                                            .bin = "A-01",
                                            .sku = "MILK-1",
                                            .quantity = 5,
                                            .lot = "LATE",
                                            .expiry = "2027-06-30"}));
    clock_.advance_ms(1000);
    ASSERT_TRUE(inventory_.receive(admin_, {.warehouse = "BER",
                                            .bin = "A-02",
                                            .sku = "MILK-1",
                                            .quantity = 5,
                                            .lot = "SOON",
                                            .expiry = "2027-01-31"}));
    const auto order = inventory_.pick_order(admin_, "MILK-1", "BER");
    ASSERT_TRUE(order);
    ASSERT_EQ(order->size(), 2U);
    EXPECT_EQ(order->at(0).lot, "SOON");
    EXPECT_EQ(order->at(0).bin_code, "A-02");
}

TEST_P(InventoryServiceTest, FsckNamesStockThatDisagreesWithItsLedger) {
    ASSERT_TRUE(inventory_.receive(
        admin_, {.warehouse = "BER", .bin = "A-01", .sku = "MUG-01", .quantity = 10}));
    ASSERT_TRUE(db_->write([](db::Tx& tx) -> core::Status {
        tx.sql() << "UPDATE stock SET quantity = 9";
        return {};
    }));
    const auto issues = inventory_.fsck();
    ASSERT_TRUE(issues);
    ASSERT_EQ(issues->size(), 2U);
    EXPECT_THAT(issues->at(0), HasSubstr("MUG-01 in BER/A-01 is 9 but its ledger sums to 10"));
    EXPECT_THAT(issues->at(1), HasSubstr("on hand of MUG-01 in BER is 10 but its bins hold 9"));
}

TEST_P(InventoryServiceTest, ImportsOpeningStockAsReceiptsAndTellsWhichProductsGotStock) {
    std::vector<catalog::ProductId> told;
    bus_.observe<StockAdded>([&](const StockAdded& e) { told = e.products; });
    const std::vector<StockImportRow> rows = {
        {.warehouse = "BER", .bin = "A-01", .sku = "MUG-01", .quantity = 10},
        {.warehouse = "BER", .bin = "A-02", .sku = "MUG-01", .quantity = 5},
        {.warehouse = "BER",
         .bin = "A-01",
         .sku = "MILK-1",
         .quantity = 3,
         .lot = "L1",
         .expiry = "2027-01-31"}};

    const auto imported = inventory_.import_stock(admin_, rows, "opening.csv");

    ASSERT_TRUE(imported) << imported.error().message;
    EXPECT_EQ(*imported, 3U);
    EXPECT_EQ(level("MUG-01").on_hand, 15);
    EXPECT_EQ(level("MILK-1").on_hand, 3);
    EXPECT_EQ(told.size(), 2U);
    const auto issues = inventory_.fsck();
    ASSERT_TRUE(issues);
    EXPECT_TRUE(issues->empty()) << ::testing::PrintToString(*issues);
}

TEST_P(InventoryServiceTest, ImportsNoStockWhenOneRowIsBadAndNamesItsRowAndField) {
    bool told = false;
    bus_.observe<StockAdded>([&](const StockAdded&) { told = true; });
    // Row 1 of the file is its header: the first row of stock is row 2.
    const std::vector<StockImportRow> rows = {
        {.warehouse = "BER", .bin = "A-01", .sku = "NOPE", .quantity = 10},
        {.warehouse = "BER", .bin = "A-01", .sku = "MUG-01", .quantity = 5},
        {.warehouse = "BER", .bin = "Z-99", .sku = "MUG-01", .quantity = 5},
        {.warehouse = "BER", .bin = "A-01", .sku = "MILK-1", .quantity = 5, .lot = "L1"}};

    const auto refused = inventory_.import_stock(admin_, rows, "opening.csv");

    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::invalid_argument);
    std::vector<std::string> fields;
    for (const auto& field : refused.error().fields) {
        fields.push_back(field.field);
    }
    EXPECT_EQ(fields, (std::vector<std::string>{"rows/2/sku", "rows/4/bin", "rows/5/expiry"}));
    EXPECT_TRUE(inventory_.levels(admin_, "MUG-01")->empty());
    EXPECT_TRUE(inventory_.rows(admin_, {})->empty());
    EXPECT_FALSE(told);
}

TEST_P(InventoryServiceTest, RefusesAWholeImportWithARowInAnotherWarehouseThanTheActors) {
    ASSERT_TRUE(inventory_.create_warehouse(
        admin_,
        {.code = "EWR", .name = "Newark", .address = {.country = "US"}, .timezone = "UTC"}));
    ASSERT_TRUE(inventory_.create_bin(admin_, "EWR", {.code = "A-01"}));
    identity::Principal manager{.id = identity::UserId{7},
                                .username = "ber-manager",
                                .role = identity::Role::manager,
                                .warehouse = "BER"};
    const std::vector<StockImportRow> rows = {
        {.warehouse = "BER", .bin = "A-01", .sku = "MUG-01", .quantity = 10},
        {.warehouse = "EWR", .bin = "A-01", .sku = "MUG-01", .quantity = 5},
        {.warehouse = "BER", .bin = "A-02", .sku = "MUG-01", .quantity = 5}};

    const auto refused = inventory_.import_stock(manager, rows, "opening.csv");

    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::forbidden);
    ASSERT_EQ(refused.error().fields.size(), 1U);
    EXPECT_EQ(refused.error().fields.front().field, "rows/3/warehouse");
    EXPECT_TRUE(inventory_.levels(admin_, "MUG-01")->empty());
    EXPECT_TRUE(inventory_.rows(admin_, {})->empty());
    // The same rows of BER alone go in.
    const auto own = inventory_.import_stock(manager, {rows[0], rows[2]}, "opening.csv");
    ASSERT_TRUE(own) << own.error().message;
    EXPECT_EQ(level("MUG-01").on_hand, 15);
}

TEST_P(InventoryServiceTest, KeepsAScopedUserToTheirWarehouseForBinsStockAndThresholds) {
    ASSERT_TRUE(inventory_.create_warehouse(
        admin_,
        {.code = "EWR", .name = "Newark", .address = {.country = "US"}, .timezone = "UTC"}));
    ASSERT_TRUE(inventory_.create_bin(admin_, "EWR", {.code = "A-01"}));
    ASSERT_TRUE(inventory_.receive(
        admin_, {.warehouse = "EWR", .bin = "A-01", .sku = "MUG-01", .quantity = 4}));
    identity::Principal manager{.id = identity::UserId{7},
                                .username = "ber-manager",
                                .role = identity::Role::manager,
                                .warehouse = "BER"};

    EXPECT_EQ(inventory_.create_bin(manager, "EWR", {.code = "Z-01"}).error().code,
              core::ErrorCode::forbidden);
    EXPECT_EQ(inventory_.update_bin(manager, "EWR", {.code = "A-01"}, false).error().code,
              core::ErrorCode::forbidden);
    EXPECT_EQ(inventory_.list_bins(manager, "EWR", 0, 10).error().code, core::ErrorCode::forbidden);
    EXPECT_EQ(inventory_.create_dock(manager, "EWR", {.door = "D1", .kind = "both"}).error().code,
              core::ErrorCode::forbidden);
    EXPECT_EQ(
        inventory_
            .save_threshold(manager, {.sku = "MUG-01", .warehouse = "EWR", .reorder_point = 1})
            .error()
            .code,
        core::ErrorCode::forbidden);
    EXPECT_EQ(
        inventory_
            .adjust(
                manager,
                {.warehouse = "EWR", .bin = "A-01", .sku = "MUG-01", .delta = -4, .reason = "loss"})
            .error()
            .code,
        core::ErrorCode::forbidden);
    EXPECT_EQ(
        inventory_
            .create_warehouse(
                manager,
                {.code = "ORD", .name = "Chicago", .address = {.country = "US"}, .timezone = "UTC"})
            .error()
            .code,
        core::ErrorCode::forbidden);
    EXPECT_TRUE(inventory_.levels(manager, "MUG-01")->empty());
    EXPECT_TRUE(inventory_.rows(manager, {})->empty());
    EXPECT_EQ(inventory_.levels(admin_, "MUG-01")->front().on_hand, 4);
    EXPECT_TRUE(inventory_.get_bin(admin_, "EWR", "A-01")->active);
}

TEST_P(InventoryServiceTest, SavesReplenishmentThresholds) {
    ASSERT_TRUE(inventory_.save_threshold(admin_, {.sku = "MUG-01",
                                                   .warehouse = "BER",
                                                   .reorder_point = 20,
                                                   .safety_stock = 5,
                                                   .lead_time_days = 7}));
    ASSERT_TRUE(inventory_.save_threshold(admin_, {.sku = "MUG-01",
                                                   .warehouse = "BER",
                                                   .reorder_point = 30,
                                                   .safety_stock = 5,
                                                   .lead_time_days = 7}));
    const auto saved = inventory_.thresholds(admin_, "MUG-01");
    ASSERT_EQ(saved->size(), 1U);
    EXPECT_EQ(saved->front().reorder_point, 30);
}

// 32 threads adjust and move stock in random bins for a while; afterwards the ledger
// explains every unit and nothing is negative.
TEST_P(InventoryServiceTest, ConcurrentAdjustmentsAndMovesKeepTheLedgerTrue) {
    const std::vector<std::string> bins = {"A-01", "A-02", "A-03"};
    for (const auto& bin : bins) {
        ASSERT_TRUE(inventory_.receive(
            admin_, {.warehouse = "BER", .bin = bin, .sku = "MUG-01", .quantity = 50}));
    }
    constexpr int kThreads = 32;
    const auto seconds = std::chrono::seconds(std::getenv("TALLY_STRESS_SECONDS") != nullptr
                                                  ? std::atoi(std::getenv("TALLY_STRESS_SECONDS"))
                                                  : 10);
    const auto until = std::chrono::steady_clock::now() + seconds;
    std::atomic<int> done{0};
    std::atomic<int> refused{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            std::mt19937 random(static_cast<unsigned>(t));
            while (std::chrono::steady_clock::now() < until) {
                const auto& from = bins[random() % bins.size()];
                const auto& to = bins[random() % bins.size()];
                const std::int64_t amount = 1 + static_cast<std::int64_t>(random() % 5);
                core::Result<StockChange> result;
                if (random() % 2 == 0 && from != to) {
                    result = inventory_.move(admin_, {.warehouse = "BER",
                                                      .from_bin = from,
                                                      .to_bin = to,
                                                      .sku = "MUG-01",
                                                      .quantity = amount});
                } else {
                    const bool add = random() % 2 == 0;
                    result =
                        inventory_.adjust(admin_, {.warehouse = "BER",
                                                   .bin = from,
                                                   .sku = "MUG-01",
                                                   .delta = add ? amount : -amount,
                                                   .reason = add ? "found" : "count_correction"});
                }
                if (result) {
                    ++done;
                } else if (result.error().code == core::ErrorCode::insufficient_stock) {
                    ++refused;
                } else {
                    ++failed;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(failed.load(), 0);
    EXPECT_GT(done.load(), kThreads);
    const auto issues = inventory_.fsck();
    ASSERT_TRUE(issues);
    EXPECT_TRUE(issues->empty()) << ::testing::PrintToString(*issues);
    const auto rows = inventory_.rows(admin_, {.sku = "MUG-01"});
    ASSERT_TRUE(rows);
    for (const auto& row : *rows) {
        EXPECT_GE(row.quantity, 0);
    }
    RecordProperty("changes", done.load());
    RecordProperty("refused", refused.load());
}

INSTANTIATE_TEST_SUITE_P(Engines, InventoryServiceTest,
                         ::testing::ValuesIn(testkit::enabled_engines()), testkit::engine_name);

}  // namespace
}  // namespace tally::inventory
