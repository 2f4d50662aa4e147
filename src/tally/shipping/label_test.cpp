#include "tally/shipping/label.hpp"

#include <stdexcept>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tally/catalog/gs1.hpp"

namespace tally::shipping {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(MakeSscc, MatchesTheGs1SpecificationExample) {
    // GS1 General Specifications: extension 1, prefix 0614141, serial 123456789.
    EXPECT_EQ(make_sscc(1, "0614141", 123456789), "106141411234567897");
}

TEST(MakeSscc, PadsTheSerialToSeventeenDigitsBeforeTheCheckDigit) {
    const auto sscc = make_sscc(0, "0614141", 42);
    EXPECT_EQ(sscc.size(), 18U);
    EXPECT_EQ(sscc.substr(0, 17), "00614141000000042");
    EXPECT_EQ(sscc[17] - '0', catalog::gs1_check_digit(sscc.substr(0, 17)));
    EXPECT_TRUE(catalog::valid_sscc(sscc));
}

TEST(MakeSscc, FitsEveryCompanyPrefixLength) {
    for (const std::string prefix : {"4012345", "40123456", "401234567", "4012345678"}) {
        const std::int64_t largest = prefix.size() == 7   ? 999'999'999
                                     : prefix.size() == 8 ? 99'999'999
                                     : prefix.size() == 9 ? 9'999'999
                                                          : 999'999;
        for (const std::int64_t serial : {std::int64_t{0}, std::int64_t{7}, largest}) {
            const auto sscc = make_sscc(9, prefix, serial);
            EXPECT_EQ(sscc.size(), 18U) << prefix << " " << serial;
            EXPECT_EQ(sscc.substr(0, 1 + prefix.size()), "9" + prefix);
            EXPECT_EQ(std::stoll(sscc.substr(1 + prefix.size(), 16 - prefix.size())), serial);
            EXPECT_TRUE(catalog::valid_sscc(sscc)) << sscc;
        }
    }
}

TEST(MakeSscc, RefusesASerialThatDoesNotFitAsAProgrammingMistake) {
    EXPECT_THROW((void)make_sscc(0, "0614141", 1'000'000'000), std::logic_error);
    EXPECT_THROW((void)make_sscc(0, "0614141234", 1'000'000), std::logic_error);
    EXPECT_THROW((void)make_sscc(0, "0614141", -1), std::logic_error);
    EXPECT_THROW((void)make_sscc(10, "0614141", 1), std::logic_error);
}

TEST(SsccSettings, WantAnExtensionDigitAndASevenToTenDigitPrefix) {
    EXPECT_TRUE(valid_sscc_settings(0, "0614141"));
    EXPECT_TRUE(valid_sscc_settings(9, "0614141234"));
    EXPECT_FALSE(valid_sscc_settings(-1, "0614141"));
    EXPECT_FALSE(valid_sscc_settings(10, "0614141"));
    EXPECT_FALSE(valid_sscc_settings(0, "061414"));
    EXPECT_FALSE(valid_sscc_settings(0, "06141412345"));
    EXPECT_FALSE(valid_sscc_settings(0, "061414A"));
}

TEST(FormatWeight, ShowsKilogramsWithTwoDecimalsRoundedHalfUp) {
    EXPECT_EQ(format_weight_kg(1230), "1.23 kg");
    EXPECT_EQ(format_weight_kg(1235), "1.24 kg");
    EXPECT_EQ(format_weight_kg(1234), "1.23 kg");
    EXPECT_EQ(format_weight_kg(5), "0.01 kg");
    EXPECT_EQ(format_weight_kg(0), "0.00 kg");
    EXPECT_EQ(format_weight_kg(31'500'000), "31500.00 kg");
}

CartonLabel good_label() {
    return CartonLabel{.sscc = "106141411234567897",
                       .from = {.name = "Tally Berlin",
                                .line1 = "Alexanderplatz 1",
                                .city = "Berlin",
                                .postal_code = "10178",
                                .country = "DE"},
                       .to = {.name = "Ada Lovelace",
                              .company = "Analytical Engines Ltd",
                              .line1 = "12 St James's Square",
                              .city = "London",
                              .postal_code = "SW1Y 4JH",
                              .country = "GB"},
                       .order_ref = "A-1001",
                       .carrier = "DHL",
                       .service = "EXPRESS",
                       .tracking_number = "JD014600006281234567",
                       .carton_no = 2,
                       .carton_count = 3,
                       .weight_g = 1230};
}

TEST(CartonLabelZpl, IsOneLabelFromXaToXz) {
    const auto zpl = carton_label_zpl(good_label());
    EXPECT_THAT(zpl, StartsWith("^XA"));
    EXPECT_THAT(zpl, EndsWith("^XZ\n"));
    EXPECT_EQ(zpl.find("^XA", 1), std::string::npos);
    EXPECT_EQ(zpl.find("^XZ"), zpl.size() - 4);
    EXPECT_THAT(zpl, HasSubstr("^PW812"));
    EXPECT_THAT(zpl, HasSubstr("^LL1218"));
}

TEST(CartonLabelZpl, ShowsTheAddressesOrderCartonAndWeight) {
    const auto zpl = carton_label_zpl(good_label());
    EXPECT_THAT(zpl, HasSubstr("^FDTally Berlin^FS"));
    EXPECT_THAT(zpl, HasSubstr("^A0N,44,44^FDAda Lovelace^FS"));
    EXPECT_THAT(zpl, HasSubstr("^FDSW1Y 4JH London^FS"));
    EXPECT_THAT(zpl, HasSubstr("^FDDHL EXPRESS^FS"));
    EXPECT_THAT(zpl, HasSubstr("^FDORDER A-1001^FS"));
    EXPECT_THAT(zpl, HasSubstr("^FDCARTON 2 OF 3^FS"));
    EXPECT_THAT(zpl, HasSubstr("1.23 kg"));
}

TEST(CartonLabelZpl, CarriesTheSsccAsAGs1128BarcodeAndItsText) {
    const auto zpl = carton_label_zpl(good_label());
    EXPECT_THAT(zpl, HasSubstr("^BCN,256,N,N,N^FD>;>800106141411234567897^FS"));
    EXPECT_THAT(zpl, HasSubstr("^FD(00) 106141411234567897^FS"));
}

TEST(CartonLabelZpl, PrintsTheTrackingBarcodeOnlyWhenThereIsATrackingNumber) {
    auto label = good_label();
    const auto with = carton_label_zpl(label);
    EXPECT_THAT(with, HasSubstr("^BCN,80,N,N,N^FDJD014600006281234567^FS"));
    EXPECT_THAT(with, HasSubstr("^FDTRACKING JD014600006281234567^FS"));

    label.tracking_number.clear();
    const auto without = carton_label_zpl(label);
    EXPECT_THAT(without, Not(HasSubstr("^BCN,80")));
    EXPECT_THAT(without, Not(HasSubstr("TRACKING")));
    // Only the SSCC barcode is left.
    EXPECT_EQ(without.find("^BC"), without.rfind("^BC"));
}

TEST(CartonLabelZpl, DataCannotInjectACommand) {
    auto label = good_label();
    label.to.name = "Eve^XZ^XA^FO0,0^FS";
    label.order_ref = "~JR";
    label.tracking_number = "1Z>5^FS^XZ";
    label.to.line1 = "Line\nwith\x01 control";
    const auto zpl = carton_label_zpl(label);
    EXPECT_EQ(zpl.find("^XZ"), zpl.size() - 4);
    EXPECT_EQ(zpl.find("^XA", 1), std::string::npos);
    EXPECT_EQ(zpl.find('~'), std::string::npos);
    EXPECT_THAT(zpl, HasSubstr("^FDEve?XZ?XA?FO0,0?FS^FS"));
    EXPECT_THAT(zpl, HasSubstr("^FDORDER ?JR^FS"));
    EXPECT_THAT(zpl, HasSubstr("^FD1Z?5?FS?XZ^FS"));
    EXPECT_THAT(zpl, HasSubstr("^FDLine?with? control^FS"));
}

TEST(CartonLabelZpl, KeepsOnlyPrintableAsciiWithOneMarkPerCharacter) {
    auto label = good_label();
    label.to.name = "Jürgen Müller";
    label.to.city = "Köln";
    const auto zpl = carton_label_zpl(label);
    EXPECT_THAT(zpl, HasSubstr("^FDJ?rgen M?ller^FS"));
    EXPECT_THAT(zpl, HasSubstr("K?ln"));
    for (const char c : zpl) {
        EXPECT_TRUE(c == '\n' || (c >= 32 && c <= 126)) << static_cast<int>(c);
    }
}

TEST(CartonLabelZpl, LeavesBlankAddressLinesOut) {
    auto label = good_label();
    label.to.company.clear();
    label.to.line2.clear();
    const auto zpl = carton_label_zpl(label);
    EXPECT_THAT(zpl, HasSubstr("^FO40,254^A0N,44,44^FDAda Lovelace^FS"));
    EXPECT_THAT(zpl, HasSubstr("^FO40,304^A0N,44,44^FD12 St James's Square^FS"));
}

}  // namespace
}  // namespace tally::shipping
