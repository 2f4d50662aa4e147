#include <gtest/gtest.h>

#include "tally/catalog/gs1.hpp"
#include "tally/db/statement.hpp"
#include "tally/fulfillment/batch_service.hpp"
#include "tally/fulfillment/carton_service.hpp"
#include "tally/fulfillment/floor_reports.hpp"
#include "tally/fulfillment/station_service.hpp"
#include "tally/fulfillment/stock_task_service.hpp"
#include "tally/fulfillment/trailer_service.hpp"
#include "tally/inventory/inventory_service.hpp"
#include "tally/orders/order_service.hpp"

#include "testkit/test_database.hpp"

namespace tally::fulfillment {
namespace {

class FulfillmentServiceTest : public testkit::EngineTest {
  protected:
    FulfillmentServiceTest() {
        EXPECT_TRUE(inventory_.create_warehouse(admin_, {.code = "BER",
                                                         .name = "Berlin",
                                                         .address = {.country = "DE"},
                                                         .timezone = "Europe/Berlin"}));
        EXPECT_TRUE(inventory_.create_bin(admin_, "BER", {.code = "A-01", .pick_sequence = 1}));
        EXPECT_TRUE(inventory_.create_bin(admin_, "BER", {.code = "B-01", .pick_sequence = 2}));
        EXPECT_TRUE(catalog_.create_product(admin_, {.sku = "MUG-01",
                                                     .name = "Mug",
                                                     .weight_g = 350,
                                                     .dims = {120, 90, 80},
                                                     .unit_cost = core::Money{400},
                                                     .currency = "EUR",
                                                     .fragile = true}));
        EXPECT_TRUE(catalog_.create_product(admin_, {.sku = "TEA-01",
                                                     .name = "Tea",
                                                     .weight_g = 200,
                                                     .dims = {100, 60, 40},
                                                     .unit_cost = core::Money{150},
                                                     .currency = "EUR"}));
        catalog::BoxType box{.code = "S",
                             .name = "Small",
                             .inner = {300, 200, 150},
                             .tare_g = 120,
                             .max_load_g = 10000,
                             .currency = "EUR"};
        EXPECT_TRUE(catalog_.create_box_type(admin_, box));
        EXPECT_TRUE(shipping_.create_carrier(
            admin_, {.code = "DHL", .name = "DHL", .services = {{"STD", "Paket", "standard"}}}));
        EXPECT_TRUE(shipping_.create_carrier(
            admin_, {.code = "UPS", .name = "UPS", .services = {{"EXP", "Express", "express"}}}));
        EXPECT_TRUE(shipping_.save_rules(
            admin_, {{.service_level = "standard", .carrier = "DHL", .service = "STD"},
                     {.service_level = "express", .carrier = "UPS", .service = "EXP"}}));
        for (const auto& [code, type] : {std::pair{"P1", "pick"}, {"K1", "pack"}, {"L1", "load"}}) {
            EXPECT_TRUE(stations_.create_station(admin_, {code, type, "BER"}));
        }
    }

    void stock(const std::string& bin, const std::string& sku, std::int64_t quantity) {
        ASSERT_TRUE(inventory_.receive(
            admin_, {.warehouse = "BER", .bin = bin, .sku = sku, .quantity = quantity}));
        clock_.advance_ms(1000);
    }

    std::int64_t released(const std::string& id, std::vector<orders::LineInput> lines,
                          const std::string& level = "standard") {
        auto created = orders_.create(
            admin_,
            {.input = {
                 .channel = "api",
                 .external_id = id,
                 .currency = "EUR",
                 .ship_to = {.name = "Ada", .line1 = "Street 1", .city = "Berlin", .country = "DE"},
                 .service_level = level,
                 .lines = std::move(lines)}});
        EXPECT_TRUE(created) << created.error().message;
        const auto order = created->order.id;
        EXPECT_TRUE(orders_.release(admin_, order));
        return order.value;
    }

    ScanAnswer scan(const std::string& station, const std::string& barcode,
                    std::optional<int> weight = std::nullopt,
                    std::optional<std::string> scan_id = std::nullopt) {
        ScanAnswer answer;
        const auto reply =
            stations_.scan(admin_, station,
                           {.input = {.barcode = barcode, .weight_g = weight, .scan_id = scan_id},
                            .render = [&answer](const ScanAnswer& a) {
                                answer = a;
                                return std::string(to_string(a.verdict));
                            }});
        EXPECT_TRUE(reply) << barcode << ": " << reply.error().message;
        if (reply && reply->replayed) {
            answer.verdict = *parse_verdict(reply->body);
        }
        return answer;
    }

    // One scan as `actor` sends it, with every field of the body.
    ScanAnswer send(const identity::Principal& actor, const std::string& station, ScanInput input) {
        ScanAnswer answer;
        const auto reply = stations_.scan(
            actor, station, {.input = std::move(input), .render = [&answer](const ScanAnswer& a) {
                                 answer = a;
                                 return std::string(to_string(a.verdict));
                             }});
        EXPECT_TRUE(reply) << reply.error().message;
        return answer;
    }

    std::string bin(const std::string& code) {
        return inventory_.get_bin(admin_, "BER", code)->barcode();
    }

    void expect_books_balance() {
        const auto issues = inventory_.fsck();
        ASSERT_TRUE(issues);
        EXPECT_TRUE(issues->empty()) << issues->front();
    }

    std::string status(std::int64_t order) {
        return std::string(to_string(orders_.get(orders::OrderId{order})->status));
    }

    identity::Principal admin_ = identity::Principal::system();
    catalog::CatalogService catalog_{*db_, clock_};
    events::Bus bus_{clock_};
    inventory::InventoryService inventory_{*db_, clock_, catalog_, bus_};
    orders::OrderService orders_{*db_, clock_, catalog_};
    shipping::ShippingService shipping_{*db_, clock_};
    FulfillmentSettingsStore settings_{*db_, clock_};
    StationService stations_{*db_, clock_, catalog_, shipping_, settings_};
    BatchService batches_{*db_, clock_};
    TrailerService trailers_{*db_, clock_, shipping_};
    CartonService cartons_{*db_, clock_};
    FloorReportService reports_{*db_, clock_, settings_};
    StockTaskService tasks_{*db_, clock_, settings_};
    bool connected_ = [this] {
        inventory_.add_fsck_check([this] { return orders_.fsck(); });
        return true;
    }();
};

TEST_P(FulfillmentServiceTest, ShipsAnOrderThroughPickPackAndLoadByScansAlone) {
    stock("A-01", "MUG-01", 5);
    stock("B-01", "TEA-01", 5);
    const auto order =
        released("A-1", {{.sku = "MUG-01", .quantity = 2}, {.sku = "TEA-01", .quantity = 1}});
    const auto ticket = label_text(LabelKind::order, order);

    auto a = scan("P1", ticket);
    EXPECT_EQ(a.next.action, "scan_bin");
    EXPECT_EQ(a.next.bin, "A-01");
    EXPECT_EQ(status(order), "picking");
    EXPECT_EQ(scan("P1", bin("A-01")).next.action, "scan_item");
    EXPECT_EQ(scan("P1", "MUG-01").next.quantity, 1);
    a = scan("P1", "MUG-01");
    EXPECT_EQ(a.next.bin, "B-01");
    EXPECT_EQ(scan("P1", bin("B-01")).verdict, Verdict::ok);
    a = scan("P1", "TEA-01");
    EXPECT_EQ(a.next.action, "done");
    EXPECT_EQ(status(order), "picked");

    a = scan("K1", ticket);
    EXPECT_EQ(a.next.action, "scan_item");
    EXPECT_EQ(a.next.box, "S");
    EXPECT_EQ(a.next.carrier, "DHL");
    scan("K1", "MUG-01");
    scan("K1", "MUG-01");
    a = scan("K1", "TEA-01");
    ASSERT_EQ(a.next.action, "weigh");
    EXPECT_EQ(a.next.weight->expected_g, 2 * 350 + 200 + 120);
    EXPECT_EQ(scan("K1", "", 1030).next.action, "scan_tracking");
    a = scan("K1", "00340434161234567890");
    EXPECT_EQ(a.next.action, "done");
    EXPECT_EQ(status(order), "staged");

    const auto manifest = trailers_.create_manifest(admin_, {"DHL", "BER"});
    ASSERT_TRUE(manifest);
    const auto cartons = cartons_.list_cartons(admin_, order, std::nullopt);
    ASSERT_EQ(cartons->size(), 1U);
    EXPECT_TRUE(catalog::valid_sscc(cartons->front().sscc));
    EXPECT_EQ(scan("L1", label_text(LabelKind::trailer, manifest->row.id)).next.action,
              "scan_carton");
    EXPECT_EQ(scan("L1", "(00)" + cartons->front().sscc).verdict, Verdict::ok);
    a = scan("L1", std::string(kCommandClose));
    EXPECT_EQ(a.next.action, "done");

    EXPECT_EQ(status(order), "shipped");
    const auto levels = inventory_.levels(admin_, "MUG-01");
    EXPECT_EQ(levels->front().on_hand, 3);
    EXPECT_EQ(levels->front().reserved, 0);
    expect_books_balance();
}

TEST_P(FulfillmentServiceTest, RefusesToCloseATrailerWhoseCostOfGoodsWouldOverflow) {
    stock("A-01", "MUG-01", 5);
    const auto order = released("C-1", {{.sku = "MUG-01", .quantity = 2}});
    const auto ticket = label_text(LabelKind::order, order);
    scan("P1", ticket);
    scan("P1", bin("A-01"));
    scan("P1", "MUG-01");
    ASSERT_EQ(scan("P1", "MUG-01").next.action, "done");
    scan("K1", ticket);
    scan("K1", "MUG-01");
    scan("K1", "MUG-01");
    scan("K1", "", 820);
    ASSERT_EQ(scan("K1", "00340434161234567890").next.action, "done");
    const auto manifest = trailers_.create_manifest(admin_, {"DHL", "BER"});
    ASSERT_TRUE(manifest);
    scan("L1", label_text(LabelKind::trailer, manifest->row.id));
    const auto cartons = cartons_.list_cartons(admin_, order, std::nullopt);
    ASSERT_EQ(scan("L1", "(00)" + cartons->front().sscc).verdict, Verdict::ok);
    // A unit cost stored before costs had a limit: two units of it do not fit in 64 bits.
    ASSERT_TRUE(db_->write([](db::Tx& tx) -> core::Status {
        db::Query(tx, "UPDATE products SET unit_cost = $1 WHERE sku = $2")
            .bind(std::int64_t{5'000'000'000'000'000'000})
            .bind(std::string("MUG-01"))
            .exec();
        return {};
    }));

    const auto closed = trailers_.close_manifest(admin_, manifest->row.id);

    ASSERT_FALSE(closed);
    EXPECT_EQ(closed.error().code, core::ErrorCode::invalid_argument);
    EXPECT_NE(closed.error().message.find("cost of goods"), std::string::npos)
        << closed.error().message;
    EXPECT_EQ(status(order), "staged");
    EXPECT_EQ(trailers_.get_manifest(admin_, manifest->row.id)->row.status, "open");
    expect_books_balance();
}

TEST_P(FulfillmentServiceTest, TakesAShortPickFromAnotherBinAndAsksForACount) {
    stock("A-01", "MUG-01", 2);
    stock("B-01", "MUG-01", 5);
    const auto order = released("A-2", {{.sku = "MUG-01", .quantity = 2}});

    EXPECT_EQ(scan("P1", label_text(LabelKind::order, order)).next.bin, "A-01");
    scan("P1", bin("A-01"));
    const auto a =
        send(admin_, "P1", {.barcode = std::string(kCommandShort), .reason = "not_found"});

    EXPECT_EQ(a.verdict, Verdict::ok);
    EXPECT_EQ(a.next.bin, "B-01");
    EXPECT_EQ(a.next.quantity, 2);
    const auto counts = tasks_.count_tasks(admin_, "BER", "open", 0, 10);
    ASSERT_EQ(counts->size(), 1U);
    EXPECT_EQ(counts->front().bin, "A-01");
    EXPECT_EQ(counts->front().reason, "short pick: not_found");
    EXPECT_EQ(stations_.scan_log(admin_, {.limit = 1})->front().reason, "not_found");
    EXPECT_EQ(inventory_.levels(admin_, "MUG-01")->front().on_hand, 5);
    expect_books_balance();
}

TEST_P(FulfillmentServiceTest, RefusesAWrongProductAndKeepsItInTheLog) {
    stock("A-01", "MUG-01", 5);
    stock("A-01", "TEA-01", 5);
    const auto order = released("A-3", {{.sku = "MUG-01", .quantity = 1}});
    scan("P1", label_text(LabelKind::order, order));
    scan("P1", bin("A-01"));

    const auto a = scan("P1", "TEA-01");

    EXPECT_EQ(a.verdict, Verdict::wrong_item);
    EXPECT_EQ(a.next.sku, "MUG-01");
    const auto report = reports_.scan_report(admin_, {});
    ASSERT_TRUE(report);
    EXPECT_EQ(report->scans, 3);
    EXPECT_EQ(report->errors, 1);
    EXPECT_EQ(report->errors_caught, 1);
    EXPECT_EQ(report->money_saved, 2500);
    ASSERT_EQ(report->by_product.size(), 1U);
    EXPECT_EQ(report->by_product.front().key, "MUG-01");
    const auto refused = stations_.scan_log(admin_, {.verdict = "refused"});
    ASSERT_TRUE(refused);
    ASSERT_EQ(refused->size(), 1U);
    EXPECT_EQ(refused->front().barcode, "TEA-01");
    EXPECT_EQ(refused->front().expected, "MUG-01");
    EXPECT_EQ(refused->front().station, "P1");
    EXPECT_EQ(stations_.scan_log(admin_, {.station = "P1"})->size(), 3U);
}

TEST_P(FulfillmentServiceTest, AnswersARepeatedScanIdWithTheFirstAnswer) {
    stock("A-01", "MUG-01", 5);
    const auto order = released("A-4", {{.sku = "MUG-01", .quantity = 1}});
    scan("P1", label_text(LabelKind::order, order));
    scan("P1", bin("A-01"));

    EXPECT_EQ(scan("P1", "MUG-01", std::nullopt, "scan-1").verdict, Verdict::ok);
    EXPECT_EQ(scan("P1", "MUG-01", std::nullopt, "scan-1").verdict, Verdict::ok);

    EXPECT_EQ(status(order), "picked");
    EXPECT_EQ(reports_.scan_report(admin_, {})->scans, 3);
}

TEST_P(FulfillmentServiceTest, NeedsAnOverrideForAWeightOutsideTheTolerance) {
    stock("A-01", "MUG-01", 5);
    const auto order = released("A-5", {{.sku = "MUG-01", .quantity = 1}});
    for (const auto& code :
         {label_text(LabelKind::order, order), bin("A-01"), std::string("MUG-01")}) {
        scan("P1", code);
    }
    scan("K1", label_text(LabelKind::order, order));
    scan("K1", "MUG-01");

    const auto refused = scan("K1", "", 200);
    EXPECT_EQ(refused.verdict, Verdict::weight_mismatch);
    EXPECT_EQ(refused.next.action, "weigh");
    const auto overridden =
        stations_.override_weight(admin_, "K1", "scale data of MUG-01 is wrong",
                                  [](const ScanAnswer& a) { return std::string(a.next.action); });

    ASSERT_TRUE(overridden);
    EXPECT_EQ(overridden->body, "scan_tracking");
    const auto carton = cartons_.list_cartons(admin_, order, std::nullopt)->front();
    EXPECT_EQ(carton.weight_g, 200);
    EXPECT_EQ(carton.override_reason, "scale data of MUG-01 is wrong");
}

TEST_P(FulfillmentServiceTest, RefusesToPackAnOrderNoRuleShips) {
    stock("A-01", "MUG-01", 5);
    const auto order = released("A-6", {{.sku = "MUG-01", .quantity = 1}}, "freight");
    for (const auto& code :
         {label_text(LabelKind::order, order), bin("A-01"), std::string("MUG-01")}) {
        scan("P1", code);
    }

    EXPECT_EQ(scan("K1", label_text(LabelKind::order, order)).verdict, Verdict::no_carrier);
    EXPECT_EQ(status(order), "picked");
}

TEST_P(FulfillmentServiceTest, PicksABatchIntoTotes) {
    stock("A-01", "MUG-01", 5);
    const auto first = released("B-1", {{.sku = "MUG-01", .quantity = 1}});
    const auto second = released("B-2", {{.sku = "MUG-01", .quantity = 2}});
    const auto batch = batches_.create_batch(admin_, {.warehouse = "BER", .size = 10});
    ASSERT_TRUE(batch);
    ASSERT_EQ(batch->orders.size(), 2U);

    auto a = scan("P1", label_text(LabelKind::batch, batch->id));
    EXPECT_EQ(a.next.tote, 1);
    scan("P1", bin("A-01"));
    a = scan("P1", "MUG-01");
    EXPECT_EQ(a.next.tote, 2);
    EXPECT_EQ(a.next.action, "scan_item");
    scan("P1", "MUG-01");
    a = scan("P1", "MUG-01");

    EXPECT_EQ(a.next.action, "done");
    EXPECT_EQ(status(first), "picked");
    EXPECT_EQ(status(second), "picked");
    EXPECT_EQ(scan("K1", tote_label(batch->id, 2)).verdict, Verdict::ok);
}

TEST_P(FulfillmentServiceTest, MovesADamagedUnitToTheDamageBin) {
    stock("A-01", "MUG-01", 5);

    const auto report = stations_.flag_damage(
        admin_, "P1", {.barcode = "MUG-01", .reason = "crushed", .bin = "A-01"});

    ASSERT_TRUE(report) << report.error().message;
    const auto rows = inventory_.rows(admin_, {.sku = "MUG-01", .warehouse = "BER"});
    std::map<std::string, std::int64_t> by_bin;
    for (const auto& row : *rows) {
        by_bin[row.bin] = row.quantity;
    }
    EXPECT_EQ(by_bin["A-01"], 4);
    EXPECT_EQ(by_bin["DAMAGE"], 1);
    expect_books_balance();
}

TEST_P(FulfillmentServiceTest, KeepsAnOrderInHandAtOneStation) {
    stock("A-01", "MUG-01", 5);
    const auto order = released("A-7", {{.sku = "MUG-01", .quantity = 1}});
    ASSERT_TRUE(stations_.create_station(admin_, {"P2", "pick", "BER"}));
    scan("P1", label_text(LabelKind::order, order));

    EXPECT_EQ(scan("P2", label_text(LabelKind::order, order)).verdict, Verdict::wrong_order);
    EXPECT_EQ(scan("P1", bin("A-01")).verdict, Verdict::ok);
}

TEST_P(FulfillmentServiceTest, AShortPickWithoutAReasonChangesNothing) {
    stock("A-01", "MUG-01", 2);
    const auto order = released("A-5", {{.sku = "MUG-01", .quantity = 2}});
    scan("P1", label_text(LabelKind::order, order));
    scan("P1", bin("A-01"));

    const auto a = scan("P1", std::string(kCommandShort));

    EXPECT_EQ(a.verdict, Verdict::reason_required);
    EXPECT_EQ(a.next.action, "scan_item");
    EXPECT_TRUE(tasks_.count_tasks(admin_, "BER", "open", 0, 10)->empty());
    EXPECT_EQ(inventory_.levels(admin_, "MUG-01")->front().on_hand, 2);
    const auto too_long =
        stations_.scan(admin_, "P1",
                       {.input = {.barcode = std::string(kCommandShort),
                                  .reason = std::string(kMaxShortReason + 1, 'x')},
                        .render = [](const ScanAnswer&) { return std::string(); }});
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error().fields.at(0).field, "reason");
    expect_books_balance();
}

TEST_P(FulfillmentServiceTest, AKeyedCodeWaitsForASupervisorWhenTheSettingSaysSo) {
    stock("A-01", "MUG-01", 2);
    const auto order = released("A-6", {{.sku = "MUG-01", .quantity = 2}});
    const identity::Principal picker{.username = "pia", .role = identity::Role::picker};
    ASSERT_TRUE(settings_.save_settings(admin_, {{"keyed_entry_requires_supervisor", "true"}}));
    const auto ticket = label_text(LabelKind::order, order);

    const auto refused = send(picker, "P1", {.barcode = ticket, .entry = Entry::keyed});
    EXPECT_EQ(refused.verdict, Verdict::supervisor_required);
    EXPECT_EQ(refused.next.action, "scan_order");
    EXPECT_EQ(status(order), "released");
    const auto approved =
        send(picker, "P1", {.barcode = ticket, .entry = Entry::keyed, .approved_by = "sam"});
    EXPECT_EQ(approved.verdict, Verdict::ok);
    EXPECT_EQ(send(picker, "P1", {.barcode = bin("A-01")}).verdict, Verdict::ok);

    const auto keyed = stations_.scan_log(admin_, {.entry = "keyed"});
    ASSERT_EQ(keyed->size(), 2U);
    EXPECT_EQ(keyed->at(0).reason, "approved by sam");
    EXPECT_EQ(keyed->at(1).verdict, "supervisor_required");
    const auto report = reports_.scan_report(admin_, {});
    EXPECT_EQ(report->scans, 3);
    EXPECT_EQ(report->keyed, 2);
    ASSERT_EQ(report->by_user.size(), 1U);
    EXPECT_EQ(report->by_user.front().keyed, 2);
}

TEST_P(FulfillmentServiceTest, RefusesABadStation) {
    const auto created = stations_.create_station(admin_, {"P 9", "sort", "BER"});

    ASSERT_FALSE(created);
    ASSERT_EQ(created.error().fields.size(), 2U);
    EXPECT_EQ(created.error().fields[0].field, "code");
    EXPECT_EQ(created.error().fields[1].field, "type");
    EXPECT_EQ(stations_.create_station(admin_, {"P1", "pick", "BER"}).error().code,
              core::ErrorCode::conflict);
}

TEST_P(FulfillmentServiceTest, ScansInAFewStatements) {
    // Each statement is a round trip on PostgreSQL: a typical scan of each kind stays within
    // its budget (BEGIN and COMMIT, and the catalog's read of the code, included).
    stock("A-01", "MUG-01", 5);
    const auto order = released("S-1", {{.sku = "MUG-01", .quantity = 2}});
    const auto ticket = label_text(LabelKind::order, order);
    const auto statements = [this](const std::string& station, const std::string& barcode,
                                   std::optional<int> weight = std::nullopt) {
        const auto before = db::statements_run();
        scan(station, barcode, weight);
        return db::statements_run() - before;
    };
    scan("P1", ticket);
    scan("P1", bin("A-01"));
    EXPECT_LE(statements("P1", "MUG-01"), 22U);
    scan("P1", "MUG-01");
    scan("K1", ticket);
    EXPECT_LE(statements("K1", "MUG-01"), 15U);
    scan("K1", "MUG-01");
    scan("K1", "", 2 * 350 + 120);
    scan("K1", "00340434161234567890");
    const auto manifest = trailers_.create_manifest(admin_, {"DHL", "BER"});
    ASSERT_TRUE(manifest);
    const auto cartons = cartons_.list_cartons(admin_, order, std::nullopt);
    ASSERT_EQ(cartons->size(), 1U);
    scan("L1", label_text(LabelKind::trailer, manifest->row.id));
    EXPECT_LE(statements("L1", "(00)" + cartons->front().sscc), 12U);
}

INSTANTIATE_TEST_SUITE_P(Engines, FulfillmentServiceTest,
                         ::testing::ValuesIn(testkit::enabled_engines()), testkit::engine_name);

}  // namespace
}  // namespace tally::fulfillment
