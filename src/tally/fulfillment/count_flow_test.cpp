#include "tally/fulfillment/count_flow.hpp"

#include <gtest/gtest.h>

namespace tally::fulfillment {
namespace {

constexpr std::int64_t kWarehouse = 1;
constexpr std::int64_t kBin = 20;
constexpr std::int64_t kMug = 7;
constexpr std::int64_t kTea = 8;

CountView bin_view() {
    return CountView{.open_bins = {kBin},
                     .next_bin = "A-01",
                     .bin_code = "A-01",
                     .tasks = {{.task = 100, .product_id = kMug, .sku = "MUG-01", .name = "Mug"},
                               {.task = 101, .product_id = kTea, .sku = "TEA-01", .name = "Tea"}}};
}

Scan bin(std::int64_t id, std::int64_t warehouse = kWarehouse) {
    return Scan{
        .what = Scan::What::bin, .barcode = "B:BER:A-01", .id = id, .warehouse_id = warehouse};
}

Scan unit(std::int64_t product, std::int64_t units = 1) {
    return Scan{.what = Scan::What::product, .barcode = "MUG-01", .id = product, .units = units};
}

const Scan kCounted{.what = Scan::What::command, .barcode = "CMD-COUNTED", .command = "COUNTED"};

StationState counting() {
    StationState state;
    state.step = Step::count_units;
    state.bin = kBin;
    return state;
}

TEST(JudgeCount, StartsCountingABinWithOpenTasks) {
    const auto decision =
        judge_count(kWarehouse, StationState{.step = Step::scan_bin}, bin_view(), bin(kBin));

    EXPECT_EQ(decision.verdict, Verdict::ok);
    EXPECT_EQ(decision.state.step, Step::count_units);
    EXPECT_EQ(decision.state.bin, kBin);
}

TEST(JudgeCount, RefusesABinWithoutATaskOrOfAnotherWarehouse) {
    const StationState idle{.step = Step::scan_bin};

    EXPECT_EQ(judge_count(kWarehouse, idle, bin_view(), bin(21)).verdict, Verdict::wrong_bin);
    EXPECT_EQ(judge_count(kWarehouse, idle, bin_view(), bin(kBin, 2)).verdict, Verdict::wrong_bin);
    EXPECT_EQ(judge_count(kWarehouse, idle, bin_view(), unit(kMug)).verdict,
              Verdict::unexpected_barcode);
}

TEST(JudgeCount, CountsUnitsAndAGs1CountOfTheBinsProducts) {
    auto state = judge_count(kWarehouse, counting(), bin_view(), unit(kMug)).state;
    state = judge_count(kWarehouse, state, bin_view(), unit(kMug, 12)).state;

    EXPECT_EQ(counted_of(state, kMug), 13);
    EXPECT_EQ(counted_of(state, kTea), 0);
}

TEST(JudgeCount, RefusesAProductTheBinIsNotCountedFor) {
    const auto decision = judge_count(kWarehouse, counting(), bin_view(), unit(99));

    EXPECT_EQ(decision.verdict, Verdict::wrong_item);
    EXPECT_EQ(decision.state, counting());
}

TEST(JudgeCount, SubmitsEveryTasksCountIncludingNoneFound) {
    auto state = judge_count(kWarehouse, counting(), bin_view(), unit(kMug, 3)).state;

    const auto decision = judge_count(kWarehouse, state, bin_view(), kCounted);

    ASSERT_EQ(decision.verdict, Verdict::ok);
    EXPECT_EQ(decision.state.step, Step::scan_bin);
    EXPECT_TRUE(decision.state.counted.empty());
    ASSERT_EQ(decision.effects.size(), 2U);
    EXPECT_EQ(decision.effects[0].kind, Effect::Kind::record_count);
    EXPECT_EQ(decision.effects[0].id, 100);
    EXPECT_EQ(decision.effects[0].quantity, 3);
    EXPECT_EQ(decision.effects[1].id, 101);
    EXPECT_EQ(decision.effects[1].quantity, 0);
}

TEST(CountInstruction, ShowsTheBinAndWhatIsCountedButNeverTheBooks) {
    auto state = judge_count(kWarehouse, counting(), bin_view(), unit(kTea, 2)).state;

    const auto next = count_instruction(state, bin_view());

    EXPECT_EQ(next.action, "count_units");
    EXPECT_EQ(next.bin, "A-01");
    ASSERT_EQ(next.counted.size(), 2U);
    EXPECT_EQ(next.counted[1].sku, "TEA-01");
    EXPECT_EQ(next.counted[1].counted, 2);
    EXPECT_FALSE(next.counted[1].expected);
}

TEST(CountInstruction, NamesTheNextBinToCountWhenIdle) {
    EXPECT_EQ(count_instruction(StationState{.step = Step::scan_bin}, bin_view()).bin, "A-01");
}

CartonView carton() {
    return CartonView{.id = 40,
                      .lines = {{.product_id = kMug, .sku = "MUG-01", .expected = 2, .packed = 2},
                                {.product_id = kTea, .sku = "TEA-01", .expected = 1, .packed = 1}}};
}

StationState counting_carton() {
    StationState state;
    state.step = Step::count_carton;
    state.carton = 40;
    state.weighed = 812;
    return state;
}

TEST(JudgeCartonCount, RefusesASubmitWithAUnitMissing) {
    auto state = judge_carton_count(counting_carton(), carton(), unit(kMug, 2)).state;

    const auto decision = judge_carton_count(state, carton(), kCounted);

    EXPECT_EQ(decision.verdict, Verdict::count_short);
    EXPECT_EQ(decision.state, state);
}

TEST(JudgeCartonCount, PacksTheCartonWithItsWeightOnceTheCountMatches) {
    auto state = judge_carton_count(counting_carton(), carton(), unit(kMug, 2)).state;
    state = judge_carton_count(state, carton(), unit(kTea)).state;

    const auto decision = judge_carton_count(state, carton(), kCounted);

    ASSERT_EQ(decision.verdict, Verdict::ok);
    EXPECT_EQ(decision.state.step, Step::scan_tracking);
    ASSERT_EQ(decision.effects.size(), 1U);
    EXPECT_EQ(decision.effects[0].kind, Effect::Kind::accept_weight);
    EXPECT_EQ(decision.effects[0].weight_g, 812);
}

TEST(JudgeCartonCount, RefusesAUnitCountedTwice) {
    auto state = judge_carton_count(counting_carton(), carton(), unit(kTea)).state;

    EXPECT_EQ(judge_carton_count(state, carton(), unit(kTea)).verdict, Verdict::over_quantity);
}

// A pack bench's carton: two mugs and one light unit (a sachet of `sachet_g`) in box S.
StationView mixed_carton(int sachet_g) {
    StationView view;
    CartonView carton{.id = 40, .seq = 1, .box_code = "S", .tare_g = 100, .status = "open"};
    carton.lines = {
        {.product_id = kMug, .sku = "MUG-01", .expected = 2, .packed = 2, .unit_weight_g = 350},
        {.product_id = kTea,
         .sku = "TEA-01",
         .expected = 1,
         .packed = 1,
         .unit_weight_g = sachet_g}};
    view.pack.cartons = {carton};
    view.pack.lines = {{.product_id = kMug, .sku = "MUG-01", .to_pack = 2, .packed = 2},
                       {.product_id = kTea, .sku = "TEA-01", .to_pack = 1, .packed = 1}};
    view.pack.scale_precision_g = 2;
    return view;
}

Scan weight(int grams) {
    return Scan{.what = Scan::What::text, .weight_g = grams};
}

StationState weighing() {
    return StationState{.step = Step::weigh, .orders = {5}, .carton = 40};
}

// The flat 5 % of 840 g (±42 g) let this carton through without its 40 g sachet.
TEST(JudgePackWeighing, RefusesACartonWithoutItsLightestUnit) {
    const auto view = mixed_carton(40);  // 840 g, ± half the sachet: 20 g

    EXPECT_EQ(judge(StationKind::pack, kWarehouse, weighing(), view, weight(802)).verdict,
              Verdict::weight_mismatch);
    EXPECT_EQ(judge(StationKind::pack, kWarehouse, weighing(), view, weight(842)).verdict,
              Verdict::ok);
    const auto next = instruction(StationKind::pack, weighing(), view);
    EXPECT_EQ(next.tolerance_g, 20);
    EXPECT_FALSE(next.count_required);
}

TEST(JudgePackWeighing, AsksForACountWhenTheScaleCannotTellTheLightestUnit) {
    const auto view = mixed_carton(6);  // half of 6 g is below twice the scale's 2 g

    const auto decision = judge(StationKind::pack, kWarehouse, weighing(), view, weight(807));

    ASSERT_EQ(decision.verdict, Verdict::ok);
    EXPECT_EQ(decision.state.step, Step::count_carton);
    EXPECT_EQ(decision.state.weighed, 807);
    EXPECT_TRUE(decision.effects.empty());  // packed once counted
    EXPECT_TRUE(instruction(StationKind::pack, weighing(), view).count_required);
    const auto counting = instruction(StationKind::pack, decision.state, view);
    EXPECT_EQ(counting.action, "count_carton");
    ASSERT_EQ(counting.counted.size(), 2U);
    EXPECT_EQ(counting.counted[0].expected, 2);
}

TEST(StationState, KeepsWhatWasCountedAndTheWeightAcrossEncoding) {
    StationState state{.step = Step::count_carton, .orders = {5}, .carton = 40};
    state.counted = {{kMug, 2}, {kTea, 1}};
    state.weighed = 807;

    EXPECT_EQ(decode_state(encode_state(state)), state);
    EXPECT_FALSE(decode_state("step=count_units;counted=7"));
}

}  // namespace
}  // namespace tally::fulfillment
