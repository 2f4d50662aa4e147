// The platform's HTTP behaviour, end to end over loopback, on every enabled engine.
#include <set>

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tally/http/routes/system_routes.hpp"

#include "testkit/raw_socket.hpp"
#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;
using ::testing::HasSubstr;
using ::testing::Not;

core::Config small_body_config() {
    core::Config config;
    config.max_body_bytes = 4096;
    return config;
}

class HttpTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    testkit::TestServer server_{GetParam(), small_body_config()};

    void expect_problem(const testkit::HttpResult& result, long status) {
        EXPECT_EQ(result.status, status) << result.body;
        EXPECT_EQ(result.header("content-type"), "application/problem+json");
        const auto body = result.json().as_object();
        EXPECT_EQ(body.at("status").as_int64(), status);
        EXPECT_FALSE(body.at("title").as_string().empty());
        EXPECT_FALSE(body.at("detail").as_string().empty());
    }

    void expect_still_serving() { EXPECT_EQ(server_.client().get("/health").status, 200); }
};

TEST_P(HttpTest, HealthAnswersWithoutCredentials) {
    const auto result = server_.client().get("/health");
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.json().at("status").as_string(), "ok");
    EXPECT_TRUE(result.header("x-request-id"));
}

TEST_P(HttpTest, ReadyReportsTheSchemaVersion) {
    const auto result = server_.client().get("/ready");
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.json().at("status").as_string(), "ready");
    EXPECT_GE(result.json().at("schema_version").as_int64(), 1);
}

TEST_P(HttpTest, MeWithoutCredentialsIsA401Problem) {
    const auto result = server_.client().get("/api/v1/me");
    expect_problem(result, 401);
    EXPECT_THAT(result.header("www-authenticate").value_or(""), HasSubstr("Bearer"));
}

TEST_P(HttpTest, MeWithAnUnknownTokenIsA401Problem) {
    expect_problem(server_.client().get("/api/v1/me", {"Authorization: Bearer tly_nope"}), 401);
    expect_problem(server_.client().get("/api/v1/me", {"Authorization: Basic YWRtaW4="}), 401);
}

TEST_P(HttpTest, MeWithATokenSaysWhoIsAsking) {
    auto client = server_.client_as(Role::packer);
    const auto result = client.get("/api/v1/me");
    ASSERT_EQ(result.status, 200) << result.body;
    const auto me = result.json().as_object();
    EXPECT_EQ(me.at("role").as_string(), "packer");
    EXPECT_EQ(me.at("auth").as_string(), "token");
    EXPECT_TRUE(me.at("warehouse").is_null());
}

TEST_P(HttpTest, MalformedJsonIsA400NamingTheBody) {
    auto client = server_.client_as(Role::admin);
    const auto result = client.post("/api/v1/users", "{\"username\": \"ana\",");
    expect_problem(result, 400);
    EXPECT_EQ(result.json().at("errors").at(0).at("field").as_string(), "body");
    expect_still_serving();
}

TEST_P(HttpTest, AWrongFieldTypeIsA400NamingTheField) {
    auto client = server_.client_as(Role::admin);
    const auto result = client.post(
        "/api/v1/users", R"({"username": 42, "password": "long enough", "role": "picker"})");
    expect_problem(result, 400);
    EXPECT_EQ(result.json().at("errors").at(0).at("field").as_string(), "username");
}

TEST_P(HttpTest, AnOversizedBodyIsA413AndTheServerKeepsServing) {
    auto client = server_.client_as(Role::admin);
    const auto result = client.post("/api/v1/users", std::string(64 * 1024, ' '));
    expect_problem(result, 413);
    expect_still_serving();
}

TEST_P(HttpTest, AnUnknownRouteIsA404Problem) {
    expect_problem(server_.client().get("/api/v1/no-such-thing"), 404);
    expect_problem(server_.client().request("POST", "/api/v2/orders", "{}"), 404);
}

TEST_P(HttpTest, AWrongMethodIsA405ProblemListingTheAllowedOnes) {
    const auto result = server_.client().request("DELETE", "/api/v1/me");
    expect_problem(result, 405);
    EXPECT_EQ(result.header("allow"), "GET");
    expect_still_serving();
}

TEST_P(HttpTest, AGarbledRequestLineIsA400AndTheServerKeepsServing) {
    testkit::RawSocket socket(server_.port());
    socket.send("THIS IS NOT HTTP\r\n\r\n");
    const auto answer = socket.read_all(2000);
    EXPECT_THAT(answer, HasSubstr("HTTP/1.1 400"));
    EXPECT_THAT(answer, HasSubstr("application/problem+json"));
    expect_still_serving();
}

TEST_P(HttpTest, AnInvalidTargetIsA400) {
    testkit::RawSocket socket(server_.port());
    socket.send("GET /api/v1/me%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_THAT(socket.read_all(2000), HasSubstr("HTTP/1.1 400"));
}

TEST_P(HttpTest, KeepsAConnectionAliveAcrossRequests) {
    testkit::RawSocket socket(server_.port());
    socket.send(
        "GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n"
        "Connection: close\r\n\r\n");
    const auto answer = socket.read_all(2000);
    const auto first = answer.find("HTTP/1.1 200");
    ASSERT_NE(first, std::string::npos);
    EXPECT_NE(answer.find("HTTP/1.1 200", first + 1), std::string::npos);
}

TEST_P(HttpTest, AHeadAnswerHasTheLengthButNoBodyAndTheConnectionGoesOn) {
    const auto body = server_.client().get("/health").body;
    testkit::RawSocket socket(server_.port());
    socket.send(
        "HEAD /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n"
        "Connection: close\r\n\r\n");
    const auto answer = socket.read_all(2000);
    const auto second = answer.find("HTTP/1.1 200", 1);
    ASSERT_TRUE(answer.starts_with("HTTP/1.1 200 OK\r\n")) << answer;
    ASSERT_NE(second, std::string::npos) << answer;
    const auto head = answer.substr(0, second);
    EXPECT_THAT(head, HasSubstr("Content-Length: " + std::to_string(body.size()) + "\r\n"));
    EXPECT_TRUE(head.ends_with("\r\n\r\n")) << head;  // nothing after the head
    EXPECT_TRUE(answer.ends_with(body)) << answer;
    EXPECT_THAT(answer.substr(second), HasSubstr("Connection: close\r\n"));
}

TEST_P(HttpTest, AnHttp10ClientKeepsItsConnectionOnlyWhenItAsks) {
    testkit::RawSocket socket(server_.port());
    socket.send(
        "GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /health HTTP/1.0\r\n\r\n");
    const auto answer = socket.read_all(2000);
    const auto second = answer.find("HTTP/1.0 200", 1);
    ASSERT_TRUE(answer.starts_with("HTTP/1.0 200 OK\r\n")) << answer;
    ASSERT_NE(second, std::string::npos) << answer;
    EXPECT_THAT(answer.substr(0, second), HasSubstr("Connection: keep-alive\r\n"));
    EXPECT_THAT(answer.substr(second), Not(HasSubstr("Connection: keep-alive")));
}

TEST_P(HttpTest, EchoesTheCallersRequestId) {
    const auto result = server_.client().get("/health", {"X-Request-Id: scan-gun-7.42"});
    EXPECT_EQ(result.header("x-request-id"), "scan-gun-7.42");
}

TEST_P(HttpTest, SignInGivesAStrictHttpOnlyCookieThatSignOutEnds) {
    ASSERT_TRUE(server_.app().identity().create_user(
        identity::Principal::system(),
        {.username = "ana", .password = "correct horse battery", .role = "manager"}));
    auto client = server_.client();
    const auto signed_in = client.post(
        "/api/v1/sessions", R"({"username": "ana", "password": "correct horse battery"})");
    ASSERT_EQ(signed_in.status, 201) << signed_in.body;
    EXPECT_EQ(signed_in.json().at("user").at("username").as_string(), "ana");
    const auto cookie = signed_in.header("set-cookie").value_or("");
    EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
    EXPECT_THAT(cookie, HasSubstr("SameSite=Strict"));
    const std::string pair = cookie.substr(0, cookie.find(';'));
    ASSERT_TRUE(pair.starts_with("tally_session="));

    const auto me = client.get("/api/v1/me", {"Cookie: " + pair});
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(me.json().at("auth").as_string(), "session");

    EXPECT_EQ(client
                  .request("DELETE", "/api/v1/sessions/current", std::nullopt,
                           {"Cookie: " + pair, "Origin: " + server_.base_url()})
                  .status,
              204);
    expect_problem(client.get("/api/v1/me", {"Cookie: " + pair}), 401);
}

TEST_P(HttpTest, AWrongPasswordIs401AndRepeatedFailuresAre429) {
    auto client = server_.client();
    const std::string body = R"({"username": "ghost", "password": "wrong password"})";
    for (int i = 0; i < 5; ++i) {
        expect_problem(client.post("/api/v1/sessions", body), 401);
    }
    const auto limited = client.post("/api/v1/sessions", body);
    expect_problem(limited, 429);
    EXPECT_TRUE(limited.header("retry-after"));
}

TEST_P(HttpTest, SignInNamesMissingFields) {
    const auto result = server_.client().post("/api/v1/sessions", "{}");
    expect_problem(result, 400);
    EXPECT_EQ(result.json().at("errors").as_array().size(), 2U);
}

TEST_P(HttpTest, AnAdminManagesUsersAndTokensAndEveryChangeIsAudited) {
    auto admin = server_.client_as(Role::admin);
    const auto created = admin.post(
        "/api/v1/users",
        R"({"username": "piet", "password": "pick pick pick", "role": "picker", "warehouse": "BER"})");
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json().at("warehouse").as_string(), "BER");

    const auto duplicate = admin.post(
        "/api/v1/users", R"({"username": "piet", "password": "pick pick pick", "role": "picker"})");
    expect_problem(duplicate, 409);
    EXPECT_EQ(duplicate.json().at("errors").at(0).at("field").as_string(), "username");

    const auto token = admin.post("/api/v1/users/piet/tokens", R"({"name": "scanner 3"})");
    ASSERT_EQ(token.status, 201) << token.body;
    const std::string secret(token.json().at("token").as_string());
    auto piet = server_.client();
    piet.set_header("Authorization: Bearer " + secret);
    EXPECT_EQ(piet.get("/api/v1/me").json().at("username").as_string(), "piet");

    const auto listed = admin.get("/api/v1/users/piet/tokens");
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.body.find(secret), std::string::npos) << "a listing must not show secrets";

    const auto patched = admin.request("PATCH", "/api/v1/users/piet", R"({"role": "packer"})");
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.json().at("role").as_string(), "packer");

    const auto id = token.json().at("id").as_int64();
    EXPECT_EQ(admin.request("DELETE", "/api/v1/tokens/" + std::to_string(id)).status, 204);
    expect_problem(piet.get("/api/v1/me"), 401);

    const auto audit = admin.get("/api/v1/audit?entity_type=user&entity_id=piet");
    ASSERT_EQ(audit.status, 200);
    const auto doc = audit.json();
    const auto& items = doc.at("items").as_array();
    ASSERT_EQ(items.size(), 2U);
    EXPECT_EQ(items[0].at("action").as_string(), "user.update");
    EXPECT_EQ(items[1].at("action").as_string(), "user.create");
    EXPECT_THAT(std::string(items[1].at("actor").as_string()), HasSubstr("admin-"));
}

TEST_P(HttpTest, ListsAreCursorPaginated) {
    auto admin = server_.client_as(Role::admin);
    for (int i = 0; i < 4; ++i) {
        ASSERT_EQ(
            admin
                .post("/api/v1/users", R"({"username": "u)" + std::to_string(i) +
                                           R"(", "password": "long enough", "role": "viewer"})")
                .status,
            201);
    }
    const auto first = admin.get("/api/v1/users?limit=3").json();
    ASSERT_EQ(first.at("items").as_array().size(), 3U);
    const std::string cursor(first.at("next_cursor").as_string());
    const auto second = admin.get("/api/v1/users?limit=3&cursor=" + cursor).json();
    EXPECT_EQ(second.at("items").as_array().size(), 2U);
    EXPECT_TRUE(second.at("next_cursor").is_null());
    expect_problem(admin.get("/api/v1/users?limit=0"), 400);
}

TEST_P(HttpTest, MetricsCountRequestsByRoute) {
    (void)server_.client().get("/health");
    auto manager = server_.client_as(Role::manager);
    const auto result = manager.get("/metrics");
    ASSERT_EQ(result.status, 200);
    EXPECT_THAT(result.header("content-type").value_or(""), HasSubstr("text/plain"));
    EXPECT_THAT(result.body,
                HasSubstr("tally_http_requests_total{route=\"GET /health\",code=\"2xx\"} 1"));
    EXPECT_THAT(result.body,
                HasSubstr("tally_http_request_duration_seconds_bucket{route=\"GET /health\""));
    if (GetParam() == db::Engine::sqlite) {
        // Creating the manager's user and token were writes, each in some batch.
        EXPECT_THAT(result.body, HasSubstr("tally_db_write_batches_total "));
        EXPECT_THAT(result.body, ::testing::Not(HasSubstr("tally_db_writes_total 0\n")));
    } else {
        EXPECT_THAT(result.body, ::testing::Not(HasSubstr("tally_db_write_batches_total")));
    }
}

TEST_P(HttpTest, TheOpenApiDocumentDescribesExactlyTheRegisteredRoutes) {
    const auto result = server_.client().get("/api/v1/openapi.json");
    ASSERT_EQ(result.status, 200);
    const auto doc = result.json().as_object();
    EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
    std::set<std::string> documented;
    for (const auto& [path, item] : doc.at("paths").as_object()) {
        for (const auto& [method, operation] : item.as_object()) {
            std::string upper(method);
            for (auto& c : upper) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
            if (upper == "GET" || upper == "POST" || upper == "PUT" || upper == "PATCH" ||
                upper == "DELETE") {
                documented.insert(upper + " " + std::string(path));
                // Public routes say so; the others must not.
                const bool public_in_doc = operation.as_object().contains("security") &&
                                           operation.at("security").as_array().empty();
                for (const auto& route : server_.app().router().routes()) {
                    if (route.label() == upper + " " + std::string(path)) {
                        EXPECT_EQ(public_in_doc, route.is_public) << route.label();
                    }
                }
            }
        }
    }
    std::set<std::string> registered;
    for (const auto& route : server_.app().router().routes()) {
        registered.insert(route.label());
    }
    EXPECT_EQ(documented, registered);
}

TEST_P(HttpTest, ServesTheIndexPageAndDeepLinks) {
    const auto index = server_.client().get("/");
    EXPECT_EQ(index.status, 200);
    EXPECT_THAT(index.header("content-type").value_or(""), HasSubstr("text/html"));
    EXPECT_THAT(index.body, HasSubstr("Tally"));
    EXPECT_EQ(server_.client().get("/orders/42").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Engines, HttpTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally
