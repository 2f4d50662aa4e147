#include "tally/catalog/gs1_ai_table.hpp"

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace tally::catalog {
namespace {

bool all_digits(std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// Every linter the syntax dictionary names for an AI of the table; one missing here is a typo.
const std::set<std::string_view> kKnownLinters = {
    "csum",         "csumalpha",
    "gcppos1",      "gcppos2",
    "yymmd0",       "yymmdd",
    "yyyymmdd",     "hhmi",
    "hh",           "mi",
    "ss",           "iso3166",
    "iso3166999",   "iso3166alpha2",
    "iso4217",      "iso5218",
    "yesno",        "zero",
    "nonzero",      "winding",
    "pieceoftotal", "nozeroprefix",
    "hasnondigit",  "hyphen",
    "latitude",     "longitude",
    "pcenc",        "iban",
    "importeridx",  "packagetype",
    "mediatype",    "posinseqslash",
    "couponcode",   "couponposoffer",
};

// Each AI of a definition, "3100" to "3105".
std::vector<std::string> ais_of(const Gs1AiDefinition& definition) {
    std::vector<std::string> ais;
    const int first = std::stoi(std::string(definition.first));
    const int last = std::stoi(std::string(definition.last));
    for (int ai = first; ai <= last; ++ai) {
        std::string text = std::to_string(ai);
        ais.push_back(std::string(definition.first.size() - text.size(), '0') + text);
    }
    return ais;
}

TEST(Gs1AiTable, HoldsEveryAiOnceInLexicalOrderWithAFormatWithinGs1Bounds) {
    std::string_view previous_last;
    std::set<std::string> seen;
    for (const auto& definition : gs1_ai_table()) {
        SCOPED_TRACE(std::string(definition.first));
        ASSERT_TRUE(all_digits(definition.first) && all_digits(definition.last));
        EXPECT_GE(definition.first.size(), 2U);
        EXPECT_LE(definition.first.size(), 4U);
        EXPECT_EQ(definition.first.size(), definition.last.size());
        EXPECT_LE(definition.first, definition.last);
        EXPECT_LT(previous_last, definition.first);  // sorted, ranges do not overlap
        previous_last = definition.last;
        EXPECT_FALSE(definition.title.empty());

        const Gs1Format format = gs1_format(definition.spec);
        ASSERT_TRUE(format.valid) << definition.spec;
        EXPECT_GE(format.min_length, 1U);
        EXPECT_LE(format.max_length, 90U);  // the longest GS1 value, e.g. (8030) Z..90
        for (std::size_t i = 0; i < format.size; ++i) {
            std::string_view linters = format.components[i].linters;
            while (!linters.empty()) {
                const std::size_t comma = linters.find(',');
                EXPECT_TRUE(kKnownLinters.contains(linters.substr(0, comma)))
                    << linters.substr(0, comma);
                linters = comma == std::string_view::npos ? "" : linters.substr(comma + 1);
            }
        }
        for (const auto& ai : ais_of(definition)) {
            EXPECT_TRUE(seen.insert(ai).second) << ai;
            EXPECT_EQ(find_gs1_ai(ai), &definition) << ai;
            // GS1 fixes an AI's length by its first two digits.
            EXPECT_EQ(gs1_ai_length(std::string_view(ai).substr(0, 2)), ai.size()) << ai;
        }
    }
    EXPECT_EQ(seen.size(), 536U);
}

TEST(Gs1AiTable, NoAiIsThePrefixOfAnother) {
    for (const auto& definition : gs1_ai_table()) {
        for (const auto& ai : ais_of(definition)) {
            for (std::size_t length = 2; length < ai.size(); ++length) {
                EXPECT_EQ(find_gs1_ai(std::string_view(ai).substr(0, length)), nullptr) << ai;
            }
        }
    }
}

TEST(Gs1AiTable, MatchesTheTableOfPredefinedLengthsWhereNoFnc1IsNeeded) {
    for (const auto& definition : gs1_ai_table()) {
        SCOPED_TRACE(std::string(definition.first));
        const std::size_t predefined = gs1_predefined_length(definition.first.substr(0, 2));
        const Gs1Format format = gs1_format(definition.spec);
        EXPECT_EQ(definition.predefined_length, predefined != 0);
        if (definition.predefined_length) {
            EXPECT_EQ(format.min_length, format.max_length);
            EXPECT_EQ(definition.first.size() + format.max_length, predefined);
        }
    }
    EXPECT_EQ(gs1_predefined_length("01"), 16U);
    EXPECT_EQ(gs1_predefined_length("41"), 16U);
    EXPECT_EQ(gs1_predefined_length("10"), 0U);
}

TEST(Gs1AiTable, MarksTheDecimalPointAisAndEveryDateOfGs1) {
    for (const auto& definition : gs1_ai_table()) {
        const std::string_view ai = definition.first;
        const bool measure = ai.size() == 4 && ai >= "3100" && ai <= "3699";
        const bool amount = ai.size() == 4 && ai >= "3900" && ai <= "3959";
        EXPECT_EQ(definition.decimal_point, measure || amount) << ai;
    }
    for (const std::string_view ai : {"11", "12", "13", "15", "16", "17"}) {
        EXPECT_EQ(find_gs1_ai(ai)->spec, "N6,yymmd0") << ai;
    }
    EXPECT_EQ(find_gs1_ai("7006")->spec, "N6,yymmdd");
}

TEST(Gs1AiTable, KnowsTheAisOfALogisticsLabelAndTheAssociationRules) {
    EXPECT_EQ(find_gs1_ai("400")->title, "ORDER NUMBER");
    EXPECT_EQ(find_gs1_ai("420")->spec, "X..20");
    EXPECT_EQ(find_gs1_ai("8008")->spec, "N6,yymmdd N2,hh [N2],mi [N2],ss");
    EXPECT_EQ(find_gs1_ai("95")->spec, "X..90");
    EXPECT_EQ(find_gs1_ai("21")->requires_all, "01,03,8006");
    EXPECT_EQ(find_gs1_ai("02")->excludes, "01,03");
    EXPECT_EQ(find_gs1_ai("01")->excludes, "255,37");
    EXPECT_EQ(find_gs1_ai("59"), nullptr);
    EXPECT_EQ(find_gs1_ai("3106"), nullptr);
    EXPECT_EQ(find_gs1_ai("0"), nullptr);
}

TEST(Gs1Format, ParsesComponentsOptionalPartsAndLinters) {
    const Gs1Format format = gs1_format("N6,yymmdd N2,hh [N2],mi [N2],ss");
    ASSERT_TRUE(format.valid);
    EXPECT_EQ(format.size, 4U);
    EXPECT_EQ(format.min_length, 8U);
    EXPECT_EQ(format.max_length, 12U);
    EXPECT_TRUE(format.components[2].optional);
    EXPECT_EQ(format.components[2].linters, "mi");
    const Gs1Format text = gs1_format("X..20");
    EXPECT_EQ(text.components[0].charset, Gs1Charset::cset82);
    EXPECT_EQ(text.min_length, 1U);
    EXPECT_FALSE(gs1_format("").valid);
    EXPECT_FALSE(gs1_format("N..4 N2").valid);  // only the last component may vary
    EXPECT_FALSE(gs1_format("[N2] N2").valid);  // nothing mandatory after an optional part
    EXPECT_FALSE(gs1_format("Q3").valid);
}

TEST(Gs1Lint, AppliesCheckDigitsDatesAndTimes) {
    EXPECT_EQ(gs1_lint("csum", "09506000134352", 2026), "");
    EXPECT_EQ(gs1_lint("csum", "09506000134353", 2026), "check digit should be 2, got 3");
    EXPECT_EQ(gs1_lint("yymmd0", "260200", 2026), "");
    EXPECT_EQ(gs1_lint("yymmdd", "260200", 2026), "260200 is not a valid date");
    EXPECT_EQ(gs1_lint("yyyymmdd", "20000229", 2026), "");
    EXPECT_EQ(gs1_lint("yyyymmdd", "19000229", 2026), "19000229 is not a valid date");
    EXPECT_EQ(gs1_lint("hhmi", "2359", 2026), "");
    EXPECT_EQ(gs1_lint("hhmi", "2400", 2026), "2400 is not a valid time");
    EXPECT_EQ(gs1_lint("pieceoftotal", "0203", 2026), "");
    EXPECT_EQ(gs1_lint("pieceoftotal", "0302", 2026), "0302 is not a piece number of its total");
    EXPECT_EQ(gs1_lint("iso3166", "999", 2026), "");  // carried, not applied
    EXPECT_EQ(gs1_date("261200", 2026), "2026-12-31");
}

}  // namespace
}  // namespace tally::catalog
