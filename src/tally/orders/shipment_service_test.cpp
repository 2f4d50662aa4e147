#include "tally/orders/shipment_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tally/inventory/inventory_service.hpp"
#include "tally/orders/order_service.hpp"

#include "testkit/test_database.hpp"

namespace tally::orders {
namespace {

using ::testing::HasSubstr;
using S = OrderStatus;

// One mug in Berlin, one in Newark: an order of two is split over both.
class ShipmentServiceTest : public testkit::EngineTest {
  protected:
    ShipmentServiceTest() {
        for (const auto* code : {"BER", "EWR"}) {
            EXPECT_TRUE(inventory_.create_warehouse(
                admin_, {.code = code,
                         .name = code,
                         .address = {.country = code == std::string("BER") ? "DE" : "US"},
                         .timezone = "UTC"}));
            EXPECT_TRUE(inventory_.create_bin(admin_, code, {.code = "A-01", .zone = "A"}));
        }
        EXPECT_TRUE(
            catalog_.create_product(admin_, {.sku = "MUG-01", .name = "Mug", .currency = "EUR"}));
        stock("BER", 1);
        stock("EWR", 1);
    }

    void stock(const std::string& warehouse, std::int64_t quantity) {
        const auto received = inventory_.receive(
            admin_, {.warehouse = warehouse, .bin = "A-01", .sku = "MUG-01", .quantity = quantity});
        ASSERT_TRUE(received) << received.error().message;
    }

    OrderId place(std::int64_t quantity) {
        auto created = orders_.create(
            admin_,
            {.input = {
                 .channel = "api",
                 .external_id = "S-" + std::to_string(++placed_),
                 .currency = "EUR",
                 .ship_to = {.name = "Ada", .line1 = "Street 1", .city = "Berlin", .country = "DE"},
                 .lines = {{.sku = "MUG-01", .quantity = quantity}}}});
        EXPECT_TRUE(created) << created.error().message;
        return created ? created->order.id : OrderId{};
    }

    std::int64_t warehouse(const std::string& code) {
        auto found = inventory_.get_warehouse(code);
        EXPECT_TRUE(found);
        return found ? found->id.value : 0;
    }

    core::Status advance(OrderId order, const std::string& code, S from, S to) {
        const auto wid = warehouse(code);
        return db_->write([&](db::Tx& tx) {
            return ShipmentService::advance(tx, admin_, order, wid, from, to, "step",
                                            clock_.now_ms());
        });
    }

    // Walks the warehouse's part from released to staged.
    void stage(OrderId order, const std::string& code) {
        const S steps[] = {S::released, S::picking, S::picked, S::packing, S::packed, S::staged};
        for (std::size_t i = 0; i + 1 < std::size(steps); ++i) {
            const auto moved = advance(order, code, steps[i], steps[i + 1]);
            ASSERT_TRUE(moved) << moved.error().message;
        }
    }

    S status(OrderId order) { return orders_.get(order).value().status; }

    identity::Principal admin_ = identity::Principal::system();
    catalog::CatalogService catalog_{*db_, clock_};
    events::Bus bus_{clock_};
    inventory::InventoryService inventory_{*db_, clock_, catalog_, bus_};
    OrderService orders_{*db_, clock_, catalog_};
    int placed_ = 0;
};

TEST_P(ShipmentServiceTest, ReleasingASplitOrderOpensAShipmentPerWarehouse) {
    const auto order = place(2);

    ASSERT_TRUE(orders_.release(admin_, order));

    auto parts = db_->read([&](db::Tx& tx) {
        return core::Result<std::vector<Shipment>>(ShipmentService::of_order(tx, order));
    });
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 2U);
    EXPECT_EQ(parts->at(0).warehouse, "BER");
    EXPECT_EQ(parts->at(1).warehouse, "EWR");
    EXPECT_EQ(parts->at(0).status, S::released);
    EXPECT_EQ(parts->at(1).status, S::released);
    // Each warehouse's pick queue has its own part.
    EXPECT_EQ(orders_.pick_queue(admin_, "BER", 0, 10).value().size(), 1U);
    EXPECT_EQ(orders_.pick_queue(admin_, "EWR", 0, 10).value().size(), 1U);
}

TEST_P(ShipmentServiceTest, TheOrderShipsWhenItsLastPartDoes) {
    const auto order = place(2);
    ASSERT_TRUE(orders_.release(admin_, order));
    stage(order, "BER");
    EXPECT_EQ(status(order), S::staged);
    ASSERT_TRUE(advance(order, "BER", S::staged, S::shipped));
    EXPECT_EQ(status(order), S::partially_shipped);
    // Newark's part is still in its pick queue; Berlin's is not.
    EXPECT_TRUE(orders_.pick_queue(admin_, "BER", 0, 10).value().empty());
    EXPECT_EQ(orders_.pick_queue(admin_, "EWR", 0, 10).value().size(), 1U);

    stage(order, "EWR");
    EXPECT_EQ(status(order), S::partially_shipped);
    ASSERT_TRUE(advance(order, "EWR", S::staged, S::shipped));

    EXPECT_EQ(status(order), S::shipped);
    const auto events = orders_.get(order).value().events;
    EXPECT_EQ(events.back().from, "partially_shipped");
    EXPECT_EQ(events.back().to, "shipped");
    EXPECT_THAT(events.back().reason, HasSubstr("EWR"));
}

TEST_P(ShipmentServiceTest, APartMovesOnlyFromTheStatusItIsIn) {
    const auto order = place(2);
    ASSERT_TRUE(orders_.release(admin_, order));
    ASSERT_TRUE(advance(order, "BER", S::released, S::picking));

    const auto again = advance(order, "BER", S::released, S::picking);
    const auto skip = advance(order, "EWR", S::released, S::packed);

    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, core::ErrorCode::conflict);
    ASSERT_FALSE(skip);
    EXPECT_EQ(skip.error().code, core::ErrorCode::invalid_transition);
}

TEST_P(ShipmentServiceTest, AnOrderOnHoldStopsItsParts) {
    const auto order = place(2);
    ASSERT_TRUE(orders_.release(admin_, order));
    ASSERT_TRUE(orders_.hold(admin_, order, "fraud", "check"));

    const auto moved = advance(order, "BER", S::released, S::picking);

    ASSERT_FALSE(moved);
    EXPECT_EQ(moved.error().code, core::ErrorCode::invalid_transition);
    EXPECT_TRUE(orders_.pick_queue(admin_, "BER", 0, 10).value().empty());
}

TEST_P(ShipmentServiceTest, APartlyBackorderedOrderWaitsByDefault) {
    const auto order = place(3);  // two there, one backordered
    ASSERT_EQ(status(order), S::backordered);

    const auto released = orders_.release(admin_, order);

    ASSERT_FALSE(released);
    EXPECT_EQ(released.error().code, core::ErrorCode::invalid_transition);
    EXPECT_TRUE(orders_.release_warehouse(admin_, "BER", 10).value().empty());
}

TEST_P(ShipmentServiceTest, ShipAvailableReleasesWhatIsThereAndTheRestWaits) {
    auto settings = orders_.routing().value();
    settings.partial_shipments = PartialShipments::ship_available;
    ASSERT_TRUE(orders_.save_routing(admin_, settings));
    EXPECT_EQ(orders_.routing().value().partial_shipments, PartialShipments::ship_available);
    const auto order = place(3);

    const auto released = orders_.release_warehouse(admin_, "BER", 10);

    ASSERT_TRUE(released);
    ASSERT_EQ(released->size(), 1U);
    EXPECT_EQ(status(order), S::released);
    stage(order, "BER");
    stage(order, "EWR");
    ASSERT_TRUE(advance(order, "BER", S::staged, S::shipped));
    ASSERT_TRUE(advance(order, "EWR", S::staged, S::shipped));
    // Every part has left, one unit still waits for stock.
    EXPECT_EQ(status(order), S::partially_shipped);
}

TEST_P(ShipmentServiceTest, CancellingAReleasedOrderDropsItsShipments) {
    const auto order = place(2);
    ASSERT_TRUE(orders_.release(admin_, order));

    ASSERT_TRUE(orders_.cancel(admin_, order, "changed mind"));

    auto parts = db_->read([&](db::Tx& tx) {
        return core::Result<std::vector<Shipment>>(ShipmentService::of_order(tx, order));
    });
    ASSERT_TRUE(parts);
    EXPECT_TRUE(parts->empty());
    EXPECT_TRUE(orders_.pick_queue(admin_, "BER", 0, 10).value().empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, ShipmentServiceTest,
                         ::testing::ValuesIn(testkit::enabled_engines()), testkit::engine_name);

}  // namespace
}  // namespace tally::orders
