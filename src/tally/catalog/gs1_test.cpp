#include "tally/catalog/gs1.hpp"

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace tally::catalog {

// Failed comparisons print the data as JSON rather than as bytes.
void PrintTo(const Gs1Data& data, std::ostream* os) {
    *os << to_json(data);
}

namespace {

constexpr int kYear = 2026;  // every parse below is as if scanned in 2026, unless it says so
const std::string kGs(1, kGroupSeparator);
const std::string kGtin = "(01)09506000134352";  // what most AIs need beside them

Gs1ParseResult parse(const std::string& input) {
    return parse_gs1(input, kYear);
}

// The reason the input is refused, or a note that it was not.
std::string error_of(const std::string& input, int year = kYear) {
    const auto result = parse_gs1(input, year);
    return result.ok() ? "(accepted: " + to_json(*result.data) + ")" : result.error;
}

Gs1Data parsed(const std::string& input, int year = kYear) {
    auto result = parse_gs1(input, year);
    EXPECT_TRUE(result.ok()) << input << ": " << result.error;
    return result.data.value_or(Gs1Data{});
}

std::string expiry_of(const std::string& yymmdd, int year = kYear) {
    return parsed("(01)09506000134352(17)" + yymmdd, year).expiry.value_or("(none)");
}

const Gs1Data kGtinExpiryLot{.gtin = "09506000134352", .expiry = "2026-12-31", .lot = "ABC123"};

// --- check digits, GTIN, SSCC -------------------------------------------------------------------

TEST(Gs1CheckDigit, WeighsDigitsThreeAndOneFromTheRight) {
    EXPECT_EQ(gs1_check_digit("0950600013435"), 2);
    EXPECT_EQ(gs1_check_digit("400638133393"), 1);
    EXPECT_EQ(gs1_check_digit("9505000"), 3);
    EXPECT_EQ(gs1_check_digit("10614141123456789"), 7);
    EXPECT_EQ(gs1_check_digit("3"), 1);  // 3 * 3 = 9, so 1 makes ten
    EXPECT_EQ(gs1_check_digit("0000000"), 0);
}

TEST(Gs1CheckDigit, IsMinusOneForEmptyOrNonDigitText) {
    EXPECT_EQ(gs1_check_digit(""), -1);
    EXPECT_EQ(gs1_check_digit("12a4"), -1);
    EXPECT_EQ(gs1_check_digit("123 "), -1);
}

TEST(ValidGtin, AcceptsGtin8And12And13And14WithTheRightCheckDigit) {
    EXPECT_TRUE(valid_gtin("95050003"));
    EXPECT_TRUE(valid_gtin("036000291452"));
    EXPECT_TRUE(valid_gtin("4006381333931"));
    EXPECT_TRUE(valid_gtin("09506000134352"));
}

TEST(ValidGtin, RefusesAWrongCheckDigitInEveryLength) {
    EXPECT_FALSE(valid_gtin("95050004"));
    EXPECT_FALSE(valid_gtin("036000291453"));
    EXPECT_FALSE(valid_gtin("4006381333930"));
    EXPECT_FALSE(valid_gtin("09506000134353"));
}

TEST(ValidGtin, RefusesOtherLengthsAndNonDigits) {
    EXPECT_FALSE(valid_gtin(""));
    EXPECT_FALSE(valid_gtin("9505003"));          // 7 digits
    EXPECT_FALSE(valid_gtin("95060001343"));      // 11 digits
    EXPECT_FALSE(valid_gtin("009506000134352"));  // 15 digits, check digit right
    EXPECT_FALSE(valid_gtin("0950600013435A"));
    EXPECT_FALSE(valid_gtin("-9506000134352"));
}

TEST(Gtin14, PadsShorterGtinsWithLeadingZeros) {
    EXPECT_EQ(gtin14("95050003"), "00000095050003");
    EXPECT_EQ(gtin14("036000291452"), "00036000291452");
    EXPECT_EQ(gtin14("4006381333931"), "04006381333931");
    EXPECT_EQ(gtin14("09506000134352"), "09506000134352");
}

TEST(ValidSscc, AcceptsEighteenDigitsWithTheRightCheckDigit) {
    EXPECT_TRUE(valid_sscc("106141411234567897"));
    EXPECT_TRUE(valid_sscc("376104250021234569"));
}

TEST(ValidSscc, RefusesAWrongCheckDigitOrLength) {
    EXPECT_FALSE(valid_sscc("106141411234567898"));
    EXPECT_FALSE(valid_sscc("10614141123456789"));
    EXPECT_FALSE(valid_sscc("0106141411234567897"));
    EXPECT_FALSE(valid_sscc("10614141123456789X"));
    EXPECT_FALSE(valid_sscc("09506000134352"));  // a GTIN is no SSCC
}

// --- the two forms, symbology identifiers, separators -------------------------------------------

TEST(ParseGs1, ReadsTheBracketedForm) {
    const auto result = parse("(01)09506000134352(17)261231(10)ABC123");
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_TRUE(result.error.empty());
    EXPECT_EQ(*result.data, kGtinExpiryLot);
}

TEST(ParseGs1, ReadsTheRawFormWithAGroupSeparatorAfterAVariableField) {
    EXPECT_EQ(parsed("0109506000134352"
                     "10ABC123" +
                     kGs + "17261231"),
              kGtinExpiryLot);
}

TEST(ParseGs1, EndsTheLastVariableFieldAtTheEndOfInput) {
    EXPECT_EQ(parsed("0109506000134352"
                     "17261231"
                     "10ABC123"),
              kGtinExpiryLot);
}

TEST(ParseGs1, DropsEachGs1SymbologyIdentifier) {
    for (const std::string identifier : {"]C1", "]d2", "]Q3", "]e0"}) {
        EXPECT_EQ(parsed(identifier +
                         "0109506000134352"
                         "10ABC123" +
                         kGs + "17261231"),
                  kGtinExpiryLot)
            << identifier;
    }
}

TEST(ParseGs1, RefusesASymbologyIdentifierThatCarriesNoGs1Data) {
    EXPECT_EQ(error_of("]C0"
                       "0109506000134352"),
              "symbology identifier ]C0 announces plain data, not a GS1 element string");
    EXPECT_EQ(error_of("]A0ABC"), "symbology identifier ]A0 is not one Tally reads");
}

TEST(ParseGs1, IgnoresALeadingFnc1) {
    EXPECT_EQ(parsed(kGs + "0109506000134352"
                           "17261231"
                           "10ABC123"),
              kGtinExpiryLot);
    EXPECT_EQ(parsed("]C1" + kGs +
                     "0109506000134352"
                     "17261231"
                     "10ABC123"),
              kGtinExpiryLot);
}

TEST(ParseGs1, ReadsTheTextFormsOfTheGroupSeparator) {
    EXPECT_EQ(parsed("]d2"
                     "0109506000134352"
                     "10ABC123<GS>17261231"),
              kGtinExpiryLot);
    EXPECT_EQ(parsed("]d2"
                     "0109506000134352"
                     "10ABC123{GS}17261231"),
              kGtinExpiryLot);
    EXPECT_EQ(parsed("<GS>0109506000134352"
                     "10ABC123<GS>17261231"),
              kGtinExpiryLot);
}

TEST(ParseGs1, ToleratesASeparatorAfterAFixedLengthField) {
    EXPECT_EQ(parsed("0109506000134352" + kGs + "17261231" + kGs + "10ABC123"), kGtinExpiryLot);
    EXPECT_EQ(parsed("(01)09506000134352" + kGs + "(17)261231(10)ABC123"), kGtinExpiryLot);
}

TEST(ParseGs1, ReadsFieldsInAnyOrder) {
    EXPECT_EQ(parsed("(10)ABC123(17)261231(01)09506000134352"), kGtinExpiryLot);
}

// --- every supported AI -------------------------------------------------------------------------

TEST(ParseGs1, ReadsAnSscc) {
    const auto data = parsed(
        "]C1"
        "00106141411234567897");
    EXPECT_EQ(data, Gs1Data{.sscc = "106141411234567897"});
}

TEST(ParseGs1, ReadsTheContentGtinAndTheCountOfALogisticUnit) {
    const Gs1Data expected{
        .sscc = "106141411234567897", .content_gtin = "09506000134352", .count = 24};
    EXPECT_EQ(parsed("(00)106141411234567897(02)09506000134352(37)24"), expected);
    EXPECT_EQ(parsed("00106141411234567897"
                     "02095060001343523724"),
              expected);
}

TEST(ParseGs1, ReadsTheSerialAndTheVariableCount) {
    const Gs1Data expected{.gtin = "09506000134352", .serial = "SN-0042/b", .variable_count = 7};
    EXPECT_EQ(parsed("0109506000134352"
                     "21SN-0042/b" +
                     kGs + "307"),
              expected);
    EXPECT_EQ(parsed("(01)09506000134352(30)7(21)SN-0042/b"), expected);
}

TEST(ParseGs1, ReadsProductionAndBestBeforeDates) {
    const auto data = parsed("(01)09506000134352(11)250115(15)260630");
    EXPECT_EQ(data, (Gs1Data{.gtin = "09506000134352",
                             .production_date = "2025-01-15",
                             .best_before = "2026-06-30"}));
}

TEST(ParseGs1, TakesCountsOfUpToEightDigits) {
    EXPECT_EQ(parsed("(00)106141411234567897(02)09506000134352(37)99999999").count, 99'999'999);
    EXPECT_EQ(parsed("(01)09506000134352(30)00000001").variable_count, 1);
}

TEST(ParseGs1, TakesLotsAndSerialsOfUpToTwentyCharacters) {
    EXPECT_EQ(parsed("(01)09506000134352(10)ABCDEFGHIJ0123456789").lot, "ABCDEFGHIJ0123456789");
    EXPECT_EQ(parsed("0109506000134352"
                     "21" +
                     std::string(20, 'z'))
                  .serial,
              std::string(20, 'z'));
}

TEST(ParseGs1, AcceptsThePunctuationOfCharacterSet82) {
    EXPECT_EQ(parsed("(01)09506000134352(10)!\"%&'*+,-./:;<=>?_)").lot, "!\"%&'*+,-./:;<=>?_)");
    EXPECT_EQ(parsed("0109506000134352"
                     "10(A)")
                  .lot,
              "(A)");  // only the bracketed form ends a value at '('
}

// --- dates --------------------------------------------------------------------------------------

TEST(ParseGs1, ReadsDayZeroAsTheLastDayOfTheMonth) {
    EXPECT_EQ(expiry_of("260100"), "2026-01-31");
    EXPECT_EQ(expiry_of("260400"), "2026-04-30");
    EXPECT_EQ(expiry_of("261200"), "2026-12-31");
    EXPECT_EQ(expiry_of("270200"), "2027-02-28");
    EXPECT_EQ(parsed("(01)09506000134352(11)250900").production_date, "2025-09-30");
}

TEST(ParseGs1, ReadsDayZeroOfFebruaryInALeapYearAsThe29th) {
    EXPECT_EQ(expiry_of("280200"), "2028-02-29");
    EXPECT_EQ(parsed("(01)09506000134352(15)240200").best_before, "2024-02-29");
    EXPECT_EQ(expiry_of("000200"), "2000-02-29");        // divisible by 400: a leap year
    EXPECT_EQ(expiry_of("000200", 2060), "2100-02-28");  // divisible by 100 only: not one
}

TEST(ParseGs1, AcceptsFebruary29OnlyInLeapYears) {
    EXPECT_EQ(expiry_of("280229"), "2028-02-29");
    EXPECT_EQ(error_of("(17)270229"), "(17) 270229 is not a valid date");
}

TEST(ParseGs1, RefusesDatesThatDoNotExist) {
    EXPECT_EQ(error_of("(17)261331"), "(17) 261331 is not a valid date");
    EXPECT_EQ(error_of("(17)260015"), "(17) 260015 is not a valid date");
    EXPECT_EQ(error_of("(15)260132"), "(15) 260132 is not a valid date");
    EXPECT_EQ(error_of("(11)260431"), "(11) 260431 is not a valid date");
}

TEST(ParseGs1, PlacesTheCenturySoTheYearIsAtMost49YearsPastAnd50YearsAhead) {
    EXPECT_EQ(expiry_of("760101"), "2076-01-01");  // 2026 + 50
    EXPECT_EQ(expiry_of("770101"), "1977-01-01");  // 2026 - 49
    EXPECT_EQ(expiry_of("990101"), "1999-01-01");
    EXPECT_EQ(expiry_of("000101"), "2000-01-01");
    EXPECT_EQ(expiry_of("100101", 2060), "2110-01-01");  // 2060 + 50
    EXPECT_EQ(expiry_of("110101", 2060), "2011-01-01");  // 2060 - 49
    EXPECT_EQ(expiry_of("000101", 2099), "2100-01-01");
    EXPECT_EQ(expiry_of("500101", 2099), "2050-01-01");
    EXPECT_EQ(expiry_of("490101", 2099), "2149-01-01");
}

TEST(ParseGs1, UsesTheSystemYearWhenNoneIsGiven) {
    const std::chrono::year_month_day today{
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    const int year = static_cast<int>(today.year());
    const std::string yy = std::to_string(year % 100 + 100).substr(1);
    const auto result = parse_gs1("(01)09506000134352(17)" + yy + "0101");
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.data->expiry, std::to_string(year) + "-01-01");
}

// --- net weight ---------------------------------------------------------------------------------

TEST(ParseGs1, ConvertsNetWeightInKilogramsToWholeGrams) {
    EXPECT_EQ(parsed(kGtin + "(3100)000012").net_weight_g, 12'000);
    EXPECT_EQ(parsed(kGtin + "(3101)000125").net_weight_g, 12'500);
    EXPECT_EQ(parsed(kGtin + "(3102)001234").net_weight_g, 12'340);
    EXPECT_EQ(parsed(kGtin + "(3103)001234").net_weight_g, 1'234);
    EXPECT_EQ(parsed(kGtin + "(3100)999999").net_weight_g, 999'999'000);
    EXPECT_EQ(parsed(kGtin + "(3103)000000").net_weight_g, 0);
}

TEST(ParseGs1, RoundsFractionsOfAGramHalfUp) {
    EXPECT_EQ(parsed(kGtin + "(3104)012344").net_weight_g, 1'234);  // 1234.4 g
    EXPECT_EQ(parsed(kGtin + "(3104)012345").net_weight_g, 1'235);  // 1234.5 g
    EXPECT_EQ(parsed(kGtin + "(3105)123456").net_weight_g, 1'235);  // 1234.56 g
    EXPECT_EQ(parsed(kGtin + "(3105)000049").net_weight_g, 0);      // 0.49 g
    EXPECT_EQ(parsed(kGtin + "(3105)000050").net_weight_g, 1);      // 0.5 g
}

TEST(ParseGs1, ReadsNetWeightInTheRawFormAsAFixedLengthField) {
    const auto data = parsed(
        "]C1"
        "0109506000134352"
        "3103001250"
        "10L1");
    EXPECT_EQ(data, (Gs1Data{.gtin = "09506000134352", .lot = "L1", .net_weight_g = 1'250}));
}

TEST(ParseGs1, RefusesANetWeightWithMoreThanFiveDecimals) {
    EXPECT_EQ(error_of("(3106)000001"), "unknown application identifier (3106)");
}

TEST(ParseGs1, RefusesTwoNetWeights) {
    EXPECT_EQ(error_of("(01)09506000134352(3102)000100(3103)000100"),
              "(3102) and (3103) must not be used together");
    EXPECT_EQ(error_of("(3102)000100(3102)000100"), "duplicate application identifier (3102)");
}

// --- refusals, each with its reason -------------------------------------------------------------

TEST(ParseGs1, RefusesEmptyInput) {
    EXPECT_EQ(error_of(""), "empty input");
    EXPECT_EQ(error_of(kGs), "no application identifier in the input");
    EXPECT_EQ(error_of("]C1"), "no application identifier in the input");
}

TEST(ParseGs1, RefusesAWrongCheckDigitAndSaysWhichIsRight) {
    EXPECT_EQ(error_of("(01)09506000134353"), "(01) check digit should be 2, got 3");
    EXPECT_EQ(error_of("0209506000134350"), "(02) check digit should be 2, got 0");
    EXPECT_EQ(error_of("(00)106141411234567898"), "(00) check digit should be 7, got 8");
}

TEST(ParseGs1, RefusesAFixedLengthFieldCutShortByTheEndOfInput) {
    EXPECT_EQ(error_of("010950600013435"), "unexpected end of input in (01): expected 14 digits");
    EXPECT_EQ(error_of("(01)0950600013435"), "unexpected end of input in (01): expected 14 digits");
    EXPECT_EQ(error_of("(01)09506000134352(17)2612"),
              "unexpected end of input in (17): expected 6 digits");
    EXPECT_EQ(error_of("00"), "unexpected end of input in (00): expected 18 digits");
}

TEST(ParseGs1, RefusesAFixedLengthFieldOfTheWrongLength) {
    EXPECT_EQ(error_of("(01)0950600013435(10)A"), "(01) must be 14 digits, got 13");
    EXPECT_EQ(error_of("(01)095060001343521"), "(01) must be 14 digits, got 15");
    EXPECT_EQ(error_of("01095060" + kGs + "10A"), "(01) must be 14 digits, got 6");
}

TEST(ParseGs1, RefusesLettersInNumericFields) {
    EXPECT_EQ(error_of("(01)0950600013435X"), "(01) must be digits only, got 'X'");
    EXPECT_EQ(error_of("(37)12A"), "(37) must be digits only, got 'A'");
    EXPECT_EQ(error_of("(3103)00 100"), "(3103) must be digits only, got a space");
}

TEST(ParseGs1, RefusesVariableFieldsOverTheirMaximumLength) {
    EXPECT_EQ(error_of("(10)ABCDEFGHIJ0123456789X"), "(10) is longer than 20 characters");
    EXPECT_EQ(error_of("21" + std::string(21, 'a')), "(21) is longer than 20 characters");
    EXPECT_EQ(error_of("(30)123456789"), "(30) is longer than 8 digits");
    EXPECT_EQ(error_of("37123456789"), "(37) is longer than 8 digits");
}

TEST(ParseGs1, RefusesAnEmptyVariableField) {
    EXPECT_EQ(error_of("(10)(17)261231"), "(10) is empty");
    EXPECT_EQ(error_of("0109506000134352"
                       "21" +
                       kGs + "17261231"),
              "(21) is empty");
}

TEST(ParseGs1, RefusesCharactersOutsideCharacterSet82) {
    EXPECT_EQ(error_of("(10)AB CD"),
              "(10) contains a space, which is not in the GS1 character set 82");
    EXPECT_EQ(error_of("(21)A#B"), "(21) contains '#', which is not in the GS1 character set 82");
    EXPECT_EQ(error_of("(10)A\x7f"),
              "(10) contains 0x7f, which is not in the GS1 character set 82");
    EXPECT_EQ(error_of("(10)caf\xc3\xa9"),
              "(10) contains 0xc3, which is not in the GS1 character set 82");
}

TEST(ParseGs1, RefusesAnUnknownApplicationIdentifierAndNamesIt) {
    EXPECT_EQ(error_of("(59)ABC"), "unknown application identifier (59)");
    EXPECT_EQ(error_of("0109506000134352"
                       "59ABC"),
              "unknown application identifier (59)");
    // The raw form takes the AI's length from its first two digits, as GS1 defines it.
    EXPECT_EQ(error_of("3380000100"), "unknown application identifier (3380)");
    EXPECT_EQ(error_of("236PO-1"), "unknown application identifier (236)");
}

TEST(ParseGs1, RefusesADuplicateApplicationIdentifier) {
    EXPECT_EQ(error_of("(10)A(10)B"), "duplicate application identifier (10)");
    EXPECT_EQ(error_of("10A" + kGs + "10A"), "duplicate application identifier (10)");
    EXPECT_EQ(error_of("(01)09506000134352(01)09506000134352"),
              "duplicate application identifier (01)");
}

TEST(ParseGs1, RefusesMalformedApplicationIdentifiers) {
    EXPECT_EQ(error_of("(01"),
              "malformed application identifier at offset 0: expected 2 to 4 digits between "
              "'(' and ')'");
    EXPECT_EQ(error_of("(1)2"),
              "malformed application identifier at offset 0: expected 2 to 4 digits between "
              "'(' and ')'");
    EXPECT_EQ(error_of("(10)A)(12345)1"),
              "malformed application identifier at offset 6: expected 2 to 4 digits between "
              "'(' and ')'");
    EXPECT_EQ(error_of("0109506000134352A"),
              "expected an application identifier at offset 16, got 'A'");
    EXPECT_EQ(error_of("01095060001343521"), "incomplete application identifier at offset 16");
    EXPECT_EQ(error_of("0109506000134352310"), "incomplete application identifier at offset 16");
    EXPECT_EQ(error_of("MUG-01"), "expected an application identifier at offset 0, got 'M'");
}

TEST(ParseGs1, NeverAcceptsAndRefusesAtOnceWhateverTheInputIsCutTo) {
    const std::string full =
        "]C1"
        "00106141411234567897"
        "0109506000134352"
        "3103001250"
        "11250115"
        "17261200"
        "10ABC" +
        kGs + "21S1" + kGs + "307";
    ASSERT_TRUE(parse(full).ok()) << parse(full).error;
    for (std::size_t length = 0; length <= full.size(); ++length) {
        for (const char extra : {'\0', '(', ')', '\x1d', '9', 'A', '\xff'}) {
            const std::string input = full.substr(0, length) + extra;
            const auto result = parse(input);
            EXPECT_NE(result.ok(), !result.error.empty()) << length;
        }
    }
}

// --- scans as scanners send them: plain GTINs, SSCCs, EAN/UPC identifiers -----------------------

TEST(ParseGs1, ReadsAPlainEan13AsAGtinRatherThanAsApplicationIdentifiers) {
    EXPECT_EQ(parsed("5901234123457"), Gs1Data{.gtin = "05901234123457"});
}

TEST(ParseGs1, ReadsPlainGtinsOfEveryLength) {
    EXPECT_EQ(parsed("95050003"), Gs1Data{.gtin = "00000095050003"});
    EXPECT_EQ(parsed("036000291452"), Gs1Data{.gtin = "00036000291452"});
    EXPECT_EQ(parsed("19506000134359"), Gs1Data{.gtin = "19506000134359"});
}

TEST(ParseGs1, RefusesAPlainGtinWithABadCheckDigitInsteadOfReadingItAsASerial) {
    EXPECT_EQ(error_of("2112233789658"), "GTIN-13 check digit should be 7, got 8");
    EXPECT_EQ(error_of("95050004"), "GTIN-8 check digit should be 3, got 4");
}

TEST(ParseGs1, ReadsAPlainEighteenDigitScanAsAnSscc) {
    EXPECT_EQ(parsed("106141411234567897"), Gs1Data{.sscc = "106141411234567897"});
    EXPECT_EQ(error_of("106141411234567898"), "SSCC check digit should be 7, got 8");
}

TEST(ParseGs1, ReadsOtherAllDigitLengthsAsAnElementString) {
    EXPECT_EQ(parsed("0109506000134352"), Gs1Data{.gtin = "09506000134352"});
    EXPECT_EQ(parsed("010950600013435217261231"),
              (Gs1Data{.gtin = "09506000134352", .expiry = "2026-12-31"}));
}

TEST(ParseGs1, ReadsEanAndUpcSymbologyIdentifiers) {
    EXPECT_EQ(parsed("]E05901234123457"), Gs1Data{.gtin = "05901234123457"});
    EXPECT_EQ(parsed("]E0036000291452"), Gs1Data{.gtin = "00036000291452"});  // UPC-A
    EXPECT_EQ(parsed("]E495050003"), Gs1Data{.gtin = "00000095050003"});
    EXPECT_EQ(parsed("]E3590123412345712"), Gs1Data{.gtin = "05901234123457"});  // add-on dropped
    EXPECT_EQ(error_of("]E05901234123458"), "GTIN-13 check digit should be 7, got 8");
    EXPECT_EQ(error_of("]E45901234123457"), "]E4 (EAN-8) carries 8 digits, got 13");
    EXPECT_EQ(error_of("]E112"), "]E1 is an EAN/UPC add-on alone, which carries no GTIN");
}

TEST(ParseGs1, ReadsPlainDataSymbologyIdentifiersAsPlainScans) {
    EXPECT_EQ(parsed("]C05901234123457"), Gs1Data{.gtin = "05901234123457"});
    EXPECT_EQ(parsed("]Q1(01)09506000134352"), Gs1Data{.gtin = "09506000134352"});
    EXPECT_EQ(error_of("]d1MUG-01"),
              "symbology identifier ]d1 announces plain data, not a GS1 element string");
    EXPECT_EQ(error_of("]X9123"), "symbology identifier ]X9 is not one Tally reads");
}

TEST(ParseGs1, KeepsTheApplicationIdentifiersOfALogisticsLabelThatTallyDoesNotInterpret) {
    const auto data = parsed(
        "(00)106141411234567897(02)09506000134352(37)12(400)PO123(420)10115"
        "(8008)26120814(91)abc(92)XYZ-1");
    EXPECT_EQ(data.sscc, "106141411234567897");
    EXPECT_EQ(data.content_gtin, "09506000134352");
    EXPECT_EQ(data.count, 12);
    const std::vector<Gs1Element> other = {
        {"400", "PO123"}, {"420", "10115"}, {"8008", "26120814"}, {"91", "abc"}, {"92", "XYZ-1"}};
    EXPECT_EQ(data.other, other);
    EXPECT_EQ(parsed("]C100106141411234567897400PO123" + kGs + "42010115" + kGs + "91abc"),
              (Gs1Data{.sscc = "106141411234567897",
                       .other = {{"400", "PO123"}, {"420", "10115"}, {"91", "abc"}}}));
}

TEST(ParseGs1, AppliesTheFormatAndLintersOfAnyApplicationIdentifier) {
    EXPECT_EQ(error_of("(01)09506000134352(8008)26133114"), "(8008) 261331 is not a valid date");
    EXPECT_EQ(error_of("(01)09506000134352(8008)26123125"), "(8008) 25 is not a valid hour");
    EXPECT_EQ(error_of("(01)09506000134352(8008)261231141"),
              "(8008) does not fit its format N6+N2+[N2]+[N2]");
    EXPECT_TRUE(parse("(01)09506000134352(13)260100").ok());  // yymmd0: day 00 is the 31st
    EXPECT_EQ(error_of("(01)09506000134352(7006)260100"), "(7006) 260100 is not a valid date");
    EXPECT_EQ(error_of("(414)4006381333930"), "(414) check digit should be 1, got 0");
    EXPECT_EQ(error_of("(00)106141411234567897(4321)2"), "(4321) 2 must be 0 or 1");
    EXPECT_EQ(error_of("(8010)ab"),
              "(8010) contains 'a', which is not in the GS1 character set 39");
}

TEST(ParseGs1, RefusesAnApplicationIdentifierWithoutTheOnesItRequires) {
    EXPECT_EQ(error_of("(21)12345"), "(21) requires (01), (03) or (8006)");
    EXPECT_EQ(error_of("(17)261231"), "(17) requires (01), (02), (03), (255), (8006) or (8026)");
    EXPECT_EQ(error_of("(00)106141411234567897(37)5"), "(37) requires (02) or (8026)");
}

TEST(ParseGs1, RefusesApplicationIdentifiersThatMustNotBeTogether) {
    EXPECT_EQ(error_of("(01)09506000134352(02)09506000134352"),
              "(01) and (02) must not be used together");
    EXPECT_EQ(error_of("(01)09506000134352(37)5"), "(01) and (37) must not be used together");
    EXPECT_EQ(error_of("(01)09506000134352(3102)000100(3103)000100"),
              "(3102) and (3103) must not be used together");
}

// --- JSON ---------------------------------------------------------------------------------------

TEST(ToJson, WritesOnlyThePresentFieldsInAFixedOrder) {
    EXPECT_EQ(to_json(parsed("(10)ABC123(17)261231(01)09506000134352")),
              R"({"gtin":"09506000134352","expiry":"2026-12-31","lot":"ABC123"})");
    EXPECT_EQ(to_json(Gs1Data{}), "{}");
}

TEST(ToJson, WritesEveryFieldWithCountsAndGramsAsNumbers) {
    const Gs1Data data{.sscc = "106141411234567897",
                       .gtin = "09506000134352",
                       .content_gtin = "04006381333931",
                       .production_date = "2025-01-15",
                       .best_before = "2026-06-30",
                       .expiry = "2026-12-31",
                       .lot = "L1",
                       .serial = "S1",
                       .count = 24,
                       .variable_count = 7,
                       .net_weight_g = 1250};
    EXPECT_EQ(to_json(data),
              R"({"sscc":"106141411234567897","gtin":"09506000134352",)"
              R"("content_gtin":"04006381333931","production_date":"2025-01-15",)"
              R"("best_before":"2026-06-30","expiry":"2026-12-31","lot":"L1","serial":"S1",)"
              R"("count":24,"variable_count":7,"net_weight_g":1250})");
}

TEST(ToJson, EscapesQuotesBackslashesAndControlCharacters) {
    EXPECT_EQ(to_json(parsed("(01)09506000134352(10)A\"B")),
              R"({"gtin":"09506000134352","lot":"A\"B"})");
    EXPECT_EQ(to_json(Gs1Data{.serial = "a\\b\n\x01"}), R"({"serial":"a\\b\u000a\u0001"})");
}

// --- telling GS1 data from plain codes ----------------------------------------------------------

TEST(LooksLikeGs1, IsTrueForSymbologyIdentifiersSeparatorsAndBracketedAis) {
    for (const std::string input :
         {"]C1"
          "0109506000134352",
          "]d2"
          "0109506000134352",
          "]Q3"
          "0109506000134352",
          "]e0"
          "0109506000134352",
          "\x1d"
          "0109506000134352",
          "<GS>0109506000134352", "{GS}0109506000134352", "(01)09506000134352", "(3103)001250",
          "]E04006381333931", "]E495050003", "]Q1(01)09506000134352"}) {
        EXPECT_TRUE(looks_like_gs1(input)) << input;
    }
}

TEST(LooksLikeGs1, IsFalseForSkusBareGtinsAndOtherSymbologies) {
    for (const std::string input : {"", "MUG-01", "09506000134352", "4006381333931", "]C0MUG-01",
                                    "]A04006", "(A1)", "(1)2", "(12345)6", "(01", "(", "SKU(01)"}) {
        EXPECT_FALSE(looks_like_gs1(input)) << input;
    }
}

}  // namespace
}  // namespace tally::catalog
