#include "tally/core/csv.hpp"

#include <gtest/gtest.h>

namespace tally::core {
namespace {

TEST(ParseCsv, ReadsQuotedFieldsWithCommasQuotesAndLineBreaks) {
    const auto result = parse_csv("sku,name\r\nMUG-01,\"Mug, \"\"big\"\"\nblue\"\r\nCUP,Cup\n");
    ASSERT_TRUE(result.error.empty()) << result.error;
    ASSERT_EQ(result.rows.size(), 3U);
    EXPECT_EQ(result.rows[1], (CsvRow{"MUG-01", "Mug, \"big\"\nblue"}));
    EXPECT_EQ(result.rows[2], (CsvRow{"CUP", "Cup"}));
}

TEST(ParseCsv, SkipsABomAndBlankLinesAndKeepsEmptyFields) {
    const auto result = parse_csv(
        "\xEF\xBB\xBF"
        "a,b,c\n\n1,,3\n");
    ASSERT_EQ(result.rows.size(), 2U);
    EXPECT_EQ(result.rows[0], (CsvRow{"a", "b", "c"}));
    EXPECT_EQ(result.rows[1], (CsvRow{"1", "", "3"}));
}

TEST(ParseCsv, NamesTheLineOfAnUnclosedQuote) {
    const auto result = parse_csv("a,b\n1,\"open\n");
    EXPECT_EQ(result.error, "line 3: a quoted field is not closed");
}

TEST(CsvLine, QuotesWhereNeededAndDefusesFormulas) {
    EXPECT_EQ(csv_line({"plain", "with,comma", "say \"hi\""}),
              "plain,\"with,comma\",\"say \"\"hi\"\"\"\r\n");
    EXPECT_EQ(csv_line({"=HYPERLINK(1)", "-12", "@x"}), "'=HYPERLINK(1),-12,'@x\r\n");
}

TEST(CsvLine, DefusesALeadingTabOrCarriageReturn) {
    // OWASP's list: =, +, -, @, TAB and CR; a spreadsheet strips the blank and runs the rest.
    EXPECT_EQ(csv_line({"\t=1+2", "\r=cmd"}), "'\t=1+2,\"'\r=cmd\"\r\n");
    EXPECT_EQ(csv_line({"\t"}), "'\t\r\n");
}

TEST(InvalidUtf8, NamesEachFieldThatIsNotUtf8ByRowAndColumn) {
    const auto parsed = parse_csv(
        "sku,name\n"
        "MUG,Caf\xC3\xA9 \xF0\x9F\x98\x80\n"
        "CUP,Caf\xE9\n"
        "T\xC3,over\xE0\x80\xAFlong\n"
        "SUR,\xED\xA0\x80\n");
    FieldErrors errors;
    check_utf8(parsed.rows, errors);
    EXPECT_EQ(errors.list(), (std::vector<FieldError>{{"rows/3/name", "not valid UTF-8"},
                                                      {"rows/4/sku", "not valid UTF-8"},
                                                      {"rows/4/name", "not valid UTF-8"},
                                                      {"rows/5/name", "not valid UTF-8"}}));
}

TEST(InvalidUtf8, NamesAHeaderThatIsNotUtf8ByColumnNumber) {
    FieldErrors errors;
    check_utf8({{"sku", "n\xFFme"}}, errors);
    EXPECT_EQ(errors.list(), (std::vector<FieldError>{{"columns/2", "not valid UTF-8"}}));
}

TEST(CsvLine, RoundTripsThroughTheParser) {
    const CsvRow row{"a\"b", "c,d", "e\nf", ""};
    EXPECT_EQ(parse_csv(csv_line(row)).rows.at(0), row);
}

TEST(CsvHeader, FindsColumnsByName) {
    const CsvHeader header({"sku", " name "});
    EXPECT_EQ(header.index("name"), 1U);
    EXPECT_EQ(header.get({"MUG", "Mug"}, "name"), "Mug");
    EXPECT_EQ(header.get({"MUG"}, "name"), "");
    EXPECT_FALSE(header.index("price"));
}

}  // namespace
}  // namespace tally::core
