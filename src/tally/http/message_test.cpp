#include "tally/http/message.hpp"

#include <boost/url/parse.hpp>
#include <gtest/gtest.h>

namespace tally::http {
namespace {

TEST(ParseTarget, DecodesPathAndQuery) {
    std::string path;
    Fields query;
    ASSERT_TRUE(parse_target("/api/v1/products?sku=MUG%2D01&barcode=0950&flag", path, query));
    EXPECT_EQ(path, "/api/v1/products");
    EXPECT_EQ(query, (Fields{{"sku", "MUG-01"}, {"barcode", "0950"}, {"flag", ""}}));
}

TEST(ParseTarget, RefusesATargetThatIsNotAUrlPath) {
    std::string path;
    Fields query;
    EXPECT_FALSE(parse_target("http//bad target", path, query));
    EXPECT_FALSE(parse_target("/a%zz", path, query));
}

// Plain targets are split without Boost.URL: the result must be what Boost.URL gives.
TEST(ParseTarget, SplitsPlainTargetsExactlyAsBoostUrlDoes) {
    for (const std::string_view target :
         {"/api/v1/products?barcode=09506000134352", "/a", "/a/b/", "//x", "/a?x",
          "/a?x=", "/a?x=1&y=2", "/a?x=1&y", "/a?", "/a?&", "/a?x&&y", "/a?=1", "/a?x=1=2",
          "/a?x+y=1", "/a?q=a%20b", "/a/%41", "/a?x=1&", "/a?x=~._-"}) {
        const auto url = boost::urls::parse_origin_form(target);
        ASSERT_TRUE(url) << target;
        Fields expected;
        for (const auto& param : url->params()) {
            expected.emplace_back(param.key, param.has_value ? param.value : std::string());
        }
        std::string path;
        Fields query;
        ASSERT_TRUE(parse_target(target, path, query)) << target;
        EXPECT_EQ(path, std::string(url->path())) << target;
        EXPECT_EQ(query, expected) << target;
    }
}

TEST(Request, FindsACookieAmongSeveral) {
    Request request;
    request.headers = {{"cookie", "theme=dark; tally_session=abc123; other=1"}};
    EXPECT_EQ(request.cookie("tally_session"), "abc123");
    EXPECT_EQ(request.cookie("theme"), "dark");
    EXPECT_FALSE(request.cookie("missing"));
}

}  // namespace
}  // namespace tally::http
