// Scan-verified fulfillment over HTTP: orders go through pick, pack and load by the station
// scan endpoint alone, every kind of wrong scan is refused on the way, and the books balance.
#include <set>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "testkit/fake_printer.hpp"
#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;

class FulfillmentHttpTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    FulfillmentHttpTest() {
        for (
            const auto& [path, body] : std::vector<std::pair<std::string, std::string>>{
                {"/api/v1/warehouses",
                 R"({"code": "BER", "name": "Berlin", "line1": "Lager 1", "city": "Berlin", "country": "DE", "timezone": "Europe/Berlin"})"},
                {"/api/v1/warehouses/BER/bins", R"({"code": "A-01", "pick_sequence": 1})"},
                {"/api/v1/warehouses/BER/bins", R"({"code": "B-01", "pick_sequence": 2})"},
                {"/api/v1/products",
                 R"({"sku": "MUG-01", "name": "Mug", "barcodes": ["09506000134352"], "weight_g": 350, "dims_mm": {"length": 120, "width": 90, "height": 80}, "unit_cost": 400, "currency": "EUR", "lot_tracked": true, "fragile": true})"},
                {"/api/v1/products",
                 R"({"sku": "TEA-01", "name": "Tea", "weight_g": 200, "dims_mm": {"length": 100, "width": 60, "height": 40}, "unit_cost": 150, "currency": "EUR"})"},
                {"/api/v1/products",
                 R"({"sku": "PEN-01", "name": "Pen", "weight_g": 20, "dims_mm": {"length": 140, "width": 10, "height": 10}, "currency": "EUR"})"},
                {"/api/v1/box-types",
                 R"({"code": "S", "name": "Small", "inner_mm": {"length": 300, "width": 200, "height": 150}, "tare_g": 120, "max_load_g": 10000, "currency": "EUR"})"},
                {"/api/v1/inventory/receipts",
                 R"({"warehouse": "BER", "bin": "A-01", "sku": "MUG-01", "quantity": 10, "lot": "L1"})"},
                {"/api/v1/inventory/receipts",
                 R"({"warehouse": "BER", "bin": "B-01", "sku": "TEA-01", "quantity": 10})"},
                {"/api/v1/carriers",
                 R"({"code": "DHL", "name": "DHL", "services": [{"code": "STD", "name": "Paket", "service_level": "standard"}]})"},
                {"/api/v1/carriers",
                 R"({"code": "UPS", "name": "UPS", "services": [{"code": "EXP", "name": "Express", "service_level": "express"}]})"},
                {"/api/v1/stations", R"({"code": "P1", "type": "pick", "warehouse": "BER"})"},
                {"/api/v1/stations", R"({"code": "K1", "type": "pack", "warehouse": "BER"})"},
                {"/api/v1/stations", R"({"code": "L1", "type": "load", "warehouse": "BER"})"}}) {
            const auto created = admin_.post(path, body);
            EXPECT_EQ(created.status, 201) << path << ": " << created.body;
        }
    }

    std::int64_t order(const std::string& id, const std::string& lines,
                       const std::string& level = "standard") {
        const auto created = admin_.post(
            "/api/v1/orders",
            R"({"external_id": ")" + id + R"(", "currency": "EUR", "service_level": ")" + level +
                R"(", "ship_to": {"name": "Ada Lovelace", "line1": "Unter den Linden 1", "city": "Berlin", "postal_code": "10117", "country": "DE"}, "lines": )" +
                lines + "}");
        EXPECT_EQ(created.status, 201) << created.body;
        return created.json().at("id").as_int64();
    }

    std::string barcode(std::int64_t order) {
        return std::string(
            admin_.get("/api/v1/orders/" + std::to_string(order)).json().at("barcode").as_string());
    }

    void release(std::int64_t order) {
        const auto released =
            admin_.post("/api/v1/orders/" + std::to_string(order) + "/release", "");
        EXPECT_EQ(released.status, 200) << released.body;
    }

    // One scan; checks the verdict and returns the answer.
    boost::json::object scan(testkit::HttpClient& client, const std::string& station,
                             const std::string& body, const std::string& verdict) {
        const auto answer = client.post("/api/v1/stations/" + station + "/scans", body);
        EXPECT_EQ(answer.status, 200) << body << ": " << answer.body;
        if (answer.status != 200) {
            return {};
        }
        auto json = answer.json().as_object();
        EXPECT_EQ(json.at("verdict").as_string(), verdict) << body << ": " << answer.body;
        seen_.insert(std::string(json.at("verdict").as_string()));
        refused_ += json.at("verdict").as_string() == "ok" ? 0 : 1;
        return json;
    }

    boost::json::object code(testkit::HttpClient& client, const std::string& station,
                             const std::string& text, const std::string& verdict = "ok") {
        return scan(client, station, R"({"barcode": ")" + text + R"("})", verdict);
    }

    static std::string next_action(const boost::json::object& answer) {
        return std::string(answer.at("next").at("action").as_string());
    }

    std::string carton_of(std::int64_t order) {
        const auto cartons = admin_.get("/api/v1/cartons?order=" + std::to_string(order));
        EXPECT_EQ(cartons.status, 200);
        return std::string(cartons.json().at("items").at(0).at("barcode").as_string());
    }

    void register_printer(const std::string& warehouse, const std::string& code,
                          unsigned short port) {
        const auto created =
            admin_.post("/api/v1/warehouses/" + warehouse + "/printers",
                        R"({"code": ")" + code + R"(", "host": "127.0.0.1", "port": )" +
                            std::to_string(port) + "}");
        ASSERT_EQ(created.status, 201) << created.body;
    }

    testkit::TestServer server_{GetParam()};
    testkit::HttpClient admin_ = server_.client_as(Role::admin);
    testkit::HttpClient picker_ = server_.client_as(Role::picker);
    testkit::HttpClient packer_ = server_.client_as(Role::packer);
    testkit::HttpClient loader_ = server_.client_as(Role::loader);
    std::set<std::string> seen_;
    std::int64_t refused_ = 0;
};

TEST_P(FulfillmentHttpTest, ShipsOrdersByScansAloneAndRefusesEveryKindOfWrongScan) {
    const auto a =
        order("A-1", R"([{"sku": "MUG-01", "quantity": 2}, {"sku": "TEA-01", "quantity": 1}])");
    const auto b = order("B-1", R"([{"sku": "TEA-01", "quantity": 1}])", "express");
    const auto c = order("C-1", R"([{"sku": "MUG-01", "quantity": 1}])");
    const auto order_a = barcode(a);
    EXPECT_EQ(order_a, "ORD-" + std::to_string(a));

    // Pick A.
    code(picker_, "P1", "NO-SUCH-CODE", "unknown_barcode");
    code(picker_, "P1", "B:BER:A-01", "unexpected_barcode");
    code(picker_, "P1", order_a, "wrong_order");  // not released yet
    release(a);
    auto answer = code(picker_, "P1", order_a);
    EXPECT_EQ(next_action(answer), "scan_bin");
    EXPECT_EQ(answer.at("next").at("bin").as_string(), "A-01");
    EXPECT_EQ(answer.at("next").at("lot").as_string(), "L1");
    code(picker_, "P1", "MUG-01", "wrong_bin");
    code(picker_, "P1", "B:BER:B-01", "wrong_bin");
    code(picker_, "P1", "B:BER:A-01");
    code(picker_, "P1", "TEA-01", "wrong_item");
    code(picker_, "P1", "(01)09506000134352(10)L2", "wrong_lot");
    code(picker_, "P1", "(01)09506000134352(30)5", "over_quantity");  // GS1: no (37) with (01)
    code(picker_, "P1", "(01)09506000134352(10)L1");
    answer = scan(picker_, "P1", R"({"barcode": "MUG-01", "scan_id": "p1-0001"})", "ok");
    EXPECT_EQ(answer.at("next").at("bin").as_string(), "B-01");
    // A retry of the same scan changes nothing and gets the first answer.
    const auto replay =
        picker_.post("/api/v1/stations/P1/scans", R"({"barcode": "MUG-01", "scan_id": "p1-0001"})");
    EXPECT_EQ(replay.status, 200);
    EXPECT_EQ(replay.header("idempotent-replayed"), "true");
    EXPECT_EQ(replay.json().at("next").at("bin").as_string(), "B-01");
    code(picker_, "P1", "B:BER:B-01");
    EXPECT_EQ(next_action(code(picker_, "P1", "TEA-01")), "done");

    // Pick B and C.
    for (const auto id : {b, c}) {
        release(id);
        answer = code(picker_, "P1", barcode(id));
        while (next_action(answer) != "done") {
            const auto next = answer.at("next").as_object();
            answer = next_action(answer) == "scan_bin"
                         ? code(picker_, "P1", "B:BER:" + std::string(next.at("bin").as_string()))
                         : code(picker_, "P1", std::string(next.at("sku").as_string()));
        }
    }

    // Pack A: no carrier yet, then the rules.
    code(packer_, "K1", order_a, "no_carrier");
    const auto rules = admin_.request(
        "PUT", "/api/v1/shipping-rules",
        R"({"rules": [{"service_level": "standard", "carrier": "DHL", "service": "STD"}, {"service_level": "express", "carrier": "UPS", "service": "EXP"}]})");
    ASSERT_EQ(rules.status, 200) << rules.body;
    answer = code(packer_, "K1", order_a);
    EXPECT_EQ(next_action(answer), "scan_item");
    EXPECT_EQ(answer.at("next").at("box").as_string(), "S");
    EXPECT_EQ(answer.at("next").at("carrier").as_string(), "DHL");
    code(packer_, "K1", "PEN-01", "wrong_item");
    code(packer_, "K1", "TEA-01");
    code(packer_, "K1", "TEA-01", "over_quantity");
    code(packer_, "K1", "MUG-01");
    answer = code(packer_, "K1", "MUG-01");
    ASSERT_EQ(next_action(answer), "weigh");
    const auto expected = answer.at("next").at("weight").at("expected_g").as_int64();
    EXPECT_EQ(expected, 2 * 350 + 200 + 120);
    code(packer_, "K1", order_a, "weight_required");
    scan(packer_, "K1", R"({"barcode": "", "weight_g": 670})", "weight_mismatch");  // a mug short
    answer = scan(packer_, "K1", R"({"weight_g": 1015})", "ok");
    EXPECT_EQ(next_action(answer), "scan_tracking");
    EXPECT_EQ(next_action(code(packer_, "K1", "00340434161234567890")), "done");
    EXPECT_EQ(admin_.get("/api/v1/orders/" + std::to_string(a)).json().at("status").as_string(),
              "staged");

    // Pack B, whose label is stuck on a second time by mistake first.
    code(packer_, "K1", barcode(b));
    code(packer_, "K1", "TEA-01");
    scan(packer_, "K1", R"({"weight_g": 320})", "ok");
    code(packer_, "K1", "00340434161234567890", "duplicate_tracking");
    code(packer_, "K1", "1Z999AA10123456784");
    // C starts packing and stays open.
    code(packer_, "K1", barcode(c));

    // Load the DHL trailer.
    const auto trailer =
        admin_.post("/api/v1/manifests", R"({"carrier": "DHL", "warehouse": "BER"})");
    ASSERT_EQ(trailer.status, 201) << trailer.body;
    const auto trailer_code = std::string(trailer.json().at("barcode").as_string());
    code(loader_, "L1", carton_of(a), "unexpected_barcode");
    EXPECT_EQ(next_action(code(loader_, "L1", trailer_code)), "scan_carton");
    answer = code(loader_, "L1", "CMD-CLOSE", "manifest_incomplete");
    EXPECT_EQ(answer.at("next").at("missing").as_array().size(), 1U);
    code(loader_, "L1", carton_of(b), "wrong_carrier");
    code(loader_, "L1", carton_of(c), "not_packed");
    code(loader_, "L1", carton_of(a));
    code(loader_, "L1", carton_of(a), "already_loaded");
    EXPECT_EQ(next_action(code(loader_, "L1", "CMD-CLOSE")), "done");

    const auto shipped = admin_.get("/api/v1/orders/" + std::to_string(a)).json();
    EXPECT_EQ(shipped.at("status").as_string(), "shipped");
    const auto mugs = admin_.get("/api/v1/inventory?sku=MUG-01").json().at("items").at(0);
    EXPECT_EQ(mugs.at("on_hand").as_int64(), 8);  // 2 shipped, C's 1 still in the building
    EXPECT_EQ(mugs.at("reserved").as_int64(), 1);
    const auto issues = server_.app().inventory().fsck();
    ASSERT_TRUE(issues);
    EXPECT_TRUE(issues->empty()) << issues->front();

    const std::set<std::string> every_verdict = {"ok",
                                                 "wrong_item",
                                                 "wrong_bin",
                                                 "wrong_lot",
                                                 "wrong_order",
                                                 "over_quantity",
                                                 "weight_mismatch",
                                                 "weight_required",
                                                 "unknown_barcode",
                                                 "unexpected_barcode",
                                                 "wrong_carrier",
                                                 "already_loaded",
                                                 "not_packed",
                                                 "manifest_incomplete",
                                                 "no_carrier",
                                                 "duplicate_tracking"};
    EXPECT_EQ(seen_, every_verdict);

    const auto report = admin_.get("/api/v1/reports/scans").json();
    EXPECT_EQ(report.at("errors").as_int64(), refused_);
    const auto log = admin_.get("/api/v1/scans?verdict=refused&limit=1000");
    ASSERT_EQ(log.status, 200) << log.body;
    EXPECT_EQ(static_cast<std::int64_t>(log.json().at("items").as_array().size()), refused_);
    const auto label = admin_.get("/api/v1/cartons/" + carton_of(a).substr(4) + "/label");
    EXPECT_EQ(label.status, 200);
    EXPECT_EQ(label.body.substr(0, 3), "^XA");
    const auto png = admin_.get("/api/v1/cartons/" + carton_of(a).substr(4) + "/label?format=png");
    EXPECT_EQ(png.header("content-type"), "image/png");
    EXPECT_EQ(png.body.substr(1, 3), "PNG");
    const auto slip = admin_.get("/api/v1/orders/" + std::to_string(a) + "/packing-slip");
    EXPECT_NE(slip.body.find("2 x MUG-01"), std::string::npos) << slip.body;
}

TEST_P(FulfillmentHttpTest, AnswersAMalformedScanWithA400NamingTheField) {
    const auto bad =
        picker_.post("/api/v1/stations/P1/scans", R"({"barcode": "X", "weight_g": "heavy"})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.json().at("errors").at(0).at("field").as_string(), "weight_g");
    const auto empty = picker_.post("/api/v1/stations/P1/scans", R"({})");
    EXPECT_EQ(empty.status, 400);
    EXPECT_EQ(empty.json().at("errors").at(0).at("field").as_string(), "barcode");
    EXPECT_EQ(picker_.post("/api/v1/stations/NOPE/scans", R"({"barcode": "X"})").status, 404);
    const auto batch =
        admin_.post("/api/v1/pick-batches", R"({"warehouse": "BER", "orders": ["x"]})");
    EXPECT_EQ(batch.status, 400);
    EXPECT_EQ(batch.json().at("errors").at(0).at("field").as_string(), "orders/0");
}

TEST_P(FulfillmentHttpTest, KeepsAStationsStepForAnotherDevice) {
    const auto a = order("A-2", R"([{"sku": "TEA-01", "quantity": 1}])");
    release(a);
    code(picker_, "P1", barcode(a));

    auto other_device = server_.client_as(Role::picker);
    const auto station = other_device.get("/api/v1/stations/P1").json();

    EXPECT_EQ(station.at("next").at("action").as_string(), "scan_bin");
    EXPECT_EQ(station.at("next").at("bin").as_string(), "B-01");
    EXPECT_EQ(station.at("orders").at(0).as_int64(), a);
}

TEST_P(FulfillmentHttpTest, KeepsAPickerOutOfAnotherWarehousesStation) {
    ASSERT_EQ(
        admin_
            .post(
                "/api/v1/warehouses",
                R"({"code": "EWR", "name": "Newark", "country": "US", "timezone": "America/New_York"})")
            .status,
        201);
    const auto user = admin_.post(
        "/api/v1/users",
        R"({"username": "ewr-picker", "password": "long-enough-1", "role": "picker", "warehouse": "EWR"})");
    ASSERT_EQ(user.status, 201) << user.body;
    const auto token = admin_.post("/api/v1/users/ewr-picker/tokens", R"({"name": "scanner"})");
    ASSERT_EQ(token.status, 201) << token.body;
    auto scoped = server_.client();
    scoped.set_header("Authorization: Bearer " + std::string(token.json().at("token").as_string()));

    EXPECT_EQ(scoped.post("/api/v1/stations/P1/scans", R"({"barcode": "X"})").status, 403);
}

TEST_P(FulfillmentHttpTest,
       APackerGetsAWeightAcceptedWithASupervisorsPasswordAndPrintsToRegisteredPrintersOnly) {
    for (const auto* user :
         {R"({"username": "sam", "password": "supervisor-pass", "role": "manager"})",
          R"({"username": "pia", "password": "picker-pass-1", "role": "picker"})"}) {
        ASSERT_EQ(admin_.post("/api/v1/users", user).status, 201);
    }
    ASSERT_EQ(
        admin_
            .request(
                "PUT", "/api/v1/shipping-rules",
                R"({"rules": [{"service_level": "standard", "carrier": "DHL", "service": "STD"}]})")
            .status,
        200);
    const auto id = order("S-1", R"([{"sku": "TEA-01", "quantity": 1}])");
    release(id);
    code(picker_, "P1", barcode(id));
    code(picker_, "P1", "B:BER:B-01");
    code(picker_, "P1", "TEA-01");
    code(packer_, "K1", barcode(id));
    code(packer_, "K1", "TEA-01");
    scan(packer_, "K1", R"({"weight_g": 900})", "weight_mismatch");

    const auto override_with = [this](const std::string& supervisor) {
        return packer_.post("/api/v1/stations/K1/override",
                            R"({"reason": "Gift wrap added")" + supervisor + "}");
    };
    const auto alone = override_with("");
    EXPECT_EQ(alone.status, 403) << alone.body;
    EXPECT_NE(alone.body.find("supervisor"), std::string::npos);
    EXPECT_EQ(
        override_with(R"(, "supervisor": {"username": "sam", "password": "wrong-guess"})").status,
        401);
    EXPECT_EQ(
        override_with(R"(, "supervisor": {"username": "pia", "password": "picker-pass-1"})").status,
        403);
    const auto half = override_with(R"(, "supervisor": {"username": "sam"})");
    EXPECT_EQ(half.status, 400);
    EXPECT_NE(half.body.find("supervisor/password"), std::string::npos) << half.body;
    const auto approved =
        override_with(R"(, "supervisor": {"username": "sam", "password": "supervisor-pass"})");
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(approved.json().at("next").at("action").as_string(), "scan_tracking");
    const auto carton = admin_.get("/api/v1/cartons?order=" + std::to_string(id)).json();
    const auto carton_id = carton.at("items").at(0).at("id").as_int64();
    EXPECT_EQ(carton.at("items").at(0).at("override_reason").as_string(),
              "Gift wrap added (approved by sam)");

    testkit::FakePrinter printer;
    const auto print_path = "/api/v1/cartons/" + std::to_string(carton_id) + "/print";
    const auto printed = packer_.post(print_path, R"({"printer": ")" + printer.address() + R"("})");
    EXPECT_EQ(printed.status, 400) << printed.body;  // a host and port is not a printer
    EXPECT_FALSE(printer.connected());
    register_printer("BER", "PACK-1", printer.port());
    const auto registered = packer_.post(print_path, R"({"printer": "PACK-1"})");
    ASSERT_EQ(registered.status, 200) << registered.body;
    const auto zpl = printer.received();
    EXPECT_EQ(static_cast<std::int64_t>(zpl.size()), registered.json().at("bytes").as_int64());
    EXPECT_EQ(zpl, admin_.get("/api/v1/cartons/" + std::to_string(carton_id) + "/label").body);
    register_printer("BER", "OFF-1", 1);
    const auto offline = packer_.post(print_path, R"({"printer": "OFF-1"})");
    EXPECT_EQ(offline.status, 502);
    EXPECT_EQ(offline.body.find(":1"), std::string::npos) << offline.body;
    EXPECT_EQ(packer_.post(print_path, R"({"printer": "NOPE"})").status, 400);
    // Another warehouse's printer and an inactive one are refused like an unknown one, unasked.
    ASSERT_EQ(admin_
                  .post("/api/v1/warehouses",
                        R"({"code": "EWR", "name": "Newark", "country": "US", "timezone": "UTC"})")
                  .status,
              201);
    testkit::FakePrinter elsewhere;
    register_printer("EWR", "EWR-1", elsewhere.port());
    const auto foreign = packer_.post(print_path, R"({"printer": "EWR-1"})");
    EXPECT_EQ(foreign.status, 400) << foreign.body;
    EXPECT_FALSE(elsewhere.connected());
    testkit::FakePrinter retired;
    register_printer("BER", "OLD-1", retired.port());
    EXPECT_EQ(admin_.request("DELETE", "/api/v1/warehouses/BER/printers/OLD-1").status, 204);
    const auto inactive = packer_.post(print_path, R"({"printer": "OLD-1"})");
    EXPECT_EQ(inactive.status, 400) << inactive.body;
    EXPECT_EQ(inactive.body, foreign.body);
    EXPECT_FALSE(retired.connected());
    const auto listed = packer_.get("/api/v1/warehouses/BER/printers");
    ASSERT_EQ(listed.status, 200) << listed.body;
    EXPECT_EQ(listed.json().at("items").as_array().size(), 3U);
    EXPECT_EQ(packer_.post("/api/v1/cartons/999999/print", R"({"printer": "PACK-1"})").status, 404);

    // Today's dashboard counts the refused weight against packing and the packer.
    const auto dashboard = admin_.get("/api/v1/reports/dashboard?warehouse=BER");
    ASSERT_EQ(dashboard.status, 200) << dashboard.body;
    const auto board_json = dashboard.json();
    const auto& board = board_json.as_object();
    const auto find = [](const boost::json::value& rows, const char* key, const std::string& name) {
        for (const auto& row : rows.as_array()) {
            if (row.at(key).as_string() == name) {
                return row.as_object();
            }
        }
        return boost::json::object{};
    };
    const auto pack = find(board.at("errors_by_step"), "step", "pack");
    ASSERT_FALSE(pack.empty()) << dashboard.body;
    EXPECT_EQ(pack.at("errors").as_int64(), 1);
    EXPECT_EQ(pack.at("scans").as_int64(), 4);  // order, item, weight refused, override
    EXPECT_EQ(find(board.at("errors_by_step"), "step", "pick").at("errors").as_int64(), 0);
    EXPECT_EQ(board.at("orders_by_status").at("packing").as_int64(), 1);
    const auto& hours = board.at("throughput_per_hour").as_array();
    ASSERT_EQ(hours.size(), 24U);
    EXPECT_EQ(hours.back().at("units_picked").as_int64(), 1);
    EXPECT_EQ(board.at("error_rate_trend").as_array().size(), 14U);
    EXPECT_EQ(board.at("oldest_unshipped").at(0).at("id").as_int64(), id);
    EXPECT_EQ(admin_.get("/api/v1/reports/dashboard?utc_offset_minutes=900").status, 400);
    const auto unknown = admin_.get("/api/v1/reports/dashboard?warehouse=NOPE");
    EXPECT_EQ(unknown.status, 400);
    EXPECT_EQ(unknown.json().at("errors").at(0).at("field").as_string(), "warehouse");
}

TEST_P(FulfillmentHttpTest, LogsKeyedCodesApartFromScansAndCountsThemPerStepAndUser) {
    const auto id = order("K-1", R"([{"sku": "TEA-01", "quantity": 1}])");
    release(id);
    scan(picker_, "P1", R"({"barcode": ")" + barcode(id) + R"(", "entry": "scan"})", "ok");
    scan(picker_, "P1", R"({"barcode": "B:BER:B-01", "entry": "keyed"})", "ok");
    scan(picker_, "P1", R"({"barcode": "TEA-01", "entry": "keyed"})", "ok");

    const auto keyed = admin_.get("/api/v1/scans?entry=keyed");
    ASSERT_EQ(keyed.status, 200) << keyed.body;
    const auto keyed_json = keyed.json();
    const auto& items = keyed_json.at("items").as_array();
    ASSERT_EQ(items.size(), 2U) << keyed.body;
    EXPECT_EQ(items.at(0).at("entry").as_string(), "keyed");
    EXPECT_EQ(items.at(0).at("barcode").as_string(), "TEA-01");
    const auto all = admin_.get("/api/v1/scans").json();
    EXPECT_EQ(all.at("items").as_array().size(), 3U);
    EXPECT_EQ(all.at("items").at(2).at("entry").as_string(), "scan");
    const auto user = std::string(items.at(0).at("user").as_string());

    const auto report = admin_.get("/api/v1/reports/scans").json();
    EXPECT_EQ(report.at("scans").as_int64(), 3);
    EXPECT_EQ(report.at("keyed").as_int64(), 2);
    const auto group = [&report](const char* list, const std::string& key) {
        for (const auto& row : report.at(list).as_array()) {
            if (row.at("key").as_string() == key) {
                return row.at("keyed").as_int64();
            }
        }
        return std::int64_t{-1};
    };
    EXPECT_EQ(group("by_step", "scan_order"), 0);
    EXPECT_EQ(group("by_step", "scan_bin"), 1);
    EXPECT_EQ(group("by_step", "scan_item"), 1);
    EXPECT_EQ(group("by_user", user), 2);

    const auto bad =
        picker_.post("/api/v1/stations/P1/scans", R"({"barcode": "X", "entry": "typed"})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.json().at("errors").at(0).at("field").as_string(), "entry");
    const auto filter = admin_.get("/api/v1/scans?entry=typed");
    EXPECT_EQ(filter.status, 400);
    EXPECT_EQ(filter.json().at("errors").at(0).at("field").as_string(), "entry");
}

TEST_P(FulfillmentHttpTest, AKeyedCodeNeedsASupervisorWhenTheSettingSaysSo) {
    for (const auto* user :
         {R"({"username": "sam", "password": "supervisor-pass", "role": "manager"})",
          R"({"username": "pia", "password": "picker-pass-1", "role": "picker"})"}) {
        ASSERT_EQ(admin_.post("/api/v1/users", user).status, 201);
    }
    EXPECT_FALSE(admin_.get("/api/v1/fulfillment/settings")
                     .json()
                     .at("keyed_entry_requires_supervisor")
                     .as_bool());
    const auto set = admin_.request("PUT", "/api/v1/fulfillment/settings",
                                    R"({"keyed_entry_requires_supervisor": true})");
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_TRUE(set.json().at("keyed_entry_requires_supervisor").as_bool());
    const auto wrong = admin_.request("PUT", "/api/v1/fulfillment/settings",
                                      R"({"keyed_entry_requires_supervisor": "maybe"})");
    EXPECT_EQ(wrong.status, 400);
    const auto id = order("K-2", R"([{"sku": "TEA-01", "quantity": 1}])");
    release(id);
    const auto keyed = [&](const std::string& supervisor) {
        return picker_.post(
            "/api/v1/stations/P1/scans",
            R"({"barcode": ")" + barcode(id) + R"(", "entry": "keyed")" + supervisor + "}");
    };

    const auto refused = keyed("");
    ASSERT_EQ(refused.status, 200) << refused.body;
    EXPECT_EQ(refused.json().at("verdict").as_string(), "supervisor_required");
    EXPECT_EQ(picker_.get("/api/v1/stations/P1").json().at("next").at("action").as_string(),
              "scan_order");
    EXPECT_EQ(admin_.get("/api/v1/orders/" + std::to_string(id)).json().at("status").as_string(),
              "released");
    EXPECT_EQ(keyed(R"(, "supervisor": {"username": "sam", "password": "wrong-guess"})").status,
              401);
    const auto picker =
        keyed(R"(, "supervisor": {"username": "pia", "password": "picker-pass-1"})");
    EXPECT_EQ(picker.status, 403);
    EXPECT_NE(picker.body.find("supervisor"), std::string::npos) << picker.body;
    const auto approved =
        keyed(R"(, "supervisor": {"username": "sam", "password": "supervisor-pass"})");
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(approved.json().at("verdict").as_string(), "ok") << approved.body;
    // A code read by the scanner needs no approval.
    code(picker_, "P1", "B:BER:B-01");

    const auto log = admin_.get("/api/v1/scans?entry=keyed").json();
    ASSERT_EQ(log.at("items").as_array().size(), 2U);
    EXPECT_EQ(log.at("items").at(0).at("reason").as_string(), "approved by sam");
    EXPECT_EQ(log.at("items").at(1).at("verdict").as_string(), "supervisor_required");
}

TEST_P(FulfillmentHttpTest, AShortPickNeedsAReasonAndKeepsItWithTheCountTask) {
    const auto id = order("K-3", R"([{"sku": "TEA-01", "quantity": 2}])");
    release(id);
    code(picker_, "P1", barcode(id));
    code(picker_, "P1", "B:BER:B-01");

    const auto refused = code(picker_, "P1", "CMD-SHORT", "reason_required");
    EXPECT_EQ(next_action(refused), "scan_item");
    EXPECT_TRUE(admin_.get("/api/v1/inventory/count-tasks").json().at("items").as_array().empty());
    const auto too_long =
        picker_.post("/api/v1/stations/P1/scans",
                     R"({"barcode": "CMD-SHORT", "reason": ")" + std::string(201, 'x') + R"("})");
    EXPECT_EQ(too_long.status, 400);
    EXPECT_EQ(too_long.json().at("errors").at(0).at("field").as_string(), "reason");
    scan(picker_, "P1", R"({"barcode": "CMD-SHORT", "reason": "damaged"})", "ok");

    const auto tasks = admin_.get("/api/v1/inventory/count-tasks").json().at("items");
    ASSERT_EQ(tasks.as_array().size(), 1U);
    EXPECT_EQ(tasks.at(0).at("reason").as_string(), "short pick: damaged");
    const auto log = admin_.get("/api/v1/scans?limit=2").json().at("items");
    EXPECT_EQ(log.at(0).at("barcode").as_string(), "CMD-SHORT");
    EXPECT_EQ(log.at(0).at("reason").as_string(), "damaged");
    EXPECT_EQ(log.at(1).at("verdict").as_string(), "reason_required");
}

INSTANTIATE_TEST_SUITE_P(Engines, FulfillmentHttpTest,
                         ::testing::ValuesIn(testkit::enabled_engines()), testkit::engine_name);

}  // namespace
}  // namespace tally
