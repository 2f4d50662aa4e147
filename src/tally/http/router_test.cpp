#include "tally/http/router.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tally::http {
namespace {

Route route(std::string method, std::string pattern) {
    return Route{.method = std::move(method),
                 .pattern = std::move(pattern),
                 .roles = kAnyRole,
                 .handler = [](Request&, const RequestContext&) { return Response{}; }};
}

TEST(Router, MatchesLiteralPathsAndExtractsParameters) {
    Router router;
    router.add(route("GET", "/api/v1/users/{username}/tokens"));
    const auto match = router.match("GET", "/api/v1/users/ana/tokens");
    ASSERT_EQ(match.kind, RouteMatch::Kind::found);
    EXPECT_EQ(match.route->pattern, "/api/v1/users/{username}/tokens");
    EXPECT_EQ(match.params, (Fields{{"username", "ana"}}));
}

TEST(Router, PrefersTheLiteralRouteOverAParameter) {
    Router router;
    router.add(route("GET", "/api/v1/users/{username}"));
    router.add(route("GET", "/api/v1/users/me"));
    EXPECT_EQ(router.match("GET", "/api/v1/users/me").route->pattern, "/api/v1/users/me");
    EXPECT_EQ(router.match("GET", "/api/v1/users/bob").route->pattern, "/api/v1/users/{username}");
}

TEST(Router, TellsAWrongMethodFromAnUnknownPath) {
    Router router;
    router.add(route("GET", "/api/v1/me"));
    router.add(route("PATCH", "/api/v1/me"));
    const auto wrong = router.match("DELETE", "/api/v1/me");
    EXPECT_EQ(wrong.kind, RouteMatch::Kind::wrong_method);
    EXPECT_THAT(wrong.allowed_methods, ::testing::ElementsAre("GET", "PATCH"));
    EXPECT_EQ(router.match("GET", "/api/v1/you").kind, RouteMatch::Kind::no_path);
    EXPECT_EQ(router.match("GET", "/api/v1/me/too").kind, RouteMatch::Kind::no_path);
}

TEST(Router, AnswersHeadWithTheGetRoute) {
    Router router;
    router.add(route("GET", "/health"));
    EXPECT_EQ(router.match("HEAD", "/health").kind, RouteMatch::Kind::found);
}

TEST(Router, RefusesTheSameRouteTwice) {
    Router router;
    router.add(route("GET", "/health"));
    EXPECT_THROW(router.add(route("GET", "/health")), std::logic_error);
}

TEST(Route, AllowsOnlyItsRolesUnlessPublic) {
    Route admin_only = route("GET", "/api/v1/users");
    admin_only.roles = {identity::Role::admin};
    EXPECT_TRUE(admin_only.allows(identity::Role::admin));
    EXPECT_FALSE(admin_only.allows(identity::Role::picker));
    admin_only.is_public = true;
    EXPECT_TRUE(admin_only.allows(identity::Role::picker));
}

}  // namespace
}  // namespace tally::http
