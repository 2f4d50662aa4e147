// Every route against every role: the route table is the whole truth about who may do what.
// Then every route against another warehouse's objects: a warehouse scope is never stepped over.
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "testkit/raw_socket.hpp"
#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;

// A concrete path for a pattern: each {param} becomes "x1".
std::string concrete(const std::string& pattern) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{') {
            i = pattern.find('}', i);
            out += "x1";
        } else {
            out.push_back(pattern[i]);
        }
    }
    return out;
}

class RolesTest : public ::testing::TestWithParam<db::Engine> {};

TEST_P(RolesTest, EveryRouteLetsInExactlyItsRoles) {
    testkit::TestServer server(GetParam());
    std::map<Role, std::string> tokens;
    for (const Role role : identity::kAllRoles) {
        tokens[role] = server.token_for(role);
    }
    int checked = 0;
    for (const auto& route : server.app().router().routes()) {
        for (const Role role : identity::kAllRoles) {
            auto client = server.client();
            const std::optional<std::string> body =
                route.method == "POST" || route.method == "PATCH" ? std::optional<std::string>("{}")
                                                                  : std::nullopt;
            int status = 0;
            if (route.pattern == "/api/v1/events") {
                // An event stream never ends: read its head only.
                testkit::RawSocket stream(server.port());
                stream.send("GET /api/v1/events HTTP/1.1\r\nHost: tally\r\nAuthorization: Bearer " +
                            tokens[role] + "\r\n\r\n");
                const auto head = stream.read_all(300);
                status = head.size() > 12 ? std::stoi(head.substr(9, 3)) : 0;
            } else {
                status = client
                             .request(route.method, concrete(route.pattern), body,
                                      {"Authorization: Bearer " + tokens[role]})
                             .status;
            }
            if (route.pattern == "/webhooks/shopify") {
                // Shopify's signature is what lets a webhook in, never a user's token.
                EXPECT_EQ(status, 401) << route.label() << " as " << to_string(role);
            } else if (route.allows(role)) {
                EXPECT_NE(status, 403) << route.label() << " as " << to_string(role);
                EXPECT_NE(status, 401) << route.label() << " as " << to_string(role);
                EXPECT_NE(status, 0) << route.label() << " as " << to_string(role);
            } else {
                EXPECT_EQ(status, 403) << route.label() << " as " << to_string(role);
            }
            ++checked;
        }
    }
    EXPECT_GE(checked, 8 * 10);
}

TEST_P(RolesTest, APickerIsRefusedOnAnAdminRoute) {
    testkit::TestServer server(GetParam());
    auto picker = server.client_as(Role::picker);
    const auto result = picker.get("/api/v1/users");
    EXPECT_EQ(result.status, 403);
    EXPECT_EQ(result.header("content-type"), "application/problem+json");
}

// What a user scoped to BER must get from a route called against EWR's objects.
enum class Scope {
    forbidden,  // 403
    filtered,   // 200 and nothing of EWR in the answer
    global,     // not per warehouse: the reason says why
};

struct ScopeCase {
    Scope expect;
    std::string path;  // with EWR's ids and codes filled in
    std::optional<std::string> body;
    std::string reason;  // for global routes
};

// EWR's objects, made by an unscoped admin: a bin, a dock, a printer, stations, an order
// allocated, picked and packed in EWR (so a carton), a trailer, a batch, a threshold.
struct Ewr {
    std::string order;
    std::string carton;
    std::string trailer;
    std::string batch;
};

class ScopeTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    void SetUp() override {
        for (
            const auto& [path, body] : std::vector<std::pair<std::string, std::string>>{
                {"/api/v1/warehouses",
                 R"({"code": "BER", "name": "Berlin", "country": "DE", "timezone": "Europe/Berlin"})"},
                {"/api/v1/warehouses",
                 R"({"code": "EWR", "name": "Newark", "country": "US", "timezone": "America/New_York"})"},
                {"/api/v1/warehouses/BER/bins", R"({"code": "A-01", "pick_sequence": 1})"},
                {"/api/v1/warehouses/EWR/bins", R"({"code": "A-01", "pick_sequence": 1})"},
                {"/api/v1/warehouses/EWR/bins", R"({"code": "B-01", "pick_sequence": 2})"},
                {"/api/v1/warehouses/EWR/docks", R"({"door": "D1"})"},
                {"/api/v1/warehouses/EWR/printers",
                 R"({"code": "EWR-ZPL", "name": "Pack line", "host": "127.0.0.1", "port": 9})"},
                {"/api/v1/products",
                 R"({"sku": "TEA-01", "name": "Tea", "weight_g": 200, "dims_mm": {"length": 100, "width": 60, "height": 40}, "unit_cost": 150, "currency": "EUR"})"},
                {"/api/v1/box-types",
                 R"({"code": "S", "name": "Small", "inner_mm": {"length": 300, "width": 200, "height": 150}, "tare_g": 120, "max_load_g": 10000, "currency": "EUR"})"},
                {"/api/v1/inventory/receipts",
                 R"({"warehouse": "EWR", "bin": "A-01", "sku": "TEA-01", "quantity": 10})"},
                {"/api/v1/carriers",
                 R"({"code": "DHL", "name": "DHL", "services": [{"code": "STD", "name": "Paket", "service_level": "standard"}]})"},
                {"/api/v1/stations", R"({"code": "EP", "type": "pick", "warehouse": "EWR"})"},
                {"/api/v1/stations", R"({"code": "EK", "type": "pack", "warehouse": "EWR"})"},
                {"/api/v1/stations", R"({"code": "EL", "type": "load", "warehouse": "EWR"})"}}) {
            const auto created = admin_.post(path, body);
            ASSERT_EQ(created.status, 201) << path << ": " << created.body;
        }
        ASSERT_EQ(admin_
                      .request("PUT", "/api/v1/inventory/thresholds",
                               R"({"sku": "TEA-01", "warehouse": "EWR", "reorder_point": 2})")
                      .status,
                  200);
        ASSERT_EQ(
            admin_
                .request(
                    "PUT", "/api/v1/shipping-rules",
                    R"({"rules": [{"service_level": "standard", "carrier": "DHL", "service": "STD"}]})")
                .status,
            200);
        const auto order = place("E-1");
        ewr_.order = std::to_string(order);
        ASSERT_EQ(admin_.post("/api/v1/orders/" + ewr_.order + "/release", "").status, 200);
        // Picked and packed by scans, weighed, its tracking label still to come.
        const auto barcode = R"({"barcode": "ORD-)" + ewr_.order + R"("})";
        for (const auto& [station, body] : std::vector<std::pair<std::string, std::string>>{
                 {"EP", barcode},
                 {"EP", R"({"barcode": "B:EWR:A-01"})"},
                 {"EP", R"({"barcode": "TEA-01"})"},
                 {"EK", barcode},
                 {"EK", R"({"barcode": "TEA-01"})"},
                 {"EK", R"({"weight_g": 320})"}}) {
            const auto answer = admin_.post("/api/v1/stations/" + station + "/scans", body);
            ASSERT_EQ(answer.status, 200) << answer.body;
            ASSERT_EQ(answer.json().at("verdict").as_string(), "ok") << body << ": " << answer.body;
        }
        const auto cartons = admin_.get("/api/v1/cartons?order=" + ewr_.order);
        ASSERT_EQ(cartons.status, 200);
        ASSERT_FALSE(cartons.json().at("items").as_array().empty()) << cartons.body;
        ewr_.carton = std::to_string(cartons.json().at("items").at(0).at("id").as_int64());
        const auto trailer =
            admin_.post("/api/v1/manifests", R"({"carrier": "DHL", "warehouse": "EWR"})");
        ASSERT_EQ(trailer.status, 201) << trailer.body;
        ewr_.trailer = std::to_string(trailer.json().at("id").as_int64());
        const auto second = place("E-2");
        ASSERT_EQ(admin_.post("/api/v1/orders/" + std::to_string(second) + "/release", "").status,
                  200);
        const auto batch =
            admin_.post("/api/v1/pick-batches",
                        R"({"warehouse": "EWR", "orders": [)" + std::to_string(second) + "]}");
        ASSERT_EQ(batch.status, 201) << batch.body;
        ewr_.batch = std::to_string(batch.json().at("id").as_int64());
    }

    std::int64_t place(const std::string& id) {
        const auto created = admin_.post(
            "/api/v1/orders",
            R"({"external_id": ")" + id +
                R"(", "currency": "EUR", "ship_to": {"name": "Ada", "line1": "1 Main St", "city": "Newark", "postal_code": "07102", "country": "US"}, "lines": [{"sku": "TEA-01", "quantity": 1}]})");
        EXPECT_EQ(created.status, 201) << created.body;
        return created.status == 201 ? created.json().at("id").as_int64() : 0;
    }

    // A token of a new user with `role`, scoped to BER.
    std::string scoped_token(Role role) {
        const std::string name = "ber-" + std::string(to_string(role));
        auto& identity = server_.app().identity();
        const auto admin = identity::Principal::system();
        EXPECT_TRUE(identity.create_user(admin, {.username = name,
                                                 .password = "correct horse battery",
                                                 .role = std::string(to_string(role)),
                                                 .warehouse = "BER"}));
        return identity.create_token(admin, name, "test")->secret;
    }

    // Every route, classified: a new route fails the test until it is added here.
    std::map<std::string, ScopeCase> cases() const {
        const auto& o = ewr_.order;
        const auto& c = ewr_.carton;
        const auto& t = ewr_.trailer;
        const auto& b = ewr_.batch;
        const auto no = [](std::string path, std::optional<std::string> body = std::nullopt) {
            return ScopeCase{Scope::forbidden, std::move(path), std::move(body), ""};
        };
        const auto global = [](std::string path, std::string reason) {
            return ScopeCase{Scope::global, std::move(path), std::nullopt, std::move(reason)};
        };
        const auto filtered = [](std::string path) {
            return ScopeCase{Scope::filtered, std::move(path), std::nullopt, ""};
        };
        const std::string catalog = "the product catalog is shared by every warehouse";
        const std::string shipping = "carriers and shipping rules are shared by every warehouse";
        return {
            {"GET /health", global("/health", "public")},
            {"GET /ready", global("/ready", "public")},
            {"GET /api/v1/openapi.json", global("/api/v1/openapi.json", "public")},
            {"GET /metrics", global("/metrics", "process figures, no warehouse's rows")},
            {"GET /api/v1/events", global("", "a stream of change notices; never ends")},
            {"POST /webhooks/shopify", global("", "signed by Shopify, not a user")},
            {"GET /api/v1/me", global("/api/v1/me", "the caller themself")},
            {"POST /api/v1/sessions", global("", "signs in: there is no user yet")},
            {"DELETE /api/v1/sessions/current", global("", "signs the caller out")},
            {"GET /api/v1/users", no("/api/v1/users")},
            {"POST /api/v1/users",
             no("/api/v1/users",
                R"({"username": "eve", "password": "correct horse battery", "role": "admin"})")},
            {"GET /api/v1/users/{username}", no("/api/v1/users/admin")},
            {"PATCH /api/v1/users/{username}",
             no("/api/v1/users/ber-admin", R"({"warehouse": ""})")},
            {"GET /api/v1/users/{username}/tokens", no("/api/v1/users/ber-admin/tokens")},
            {"POST /api/v1/users/{username}/tokens",
             no("/api/v1/users/ber-admin/tokens", R"({"name": "more"})")},
            {"DELETE /api/v1/tokens/{id}", no("/api/v1/tokens/1")},
            {"GET /api/v1/audit", no("/api/v1/audit")},
            {"POST /api/v1/products", global("", catalog)},
            {"GET /api/v1/products", global("/api/v1/products", catalog)},
            {"GET /api/v1/products/export", global("/api/v1/products/export", catalog)},
            {"POST /api/v1/products/import", global("", catalog)},
            {"GET /api/v1/products/{id}", global("/api/v1/products/1", catalog)},
            {"PUT /api/v1/products/{id}", global("", catalog)},
            {"DELETE /api/v1/products/{id}", global("", catalog)},
            {"GET /api/v1/barcodes/resolve",
             global("/api/v1/barcodes/resolve?code=TEA-01", catalog)},
            {"GET /api/v1/barcodes/image", global("/api/v1/barcodes/image?data=TEA-01", catalog)},
            {"GET /api/v1/box-types", global("/api/v1/box-types", catalog)},
            {"POST /api/v1/box-types", global("", catalog)},
            {"PUT /api/v1/box-types/{code}", global("", catalog)},
            {"POST /api/v1/carriers", global("", shipping)},
            {"GET /api/v1/carriers", global("/api/v1/carriers", shipping)},
            {"GET /api/v1/carriers/{code}", global("/api/v1/carriers/DHL", shipping)},
            {"PUT /api/v1/carriers/{code}", global("", shipping)},
            {"GET /api/v1/shipping-rules", global("/api/v1/shipping-rules", shipping)},
            {"PUT /api/v1/shipping-rules", global("", shipping)},
            {"POST /api/v1/warehouses",
             no("/api/v1/warehouses",
                R"({"code": "ORD", "name": "Chicago", "country": "US", "timezone": "America/Chicago"})")},
            {"GET /api/v1/warehouses",
             global("/api/v1/warehouses", "the list of warehouses: codes, names, addresses")},
            {"GET /api/v1/warehouses/{code}",
             global("/api/v1/warehouses/EWR", "a warehouse's code, name and address")},
            {"PUT /api/v1/warehouses/{code}",
             no("/api/v1/warehouses/EWR",
                R"({"name": "Mine", "country": "US", "timezone": "America/New_York"})")},
            {"POST /api/v1/warehouses/{code}/bins",
             no("/api/v1/warehouses/EWR/bins", R"({"code": "Z-01"})")},
            {"GET /api/v1/warehouses/{code}/bins", no("/api/v1/warehouses/EWR/bins")},
            {"GET /api/v1/warehouses/{code}/bins/{bin}", no("/api/v1/warehouses/EWR/bins/A-01")},
            {"PUT /api/v1/warehouses/{code}/bins/{bin}",
             no("/api/v1/warehouses/EWR/bins/A-01", R"({"active": false})")},
            {"POST /api/v1/warehouses/{code}/docks",
             no("/api/v1/warehouses/EWR/docks", R"({"door": "D2"})")},
            {"GET /api/v1/warehouses/{code}/docks", no("/api/v1/warehouses/EWR/docks")},
            {"GET /api/v1/warehouses/{code}/printers", no("/api/v1/warehouses/EWR/printers")},
            {"POST /api/v1/warehouses/{code}/printers",
             no("/api/v1/warehouses/EWR/printers",
                R"({"code": "MINE", "name": "Mine", "host": "10.0.0.9"})")},
            {"PATCH /api/v1/warehouses/{code}/printers/{printer}",
             no("/api/v1/warehouses/EWR/printers/EWR-ZPL", R"({"host": "10.0.0.9"})")},
            {"DELETE /api/v1/warehouses/{code}/printers/{printer}",
             no("/api/v1/warehouses/EWR/printers/EWR-ZPL")},
            {"GET /api/v1/warehouses/{code}/pick-queue", no("/api/v1/warehouses/EWR/pick-queue")},
            {"POST /api/v1/warehouses/{code}/release", no("/api/v1/warehouses/EWR/release", "")},
            {"POST /api/v1/inventory/receipts",
             no("/api/v1/inventory/receipts",
                R"({"warehouse": "EWR", "bin": "A-01", "sku": "TEA-01", "quantity": 1})")},
            {"POST /api/v1/inventory/moves",
             no("/api/v1/inventory/moves",
                R"({"warehouse": "EWR", "from_bin": "A-01", "to_bin": "B-01", "sku": "TEA-01", "quantity": 1})")},
            {"POST /api/v1/inventory/adjustments",
             no("/api/v1/inventory/adjustments",
                R"({"warehouse": "EWR", "bin": "A-01", "sku": "TEA-01", "delta": -1, "reason": "loss"})")},
            {"GET /api/v1/inventory", filtered("/api/v1/inventory?sku=TEA-01")},
            {"GET /api/v1/inventory/stock", no("/api/v1/inventory/stock?warehouse=EWR")},
            {"GET /api/v1/inventory/snapshot", no("/api/v1/inventory/snapshot?warehouse=EWR")},
            {"GET /api/v1/inventory/pick-order",
             no("/api/v1/inventory/pick-order?sku=TEA-01&warehouse=EWR")},
            {"GET /api/v1/inventory/thresholds", filtered("/api/v1/inventory/thresholds")},
            {"PUT /api/v1/inventory/thresholds",
             no("/api/v1/inventory/thresholds",
                R"({"sku": "TEA-01", "warehouse": "EWR", "reorder_point": 5})")},
            {"POST /api/v1/inventory/import",
             no("/api/v1/inventory/import", "warehouse,bin,sku,quantity\nEWR,A-01,TEA-01,3\n")},
            {"GET /api/v1/inventory/fsck",
             global("/api/v1/inventory/fsck", "the whole database's consistency, as tally fsck")},
            {"GET /api/v1/inventory/signals", filtered("/api/v1/inventory/signals")},
            {"GET /api/v1/inventory/count-tasks",
             no("/api/v1/inventory/count-tasks?warehouse=EWR")},
            {"POST /api/v1/count-schedules",
             no("/api/v1/count-schedules",
                R"({"warehouse": "EWR", "zone": "A", "every_days": 7})")},
            {"GET /api/v1/count-schedules", no("/api/v1/count-schedules?warehouse=EWR")},
            {"GET /api/v1/inventory/rotation", no("/api/v1/inventory/rotation?warehouse=EWR")},
            {"POST /api/v1/orders", global("", "intake: routing chooses the warehouse")},
            {"POST /api/v1/orders/import", global("", "intake: routing chooses the warehouse")},
            {"GET /api/v1/orders", no("/api/v1/orders?warehouse=EWR")},
            {"GET /api/v1/orders/{id}", no("/api/v1/orders/" + o)},
            {"POST /api/v1/orders/{id}/cancel", no("/api/v1/orders/" + o + "/cancel", "{}")},
            {"POST /api/v1/orders/{id}/hold",
             no("/api/v1/orders/" + o + "/hold", R"({"reason": "manual"})")},
            {"POST /api/v1/orders/{id}/unhold", no("/api/v1/orders/" + o + "/unhold", "{}")},
            {"POST /api/v1/orders/{id}/release", no("/api/v1/orders/" + o + "/release", "")},
            {"POST /api/v1/orders/{id}/exception",
             no("/api/v1/orders/" + o + "/exception", R"({"reason": "lost"})")},
            {"POST /api/v1/orders/reallocate", no("/api/v1/orders/reallocate", "")},
            {"GET /api/v1/orders/{id}/packing-slip", no("/api/v1/orders/" + o + "/packing-slip")},
            {"GET /api/v1/routing",
             global("/api/v1/routing", "routing rules, no warehouse's rows")},
            {"PUT /api/v1/routing", no("/api/v1/routing", R"({"rules": []})")},
            {"POST /api/v1/stations",
             no("/api/v1/stations", R"({"code": "EX", "type": "pick", "warehouse": "EWR"})")},
            {"GET /api/v1/stations", no("/api/v1/stations?warehouse=EWR")},
            {"GET /api/v1/stations/{code}", no("/api/v1/stations/EK")},
            {"POST /api/v1/stations/{code}/scans",
             no("/api/v1/stations/EK/scans", R"({"barcode": "TEA-01"})")},
            {"POST /api/v1/stations/{code}/override",
             no("/api/v1/stations/EK/override", R"({"reason": "Gift wrap"})")},
            {"POST /api/v1/stations/{code}/damage",
             no("/api/v1/stations/EK/damage", R"({"barcode": "TEA-01", "reason": "crushed"})")},
            {"POST /api/v1/pick-batches",
             no("/api/v1/pick-batches", R"({"warehouse": "EWR", "size": 1})")},
            {"GET /api/v1/pick-batches/{id}", no("/api/v1/pick-batches/" + b)},
            {"POST /api/v1/manifests",
             no("/api/v1/manifests", R"({"carrier": "DHL", "warehouse": "EWR"})")},
            {"GET /api/v1/manifests", no("/api/v1/manifests?warehouse=EWR")},
            {"GET /api/v1/manifests/{id}", no("/api/v1/manifests/" + t)},
            {"POST /api/v1/manifests/{id}/close", no("/api/v1/manifests/" + t + "/close", "")},
            {"GET /api/v1/cartons", filtered("/api/v1/cartons?order=" + o)},
            {"GET /api/v1/cartons/{id}", no("/api/v1/cartons/" + c)},
            {"GET /api/v1/cartons/{id}/label", no("/api/v1/cartons/" + c + "/label")},
            {"POST /api/v1/cartons/{id}/print",
             no("/api/v1/cartons/" + c + "/print", R"({"printer": "EWR-ZPL"})")},
            {"GET /api/v1/reports/scans", no("/api/v1/reports/scans?warehouse=EWR")},
            {"GET /api/v1/reports/dashboard", no("/api/v1/reports/dashboard?warehouse=EWR")},
            {"GET /api/v1/scans", no("/api/v1/scans?station=EK")},
            {"GET /api/v1/fulfillment/settings",
             global("/api/v1/fulfillment/settings", "settings of every warehouse, no rows")},
            {"PUT /api/v1/fulfillment/settings",
             no("/api/v1/fulfillment/settings", R"({"weight_tolerance_percent": 50})")},
            {"POST /api/v1/integrations/shopify/shops",
             no("/api/v1/integrations/shopify/shops",
                R"({"shop_domain": "x.myshopify.com", "access_token": "t", "api_version": "2024-10", "webhook_secret": "s", "location_id": "1"})")},
            {"GET /api/v1/integrations/shopify/shops", no("/api/v1/integrations/shopify/shops")},
            {"GET /api/v1/integrations/shopify/shops/{id}",
             no("/api/v1/integrations/shopify/shops/1")},
            {"PATCH /api/v1/integrations/shopify/shops/{id}",
             no("/api/v1/integrations/shopify/shops/1", R"({"active": false})")},
            {"GET /api/v1/integrations/shopify/shops/{id}/webhooks",
             no("/api/v1/integrations/shopify/shops/1/webhooks")},
            {"GET /api/v1/jobs", no("/api/v1/jobs")},
            {"GET /api/v1/jobs/{id}", no("/api/v1/jobs/1")},
            {"POST /api/v1/jobs/{id}/retry", no("/api/v1/jobs/1/retry", "")},
        };
    }

    testkit::TestServer server_{GetParam()};
    testkit::HttpClient admin_ = server_.client_as(Role::admin);
    Ewr ewr_;
};

TEST_P(ScopeTest, AUserOfOneWarehouseIsRefusedEveryRouteAgainstAnotherWarehouse) {
    std::map<Role, std::string> tokens;
    for (const Role role : identity::kAllRoles) {
        tokens[role] = scoped_token(role);
    }
    const auto table = cases();
    std::set<std::string> seen;
    int refused = 0;
    for (const auto& route : server_.app().router().routes()) {
        seen.insert(route.label());
        const auto found = table.find(route.label());
        if (found == table.end()) {
            ADD_FAILURE() << route.label() << " is not classified for warehouse scopes";
            continue;
        }
        const auto& want = found->second;
        if (want.expect == Scope::global) {
            EXPECT_FALSE(want.reason.empty()) << route.label();
            continue;
        }
        for (const Role role : identity::kAllRoles) {
            if (!route.allows(role)) {
                continue;
            }
            auto client = server_.client();
            std::vector<std::string> headers{"Authorization: Bearer " + tokens[role]};
            if (want.path.ends_with("/import")) {
                headers.emplace_back("Content-Type: text/csv");
            }
            const auto answer = client.request(route.method, want.path, want.body, headers);
            const auto who = route.label() + " as BER " + std::string(to_string(role));
            if (want.expect == Scope::forbidden) {
                EXPECT_EQ(answer.status, 403) << who << ": " << answer.body;
                ++refused;
            } else {
                EXPECT_EQ(answer.status, 200) << who << ": " << answer.body;
                EXPECT_EQ(answer.body.find("EWR"), std::string::npos) << who << ": " << answer.body;
            }
        }
    }
    for (const auto& [label, want] : table) {
        EXPECT_TRUE(seen.contains(label)) << label << " is classified but is not a route";
    }
    EXPECT_GE(refused, 60);
    // Nothing of EWR changed: its stock is what the admin received less the order's unit.
    const auto stock = admin_.get("/api/v1/inventory?sku=TEA-01");
    EXPECT_EQ(stock.json().at("on_hand").as_int64(), 10) << stock.body;
    const auto order = admin_.get("/api/v1/orders/" + ewr_.order);
    EXPECT_EQ(order.json().at("status").as_string(), "packing") << order.body;
}

INSTANTIATE_TEST_SUITE_P(Engines, ScopeTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

INSTANTIATE_TEST_SUITE_P(Engines, RolesTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally
