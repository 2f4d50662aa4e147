#include "tally/inventory/stock_moves.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "tally/inventory/inventory_service.hpp"
#include "tally/inventory/places.hpp"

#include "testkit/test_database.hpp"

namespace tally::inventory {
namespace {

class StockMovesTest : public testkit::EngineTest {
  protected:
    StockMovesTest() {
        auto warehouse = inventory_.create_warehouse(admin_, {.code = "BER",
                                                              .name = "Berlin",
                                                              .address = {.country = "DE"},
                                                              .timezone = "Europe/Berlin"});
        EXPECT_TRUE(warehouse) << warehouse.error().message;
        warehouse_ = warehouse->id;
        for (const char* code : {"A-01", "A-02"}) {
            auto bin = inventory_.create_bin(admin_, "BER", {.code = code, .zone = "A"});
            EXPECT_TRUE(bin);
            bins_.push_back(bin->id);
        }
        auto milk = catalog_.create_product(admin_, {.sku = "MILK-1",
                                                     .name = "Milk",
                                                     .currency = "EUR",
                                                     .lot_tracked = true,
                                                     .expiry_tracked = true});
        EXPECT_TRUE(milk);
        milk_ = milk->id;
        EXPECT_TRUE(inventory_.receive(admin_, {.warehouse = "BER",
                                                .bin = "A-01",
                                                .sku = "MILK-1",
                                                .quantity = 5,
                                                .lot = "L1",
                                                .expiry = "2027-01-31"}));
    }

    // Runs one operation in its own write transaction, as a caller's would be.
    template <class F>
    auto in_tx(F&& fn) {
        return db_->write([&](db::Tx& tx) { return fn(tx); });
    }

    [[nodiscard]] StockKey shelf() const { return StockKey{milk_, warehouse_, bins_[0], "L1"}; }
    [[nodiscard]] StockNote note() const { return StockNote::by(admin_, clock_.now_ms(), "ORD-1"); }

    StockLevel level() {
        auto levels = inventory_.levels(admin_, "MILK-1");
        EXPECT_TRUE(levels);
        return levels->empty() ? StockLevel{} : levels->front();
    }

    std::vector<std::string> rows() {
        std::vector<std::string> out;
        const auto listed = inventory_.rows(admin_, {.sku = "MILK-1"});
        EXPECT_TRUE(listed);
        for (const auto& r : *listed) {
            out.push_back(r.bin + " " + r.lot + " " + r.expiry.value_or("-") + " " +
                          std::to_string(r.quantity));
        }
        return out;
    }

    std::vector<std::string> ledger() {
        return *db_->read([](db::Tx& tx) -> core::Result<std::vector<std::string>> {
            std::vector<std::string> lines;
            std::string kind, reason, reference;
            soci::indicator reason_ind = soci::i_null;
            long long delta = 0;
            soci::statement st =
                (tx.sql().prepare << "SELECT kind, delta, reason, reference FROM stock_ledger"
                                     " ORDER BY id",
                 soci::into(kind), soci::into(delta), soci::into(reason, reason_ind),
                 soci::into(reference));
            st.execute();
            while (st.fetch()) {
                lines.push_back(kind + " " + std::to_string(delta) + " " +
                                (reason_ind == soci::i_ok ? reason : "-") + " " + reference);
            }
            return lines;
        });
    }

    void expect_clean() {
        const auto issues = inventory_.fsck();
        ASSERT_TRUE(issues);
        EXPECT_TRUE(issues->empty()) << ::testing::PrintToString(*issues);
    }

    identity::Principal admin_ = identity::Principal::system();
    catalog::CatalogService catalog_{*db_, clock_};
    events::Bus bus_{clock_};
    InventoryService inventory_{*db_, clock_, catalog_, bus_};
    WarehouseId warehouse_;
    std::vector<BinId> bins_;
    catalog::ProductId milk_;
};

TEST_P(StockMovesTest, APickTakesTheLotToTheOutboundBinWithItsExpiryAndTwoLedgerRows) {
    const auto picked = in_tx([&](db::Tx& tx) {
        return StockMoves::pick(tx, shelf(), Places::outbound_bin(tx, warehouse_), 3, note());
    });

    ASSERT_TRUE(picked) << picked.error().message;
    EXPECT_EQ(rows(),
              (std::vector<std::string>{"A-01 L1 2027-01-31 2", "OUTBOUND L1 2027-01-31 3"}));
    EXPECT_EQ(ledger(),
              (std::vector<std::string>{"receipt 5 - ", "pick -3 - ORD-1", "pick 3 - ORD-1"}));
    EXPECT_EQ(level().on_hand, 5);
    expect_clean();
}

TEST_P(StockMovesTest, APickOfMoreThanTheBinHoldsIsRefusedAndChangesNothing) {
    const auto picked = in_tx([&](db::Tx& tx) {
        return StockMoves::pick(tx, shelf(), Places::outbound_bin(tx, warehouse_), 6, note());
    });

    ASSERT_FALSE(picked);
    EXPECT_EQ(picked.error().code, core::ErrorCode::insufficient_stock);
    EXPECT_EQ(rows(), (std::vector<std::string>{"A-01 L1 2027-01-31 5"}));
    EXPECT_EQ(ledger().size(), 1U);
}

TEST_P(StockMovesTest, AMoveToABinOfAnotherWarehouseIsRefusedAndRolledBack) {
    ASSERT_TRUE(inventory_.create_warehouse(admin_, {.code = "MUC",
                                                     .name = "Munich",
                                                     .address = {.country = "DE"},
                                                     .timezone = "Europe/Berlin"}));
    const auto elsewhere = inventory_.create_bin(admin_, "MUC", {.code = "B-01", .zone = "B"});
    ASSERT_TRUE(elsewhere);

    const auto moved =
        in_tx([&](db::Tx& tx) { return StockMoves::move(tx, shelf(), elsewhere->id, 2, note()); });

    ASSERT_FALSE(moved);
    ASSERT_EQ(moved.error().fields.size(), 1U);
    EXPECT_EQ(moved.error().fields[0].field, "bin");
    EXPECT_EQ(rows(), (std::vector<std::string>{"A-01 L1 2027-01-31 5"}));
    expect_clean();
}

TEST_P(StockMovesTest, AMoveBetweenBinsIsLedgeredAsAMoveWithItsReason) {
    const auto moved = in_tx([&](db::Tx& tx) {
        return StockMoves::move(tx, shelf(), bins_[1], 1,
                                StockNote::by(admin_, clock_.now_ms(), "ORD-1", "damaged"));
    });

    ASSERT_TRUE(moved) << moved.error().message;
    EXPECT_EQ(ledger(), (std::vector<std::string>{"receipt 5 - ", "move -1 damaged ORD-1",
                                                  "move 1 damaged ORD-1"}));
    expect_clean();
}

TEST_P(StockMovesTest, ReservesOnlyWhatIsAvailableAndGivesBackOnlyWhatIsReserved) {
    ASSERT_TRUE(in_tx([&](db::Tx& tx) { return StockMoves::reserve(tx, milk_, warehouse_, 4); }));

    const auto more =
        in_tx([&](db::Tx& tx) { return StockMoves::reserve(tx, milk_, warehouse_, 2); });
    const auto back =
        in_tx([&](db::Tx& tx) { return StockMoves::unreserve(tx, milk_, warehouse_, 5); });
    const auto none =
        in_tx([&](db::Tx& tx) { return StockMoves::reserve(tx, milk_, warehouse_, 0); });

    ASSERT_FALSE(more);
    EXPECT_EQ(more.error().code, core::ErrorCode::insufficient_stock);
    ASSERT_FALSE(back);
    EXPECT_EQ(back.error().code, core::ErrorCode::conflict);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().fields.at(0).field, "quantity");
    EXPECT_EQ(level().reserved, 4);
    ASSERT_TRUE(in_tx([&](db::Tx& tx) { return StockMoves::unreserve(tx, milk_, warehouse_, 4); }));
    EXPECT_EQ(level().reserved, 0);
}

TEST_P(StockMovesTest, ShipsOnlyUnreservedUnitsOutOfTheWarehouse) {
    ASSERT_TRUE(in_tx([&](db::Tx& tx) { return StockMoves::reserve(tx, milk_, warehouse_, 5); }));
    const auto reserved =
        in_tx([&](db::Tx& tx) { return StockMoves::ship(tx, shelf(), 2, note()); });
    ASSERT_FALSE(reserved);
    EXPECT_EQ(reserved.error().code, core::ErrorCode::insufficient_stock);
    EXPECT_EQ(rows(), (std::vector<std::string>{"A-01 L1 2027-01-31 5"}));

    const auto shipped = in_tx([&](db::Tx& tx) -> core::Status {
        if (auto back = StockMoves::unreserve(tx, milk_, warehouse_, 2); !back) {
            return back;
        }
        return StockMoves::ship(tx, shelf(), 2, note());
    });

    ASSERT_TRUE(shipped) << shipped.error().message;
    EXPECT_EQ(level().on_hand, 3);
    EXPECT_EQ(level().reserved, 3);
    EXPECT_EQ(ledger().back(), "ship -2 - ORD-1");
    expect_clean();
}

TEST_P(StockMovesTest, WritesOffAtMostWhatTheRowHolds) {
    const auto written = in_tx([&](db::Tx& tx) {
        return StockMoves::write_off(tx, shelf(), 8,
                                     StockNote::by(admin_, clock_.now_ms(), "ORD-1", "short_pick"));
    });

    ASSERT_TRUE(written) << written.error().message;
    EXPECT_EQ(*written, 5);
    EXPECT_EQ(level().on_hand, 0);
    EXPECT_EQ(ledger().back(), "adjustment -5 short_pick ORD-1");
    expect_clean();
}

TEST_P(StockMovesTest, TheOutboundBinIsMadeOnceAndFoundAfterwards) {
    const auto first = in_tx(
        [&](db::Tx& tx) -> core::Result<BinId> { return Places::outbound_bin(tx, warehouse_); });
    const auto again = in_tx(
        [&](db::Tx& tx) -> core::Result<BinId> { return Places::outbound_bin(tx, warehouse_); });
    const auto damage = in_tx(
        [&](db::Tx& tx) -> core::Result<BinId> { return Places::damage_bin(tx, warehouse_); });

    ASSERT_TRUE(first && again && damage);
    EXPECT_EQ(first->value, again->value);
    EXPECT_NE(first->value, damage->value);
    const auto bin = inventory_.get_bin(admin_, "BER", "OUTBOUND");
    ASSERT_TRUE(bin);
    EXPECT_EQ(bin->kind, "staging");
}

INSTANTIATE_TEST_SUITE_P(Engines, StockMovesTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally::inventory
