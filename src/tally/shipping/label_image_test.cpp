#include "tally/shipping/label_image.hpp"

#include <cstdint>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tally/shipping/label.hpp"

namespace tally::shipping {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kPngSignature("\x89PNG\r\n\x1a\n", 8);

std::uint32_t u32_at(const std::string& bytes, std::size_t offset) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        value = (value << 8) | static_cast<unsigned char>(bytes.at(offset + i));
    }
    return value;
}

// The PNG signature, then IHDR with a plausible size, and IEND last.
void expect_png(const core::Result<std::string>& png) {
    ASSERT_TRUE(png) << png.error().message;
    EXPECT_THAT(*png, StartsWith(kPngSignature));
    EXPECT_EQ(png->substr(12, 4), "IHDR");
    EXPECT_GT(u32_at(*png, 16), 20U);  // width
    EXPECT_GT(u32_at(*png, 20), 20U);  // height
    EXPECT_EQ(png->substr(png->size() - 8, 4), "IEND");
}

TEST(BarcodePng, DrawsCode128) {
    expect_png(barcode_png("O:A-1001", Symbology::code128));
}

TEST(BarcodePng, DrawsGs1128FromAnSsccWithPrintedParentheses) {
    expect_png(barcode_png("(00)" + make_sscc(1, "0614141", 123456789), Symbology::gs1_128));
}

TEST(BarcodePng, DrawsGs1128FromZintsBracketsToo) {
    expect_png(barcode_png("[00]106141411234567897", Symbology::gs1_128));
}

TEST(BarcodePng, DrawsAQrCode) {
    expect_png(barcode_png("https://tally.example.com/t/4f9c2a", Symbology::qr));
}

TEST(BarcodePng, RefusesABadGs1StringWithZintsReason) {
    const auto wrong_check = barcode_png("(00)106141411234567890", Symbology::gs1_128);
    ASSERT_FALSE(wrong_check);
    EXPECT_EQ(wrong_check.error().code, core::ErrorCode::invalid_argument);
    ASSERT_EQ(wrong_check.error().fields.size(), 1U);
    EXPECT_EQ(wrong_check.error().fields[0].field, "data");
    EXPECT_FALSE(wrong_check.error().fields[0].reason.empty());

    for (const char* bad : {"106141411234567897", "(00)12345", "(23)123", "(17)261399"}) {
        const auto refused = barcode_png(bad, Symbology::gs1_128);
        ASSERT_FALSE(refused) << bad;
        EXPECT_EQ(refused.error().code, core::ErrorCode::invalid_argument) << bad;
    }
}

TEST(BarcodePng, RefusesEmptyAndOverlongData) {
    const auto empty = barcode_png("", Symbology::code128);
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, core::ErrorCode::invalid_argument);
    const auto long_data = barcode_png(std::string(5000, '1'), Symbology::code128);
    ASSERT_FALSE(long_data);
    EXPECT_THAT(long_data.error().fields.at(0).reason, HasSubstr("4096"));
}

}  // namespace
}  // namespace tally::shipping
