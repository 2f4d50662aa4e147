#include "tally/orders/order_service.hpp"

#include <atomic>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tally/inventory/inventory_service.hpp"

#include "testkit/test_database.hpp"

namespace tally::orders {
namespace {

using ::testing::HasSubstr;

class OrderServiceTest : public testkit::EngineTest {
  protected:
    OrderServiceTest() {
        orders_.subscribe(bus_);
        bus_.attach(runner_);
        EXPECT_TRUE(inventory_.create_warehouse(admin_, {.code = "BER",
                                                         .name = "Berlin",
                                                         .address = {.country = "DE"},
                                                         .timezone = "Europe/Berlin",
                                                         .latitude = 52.52,
                                                         .longitude = 13.40}));
        EXPECT_TRUE(inventory_.create_warehouse(admin_, {.code = "EWR",
                                                         .name = "Newark",
                                                         .address = {.country = "US"},
                                                         .timezone = "America/New_York",
                                                         .latitude = 40.69,
                                                         .longitude = -74.17}));
        EXPECT_TRUE(inventory_.create_bin(admin_, "BER", {.code = "A-01", .zone = "A"}));
        EXPECT_TRUE(inventory_.create_bin(admin_, "EWR", {.code = "A-01", .zone = "A"}));
        for (const char* sku : {"MUG-01", "TEA-01", "PEN-01"}) {
            EXPECT_TRUE(catalog_.create_product(
                admin_, {.sku = sku, .name = std::string(sku) + " name", .currency = "EUR"}));
        }
    }

    void stock(const std::string& warehouse, const std::string& sku, std::int64_t quantity) {
        const auto received = inventory_.receive(
            admin_, {.warehouse = warehouse, .bin = "A-01", .sku = sku, .quantity = quantity});
        ASSERT_TRUE(received) << received.error().message;
    }

    static OrderInput order(const std::string& external_id, std::vector<LineInput> lines,
                            const std::string& country = "DE") {
        return OrderInput{.channel = "api",
                          .external_id = external_id,
                          .currency = "EUR",
                          .customer = {"Ada Lovelace", "ada@example.com", ""},
                          .ship_to = {.name = "Ada Lovelace",
                                      .line1 = "Street 1",
                                      .city = "City",
                                      .country = country},
                          .lines = std::move(lines)};
    }

    core::Result<Order> place(const OrderInput& input) {
        auto created = orders_.create(admin_, {.input = input});
        if (!created) {
            return std::unexpected(created.error());
        }
        return created->order;
    }

    inventory::StockLevel level(const std::string& warehouse, const std::string& sku) {
        auto levels = inventory_.levels(admin_, sku);
        EXPECT_TRUE(levels);
        for (const auto& l : *levels) {
            if (l.warehouse == warehouse) {
                return l;
            }
        }
        return {};
    }

    std::vector<std::string> signal_kinds() {
        auto signals = orders_.signals(admin_, 0, 100);
        EXPECT_TRUE(signals);
        std::vector<std::string> kinds;
        for (const auto& s : *signals) {
            kinds.push_back(s.kind + " " + s.sku + (s.warehouse.empty() ? "" : " " + s.warehouse));
        }
        return kinds;
    }

    void expect_fsck_clean() {
        const auto issues = orders_.fsck();
        ASSERT_TRUE(issues);
        EXPECT_TRUE(issues->empty()) << issues->front();
        const auto stock_issues = inventory_.fsck();
        ASSERT_TRUE(stock_issues);
        EXPECT_TRUE(stock_issues->empty()) << stock_issues->front();
    }

    identity::Principal admin_ = identity::Principal::system();
    catalog::CatalogService catalog_{*db_, clock_};
    events::Bus bus_{clock_};
    jobs::Runner runner_{*db_, clock_, {}};
    inventory::InventoryService inventory_{*db_, clock_, catalog_, bus_};
    OrderService orders_{*db_, clock_, catalog_};
};

// Another tally serve on the same database: services and caches of its own.
struct OtherNode {
    OtherNode(db::Database& db, const core::Clock& clock)
        : catalog(db, clock),
          bus(clock),
          inventory(db, clock, catalog, bus),
          orders(db, clock, catalog) {
        orders.subscribe(bus);
    }
    catalog::CatalogService catalog;
    events::Bus bus;
    inventory::InventoryService inventory;
    OrderService orders;
};

TEST_P(OrderServiceTest, RoutesToAWarehouseCreatedAMomentAgo) {
    stock("BER", "MUG-01", 1);
    ASSERT_TRUE(place(order("W-1", {{.sku = "MUG-01", .quantity = 1}})));  // routing cached
    ASSERT_TRUE(inventory_.create_warehouse(
        admin_,
        {.code = "LYS", .name = "Lyon", .address = {.country = "FR"}, .timezone = "Europe/Paris"}));
    ASSERT_TRUE(inventory_.create_bin(admin_, "LYS", {.code = "A-01", .zone = "A"}));
    stock("LYS", "MUG-01", 5);

    const auto placed = place(order("W-2", {{.sku = "MUG-01", .quantity = 2}}, "FR"));

    ASSERT_TRUE(placed) << placed.error().message;
    EXPECT_EQ(placed->status, OrderStatus::allocated);
    ASSERT_EQ(placed->allocations.size(), 1U);
    EXPECT_EQ(placed->allocations.front().warehouse, "LYS");
}

TEST_P(OrderServiceTest, ASecondNodeRoutesToAWarehouseCreatedOnTheFirstOnceItsCacheExpires) {
    OtherNode second(*db_, clock_);
    stock("BER", "MUG-01", 10);
    ASSERT_TRUE(
        second.orders.create(admin_, {.input = order("W-1", {{.sku = "MUG-01", .quantity = 1}})}));
    ASSERT_TRUE(inventory_.create_warehouse(
        admin_,
        {.code = "LYS", .name = "Lyon", .address = {.country = "FR"}, .timezone = "Europe/Paris"}));
    ASSERT_TRUE(inventory_.create_bin(admin_, "LYS", {.code = "A-01", .zone = "A"}));
    stock("LYS", "MUG-01", 5);

    clock_.advance_ms(999);
    const auto cached = second.orders.create(
        admin_, {.input = order("W-2", {{.sku = "MUG-01", .quantity = 1}}, "FR")});
    clock_.advance_ms(2);
    const auto fresh = second.orders.create(
        admin_, {.input = order("W-3", {{.sku = "MUG-01", .quantity = 1}}, "FR")});

    ASSERT_TRUE(cached && fresh);
    ASSERT_EQ(cached->order.allocations.size(), 1U);
    EXPECT_EQ(cached->order.allocations.front().warehouse, "BER");  // its second is not over
    ASSERT_EQ(fresh->order.allocations.size(), 1U);
    EXPECT_EQ(fresh->order.allocations.front().warehouse, "LYS");
}

TEST_P(OrderServiceTest, ArrivingStockServesBackordersByItsJob) {
    const auto waiting = place(order("A-1", {{.sku = "PEN-01", .quantity = 2}}));
    ASSERT_TRUE(waiting);
    ASSERT_EQ(waiting->status, OrderStatus::backordered);
    EXPECT_EQ(runner_.run_due(), 0);

    stock("BER", "PEN-01", 5);
    EXPECT_EQ(orders_.get(waiting->id)->status, OrderStatus::backordered);  // not yet: a job
    EXPECT_EQ(runner_.run_due(), 1);

    const auto served = orders_.get(waiting->id);
    EXPECT_EQ(served->status, OrderStatus::allocated);
    EXPECT_EQ(served->lines[0].allocated, 2);
    EXPECT_EQ(level("BER", "PEN-01").reserved, 2);
    const auto jobs = runner_.list(admin_, {.kind = "stock.added:orders"});
    ASSERT_TRUE(jobs);
    ASSERT_EQ(jobs->size(), 1U);
    EXPECT_EQ(jobs->front().status, "done");
    EXPECT_EQ(jobs->front().result, "backorders served: 1");
    expect_fsck_clean();
}

TEST_P(OrderServiceTest, AllocatesFromTheNearestWarehouseAndReservesTheUnits) {
    stock("BER", "MUG-01", 10);
    stock("EWR", "MUG-01", 10);
    const auto placed = place(order("A-1", {{.sku = "MUG-01", .quantity = 2, .unit_price = 1299}}));
    ASSERT_TRUE(placed) << placed.error().message;
    EXPECT_EQ(placed->status, OrderStatus::allocated);
    EXPECT_EQ(placed->total, 2598);
    ASSERT_EQ(placed->allocations.size(), 1U);
    EXPECT_EQ(placed->allocations[0].warehouse, "BER");
    EXPECT_EQ(level("BER", "MUG-01").reserved, 2);
    EXPECT_EQ(level("EWR", "MUG-01").reserved, 0);
    EXPECT_THAT(placed->routing, HasSubstr("BER ships everything"));

    const auto stored = orders_.get(placed->id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->lines.size(), 1U);
    EXPECT_EQ(stored->lines[0].allocated, 2);
    ASSERT_EQ(stored->events.size(), 2U);
    EXPECT_EQ(stored->events[0].to, "received");
    EXPECT_EQ(stored->events[1].from, "received");
    EXPECT_EQ(stored->events[1].to, "allocated");
    expect_fsck_clean();
}

TEST_P(OrderServiceTest, ShipsToAmericaFromNewark) {
    stock("BER", "MUG-01", 10);
    stock("EWR", "MUG-01", 10);
    const auto placed = place(order("A-1", {{.sku = "MUG-01", .quantity = 1}}, "US"));
    ASSERT_TRUE(placed);
    EXPECT_EQ(placed->allocations.at(0).warehouse, "EWR");
}

TEST_P(OrderServiceTest, BackordersWhatIsMissingAndSignalsIt) {
    stock("BER", "MUG-01", 1);
    const auto placed = place(order("A-1", {{.sku = "MUG-01", .quantity = 3}}));
    ASSERT_TRUE(placed);
    EXPECT_EQ(placed->status, OrderStatus::backordered);
    EXPECT_EQ(placed->lines[0].allocated, 1);
    EXPECT_EQ(placed->lines[0].backordered(), 2);
    EXPECT_EQ(level("BER", "MUG-01").reserved, 1);
    EXPECT_THAT(placed->routing, HasSubstr("backordered 2 x MUG-01"));
    EXPECT_EQ(signal_kinds(),
              (std::vector<std::string>{"out_of_stock MUG-01 BER", "backorder MUG-01"}));
    expect_fsck_clean();
}

TEST_P(OrderServiceTest, SignalsLowStockOnceWhenTheReorderPointIsCrossed) {
    stock("BER", "TEA-01", 10);
    ASSERT_TRUE(inventory_.save_threshold(
        admin_, {.sku = "TEA-01", .warehouse = "BER", .reorder_point = 6}));
    ASSERT_TRUE(place(order("A-1", {{.sku = "TEA-01", .quantity = 3}})));
    EXPECT_TRUE(signal_kinds().empty());  // 7 left, above 6
    ASSERT_TRUE(place(order("A-2", {{.sku = "TEA-01", .quantity = 1}})));
    ASSERT_TRUE(place(order("A-3", {{.sku = "TEA-01", .quantity = 1}})));
    EXPECT_EQ(signal_kinds(), std::vector<std::string>{"low_stock TEA-01 BER"});
}

TEST_P(OrderServiceTest, NamesEveryUnknownSkuAndWritesNothing) {
    stock("BER", "MUG-01", 10);
    const auto refused = place(order("A-1", {{.sku = "MUG-01", .quantity = 1},
                                             {.sku = "NOPE", .quantity = 1},
                                             {.barcode = "4006381333931", .quantity = 1}}));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::invalid_argument);
    ASSERT_EQ(refused.error().fields.size(), 2U);
    EXPECT_EQ(refused.error().fields[0].field, "lines/2/barcode");
    EXPECT_EQ(refused.error().fields[1].field, "lines/1/sku");
    EXPECT_EQ(level("BER", "MUG-01").reserved, 0);
    EXPECT_TRUE(orders_.list({})->empty());
}

TEST_P(OrderServiceTest, AnExternalIdIsTakenOncePerChannel) {
    stock("BER", "MUG-01", 10);
    ASSERT_TRUE(place(order("A-1", {{.sku = "MUG-01", .quantity = 1}})));
    const auto again = place(order("A-1", {{.sku = "MUG-01", .quantity = 1}}));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, core::ErrorCode::conflict);
    EXPECT_EQ(again.error().fields.at(0).field, "external_id");
    EXPECT_EQ(level("BER", "MUG-01").reserved, 1);
    auto other_channel = order("A-1", {{.sku = "MUG-01", .quantity = 1}});
    other_channel.channel = "shopify";
    EXPECT_TRUE(place(other_channel));
}

TEST_P(OrderServiceTest, AnIdempotencyKeyReplaysTheFirstAnswer) {
    stock("BER", "MUG-01", 10);
    const CreateRequest request{
        .input = order("A-1", {{.sku = "MUG-01", .quantity = 1}}),
        .idempotency_key = "key-1",
        .request_digest = "digest-1",
        .render = [](const Order& o) { return "order " + std::to_string(o.id.value); }};
    const auto first = orders_.create(admin_, request);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_FALSE(first->replayed);
    const auto second = orders_.create(admin_, request);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_TRUE(second->replayed);
    EXPECT_EQ(second->body, first->body);
    EXPECT_EQ(level("BER", "MUG-01").reserved, 1);

    auto different = request;
    different.request_digest = "digest-2";
    const auto refused = orders_.create(admin_, different);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().fields.at(0).field, "Idempotency-Key");
}

TEST_P(OrderServiceTest, CancellingGivesTheStockBack) {
    stock("BER", "MUG-01", 10);
    const auto placed = place(order("A-1", {{.sku = "MUG-01", .quantity = 4}}));
    ASSERT_TRUE(placed);
    const auto cancelled = orders_.cancel(admin_, placed->id, "customer changed their mind");
    ASSERT_TRUE(cancelled) << cancelled.error().message;
    EXPECT_EQ(cancelled->status, OrderStatus::cancelled);
    EXPECT_EQ(level("BER", "MUG-01").reserved, 0);
    EXPECT_EQ(orders_.get(placed->id)->allocations.size(), 0U);
    EXPECT_EQ(orders_.get(placed->id)->events.back().reason, "customer changed their mind");
    const auto twice = orders_.cancel(admin_, placed->id, "");
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, core::ErrorCode::invalid_transition);
    expect_fsck_clean();
}

TEST_P(OrderServiceTest, AHoldStopsReleaseUntilLifted) {
    stock("BER", "MUG-01", 10);
    const auto placed = place(order("A-1", {{.sku = "MUG-01", .quantity = 1}}));
    ASSERT_TRUE(placed);
    ASSERT_TRUE(orders_.hold(admin_, placed->id, "fraud", "card flagged"));
    const auto refused = orders_.release(admin_, placed->id);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::invalid_transition);
    EXPECT_EQ(level("BER", "MUG-01").reserved, 1);  // a hold keeps the stock

    const auto lifted = orders_.unhold(admin_, placed->id, "checked");
    ASSERT_TRUE(lifted);
    EXPECT_EQ(lifted->status, OrderStatus::allocated);
    ASSERT_TRUE(orders_.release(admin_, placed->id));
    const auto queue = orders_.pick_queue(admin_, "BER", 0, 10);
    ASSERT_TRUE(queue);
    ASSERT_EQ(queue->size(), 1U);
    EXPECT_EQ(queue->front().id, placed->id);
    EXPECT_TRUE(orders_.pick_queue(admin_, "EWR", 0, 10)->empty());
}

TEST_P(OrderServiceTest, AnOrderCanComeInOnHold) {
    stock("BER", "MUG-01", 10);
    auto input = order("A-1", {{.sku = "MUG-01", .quantity = 1}});
    input.hold = "address_check";
    const auto placed = place(input);
    ASSERT_TRUE(placed);
    EXPECT_EQ(placed->status, OrderStatus::on_hold);
    EXPECT_EQ(placed->hold_reason, "address_check");
    EXPECT_EQ(level("BER", "MUG-01").reserved, 1);
}

TEST_P(OrderServiceTest, ArrivingStockGoesToTheOldestBackorderFirst) {
    const auto first = place(order("A-1", {{.sku = "PEN-01", .quantity = 2}}));
    clock_.advance_ms(1000);
    const auto second = place(order("A-2", {{.sku = "PEN-01", .quantity = 2}}));
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->status, OrderStatus::backordered);
    stock("EWR", "PEN-01", 3);
    const auto served = orders_.reallocate(admin_, {first->lines[0].product_id});
    ASSERT_TRUE(served) << served.error().message;
    EXPECT_EQ(*served, 2);
    const auto oldest = orders_.get(first->id);
    EXPECT_EQ(oldest->status, OrderStatus::allocated);
    EXPECT_EQ(oldest->lines[0].allocated, 2);
    EXPECT_EQ(oldest->events.back().to, "allocated");
    const auto newer = orders_.get(second->id);
    EXPECT_EQ(newer->status, OrderStatus::backordered);
    EXPECT_EQ(newer->lines[0].allocated, 1);
    EXPECT_EQ(level("EWR", "PEN-01").reserved, 3);
    expect_fsck_clean();
}

TEST_P(OrderServiceTest, StatusChangesAreCompareAndSet) {
    stock("BER", "MUG-01", 10);
    const auto placed = place(order("A-1", {{.sku = "MUG-01", .quantity = 1}}));
    ASSERT_TRUE(placed);
    ASSERT_TRUE(orders_.release(admin_, placed->id));
    ASSERT_TRUE(orders_.transition(admin_, placed->id, OrderStatus::picking, "started"));
    const auto again = orders_.transition(admin_, placed->id, OrderStatus::picking, "again");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, core::ErrorCode::invalid_transition);
    const auto cancel = orders_.cancel(admin_, placed->id, "too late");
    ASSERT_FALSE(cancel);
    EXPECT_EQ(cancel.error().code, core::ErrorCode::invalid_transition);
    EXPECT_EQ(level("BER", "MUG-01").reserved, 1);
}

TEST_P(OrderServiceTest, ListsByStatusChannelSkuWarehouseCustomerAndDate) {
    stock("BER", "MUG-01", 10);
    stock("EWR", "TEA-01", 10);
    ASSERT_TRUE(place(order("A-1", {{.sku = "MUG-01", .quantity = 1}})));
    clock_.advance_ms(86'400'000);
    auto us = order("A-2", {{.sku = "TEA-01", .quantity = 1}}, "US");
    us.customer = {"Grace Hopper", "grace@navy.example", ""};
    us.channel = "manual";
    ASSERT_TRUE(place(us));
    ASSERT_TRUE(place(order("A-3", {{.sku = "PEN-01", .quantity = 1}})));

    auto ids = [&](const OrderQuery& query) {
        std::vector<std::string> out;
        const auto found = orders_.list(query);
        EXPECT_TRUE(found) << found.error().message;
        for (const auto& o : *found) {
            out.push_back(o.external_id);
        }
        return out;
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(ids({}), (V{"A-1", "A-2", "A-3"}));
    EXPECT_EQ(ids({.status = "backordered"}), V{"A-3"});
    EXPECT_EQ(ids({.channel = "manual"}), V{"A-2"});
    EXPECT_EQ(ids({.channel = "api", .external_id = "A-3"}), V{"A-3"});
    EXPECT_EQ(ids({.warehouse = "EWR"}), V{"A-2"});
    EXPECT_EQ(ids({.sku = "MUG-01"}), V{"A-1"});
    EXPECT_EQ(ids({.customer = "GRACE"}), V{"A-2"});
    EXPECT_EQ(ids({.created_to = "2026-09-22"}), V{"A-1"});
    EXPECT_EQ(ids({.limit = 2}), (V{"A-1", "A-2"}));
    const auto first = orders_.list({.limit = 1});
    EXPECT_EQ(ids({.after = first->front().id.value}), (V{"A-2", "A-3"}));

    EXPECT_EQ(orders_.list({.status = "lost"}).error().fields.at(0).field, "status");
    EXPECT_EQ(orders_.list({.warehouse = "XXX"}).error().fields.at(0).field, "warehouse");
    EXPECT_EQ(orders_.list({.created_from = "soon"}).error().fields.at(0).field, "created_from");
}

TEST_P(OrderServiceTest, RoutingRulesCanBeReorderedAndCostsSet) {
    const auto saved = orders_.save_routing(
        admin_, {.rules = {{RoutingRule::lowest_cost, true}, {RoutingRule::nearest, false}},
                 .warehouse_costs = {{"EWR", 100}, {"BER", 900}}});
    ASSERT_TRUE(saved) << saved.error().message;
    ASSERT_EQ(saved->rules.size(), 2U);
    EXPECT_EQ(saved->rules[0].rule, RoutingRule::lowest_cost);
    EXPECT_FALSE(saved->rules[1].enabled);
    stock("BER", "MUG-01", 10);
    stock("EWR", "MUG-01", 10);
    const auto placed = place(order("A-1", {{.sku = "MUG-01", .quantity = 1}}));
    ASSERT_TRUE(placed);
    EXPECT_EQ(placed->allocations.at(0).warehouse, "EWR");  // cheaper, though farther

    const auto twice = orders_.save_routing(
        admin_, {.rules = {{RoutingRule::nearest, true}, {RoutingRule::nearest, true}}});
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().fields.at(0).field, "rules/1/rule");
    const auto unknown = orders_.save_routing(admin_, {.warehouse_costs = {{"XXX", 1}}});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().fields.at(0).field, "warehouse_costs/XXX");
}

TEST_P(OrderServiceTest, ConcurrentOrdersNeverTakeTheSameUnitTwice) {
    stock("BER", "MUG-01", 20);
    constexpr int kThreads = 8;
    constexpr int kEach = 5;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                const auto id = "C-" + std::to_string(t) + "-" + std::to_string(i);
                if (!place(order(id, {{.sku = "MUG-01", .quantity = 1}}))) {
                    ++failures;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(level("BER", "MUG-01").reserved, 20);
    EXPECT_EQ(orders_.list({.status = "allocated", .limit = 100})->size(), 20U);
    EXPECT_EQ(orders_.list({.status = "backordered", .limit = 100})->size(), 20U);
    expect_fsck_clean();
}

TEST_P(OrderServiceTest, ImportsTallyCsvOneOrderPerExternalId) {
    stock("BER", "MUG-01", 10);
    const auto summary = orders_.import_csv(
        admin_,
        "external_id,currency,customer_name,ship_name,ship_line1,ship_city,ship_country,sku,"
        "quantity,unit_price,tags\n"
        "C-1,EUR,Ada,Ada,Street 1,Berlin,DE,MUG-01,2,1299,\"vip,gift\"\n"
        "C-1,,,,,,,TEA-01,1,450,\n"
        "C-2,EUR,Bob,Bob,Road 2,Hamburg,DE,MUG-01,1,1299,\n");
    ASSERT_TRUE(summary) << summary.error().fields.front().field;
    EXPECT_EQ(summary->orders, 2);
    EXPECT_EQ(summary->backordered, 1);  // C-1 wants tea, which is not in stock
    EXPECT_EQ(summary->allocated, 1);
    const auto first = orders_.list({.channel = "csv", .external_id = "C-1"});
    ASSERT_EQ(first->size(), 1U);
    const auto order = orders_.get(first->front().id);
    ASSERT_EQ(order->lines.size(), 2U);
    EXPECT_EQ(order->lines[1].sku, "TEA-01");
    EXPECT_EQ(order->total, 2 * 1299 + 450);
    EXPECT_EQ(order->tags, (std::vector<std::string>{"vip", "gift"}));
    EXPECT_EQ(level("BER", "MUG-01").reserved, 3);
}

TEST_P(OrderServiceTest, ImportsAShopifyOrderExport) {
    stock("BER", "MUG-01", 10);
    const auto summary = orders_.import_csv(
        admin_,
        "Name,Email,Financial Status,Currency,Subtotal,Shipping Method,Created at,"
        "Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name,"
        "Shipping Name,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,"
        "Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,Tags,Phone,Id\n"
        "#1001,ada@example.com,paid,EUR,38.97,Express Shipping,2026-09-20 10:00:00 +0200,2,"
        "Mug,12.99,MUG-01,Ada Lovelace,Ada Lovelace,Unter den Linden 1,,,Berlin,10117,BE,DE,"
        "+49 30 1,leave at door,vip,+49 30 1,5917341630679\n"
        "#1001,,,,,,,1,Mug,12.99,MUG-01,,,,,,,,,,,,,,\n");
    ASSERT_TRUE(summary) << summary.error().fields.front().field << ": "
                         << summary.error().fields.front().reason;
    EXPECT_EQ(summary->orders, 1);
    const auto found = orders_.list({.channel = "shopify", .external_id = "5917341630679"});
    ASSERT_EQ(found->size(), 1U);
    const auto order = orders_.get(found->front().id);
    EXPECT_EQ(order->status, OrderStatus::allocated);
    EXPECT_EQ(order->service_level, "express");
    EXPECT_EQ(order->ship_to.postal_code, "10117");
    EXPECT_EQ(order->customer.email, "ada@example.com");
    EXPECT_EQ(order->notes, "leave at door");
    ASSERT_EQ(order->lines.size(), 2U);
    EXPECT_EQ(order->lines[0].unit_price, 1299);
    EXPECT_EQ(order->total, 3 * 1299);
}

TEST_P(OrderServiceTest, AnImportWithABadRowImportsNothingAndNamesRowAndColumn) {
    stock("BER", "MUG-01", 10);
    const auto refused = orders_.import_csv(
        admin_,
        "Name,Currency,Lineitem quantity,Lineitem price,Lineitem sku,Shipping Name,"
        "Shipping Address1,Shipping City,Shipping Country,Id\n"
        "#1,EUR,1,12.99,MUG-01,Ada,Street,Berlin,DE,1\n"
        "#2,EUR,1,12.999,NOPE,Bob,Road,Paris,France,2\n"
        "#2,,x,1.00,MUG-01,,,,,\n");
    ASSERT_FALSE(refused);
    std::vector<std::string> fields;
    for (const auto& error : refused.error().fields) {
        fields.push_back(error.field);
    }
    EXPECT_EQ(fields, (std::vector<std::string>{"rows/3/Lineitem price", "rows/4/Lineitem quantity",
                                                "rows/3/Shipping Country"}));
    EXPECT_TRUE(orders_.list({})->empty());
    EXPECT_EQ(level("BER", "MUG-01").reserved, 0);

    ASSERT_TRUE(orders_
                    .import_csv(admin_,
                                "Name,Currency,Lineitem quantity,Lineitem sku,Shipping Name,"
                                "Shipping Address1,Shipping City,Shipping Country,Id\n"
                                "#1,EUR,1,NOPE,Ada,Street,Berlin,DE,1\n")
                    .error()
                    .fields.at(0)
                    .field.starts_with("rows/2/Lineitem sku"));
    const std::string good =
        "Name,Currency,Lineitem quantity,Lineitem sku,Shipping Name,Shipping Address1,"
        "Shipping City,Shipping Country,Id\n#1,EUR,1,MUG-01,Ada,Street,Berlin,DE,1\n";
    ASSERT_TRUE(orders_.import_csv(admin_, good));
    const auto again = orders_.import_csv(admin_, good);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().fields.at(0).field, "rows/2/Id");
}

INSTANTIATE_TEST_SUITE_P(Engines, OrderServiceTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally::orders
