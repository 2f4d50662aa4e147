#include "tally/fulfillment/cartonize.hpp"

#include <gtest/gtest.h>

namespace tally::fulfillment {
namespace {

const Box kSmall{.id = 1,
                 .code = "S",
                 .length_mm = 200,
                 .width_mm = 150,
                 .height_mm = 100,
                 .tare_g = 100,
                 .max_load_g = 5000};
const Box kLarge{.id = 2,
                 .code = "L",
                 .length_mm = 400,
                 .width_mm = 300,
                 .height_mm = 300,
                 .tare_g = 400,
                 .max_load_g = 20000};

PackItem mugs(std::int64_t quantity) {
    return PackItem{.product_id = 7,
                    .length_mm = 120,
                    .width_mm = 90,
                    .height_mm = 80,
                    .weight_g = 350,
                    .quantity = quantity};
}

TEST(Cartonize, PutsOneSmallUnitInTheSmallestBox) {
    const auto cartons = cartonize({mugs(1)}, {kLarge, kSmall}, {});

    ASSERT_EQ(cartons.size(), 1U);
    EXPECT_EQ(cartons[0].box_code, "S");
    EXPECT_EQ(cartons[0].contents_weight_g, 350);
    EXPECT_EQ(cartons[0].items, (std::vector<std::pair<std::int64_t, std::int64_t>>{{7, 1}}));
}

TEST(Cartonize, MovesUpABoxWhenTheSmallOneIsTooFull) {
    const auto cartons = cartonize({mugs(4)}, {kSmall, kLarge}, {});

    ASSERT_EQ(cartons.size(), 1U);
    EXPECT_EQ(cartons[0].box_code, "L");
    EXPECT_EQ(cartons[0].tare_g, 400);
}

TEST(Cartonize, SplitsWhatNoBoxHoldsAtOnce) {
    const auto cartons = cartonize({mugs(60)}, {kSmall, kLarge}, {});

    ASSERT_GE(cartons.size(), 2U);
    std::int64_t units = 0;
    for (const auto& carton : cartons) {
        EXPECT_TRUE(carton.box_id.has_value());
        EXPECT_LE(carton.contents_weight_g, kLarge.max_load_g);
        units += carton.items.at(0).second;
    }
    EXPECT_EQ(units, 60);
}

TEST(Cartonize, RespectsTheLoadLimit) {
    PackItem bricks{.product_id = 3,
                    .length_mm = 50,
                    .width_mm = 50,
                    .height_mm = 50,
                    .weight_g = 4000,
                    .quantity = 2};

    const auto cartons = cartonize({bricks}, {kSmall}, {});

    EXPECT_EQ(cartons.size(), 2U);
}

TEST(Cartonize, ShipsAUnitNoBoxFitsInItsOwnPackaging) {
    PackItem rug{.product_id = 9,
                 .length_mm = 2000,
                 .width_mm = 300,
                 .height_mm = 300,
                 .weight_g = 6000,
                 .quantity = 1};

    const auto cartons = cartonize({rug, mugs(1)}, {kSmall, kLarge}, {});

    ASSERT_EQ(cartons.size(), 2U);
    EXPECT_EQ(cartons[0].box_code, "S");
    EXPECT_FALSE(cartons[1].box_id.has_value());
    EXPECT_EQ(cartons[1].tare_g, 0);
}

TEST(Cartonize, KeepsPaddingAroundTheContents) {
    PackItem snug{.product_id = 4,
                  .length_mm = 195,
                  .width_mm = 140,
                  .height_mm = 50,
                  .weight_g = 100,
                  .quantity = 1};

    EXPECT_EQ(cartonize({snug}, {kSmall, kLarge}, {.padding_mm = 10})[0].box_code, "L");
    EXPECT_EQ(
        cartonize({snug}, {kSmall, kLarge}, {.padding_mm = 0, .fill_percent = 100})[0].box_code,
        "S");
}

TEST(WeightRange, UsesThirtyGramsForLightCartons) {
    const auto range = weight_range(400, {});

    EXPECT_EQ(range.min_g, 370);
    EXPECT_EQ(range.max_g, 430);
    EXPECT_TRUE(range.contains(430));
    EXPECT_FALSE(range.contains(369));
}

TEST(WeightRange, UsesFivePercentForHeavyCartons) {
    const auto range = weight_range(10000, {});

    EXPECT_EQ(range.min_g, 9500);
    EXPECT_EQ(range.max_g, 10500);
}

TEST(WeightRange, FollowsAConfiguredTolerance) {
    const auto range = weight_range(1000, {.percent = 10, .min_g = 5});

    EXPECT_EQ(range.min_g, 900);
    EXPECT_EQ(range.max_g, 1100);
}

}  // namespace
}  // namespace tally::fulfillment
