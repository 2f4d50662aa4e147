#include "tally/http/message.hpp"

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

TEST(Request, FindsACookieAmongSeveral) {
    Request request;
    request.headers = {{"cookie", "theme=dark; tally_session=abc123; other=1"}};
    EXPECT_EQ(request.cookie("tally_session"), "abc123");
    EXPECT_EQ(request.cookie("theme"), "dark");
    EXPECT_FALSE(request.cookie("missing"));
}

}  // namespace
}  // namespace tally::http
