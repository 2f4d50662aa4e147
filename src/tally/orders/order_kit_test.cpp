// Kits on both engines: a kit line reserves its components in the order's own transaction,
// is routed by them, waits for them, and gives them back.
#include <gtest/gtest.h>

#include "tally/inventory/inventory_service.hpp"
#include "tally/orders/order_service.hpp"

#include "testkit/test_database.hpp"

namespace tally::orders {
namespace {

class OrderKitTest : public testkit::EngineTest {
  protected:
    OrderKitTest() {
        for (const char* code : {"BER", "EWR"}) {
            EXPECT_TRUE(inventory_.create_warehouse(
                admin_, {.code = code,
                         .name = code,
                         .address = {.country = std::string(code) == "BER" ? "DE" : "US"},
                         .timezone = "UTC"}));
            EXPECT_TRUE(inventory_.create_bin(admin_, code, {.code = "A-01", .zone = "A"}));
        }
        for (const char* sku : {"MUG-01", "TEA-01"}) {
            EXPECT_TRUE(catalog_.create_product(
                admin_, {.sku = sku, .name = std::string(sku) + " name", .currency = "EUR"}));
        }
        // A gift set: two mugs and a tea.
        EXPECT_TRUE(catalog_.create_product(
            admin_, {.sku = "SET-01",
                     .name = "Gift set",
                     .currency = "EUR",
                     .components = {{"MUG-01", 2, {}}, {"TEA-01", 1, {}}}}));
    }

    void stock(const std::string& warehouse, const std::string& sku, std::int64_t quantity) {
        const auto received = inventory_.receive(
            admin_, {.warehouse = warehouse, .bin = "A-01", .sku = sku, .quantity = quantity});
        ASSERT_TRUE(received) << received.error().message;
    }

    core::Result<Order> place(const std::string& id, std::vector<LineInput> lines) {
        auto created =
            orders_.create(admin_, {.input = {.channel = "api",
                                              .external_id = id,
                                              .currency = "EUR",
                                              .customer = {"Ada Lovelace", "ada@example.com", ""},
                                              .ship_to = {.name = "Ada Lovelace",
                                                          .line1 = "Street 1",
                                                          .city = "Berlin",
                                                          .country = "DE"},
                                              .lines = std::move(lines)}});
        if (!created) {
            return std::unexpected(created.error());
        }
        return created->order;
    }

    std::int64_t reserved(const std::string& warehouse, const std::string& sku) {
        auto levels = inventory_.levels(admin_, sku);
        EXPECT_TRUE(levels);
        for (const auto& l : *levels) {
            if (l.warehouse == warehouse) {
                return l.reserved;
            }
        }
        return 0;
    }

    void expect_fsck_clean() {
        for (const auto& issues : {orders_.fsck(), inventory_.fsck()}) {
            ASSERT_TRUE(issues);
            EXPECT_TRUE(issues->empty()) << issues->front();
        }
    }

    identity::Principal admin_ = identity::Principal::system();
    catalog::CatalogService catalog_{*db_, clock_};
    events::Bus bus_{clock_};
    inventory::InventoryService inventory_{*db_, clock_, catalog_, bus_};
    OrderService orders_{*db_, clock_, catalog_};
};

TEST_P(OrderKitTest, AKitLineReservesItsComponentsTimesTheKits) {
    stock("BER", "MUG-01", 10);
    stock("BER", "TEA-01", 10);

    const auto placed = place("K-1", {{.sku = "SET-01", .quantity = 3}});

    ASSERT_TRUE(placed) << placed.error().message;
    EXPECT_EQ(placed->status, OrderStatus::allocated);
    const auto stored = orders_.get(placed->id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->lines.at(0).sku, "SET-01");
    EXPECT_EQ(stored->lines.at(0).allocated, 3);
    ASSERT_EQ(stored->allocations.size(), 2U);
    for (const auto& a : stored->allocations) {
        EXPECT_EQ(a.line_id, stored->lines.at(0).id);
        EXPECT_EQ(a.warehouse, "BER");
        EXPECT_EQ(a.quantity, a.sku == "MUG-01" ? 6 : 3) << a.sku;
        EXPECT_EQ(a.per_unit, a.sku == "MUG-01" ? 2 : 1) << a.sku;
    }
    EXPECT_EQ(reserved("BER", "MUG-01"), 6);
    EXPECT_EQ(reserved("BER", "TEA-01"), 3);
    expect_fsck_clean();
}

TEST_P(OrderKitTest, RoutesAKitToTheWarehouseThatHoldsAllItsComponents) {
    stock("BER", "MUG-01", 10);  // Berlin is nearer but has no tea
    stock("EWR", "MUG-01", 2);
    stock("EWR", "TEA-01", 1);

    const auto placed = place("K-2", {{.sku = "SET-01", .quantity = 1}});

    ASSERT_TRUE(placed) << placed.error().message;
    EXPECT_EQ(placed->status, OrderStatus::allocated);
    ASSERT_EQ(placed->allocations.size(), 2U);
    EXPECT_EQ(placed->allocations[0].warehouse, "EWR");
    EXPECT_EQ(placed->allocations[1].warehouse, "EWR");
    EXPECT_EQ(reserved("BER", "MUG-01"), 0);
    EXPECT_EQ(reserved("EWR", "MUG-01"), 2);
    expect_fsck_clean();
}

TEST_P(OrderKitTest, AKitWithAComponentOutOfStockWaitsAndTakesItWhenItArrives) {
    stock("BER", "MUG-01", 10);
    stock("BER", "TEA-01", 1);
    const auto placed =
        place("K-3", {{.sku = "SET-01", .quantity = 2}, {.sku = "MUG-01", .quantity = 1}});
    ASSERT_TRUE(placed) << placed.error().message;
    EXPECT_EQ(placed->status, OrderStatus::backordered);
    EXPECT_EQ(placed->lines[0].allocated, 1);  // one tea makes one set
    EXPECT_EQ(reserved("BER", "MUG-01"), 3);
    EXPECT_NE(placed->routing.find("backordered 1 x SET-01"), std::string::npos) << placed->routing;
    expect_fsck_clean();

    stock("BER", "TEA-01", 1);
    const auto tea = catalog_.get_product_by_sku("TEA-01");
    ASSERT_TRUE(tea);
    const auto served = orders_.reallocate(admin_, {tea->id.value});

    ASSERT_TRUE(served) << served.error().message;
    EXPECT_EQ(*served, 1);
    const auto stored = orders_.get(placed->id);
    EXPECT_EQ(stored->status, OrderStatus::allocated);
    EXPECT_EQ(stored->lines[0].allocated, 2);
    EXPECT_EQ(reserved("BER", "MUG-01"), 5);
    EXPECT_EQ(reserved("BER", "TEA-01"), 2);
    expect_fsck_clean();
}

TEST_P(OrderKitTest, CancellingAKitOrderGivesBackEveryComponent) {
    stock("BER", "MUG-01", 10);
    stock("BER", "TEA-01", 10);
    const auto placed = place("K-4", {{.sku = "SET-01", .quantity = 2}});
    ASSERT_TRUE(placed) << placed.error().message;

    const auto cancelled = orders_.cancel(admin_, placed->id, "changed mind");

    ASSERT_TRUE(cancelled) << cancelled.error().message;
    EXPECT_EQ(reserved("BER", "MUG-01"), 0);
    EXPECT_EQ(reserved("BER", "TEA-01"), 0);
    expect_fsck_clean();
}

INSTANTIATE_TEST_SUITE_P(Engines, OrderKitTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally::orders
