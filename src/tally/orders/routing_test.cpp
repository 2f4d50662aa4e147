#include "tally/orders/routing.hpp"

#include <gtest/gtest.h>

namespace tally::orders {
namespace {

constexpr std::int64_t kA = 1;
constexpr std::int64_t kB = 2;
constexpr std::int64_t kC = 3;
constexpr std::int64_t kBer = 10;
constexpr std::int64_t kEwr = 20;
constexpr std::int64_t kSyd = 30;
constexpr std::int64_t kBer2 = 40;

const std::vector<RoutingWarehouse> kWarehouses = {
    {kBer, "BER", "DE", 52.52, 13.40, 500},
    {kEwr, "EWR", "US", 40.69, -74.17, 400},
    {kSyd, "SYD", "AU", -33.87, 151.21, 300},
    {kBer2, "BER2", "DE", 52.52, 13.40, 300},
};

const Destination kBerlin{"DE", 52.50, 13.45};
const Destination kUsa{"US", std::nullopt, std::nullopt};  // no coordinates: the country's centre

std::vector<RuleSetting> only(std::initializer_list<RoutingRule> rules) {
    std::vector<RuleSetting> out;
    for (const auto rule : rules) {
        out.push_back({rule, true});
    }
    return out;
}

struct Case {
    const char* name;
    std::vector<Demand> demands;
    Availability stock;
    Destination destination;
    std::vector<RuleSetting> rules;
    std::vector<std::vector<Take>> expected;  // per line
    std::int64_t backordered = 0;
    std::vector<std::string> warehouses;
};

class RoutingTable : public ::testing::TestWithParam<Case> {};

TEST_P(RoutingTable, Routes) {
    const auto& c = GetParam();
    const auto plan = route(c.demands, kWarehouses, c.stock, c.destination, c.rules);
    EXPECT_EQ(plan.lines, c.expected) << plan.reason;
    EXPECT_EQ(plan.backordered, c.backordered) << plan.reason;
    EXPECT_EQ(plan.warehouses, c.warehouses) << plan.reason;
    EXPECT_FALSE(plan.reason.empty());
}

const Case kCases[] = {
    {"ShipsCompleteFromTheOneWarehouseThatHoldsEverythingEvenWhenFarther",
     {{kA, "A", 1}, {kB, "B", 1}},
     {{{kA, kBer}, 5}, {{kA, kEwr}, 5}, {{kB, kEwr}, 5}},
     kBerlin,
     default_rules(),
     {{{kEwr, 1}}, {{kEwr, 1}}},
     0,
     {"EWR"}},
    {"NearestFirstWhenOnlyDistanceCounts",
     {{kA, "A", 2}},
     {{{kA, kBer}, 5}, {{kA, kEwr}, 5}, {{kA, kSyd}, 5}},
     kBerlin,
     only({RoutingRule::nearest}),
     {{{kBer, 2}}},
     0,
     {"BER"}},
    {"CountryCentreStandsInForMissingCoordinates",
     {{kA, "A", 2}},
     {{{kA, kBer}, 5}, {{kA, kEwr}, 5}},
     kUsa,
     default_rules(),
     {{{kEwr, 2}}},
     0,
     {"EWR"}},
    {"LowestCostBreaksATieOfDistance",
     {{kA, "A", 1}},
     {{{kA, kBer}, 5}, {{kA, kBer2}, 5}},
     kBerlin,
     default_rules(),
     {{{kBer2, 1}}},
     0,
     {"BER2"}},
    {"DisabledRulesAreSkipped",
     {{kA, "A", 1}},
     {{{kA, kBer}, 5}, {{kA, kBer2}, 5}},
     kBerlin,
     {{RoutingRule::lowest_cost, false}, {RoutingRule::nearest, true}},
     {{{kBer, 1}}},  // equal distance, cost ignored: the code decides
     0,
     {"BER"}},
    {"FewestWarehousesWhenNoneHoldsEverything",
     {{kA, "A", 1}, {kB, "B", 1}, {kC, "C", 1}},
     {{{kA, kBer}, 1}, {{kB, kBer}, 1}, {{kC, kEwr}, 1}, {{kA, kSyd}, 1}, {{kB, kSyd}, 1}},
     kBerlin,
     default_rules(),
     {{{kBer, 1}}, {{kBer, 1}}, {{kEwr, 1}}},
     0,
     {"BER", "EWR"}},
    {"CostBeforeDistanceWhenTheAdminSaysSo",
     {{kA, "A", 1}},
     {{{kA, kBer}, 5}, {{kA, kSyd}, 5}},
     kBerlin,
     only({RoutingRule::lowest_cost, RoutingRule::nearest}),
     {{{kSyd, 1}}},
     0,
     {"SYD"}},
    {"FillsAsMuchAsPossibleBeforeShippingComplete",
     {{kA, "A", 5}},
     {{{kA, kBer}, 2}, {{kA, kEwr}, 1}},
     kBerlin,
     default_rules(),
     {{{kBer, 2}, {kEwr, 1}}},
     2,
     {"BER", "EWR"}},
    {"LinesOfOneProductShareItsStock",
     {{kA, "A", 2}, {kA, "A", 2}},
     {{{kA, kBer}, 3}},
     kBerlin,
     default_rules(),
     {{{kBer, 2}}, {{kBer, 1}}},
     1,
     {"BER"}},
    {"NothingInStockBackordersEverything",
     {{kA, "A", 2}, {kB, "B", 1}},
     {{{kA, kBer}, 0}},
     kBerlin,
     default_rules(),
     {{}, {}},
     3,
     {}},
    {"ALineIsNotSplitWhenOneChosenWarehouseHoldsItWhole",
     {{kA, "A", 3}, {kB, "B", 1}},
     {{{kA, kBer}, 1}, {{kA, kEwr}, 3}, {{kB, kBer}, 1}},
     kBerlin,
     only({RoutingRule::fewest_warehouses, RoutingRule::nearest}),
     {{{kEwr, 3}}, {{kBer, 1}}},
     0,
     {"BER", "EWR"}},
    {"ALineFilledAlreadyTakesNothing",
     {{kA, "A", 0}, {kB, "B", 1}},
     {{{kA, kBer}, 5}, {{kB, kBer}, 1}},
     kBerlin,
     default_rules(),
     {{}, {{kBer, 1}}},
     0,
     {"BER"}},
};

INSTANTIATE_TEST_SUITE_P(Cases, RoutingTable, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

constexpr std::int64_t kKit = 4;
// A kit of two A and one B.
const Kits kTwoAOneB = {{kKit, {{kA, "A", 2}, {kB, "B", 1}}}};

TEST(Kits, ShipFromTheWarehouseWhosePartsMakeEveryKit) {
    const std::vector<Demand> demands = {{kKit, "KIT", 2}};
    const Availability stock = {
        {{kA, kBer}, 4}, {{kB, kBer}, 1}, {{kA, kEwr}, 10}, {{kB, kEwr}, 5}};

    const auto plan = route(demands, kWarehouses, stock, kBerlin, default_rules(), kTwoAOneB);

    EXPECT_EQ(plan.lines, (std::vector<std::vector<Take>>{{{kEwr, 2}}})) << plan.reason;
    EXPECT_EQ(plan.backordered, 0);
    EXPECT_EQ(plan.warehouses, std::vector<std::string>{"EWR"});
}

TEST(Kits, AKitAndALineOfItsPartNeverShareAUnit) {
    const std::vector<Demand> demands = {{kKit, "KIT", 2}, {kA, "A", 3}};
    const Availability stock = {{{kA, kBer}, 6}, {{kB, kBer}, 5}};

    const auto plan = route(demands, kWarehouses, stock, kBerlin, default_rules(), kTwoAOneB);

    // Two kits take four of the six A; the line of A gets the other two.
    EXPECT_EQ(plan.lines, (std::vector<std::vector<Take>>{{{kBer, 2}}, {{kBer, 2}}}))
        << plan.reason;
    EXPECT_EQ(plan.backordered, 1);
}

TEST(Kits, EachKitComesWholeFromOneWarehouse) {
    const Kits kits = {{kKit, {{kA, "A", 1}, {kB, "B", 1}}}};
    const std::vector<Demand> demands = {{kKit, "KIT", 3}};
    // Three A and three B in all, but only one whole kit in each warehouse.
    const Availability stock = {{{kA, kBer}, 2}, {{kB, kBer}, 1}, {{kA, kEwr}, 1}, {{kB, kEwr}, 2}};

    const auto plan = route(demands, kWarehouses, stock, kBerlin, default_rules(), kits);

    EXPECT_EQ(plan.lines, (std::vector<std::vector<Take>>{{{kBer, 1}, {kEwr, 1}}})) << plan.reason;
    EXPECT_EQ(plan.backordered, 1);
}

TEST(Kits, AKitWithAPartOutOfStockIsBackordered) {
    const std::vector<Demand> demands = {{kKit, "KIT", 1}};
    const Availability stock = {{{kA, kBer}, 5}};

    const auto plan = route(demands, kWarehouses, stock, kBerlin, default_rules(), kTwoAOneB);

    EXPECT_EQ(plan.lines, (std::vector<std::vector<Take>>{{}}));
    EXPECT_EQ(plan.backordered, 1);
    EXPECT_NE(plan.reason.find("backordered 1 x KIT"), std::string::npos) << plan.reason;
}

TEST(Distance, GreatCircleBerlinToNewYork) {
    EXPECT_NEAR(great_circle_km(52.52, 13.40, 40.71, -74.01), 6385, 15);
    EXPECT_NEAR(great_circle_km(0, 0, 0, 180), 20015, 5);
    EXPECT_DOUBLE_EQ(great_circle_km(10, 20, 10, 20), 0);
}

TEST(Distance, FallsBackToCountriesWithoutCoordinates) {
    const RoutingWarehouse vaduz{1, "VDZ", "LI", std::nullopt, std::nullopt, 0};
    EXPECT_EQ(distance_km(vaduz, {"LI", std::nullopt, std::nullopt}), 0);
    EXPECT_EQ(distance_km(vaduz, {"DE", std::nullopt, std::nullopt}), 20'000);
    const RoutingWarehouse paris{2, "PAR", "FR", std::nullopt, std::nullopt, 0};
    EXPECT_NEAR(distance_km(paris, {"DE", std::nullopt, std::nullopt}), 824, 30);
}

TEST(Distance, KnowsCountryCentresInSortedTable) {
    EXPECT_TRUE(country_centroid("AE"));
    EXPECT_TRUE(country_centroid("ZA"));
    EXPECT_TRUE(country_centroid("US"));
    for (const char* code : {"AT", "BE", "CH", "DK", "GB", "JP", "NL", "NZ", "SE", "SG"}) {
        EXPECT_TRUE(country_centroid(code)) << code;
    }
    EXPECT_FALSE(country_centroid("XX"));
}

TEST(Rules, NamesRoundTrip) {
    for (const auto& setting : default_rules()) {
        EXPECT_EQ(parse_rule(to_string(setting.rule)), setting.rule);
    }
    EXPECT_FALSE(parse_rule("cheapest"));
}

}  // namespace
}  // namespace tally::orders
