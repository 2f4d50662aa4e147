#include "tally/integrations/raw_tcp_printer.hpp"

#include <string>

#include <gtest/gtest.h>

#include "testkit/fake_printer.hpp"

namespace tally::integrations {
namespace {

using testkit::FakePrinter;

TEST(RawTcpPrinter, SendsTheWholeLabelToThePrinter) {
    FakePrinter printer;
    const std::string zpl = "^XA^FO50,50^FDCTN-1^FS" + std::string(100'000, ' ') + "^XZ";

    const auto printed = RawTcpPrinter().print(printer.address(), zpl);

    ASSERT_TRUE(printed) << printed.error().message;
    EXPECT_EQ(printer.received(), zpl);
}

TEST(RawTcpPrinter, APrinterThatIsOffIsUnavailableNamingItsAddress) {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const auto printed = RawTcpPrinter().print("127.0.0.1:1", "^XA^XZ");

    ASSERT_FALSE(printed);
    EXPECT_EQ(printed.error().code, core::ErrorCode::unavailable);
    EXPECT_NE(printed.error().message.find("127.0.0.1:1"), std::string::npos);
}

TEST(RawTcpPrinter, AnAddressWithoutAPortIsInvalid) {
    const auto printed = RawTcpPrinter().print("printer-7", "^XA^XZ");

    ASSERT_FALSE(printed);
    EXPECT_EQ(printed.error().code, core::ErrorCode::invalid_argument);
    EXPECT_EQ(printed.error().fields.front().field, "printer");
}

}  // namespace
}  // namespace tally::integrations
