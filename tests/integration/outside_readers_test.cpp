// Output as the outside world reads it: barcode images through zbarimg (zbar-tools), the
// metrics page through Prometheus's own promtool.
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testkit/process.hpp"
#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;
using ::testing::HasSubstr;

class OutsideReadersTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    void TearDown() override { std::filesystem::remove_all(folder_); }

    // The image as a file, the way a scanner test rig or a person would save it.
    [[nodiscard]] std::string save(const std::string& name, const std::string& bytes) const {
        std::filesystem::create_directories(folder_);
        const auto path = (folder_ / name).string();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }

    // What zbarimg reads off the image: one line per symbol, "TYPE:data".
    [[nodiscard]] std::string decode(const std::string& url, const std::string& name) {
        const auto image = admin_.get(url);
        EXPECT_EQ(image.status, 200) << image.body;
        EXPECT_EQ(image.header("content-type"), "image/png");
        const auto read =
            testkit::run_process({"/usr/bin/zbarimg", "--quiet", save(name, image.body)});
        EXPECT_EQ(read.exit_code, 0) << read.err;
        return read.out;
    }

    testkit::TestServer server_{GetParam()};
    testkit::HttpClient admin_ = server_.client_as(Role::admin);
    std::filesystem::path folder_ =
        std::filesystem::temp_directory_path() /
        ("tally-readers-" + std::to_string(::getpid()) + "-" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name());
};

TEST_P(OutsideReadersTest, ZbarReadsTheBarcodesWeDraw) {
    EXPECT_EQ(decode("/api/v1/barcodes/image?data=MUG-BLUE-1", "code128.png"),
              "CODE-128:MUG-BLUE-1\n");
    EXPECT_EQ(decode("/api/v1/barcodes/image?data=ORD-7&symbology=qr", "qr.png"),
              "QR-Code:ORD-7\n");
    // GS1-128 carries its application identifiers: zbar prints the element string.
    EXPECT_THAT(
        decode("/api/v1/barcodes/image?data=%2801%2909506000134352&symbology=gs1_128", "gs1.png"),
        HasSubstr("0109506000134352"));
}

TEST_P(OutsideReadersTest, PromtoolAcceptsTheMetricsPage) {
    (void)server_.client().get("/health");
    const auto metrics = server_.client_as(Role::manager).get("/metrics");
    ASSERT_EQ(metrics.status, 200);
    const auto checked =
        testkit::run_process({"/usr/bin/promtool", "check", "metrics"}, metrics.body);
    EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
}

INSTANTIATE_TEST_SUITE_P(Engines, OutsideReadersTest,
                         ::testing::ValuesIn(testkit::enabled_engines()), testkit::engine_name);

}  // namespace
}  // namespace tally
