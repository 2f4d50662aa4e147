#include "tally/http/static_files.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace tally::http {
namespace {

std::optional<std::string> header(const Response& response, std::string_view name) {
    for (const auto& [key, value] : response.headers) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

// A web root two levels below a temporary folder, with a file beside it that must stay out
// of reach.
class StaticFilesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        base_ =
            std::filesystem::temp_directory_path() /
            ("tally-static-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(base_ / "site" / "web" / "assets");
        std::ofstream(base_ / "site" / "web" / "index.html") << "<!doctype html><p>app</p>";
        std::ofstream(base_ / "site" / "web" / "assets" / "app.js") << "console.log(1)";
        std::ofstream(base_ / "site" / "secret.txt") << "outside";
    }
    void TearDown() override { std::filesystem::remove_all(base_); }

    std::filesystem::path base_;
};

TEST_F(StaticFilesTest, ServesFilesUnderTheRootAndTheIndexForPages) {
    const StaticFiles files((base_ / "site" / "web").string());

    const auto asset = files.serve("/assets/app.js");
    EXPECT_EQ(asset.status, 200);
    EXPECT_EQ(asset.body, "console.log(1)");
    EXPECT_EQ(files.serve("/console/orders").body, "<!doctype html><p>app</p>");
}

TEST_F(StaticFilesTest, RefusesDotDotSegmentsAndBackslashesWithoutLeavingTheRoot) {
    const StaticFiles files((base_ / "site" / "web").string());

    for (const std::string path :
         {"/..", "/../", "/../secret.txt", "/assets/../../secret.txt", "/..\\secret.txt",
          "/assets\\..\\..\\secret.txt", "/./index.html", "/../../../../../../../../etc/passwd"}) {
        const auto response = files.serve(path);
        EXPECT_EQ(response.status, 400) << path;
        EXPECT_EQ(response.content_type, "application/problem+json") << path;
        EXPECT_EQ(response.body.find("outside"), std::string::npos) << path;
    }
}

TEST_F(StaticFilesTest, ARootGivenWithATrailingSlashStillServesItsFiles) {
    const StaticFiles files((base_ / "site" / "web").string() + "/");

    EXPECT_EQ(files.serve("/assets/app.js").status, 200);
}

TEST_F(StaticFilesTest, ASymbolicLinkOutOfTheRootIsNotFollowed) {
    std::filesystem::create_symlink(base_ / "site" / "secret.txt",
                                    base_ / "site" / "web" / "leak.txt");
    const StaticFiles files((base_ / "site" / "web").string());

    const auto response = files.serve("/leak.txt");
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(response.body.find("outside"), std::string::npos);
}

TEST_F(StaticFilesTest, PagesCarryAContentSecurityPolicyAndRefuseFraming) {
    const StaticFiles files((base_ / "site" / "web").string());

    const auto page = files.serve("/");
    const auto csp = header(page, "Content-Security-Policy");
    ASSERT_TRUE(csp);
    EXPECT_NE(csp->find("default-src 'self'"), std::string::npos) << *csp;
    EXPECT_NE(csp->find("frame-ancestors 'none'"), std::string::npos) << *csp;
    EXPECT_NE(csp->find("img-src 'self' data: blob:"), std::string::npos) << *csp;
    EXPECT_EQ(header(page, "X-Frame-Options"), "DENY");
    EXPECT_EQ(header(page, "Referrer-Policy"), "same-origin");
    EXPECT_EQ(header(StaticFiles("").serve("/"), "X-Frame-Options"), "DENY");
}

}  // namespace
}  // namespace tally::http
