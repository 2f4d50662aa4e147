#include "tally/shipping/carrier.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tally::shipping {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

ShippingRule to(std::string carrier, std::string service) {
    return ShippingRule{.carrier = std::move(carrier), .service = std::move(service)};
}

// Most specific first, a catch-all last: the order a merchant would write them in.
const std::vector<ShippingRule> kRules = [] {
    auto overnight = to("UPS", "NDA");
    overnight.service_level = "overnight";
    auto heavy_de = to("DBS", "PAL");
    heavy_de.country = "DE";
    heavy_de.min_weight_g = 31'501;
    auto light_de = to("DHL", "PAK");
    light_de.country = "DE";
    light_de.max_weight_g = 31'500;
    auto small_anywhere = to("DPD", "SML");
    small_anywhere.min_weight_g = 0;
    small_anywhere.max_weight_g = 2'000;
    return std::vector{overnight, heavy_de, light_de, small_anywhere, to("FDX", "ECO")};
}();

struct Case {
    const char* name;
    ShipmentFacts facts;
    std::optional<std::size_t> expected;
};

class ChooseRuleTable : public ::testing::TestWithParam<Case> {};

TEST_P(ChooseRuleTable, PicksTheFirstRuleWhoseEverySetConditionHolds) {
    const auto& c = GetParam();
    EXPECT_EQ(choose_rule(kRules, c.facts), c.expected);
}

const Case kCases[] = {
    {"AServiceLevelRuleWinsOverEverythingBelowIt", {"overnight", "DE", 50'000}, 0},
    {"AHeavyGermanParcelGoesByPallet", {"standard", "DE", 40'000}, 1},
    {"TheMinimumWeightIsInclusive", {"standard", "DE", 31'501}, 1},
    {"TheMaximumWeightIsInclusive", {"standard", "DE", 31'500}, 2},
    {"ALightGermanParcelGoesByParcel", {"express", "DE", 800}, 2},
    {"ASmallParcelAbroadTakesTheWeightOnlyRule", {"standard", "FR", 2'000}, 3},
    {"AWeightOfZeroMatchesAMinimumOfZero", {"economy", "US", 0}, 3},
    {"EverythingElseFallsToTheCatchAll", {"standard", "FR", 2'001}, 4},
};

INSTANTIATE_TEST_SUITE_P(Cases, ChooseRuleTable, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ChooseRule, FindsNothingWhenNoRuleMatches) {
    auto only_de = to("DHL", "PAK");
    only_de.country = "DE";
    EXPECT_EQ(choose_rule({only_de}, {"standard", "FR", 100}), std::nullopt);
    EXPECT_EQ(choose_rule({}, {"standard", "DE", 100}), std::nullopt);
}

TEST(ChooseRule, ARuleWithoutConditionsMatchesAnything) {
    EXPECT_TRUE(rule_matches(to("DHL", "PAK"), {}));
    EXPECT_TRUE(rule_matches(to("DHL", "PAK"), {"freight", "AU", 90'000'000}));
}

TEST(CarrierCode, TakesUpperCaseLettersDigitsDashAndUnderscore) {
    EXPECT_TRUE(valid_carrier_code("DHL"));
    EXPECT_TRUE(valid_carrier_code("DHL_EXPRESS-2"));
    EXPECT_TRUE(valid_carrier_code(std::string(32, 'A')));
    EXPECT_FALSE(valid_carrier_code(""));
    EXPECT_FALSE(valid_carrier_code(std::string(33, 'A')));
    EXPECT_FALSE(valid_carrier_code("dhl"));
    EXPECT_FALSE(valid_carrier_code("DHL EXP"));
    EXPECT_FALSE(valid_carrier_code("DHL.EXP"));
}

CarrierInput good_carrier() {
    return CarrierInput{.code = "DHL",
                        .name = "DHL Paket",
                        .pickup_days = {"mon", "wed", "fri"},
                        .tracking_url = "https://www.dhl.de/track?piececode={tracking}",
                        .services = {{"PAK", "Paket", "standard"}, {"EXP", "Express", "express"}}};
}

std::vector<std::string> fields_of(const core::FieldErrors& errors) {
    std::vector<std::string> fields;
    for (const auto& error : errors.list()) {
        fields.push_back(error.field);
    }
    return fields;
}

std::vector<std::string> carrier_errors(const CarrierInput& input) {
    core::FieldErrors errors;
    validate_carrier(input, errors);
    return fields_of(errors);
}

TEST(ValidateCarrier, AcceptsAGoodCarrier) {
    EXPECT_THAT(carrier_errors(good_carrier()), IsEmpty());
    auto bare = good_carrier();
    bare.pickup_days.clear();
    bare.tracking_url.clear();
    bare.services.clear();
    EXPECT_THAT(carrier_errors(bare), IsEmpty());
}

TEST(ValidateCarrier, NamesEveryBadFieldAtOnce) {
    auto input = good_carrier();
    input.code = "dhl";
    input.name = " ";
    input.pickup_days = {"mon", "monday", "mon"};
    input.tracking_url = "https://www.dhl.de/track";
    input.services = {
        {"PAK", "Paket", "standard"}, {"PAK", "", "teleport"}, {"a b", "Express", "express"}};
    EXPECT_THAT(carrier_errors(input),
                ElementsAre("code", "name", "pickup_days/1", "pickup_days/2", "tracking_url",
                            "services/1/code", "services/1/name", "services/1/service_level",
                            "services/2/code"));
}

TEST(ValidateCarrier, WantsAnHttpTrackingUrlWithThePlaceholder) {
    auto input = good_carrier();
    for (const char* url : {"ftp://x/{tracking}", "https://x/{tracking} y", "{tracking}"}) {
        input.tracking_url = url;
        EXPECT_THAT(carrier_errors(input), ElementsAre("tracking_url")) << url;
    }
    input.tracking_url = "http://track.example.com/{tracking}";
    EXPECT_THAT(carrier_errors(input), IsEmpty());
}

TEST(ValidateCarrier, AcceptsEveryServiceLevelOfAnOrder) {
    auto input = good_carrier();
    input.services.clear();
    for (const char* level : {"standard", "express", "overnight", "economy", "freight"}) {
        input.services.push_back({"S" + std::to_string(input.services.size()), level, level});
    }
    EXPECT_THAT(carrier_errors(input), IsEmpty());
}

std::vector<std::string> rule_errors(const std::vector<ShippingRule>& rules) {
    core::FieldErrors errors;
    validate_rules(rules, errors);
    return fields_of(errors);
}

TEST(ValidateRules, AcceptsTheExampleRules) {
    EXPECT_THAT(rule_errors(kRules), IsEmpty());
    EXPECT_THAT(rule_errors({}), IsEmpty());
}

TEST(ValidateRules, NamesTheRuleAndFieldAtFault) {
    auto bad_level = to("DHL", "PAK");
    bad_level.service_level = "teleport";
    auto bad_country = to("DHL", "PAK");
    bad_country.country = "de";
    auto upside_down = to("DHL", "PAK");
    upside_down.min_weight_g = 500;
    upside_down.max_weight_g = 100;
    auto negative = to("DHL", "PAK");
    negative.min_weight_g = -1;
    EXPECT_THAT(rule_errors({to("DHL", "PAK"), bad_level, to("dhl", ""), bad_country, upside_down,
                             negative}),
                ElementsAre("rules/1/service_level", "rules/2/carrier", "rules/2/service",
                            "rules/3/country", "rules/4/max_weight_g", "rules/5/min_weight_g"));
}

TEST(ValidateRules, RefusesMoreThanFiveHundredRules) {
    const std::vector<ShippingRule> many(kMaxRules + 1, to("DHL", "PAK"));
    EXPECT_THAT(rule_errors(many), ElementsAre("rules"));
}

}  // namespace
}  // namespace tally::shipping
