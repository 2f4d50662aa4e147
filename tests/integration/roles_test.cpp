// Every route against every role: the route table is the whole truth about who may do what.
#include <map>

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

INSTANTIATE_TEST_SUITE_P(Engines, RolesTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally
