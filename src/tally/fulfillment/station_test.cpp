#include "tally/fulfillment/station.hpp"

#include <gtest/gtest.h>

namespace tally::fulfillment {
namespace {

constexpr std::int64_t kWarehouse = 1;

PickTask mug_task() {
    return PickTask{.id = 11,
                    .order_id = 5,
                    .slot = 0,
                    .product_id = 7,
                    .sku = "MUG-01",
                    .name = "Mug",
                    .bin_id = 3,
                    .bin_code = "A-01",
                    .lot = "L1",
                    .expiry = std::nullopt,
                    .near_expiry = false,
                    .quantity = 2,
                    .picked = 0};
}

StationView pick_view() {
    StationView view;
    view.pick.open = {mug_task()};
    view.pick.units_total = 2;
    return view;
}

StationState picking(Step step) {
    return StationState{
        .step = step, .orders = {5}, .task = 11, .bin = step == Step::scan_item ? 3 : 0};
}

Scan product(std::int64_t id, std::int64_t units = 1) {
    return Scan{.what = Scan::What::product, .barcode = "code", .id = id, .units = units};
}

Scan bin(std::int64_t id) {
    return Scan{.what = Scan::What::bin,
                .barcode = "B:BER:" + std::to_string(id),
                .id = id,
                .warehouse_id = kWarehouse};
}

TEST(Labels, RoundTripEveryKind) {
    for (const auto kind :
         {LabelKind::order, LabelKind::batch, LabelKind::carton, LabelKind::trailer}) {
        const auto parsed = parse_label(label_text(kind, 42));
        ASSERT_TRUE(parsed) << label_text(kind, 42);
        EXPECT_EQ(parsed->kind, kind);
        EXPECT_EQ(parsed->id, 42);
    }
    const auto tote = parse_label(tote_label(3, 2));
    ASSERT_TRUE(tote);
    EXPECT_EQ(tote->kind, LabelKind::tote);
    EXPECT_EQ(tote->id, 3);
    EXPECT_EQ(tote->slot, 2);
    const auto bin = parse_label("B:BER:A-01-02");
    ASSERT_TRUE(bin);
    EXPECT_EQ(bin->kind, LabelKind::bin);
    EXPECT_EQ(bin->warehouse, "BER");
    EXPECT_EQ(bin->bin, "A-01-02");
}

TEST(Labels, ReadLowerCaseAndCommands) {
    EXPECT_EQ(parse_label("ord-7")->id, 7);
    EXPECT_EQ(parse_label("cmd-short")->command, "SHORT");
}

TEST(Labels, RefuseWhatIsNotOneOfTallys) {
    for (const char* text : {"ORD-", "ORD-x", "ORD-0", "ORD--5", "ORD-5a", "TOTE-3", "TOTE-3-0",
                             "B:BER", "B::A-01", "B:BER:", "MUG-01", "", "4006381333931"}) {
        EXPECT_FALSE(parse_label(text)) << text;
    }
}

TEST(StationState, SurvivesEncoding) {
    const StationState state{.step = Step::weigh,
                             .batch = 2,
                             .orders = {4, 5},
                             .task = 9,
                             .bin = 3,
                             .carton = 8,
                             .refused_weight = 1234,
                             .manifest = 0};

    EXPECT_EQ(decode_state(encode_state(state)), state);
    EXPECT_EQ(encode_state(StationState{}), "step=scan_order");
}

TEST(StationState, RefusesGarbage) {
    EXPECT_FALSE(decode_state(""));
    EXPECT_FALSE(decode_state("step=fly"));
    EXPECT_FALSE(decode_state("step=weigh;task=x"));
    EXPECT_FALSE(decode_state("step=weigh;colour=3"));
}

TEST(JudgePick, StartsOnAReleasedOrder) {
    const Scan order{.what = Scan::What::order,
                     .barcode = "ORD-5",
                     .id = 5,
                     .status = "released",
                     .warehouse_id = kWarehouse};

    const auto d = judge(StationKind::pick, kWarehouse, StationState{}, {}, order);

    EXPECT_EQ(d.verdict, Verdict::ok);
    EXPECT_EQ(d.state.orders, std::vector<std::int64_t>{5});
    ASSERT_EQ(d.effects.size(), 1U);
    EXPECT_EQ(d.effects[0].kind, Effect::Kind::start_pick);
}

TEST(JudgePick, RefusesAnOrderThatIsNotReleasedOrElsewhere) {
    Scan order{.what = Scan::What::order,
               .barcode = "ORD-5",
               .id = 5,
               .status = "allocated",
               .warehouse_id = kWarehouse};
    EXPECT_EQ(judge(StationKind::pick, kWarehouse, {}, {}, order).verdict, Verdict::wrong_order);
    order.status = "released";
    order.warehouse_id = 2;
    EXPECT_EQ(judge(StationKind::pick, kWarehouse, {}, {}, order).verdict, Verdict::wrong_order);
}

TEST(JudgePick, AsksForTheBinBeforeTheProduct) {
    const auto state = picking(Step::scan_bin);

    EXPECT_EQ(judge(StationKind::pick, kWarehouse, state, pick_view(), product(7)).verdict,
              Verdict::wrong_bin);
    EXPECT_EQ(judge(StationKind::pick, kWarehouse, state, pick_view(), bin(4)).verdict,
              Verdict::wrong_bin);
    const auto right = judge(StationKind::pick, kWarehouse, state, pick_view(), bin(3));
    EXPECT_EQ(right.verdict, Verdict::ok);
    EXPECT_EQ(right.state.step, Step::scan_item);
}

TEST(JudgePick, RefusesAnotherProductAndKeepsTheStep) {
    const auto state = picking(Step::scan_item);

    const auto d = judge(StationKind::pick, kWarehouse, state, pick_view(), product(8));

    EXPECT_EQ(d.verdict, Verdict::wrong_item);
    EXPECT_EQ(d.state, state);
    EXPECT_TRUE(d.effects.empty());
}

TEST(JudgePick, RefusesALotPastItsExpiryAndMovesNothing) {
    const auto state = picking(Step::scan_item);
    auto view = pick_view();
    view.pick.today = "2026-12-08";
    view.pick.open.front().expiry = "2026-12-07";

    const auto d = judge(StationKind::pick, kWarehouse, state, view, product(7));

    EXPECT_EQ(d.verdict, Verdict::expired_lot);
    EXPECT_NE(d.message.find("2026-12-07"), std::string::npos) << d.message;
    EXPECT_EQ(d.state, state);
    EXPECT_TRUE(d.effects.empty());
    view.pick.open.front().expiry = "2026-12-08";  // good through today
    EXPECT_EQ(judge(StationKind::pick, kWarehouse, state, view, product(7)).verdict, Verdict::ok);
}

TEST(JudgePick, RefusesAUnitWhoseGs1ExpiryIsBeforeToday) {
    const auto state = picking(Step::scan_item);
    auto view = pick_view();
    view.pick.today = "2026-12-08";
    auto expired = product(7);
    expired.lot = "L1";
    expired.expiry = "2026-11-30";

    const auto d = judge(StationKind::pick, kWarehouse, state, view, expired);

    EXPECT_EQ(d.verdict, Verdict::expired_lot);
    EXPECT_TRUE(d.effects.empty());
    EXPECT_EQ(parse_verdict("expired_lot"), Verdict::expired_lot);
}

TEST(JudgePick, RefusesAnotherLotAndTooManyUnits) {
    const auto state = picking(Step::scan_item);
    auto other_lot = product(7);
    other_lot.lot = "L2";

    EXPECT_EQ(judge(StationKind::pick, kWarehouse, state, pick_view(), other_lot).verdict,
              Verdict::wrong_lot);
    EXPECT_EQ(judge(StationKind::pick, kWarehouse, state, pick_view(), product(7, 3)).verdict,
              Verdict::over_quantity);
}

TEST(JudgePick, PicksTheRightProduct) {
    const auto d =
        judge(StationKind::pick, kWarehouse, picking(Step::scan_item), pick_view(), product(7, 2));

    EXPECT_EQ(d.verdict, Verdict::ok);
    ASSERT_EQ(d.effects.size(), 1U);
    EXPECT_EQ(d.effects[0].kind, Effect::Kind::pick_units);
    EXPECT_EQ(d.effects[0].quantity, 2);
}

TEST(JudgePick, RecordsAShortPickWithItsReason) {
    const Scan shortage{.what = Scan::What::command,
                        .barcode = "CMD-SHORT",
                        .command = "SHORT",
                        .reason = "damaged"};

    const auto d =
        judge(StationKind::pick, kWarehouse, picking(Step::scan_item), pick_view(), shortage);

    ASSERT_EQ(d.effects.size(), 1U);
    EXPECT_EQ(d.effects[0].kind, Effect::Kind::short_task);
    EXPECT_EQ(d.effects[0].quantity, 2);
    EXPECT_EQ(d.effects[0].text, "damaged");
}

TEST(JudgePick, AsksForTheReasonOfAShortPickAndKeepsTheStep) {
    const Scan shortage{
        .what = Scan::What::command, .barcode = "CMD-SHORT", .command = "SHORT", .reason = "  "};
    const auto state = picking(Step::scan_item);

    const auto d = judge(StationKind::pick, kWarehouse, state, pick_view(), shortage);

    EXPECT_EQ(d.verdict, Verdict::reason_required);
    EXPECT_TRUE(d.effects.empty());
    EXPECT_EQ(d.state, state);
}

TEST(JudgeEntry, RefusesAKeyedCodeWithoutApprovalWhenASupervisorIsRequired) {
    auto keyed = bin(3);
    keyed.entry = Entry::keyed;
    const auto state = picking(Step::scan_bin);

    const auto d = judge(StationKind::pick, kWarehouse, state, pick_view(), keyed,
                         EntryRules{.keyed_requires_supervisor = true});

    EXPECT_EQ(d.verdict, Verdict::supervisor_required);
    EXPECT_TRUE(d.effects.empty());
    EXPECT_EQ(d.state, state);
}

TEST(JudgeEntry, TakesAKeyedCodeWhenApprovedOrWhenNoSupervisorIsRequired) {
    auto keyed = bin(3);
    keyed.entry = Entry::keyed;
    auto approved = keyed;
    approved.approved = true;
    const EntryRules strict{.keyed_requires_supervisor = true};

    EXPECT_EQ(
        judge(StationKind::pick, kWarehouse, picking(Step::scan_bin), pick_view(), keyed).verdict,
        Verdict::ok);
    EXPECT_EQ(
        judge(StationKind::pick, kWarehouse, picking(Step::scan_bin), pick_view(), approved, strict)
            .verdict,
        Verdict::ok);
    EXPECT_EQ(
        judge(StationKind::pick, kWarehouse, picking(Step::scan_bin), pick_view(), bin(3), strict)
            .verdict,
        Verdict::ok);
}

TEST(Entry, NamesRoundTrip) {
    EXPECT_EQ(parse_entry(to_string(Entry::keyed)), Entry::keyed);
    EXPECT_EQ(parse_entry(to_string(Entry::scan)), Entry::scan);
    EXPECT_FALSE(parse_entry("typed"));
}

TEST(JudgePick, CallsAnUnknownCodeUnknown) {
    const Scan nothing{.what = Scan::What::text, .barcode = "XYZ"};

    EXPECT_EQ(judge(StationKind::pick, kWarehouse, picking(Step::scan_item), pick_view(), nothing)
                  .verdict,
              Verdict::unknown_barcode);
}

TEST(Settle, MovesToTheNextTaskAndSkipsABinAlreadyConfirmed) {
    auto view = pick_view();
    auto next = mug_task();
    next.id = 12;
    view.pick.open = {next};
    const auto state = picking(Step::scan_item);

    const auto settled = settle(StationKind::pick, state, view);

    EXPECT_FALSE(settled.finished);
    EXPECT_EQ(settled.state.task, 12);
    EXPECT_EQ(settled.state.step, Step::scan_item);
    next.bin_id = 4;
    view.pick.open = {next};
    EXPECT_EQ(settle(StationKind::pick, state, view).state.step, Step::scan_bin);
}

TEST(Settle, FinishesWhenNothingIsLeftToPick) {
    const auto settled = settle(StationKind::pick, picking(Step::scan_item), StationView{});

    EXPECT_TRUE(settled.finished);
    EXPECT_EQ(settled.state.step, Step::scan_order);
}

StationView pack_view(std::int64_t packed) {
    StationView view;
    CartonView carton{.id = 20,
                      .seq = 1,
                      .sscc = "006141410000000204",
                      .box_code = "S",
                      .tare_g = 100,
                      .status = "open",
                      .tracking = std::nullopt,
                      .lines = {}};
    carton.lines.push_back(CartonLine{.product_id = 7,
                                      .sku = "MUG-01",
                                      .name = "Mug",
                                      .expected = 2,
                                      .packed = packed,
                                      .unit_weight_g = 350,
                                      .fragile = true});
    view.pack.cartons = {carton};
    view.pack.lines = {PackLine{.product_id = 7, .sku = "MUG-01", .to_pack = 2, .packed = packed}};
    return view;
}

StationState packing(Step step) {
    return StationState{.step = step, .orders = {5}, .carton = 20};
}

TEST(JudgePack, RefusesAnOrderWithoutACarrier) {
    Scan order{.what = Scan::What::order,
               .barcode = "ORD-5",
               .id = 5,
               .status = "picked",
               .warehouse_id = kWarehouse};

    EXPECT_EQ(judge(StationKind::pack, kWarehouse, {}, {}, order).verdict, Verdict::no_carrier);
    order.has_carrier = true;
    EXPECT_EQ(judge(StationKind::pack, kWarehouse, {}, {}, order).verdict, Verdict::ok);
}

TEST(JudgePack, RefusesAProductNotInTheOrderOrPackedAlready) {
    EXPECT_EQ(
        judge(StationKind::pack, kWarehouse, packing(Step::scan_item), pack_view(0), product(8))
            .verdict,
        Verdict::wrong_item);
    EXPECT_EQ(
        judge(StationKind::pack, kWarehouse, packing(Step::scan_item), pack_view(2), product(7))
            .verdict,
        Verdict::over_quantity);
}

TEST(JudgePack, WeighsWithinTheTolerance) {
    const auto state = packing(Step::weigh);
    const auto view = pack_view(2);  // 2 × 350 g + 100 g tare = 800 g, ± 40 g
    Scan weight{.what = Scan::What::text};

    EXPECT_EQ(judge(StationKind::pack, kWarehouse, state, view, weight).verdict,
              Verdict::weight_required);
    weight.weight_g = 450;
    const auto light = judge(StationKind::pack, kWarehouse, state, view, weight);
    EXPECT_EQ(light.verdict, Verdict::weight_mismatch);
    EXPECT_EQ(light.state.refused_weight, 450);
    weight.weight_g = 830;
    const auto right = judge(StationKind::pack, kWarehouse, state, view, weight);
    EXPECT_EQ(right.verdict, Verdict::ok);
    EXPECT_EQ(right.state.step, Step::scan_tracking);
}

TEST(JudgePack, TakesOneTrackingNumberPerCarton) {
    const auto state = packing(Step::scan_tracking);
    Scan label{.what = Scan::What::text, .barcode = "1Z999AA10123456784"};

    EXPECT_EQ(judge(StationKind::pack, kWarehouse, state, pack_view(2), label).verdict,
              Verdict::ok);
    label.tracking_owner = 99;
    EXPECT_EQ(judge(StationKind::pack, kWarehouse, state, pack_view(2), label).verdict,
              Verdict::duplicate_tracking);
}

TEST(SettlePack, WeighsOnceTheCartonIsFilled) {
    EXPECT_EQ(settle(StationKind::pack, packing(Step::scan_item), pack_view(2)).state.step,
              Step::weigh);
    EXPECT_EQ(settle(StationKind::pack, packing(Step::scan_item), pack_view(1)).state.step,
              Step::scan_item);
}

StationView load_view(std::vector<std::string> missing) {
    StationView view;
    view.load =
        LoadView{.carrier = "DHL", .carrier_id = 1, .loaded = 1, .missing = std::move(missing)};
    return view;
}

Scan carton(std::string status, std::int64_t carrier) {
    return Scan{.what = Scan::What::carton,
                .barcode = "CTN-20",
                .id = 20,
                .status = std::move(status),
                .warehouse_id = kWarehouse,
                .carrier_id = carrier};
}

TEST(JudgeLoad, ChecksEachCarton) {
    const StationState state{.step = Step::scan_carton, .manifest = 3};
    const auto view = load_view({"x"});

    EXPECT_EQ(judge(StationKind::load, kWarehouse, state, view, carton("staged", 1)).verdict,
              Verdict::ok);
    EXPECT_EQ(judge(StationKind::load, kWarehouse, state, view, carton("staged", 2)).verdict,
              Verdict::wrong_carrier);
    EXPECT_EQ(judge(StationKind::load, kWarehouse, state, view, carton("loaded", 1)).verdict,
              Verdict::already_loaded);
    EXPECT_EQ(judge(StationKind::load, kWarehouse, state, view, carton("open", 1)).verdict,
              Verdict::not_packed);
}

TEST(JudgeLoad, ClosesOnlyAFullTrailer) {
    const StationState state{.step = Step::scan_carton, .manifest = 3};
    const Scan close{.what = Scan::What::command, .barcode = "CMD-CLOSE", .command = "CLOSE"};

    EXPECT_EQ(judge(StationKind::load, kWarehouse, state, load_view({"x"}), close).verdict,
              Verdict::manifest_incomplete);
    const auto done = judge(StationKind::load, kWarehouse, state, load_view({}), close);
    EXPECT_EQ(done.verdict, Verdict::ok);
    EXPECT_EQ(done.effects.at(0).kind, Effect::Kind::close_manifest);
}

TEST(Instruction, NamesTheBinProductAndLot) {
    const auto next = instruction(StationKind::pick, picking(Step::scan_bin), pick_view());

    EXPECT_EQ(next.action, "scan_bin");
    EXPECT_EQ(next.bin, "A-01");
    EXPECT_EQ(next.sku, "MUG-01");
    EXPECT_EQ(next.quantity, 2);
    EXPECT_EQ(next.lot, "L1");
}

TEST(Tracking, TakesCarrierNumbersOnly) {
    EXPECT_TRUE(plausible_tracking("1Z999AA10123456784"));
    EXPECT_FALSE(plausible_tracking("12345"));
    EXPECT_FALSE(plausible_tracking("ABC 123456"));
}

}  // namespace
}  // namespace tally::fulfillment
