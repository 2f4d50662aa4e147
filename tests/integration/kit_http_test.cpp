// Kits and expired lots over HTTP: a kit is reserved, picked, packed, shipped and costed as
// its components; a lot past its expiry is refused at the pick station and nothing moves.
#include <map>
#include <set>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "tally/db/statement.hpp"

#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;

class KitHttpTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    KitHttpTest() {
        for (
            const auto& [path, body] : std::vector<std::pair<std::string, std::string>>{
                {"/api/v1/warehouses",
                 R"({"code": "BER", "name": "Berlin", "line1": "Lager 1", "city": "Berlin", "country": "DE", "timezone": "Europe/Berlin"})"},
                {"/api/v1/warehouses/BER/bins", R"({"code": "A-01", "pick_sequence": 1})"},
                {"/api/v1/warehouses/BER/bins", R"({"code": "B-01", "pick_sequence": 2})"},
                {"/api/v1/warehouses/BER/bins", R"({"code": "C-01", "pick_sequence": 3})"},
                {"/api/v1/products",
                 R"({"sku": "MUG-01", "name": "Mug", "barcodes": ["09506000134352"], "weight_g": 350, "dims_mm": {"length": 120, "width": 90, "height": 80}, "unit_cost": 400, "currency": "EUR", "lot_tracked": true})"},
                {"/api/v1/products",
                 R"({"sku": "TEA-01", "name": "Tea", "weight_g": 200, "dims_mm": {"length": 100, "width": 60, "height": 40}, "unit_cost": 150, "currency": "EUR"})"},
                {"/api/v1/products",
                 R"({"sku": "SET-01", "name": "Gift set", "unit_cost": 999, "price": 2999, "currency": "EUR", "components": [{"sku": "MUG-01", "quantity": 2}, {"sku": "TEA-01", "quantity": 1}]})"},
                {"/api/v1/products",
                 R"({"sku": "JAM-01", "name": "Jam", "barcodes": ["09506000134376"], "weight_g": 300, "dims_mm": {"length": 80, "width": 80, "height": 90}, "unit_cost": 200, "currency": "EUR", "lot_tracked": true, "expiry_tracked": true})"},
                {"/api/v1/box-types",
                 R"({"code": "S", "name": "Small", "inner_mm": {"length": 300, "width": 200, "height": 150}, "tare_g": 120, "max_load_g": 10000, "currency": "EUR"})"},
                {"/api/v1/inventory/receipts",
                 R"({"warehouse": "BER", "bin": "A-01", "sku": "MUG-01", "quantity": 10, "lot": "L1"})"},
                {"/api/v1/inventory/receipts",
                 R"({"warehouse": "BER", "bin": "B-01", "sku": "TEA-01", "quantity": 10})"},
                {"/api/v1/inventory/receipts",
                 R"({"warehouse": "BER", "bin": "C-01", "sku": "JAM-01", "quantity": 5, "lot": "OLD", "expiry": "2020-01-31"})"},
                {"/api/v1/carriers",
                 R"({"code": "DHL", "name": "DHL", "services": [{"code": "STD", "name": "Paket", "service_level": "standard"}]})"},
                {"/api/v1/stations", R"({"code": "P1", "type": "pick", "warehouse": "BER"})"},
                {"/api/v1/stations", R"({"code": "K1", "type": "pack", "warehouse": "BER"})"},
                {"/api/v1/stations", R"({"code": "L1", "type": "load", "warehouse": "BER"})"}}) {
            const auto created = admin_.post(path, body);
            EXPECT_EQ(created.status, 201) << path << ": " << created.body;
        }
        const auto rules = admin_.request(
            "PUT", "/api/v1/shipping-rules",
            R"({"rules": [{"service_level": "standard", "carrier": "DHL", "service": "STD"}]})");
        EXPECT_EQ(rules.status, 200) << rules.body;
    }

    std::int64_t order(const std::string& id, const std::string& lines) {
        const auto created = admin_.post(
            "/api/v1/orders",
            R"({"external_id": ")" + id +
                R"(", "currency": "EUR", "ship_to": {"name": "Ada Lovelace", "line1": "Unter den Linden 1", "city": "Berlin", "postal_code": "10117", "country": "DE"}, "lines": )" +
                lines + "}");
        EXPECT_EQ(created.status, 201) << created.body;
        return created.json().at("id").as_int64();
    }

    boost::json::value get_order(std::int64_t id) {
        return admin_.get("/api/v1/orders/" + std::to_string(id)).json();
    }

    void release(std::int64_t id) {
        const auto released = admin_.post("/api/v1/orders/" + std::to_string(id) + "/release", "");
        EXPECT_EQ(released.status, 200) << released.body;
    }

    boost::json::object code(testkit::HttpClient& client, const std::string& station,
                             const std::string& text, const std::string& verdict = "ok") {
        const auto body = R"({"barcode": ")" + text + R"("})";
        const auto answer = client.post("/api/v1/stations/" + station + "/scans", body);
        EXPECT_EQ(answer.status, 200) << body << ": " << answer.body;
        if (answer.status != 200) {
            return {};
        }
        auto json = answer.json().as_object();
        EXPECT_EQ(json.at("verdict").as_string(), verdict) << body << ": " << answer.body;
        return json;
    }

    static std::string next_action(const boost::json::object& answer) {
        return answer.contains("next") ? std::string(answer.at("next").at("action").as_string())
                                       : "";
    }

    std::int64_t on_hand(const std::string& sku) {
        const auto items = admin_.get("/api/v1/inventory?sku=" + sku).json().at("items");
        return items.as_array().empty() ? 0 : items.at(0).at("on_hand").as_int64();
    }

    std::int64_t reserved(const std::string& sku) {
        const auto items = admin_.get("/api/v1/inventory?sku=" + sku).json().at("items");
        return items.as_array().empty() ? 0 : items.at(0).at("reserved").as_int64();
    }

    // A number the test reads straight from the books, with one bound text parameter.
    std::int64_t count(const char* sql, const std::string& parameter) {
        const auto value =
            server_.app().database().read([&](db::Tx& tx) -> core::Result<std::int64_t> {
                db::Query query(tx, sql);
                query.bind(parameter);
                return query.next() && !query.is_null(0) ? query.int64(0) : 0;
            });
        EXPECT_TRUE(value);
        return value.value_or(-1);
    }

    void expect_fsck_clean() {
        const auto issues = server_.app().inventory().fsck();
        ASSERT_TRUE(issues);
        EXPECT_TRUE(issues->empty()) << issues->front();
    }

    testkit::TestServer server_{GetParam()};
    testkit::HttpClient admin_ = server_.client_as(Role::admin);
    testkit::HttpClient picker_ = server_.client_as(Role::picker);
    testkit::HttpClient packer_ = server_.client_as(Role::packer);
    testkit::HttpClient loader_ = server_.client_as(Role::loader);
};

constexpr const char* kShippedOf =
    "SELECT -SUM(l.delta) FROM stock_ledger l JOIN products p ON p.id = l.product_id"
    " WHERE l.kind = 'ship' AND p.sku = $1";
constexpr const char* kCostOf =
    "SELECT SUM(c.amount) FROM cost_of_goods c JOIN products p ON p.id = c.product_id"
    " WHERE p.sku = $1";
constexpr const char* kLedgerRows =
    "SELECT COUNT(*) FROM stock_ledger l JOIN products p ON p.id = l.product_id"
    " WHERE p.sku = $1";

TEST_P(KitHttpTest, AKitOrderIsPickedPackedAndShippedAsItsComponents) {
    const auto id = order("K-1", R"([{"sku": "SET-01", "quantity": 2, "unit_price": 2999}])");
    const auto placed = get_order(id);
    ASSERT_EQ(placed.at("status").as_string(), "allocated") << placed;
    EXPECT_EQ(reserved("MUG-01"), 4);
    EXPECT_EQ(reserved("TEA-01"), 2);
    release(id);

    // The picker is asked for the components, each from its bin, never for the kit.
    auto answer = code(picker_, "P1", "ORD-" + std::to_string(id));
    std::map<std::string, std::string> asked;  // sku -> bin
    while (next_action(answer) != "done" && next_action(answer) != "") {
        const auto next = answer.at("next").as_object();
        if (next_action(answer) == "scan_bin") {
            answer = code(picker_, "P1", "B:BER:" + std::string(next.at("bin").as_string()));
            continue;
        }
        const std::string sku(next.at("sku").as_string());
        asked[sku] = next.at("bin").as_string();
        answer = code(picker_, "P1", sku);
    }
    EXPECT_EQ(asked, (std::map<std::string, std::string>{{"MUG-01", "A-01"}, {"TEA-01", "B-01"}}));
    EXPECT_EQ(get_order(id).at("status").as_string(), "picked");

    // The packer scans the components; the kit has no stock of its own to scan.
    answer = code(packer_, "K1", "ORD-" + std::to_string(id));
    EXPECT_EQ(next_action(answer), "scan_item");
    code(packer_, "K1", "SET-01", "wrong_item");
    for (const char* sku : {"MUG-01", "TEA-01", "MUG-01", "MUG-01", "TEA-01", "MUG-01"}) {
        answer = code(packer_, "K1", sku);
    }
    ASSERT_EQ(next_action(answer), "weigh") << answer;
    EXPECT_EQ(answer.at("next").at("weight").at("expected_g").as_int64(), 4 * 350 + 2 * 200 + 120);
    const auto weighed = packer_.post("/api/v1/stations/K1/scans", R"({"weight_g": 1920})");
    ASSERT_EQ(weighed.status, 200) << weighed.body;
    EXPECT_EQ(next_action(code(packer_, "K1", "1Z999AA10123456784")), "done");

    const auto slip = admin_.get("/api/v1/orders/" + std::to_string(id) + "/packing-slip");
    ASSERT_EQ(slip.status, 200) << slip.body;
    EXPECT_NE(slip.body.find("2 x SET-01  Gift set (a kit of 2 x MUG-01, 1 x TEA-01)"),
              std::string::npos)
        << slip.body;
    EXPECT_NE(slip.body.find("4 x MUG-01  Mug"), std::string::npos) << slip.body;  // its carton
    EXPECT_NE(slip.body.find("2 x TEA-01  Tea"), std::string::npos) << slip.body;

    const auto trailer =
        admin_.post("/api/v1/manifests", R"({"carrier": "DHL", "warehouse": "BER"})");
    ASSERT_EQ(trailer.status, 201) << trailer.body;
    code(loader_, "L1", std::string(trailer.json().at("barcode").as_string()));
    const auto cartons = admin_.get("/api/v1/cartons?order=" + std::to_string(id)).json();
    code(loader_, "L1", std::string(cartons.at("items").at(0).at("barcode").as_string()));
    EXPECT_EQ(next_action(code(loader_, "L1", "CMD-CLOSE")), "done");

    EXPECT_EQ(get_order(id).at("status").as_string(), "shipped");
    // Stock, ledger and cost of goods moved per component; the kit has none of its own.
    EXPECT_EQ(on_hand("MUG-01"), 6);
    EXPECT_EQ(on_hand("TEA-01"), 8);
    EXPECT_EQ(reserved("MUG-01"), 0);
    EXPECT_EQ(reserved("TEA-01"), 0);
    EXPECT_EQ(count(kShippedOf, "MUG-01"), 4);
    EXPECT_EQ(count(kShippedOf, "TEA-01"), 2);
    EXPECT_EQ(count(kLedgerRows, "SET-01"), 0);
    EXPECT_EQ(count(kCostOf, "MUG-01"), 4 * 400);
    EXPECT_EQ(count(kCostOf, "TEA-01"), 2 * 150);
    EXPECT_EQ(count(kCostOf, "SET-01"), 0);
    expect_fsck_clean();
}

TEST_P(KitHttpTest, AKitWithAComponentOutOfStockIsBackordered) {
    const auto id = order("K-2", R"([{"sku": "SET-01", "quantity": 6}])");

    const auto placed = get_order(id);

    EXPECT_EQ(placed.at("status").as_string(), "backordered");
    EXPECT_EQ(placed.at("lines").at(0).at("allocated").as_int64(), 5);  // 10 mugs make 5 sets
    EXPECT_EQ(reserved("MUG-01"), 10);
    EXPECT_EQ(reserved("TEA-01"), 5);
    expect_fsck_clean();
}

TEST_P(KitHttpTest, AnExpiredLotIsRefusedAtPickAndNothingMoves) {
    const auto jam = order("J-1", R"([{"sku": "JAM-01", "quantity": 1}])");
    const auto mug = order("M-1", R"([{"sku": "MUG-01", "quantity": 1}])");
    release(jam);
    release(mug);
    const auto ledger_rows = count(kLedgerRows, "JAM-01");

    auto answer = code(picker_, "P1", "ORD-" + std::to_string(jam));
    ASSERT_EQ(next_action(answer), "scan_bin");
    EXPECT_EQ(answer.at("next").at("lot").as_string(), "OLD");
    code(picker_, "P1", "B:BER:C-01");
    // The lot the task names is past its date, by the product's code or by its GS1 label.
    answer = code(picker_, "P1", "JAM-01", "expired_lot");
    EXPECT_NE(std::string(answer.at("message").as_string()).find("2020-01-31"), std::string::npos)
        << answer;
    code(picker_, "P1", "(01)09506000134376(17)200131(10)OLD", "expired_lot");

    EXPECT_EQ(count(kLedgerRows, "JAM-01"), ledger_rows);
    const auto stock = admin_.get("/api/v1/inventory/stock?sku=JAM-01").json().at("items");
    ASSERT_EQ(stock.as_array().size(), 1U) << stock;
    EXPECT_EQ(stock.at(0).at("bin").as_string(), "C-01");
    EXPECT_EQ(stock.at(0).at("quantity").as_int64(), 5);
    EXPECT_EQ(get_order(jam).at("status").as_string(), "picking");

    // At another station, a mug whose GS1 label says it is past its date is refused too.
    ASSERT_EQ(
        admin_.post("/api/v1/stations", R"({"code": "P2", "type": "pick", "warehouse": "BER"})")
            .status,
        201);
    code(picker_, "P2", "ORD-" + std::to_string(mug));
    code(picker_, "P2", "B:BER:A-01");
    code(picker_, "P2", "(01)09506000134352(17)200131(10)L1", "expired_lot");
    EXPECT_EQ(count(kLedgerRows, "MUG-01"), 1);  // the receipt alone
    EXPECT_EQ(next_action(code(picker_, "P2", "(01)09506000134352(17)301231(10)L1")), "done");

    const auto report = admin_.get("/api/v1/reports/scans").json();
    EXPECT_NE(boost::json::serialize(report).find("expired_lot"), std::string::npos) << report;
    expect_fsck_clean();
}

INSTANTIATE_TEST_SUITE_P(Engines, KitHttpTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally
