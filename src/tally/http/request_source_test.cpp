#include "tally/http/request_source.hpp"

#include <gtest/gtest.h>

namespace tally::http {
namespace {

Request from(std::string peer, Fields headers = {}) {
    Request request;
    request.client_address = std::move(peer);
    request.headers = std::move(headers);
    return request;
}

TrustedProxies proxies(const std::vector<std::string>& entries) {
    auto parsed = TrustedProxies::parse(entries, "trusted_proxies");
    EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().fields.front().reason);
    return parsed.value_or(TrustedProxies{});
}

TEST(TrustedProxies, MatchesAddressesAndRangesOfBothFamilies) {
    const auto trusted = proxies({"10.9.0.0/16", "192.0.2.7", "2001:db8::/32", "::1"});

    EXPECT_TRUE(trusted.trusts("10.9.200.1"));
    EXPECT_FALSE(trusted.trusts("10.10.0.1"));
    EXPECT_TRUE(trusted.trusts("192.0.2.7"));
    EXPECT_FALSE(trusted.trusts("192.0.2.8"));
    EXPECT_TRUE(trusted.trusts("2001:db8:1::5"));
    EXPECT_FALSE(trusted.trusts("2001:db9::5"));
    EXPECT_TRUE(trusted.trusts("::1"));
    EXPECT_TRUE(trusted.trusts("::ffff:10.9.0.3")) << "as a dual-stack socket reports it";
    EXPECT_FALSE(trusted.trusts("not an address"));
}

TEST(TrustedProxies, RangesNeedNotEndOnAByte) {
    const auto trusted = proxies({"172.16.0.0/12"});

    EXPECT_TRUE(trusted.trusts("172.31.255.255"));
    EXPECT_FALSE(trusted.trusts("172.32.0.0"));
}

TEST(TrustedProxies, NamesTheSettingForAnEntryThatIsNoAddress) {
    for (const std::string bad :
         {"10.0.0.0/33", "proxy.example", "10.0.0.1/", "::1/129", "1.2.3"}) {
        const auto parsed = TrustedProxies::parse({bad}, "trusted_proxies");
        ASSERT_FALSE(parsed) << bad;
        EXPECT_EQ(parsed.error().fields.front().field, "trusted_proxies");
    }
}

TEST(TrustedProxies, TakesTheRightMostAddressThatIsNotAProxy) {
    const auto trusted = proxies({"10.9.0.0/16"});

    EXPECT_EQ(trusted.client_address(
                  from("10.9.0.1", {{"x-forwarded-for", "198.51.100.1, 203.0.113.7, 10.9.3.3"}})),
              "203.0.113.7");
    EXPECT_EQ(trusted.client_address(from("10.9.0.1", {{"x-forwarded-for", "198.51.100.1"},
                                                       {"x-forwarded-for", "10.9.4.4"}})),
              "198.51.100.1");
    EXPECT_EQ(trusted.client_address(from("10.9.0.1")), "10.9.0.1");
    EXPECT_EQ(trusted.client_address(from("10.9.0.1", {{"x-forwarded-for", "10.9.5.5"}})),
              "10.9.5.5");
}

TEST(TrustedProxies, IgnoresTheHeaderFromAPeerThatIsNotTrusted) {
    EXPECT_EQ(proxies({"10.9.0.0/16"})
                  .client_address(from("203.0.113.9", {{"x-forwarded-for", "198.51.100.1"}})),
              "203.0.113.9");
    EXPECT_EQ(
        TrustedProxies{}.client_address(from("127.0.0.1", {{"x-forwarded-for", "198.51.100.1"}})),
        "127.0.0.1");
}

TEST(TrustedProxies, BelievesNoTextThatIsNotAnAddress) {
    EXPECT_EQ(proxies({"127.0.0.1"})
                  .client_address(
                      from("127.0.0.1", {{"x-forwarded-for", "\"><script>, 198.51.100.1:4711"}})),
              "198.51.100.1");
}

TEST(SameOrigin, AcceptsTheRequestsOwnHostOrAnAllowedOrigin) {
    EXPECT_TRUE(same_origin(
        from("", {{"host", "tally.example:8080"}, {"origin", "http://tally.example:8080"}}), {}));
    EXPECT_TRUE(same_origin(
        from("", {{"host", "Tally.Example"}, {"referer", "https://tally.example/console?x=1"}}),
        {}));
    EXPECT_TRUE(
        same_origin(from("", {{"host", "10.0.0.5:8080"}, {"origin", "https://tally.example.com"}}),
                    {"https://tally.example.com"}));
}

TEST(SameOrigin, RefusesAnotherSiteANullOriginAndNoneAtAll) {
    EXPECT_FALSE(
        same_origin(from("", {{"host", "tally.example"}, {"origin", "https://evil.example"}}), {}));
    EXPECT_FALSE(same_origin(from("", {{"host", "tally.example"}, {"origin", "null"}}), {}));
    EXPECT_FALSE(same_origin(from("", {{"host", "tally.example"}}), {}));
    EXPECT_FALSE(same_origin(
        from("", {{"host", "tally.example"}, {"referer", "https://evil.example/tally.example"}}),
        {}));
    // An Origin that is there decides, whatever the Referer says.
    EXPECT_FALSE(same_origin(from("", {{"host", "tally.example"},
                                       {"origin", "https://evil.example"},
                                       {"referer", "https://tally.example/"}}),
                             {}));
}

}  // namespace
}  // namespace tally::http
