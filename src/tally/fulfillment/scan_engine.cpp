#include "tally/fulfillment/scan_engine.hpp"

#include <algorithm>

#include "tally/catalog/gs1.hpp"
#include "tally/fulfillment/count_task_repo.hpp"
#include "tally/fulfillment/floor_common.hpp"
#include "tally/inventory/cycle_count_service.hpp"
#include "tally/inventory/stock_repo.hpp"
#include "tally/orders/order_repo.hpp"
#include "tally/shipping/label.hpp"

namespace tally::fulfillment {

namespace {

using namespace detail;
using inventory::StockRepo;
using orders::OrderStatus;

// The units still free to plan in each candidate: stock less what open tasks will take.
std::vector<inventory::StockCandidate> free_candidates(db::Tx& tx, std::int64_t product,
                                                       std::int64_t warehouse,
                                                       std::int64_t skip_bin) {
    auto candidates =
        StockRepo::candidates(tx, catalog::ProductId{product}, inventory::WarehouseId{warehouse});
    const auto planned = FulfillmentRepo::planned(tx, product, warehouse);
    std::vector<inventory::StockCandidate> out;
    for (auto& c : candidates) {
        const auto it = planned.find({c.bin.value, c.lot});
        c.quantity -= it == planned.end() ? 0 : it->second;
        if (c.quantity > 0 && c.bin.value != skip_bin) {
            out.push_back(std::move(c));
        }
    }
    return out;
}

// Gives back units of a line that cannot be picked: off its allocation and the reservation.
void release_units(db::Tx& tx, std::int64_t line, std::int64_t product, std::int64_t warehouse,
                   std::int64_t quantity) {
    FulfillmentRepo::reduce_allocation(tx, line, warehouse, quantity);
    (void)StockRepo::unreserve(tx, catalog::ProductId{product}, inventory::WarehouseId{warehouse},
                               quantity);
}

// Plans pick tasks for `quantity` units of a line; units no storage bin holds are released.
void plan_line(db::Tx& tx, std::int64_t order, std::int64_t line, const ProductFacts& product,
               std::int64_t warehouse, std::int64_t quantity, std::int64_t skip_bin) {
    const auto rotation =
        product.expiry_tracked ? inventory::Rotation::fefo : inventory::Rotation::fifo;
    const auto plan = inventory::plan_picks(
        inventory::rotation_order(free_candidates(tx, product.id, warehouse, skip_bin), rotation),
        quantity, rotation);
    int sequence = 0;
    for (const auto& step : plan.lines) {
        FulfillmentRepo::insert_task(tx, NewTask{.order_id = order,
                                                 .line_id = line,
                                                 .warehouse_id = warehouse,
                                                 .product_id = product.id,
                                                 .bin_id = step.from.bin.value,
                                                 .lot = step.from.lot,
                                                 .expiry = step.from.expiry,
                                                 .sequence = ++sequence,
                                                 .quantity = step.quantity});
    }
    if (plan.shortfall > 0) {
        release_units(tx, line, product.id, warehouse, plan.shortfall);
    }
}

// The reason the scan log keeps: an override's or a short pick's, and who approved a keyed code.
std::optional<std::string> scan_reason(const ScanInput& input,
                                       const std::optional<std::string>& override_reason) {
    std::optional<std::string> reason = override_reason ? override_reason : input.reason;
    if (input.entry == Entry::keyed && input.approved_by) {
        const auto approval = "approved by " + *input.approved_by;
        reason = reason && !reason->empty() ? *reason + " (" + approval + ")" : approval;
    }
    return reason;
}

// Completes a job once its last scan is in: orders picked, or packed and staged.
core::Result<std::string> finish_job(db::Tx& tx, const identity::Principal& actor, StationKind kind,
                                     std::int64_t warehouse, const StationState& state,
                                     core::TimestampMs now) {
    if (kind == StationKind::pick) {
        for (const auto order : state.orders) {
            (void)hold_order(tx, order, warehouse, 0);
            auto done = set_order_status(tx, actor, now, order, warehouse, OrderStatus::picking,
                                         OrderStatus::picked, "all units picked");
            if (!done) {
                return std::unexpected(done.error());
            }
        }
        if (state.batch != 0) {
            FulfillmentRepo::set_batch_status(tx, state.batch, "done");
        }
        return std::string(state.orders.size() == 1 ? "The order is picked."
                                                    : "The batch is picked.");
    }
    if (kind == StationKind::pack) {
        const auto order = state.orders.front();
        (void)hold_order(tx, order, warehouse, 0);
        FulfillmentRepo::stage_cartons(tx, order, warehouse);
        auto packed = set_order_status(tx, actor, now, order, warehouse, OrderStatus::packing,
                                       OrderStatus::packed, "all units packed and weighed");
        if (packed) {
            packed = set_order_status(tx, actor, now, order, warehouse, OrderStatus::packed,
                                      OrderStatus::staged, "cartons staged for the carrier");
        }
        if (!packed) {
            return std::unexpected(packed.error());
        }
        return std::string("The order is packed and staged.");
    }
    return std::string("The trailer has left.");
}

std::optional<std::int64_t> expected_product(const StationView& view, const StationState& state,
                                             StationKind kind) {
    if (kind == StationKind::pick) {
        for (const auto& task : view.pick.open) {
            if (task.id == state.task) {
                return task.product_id;
            }
        }
    }
    if (kind == StationKind::pack) {
        for (const auto& carton : view.pack.cartons) {
            if (carton.id != state.carton) {
                continue;
            }
            for (const auto& line : carton.lines) {
                if (line.packed < line.expected) {
                    return line.product_id;
                }
            }
        }
    }
    return std::nullopt;
}

std::optional<std::int64_t> expected_bin(const StationView& view, const StationState& state,
                                         StationKind kind) {
    if (kind == StationKind::pick) {
        for (const auto& task : view.pick.open) {
            if (task.id == state.task) {
                return task.bin_id;
            }
        }
    }
    return std::nullopt;
}

// The task a pick scan confirms units of: from the view just read when it is there (the
// station's own warehouse, so no second read), else from the database.
std::optional<TaskRow> pick_task(db::Tx& tx, const StationView& view, std::int64_t id,
                                 std::int64_t warehouse) {
    for (const auto& t : view.pick.open) {
        if (t.id == id) {
            return TaskRow{.id = t.id,
                           .order_id = t.order_id,
                           .warehouse_id = warehouse,
                           .product_id = t.product_id,
                           .bin_id = t.bin_id,
                           .lot = t.lot,
                           .expiry = t.expiry,
                           .quantity = t.quantity,
                           .picked = t.picked};
        }
    }
    return FulfillmentRepo::task(tx, id);
}

// Units a scan confirmed on the shelf: what the error rate is counted against.
std::int64_t accepted_units(const Decision& decision) {
    std::int64_t units = 0;
    for (const auto& effect : decision.effects) {
        if (effect.kind == Effect::Kind::pick_units) {
            units += effect.quantity;
        }
    }
    return units;
}

// Count task `effect.id` counted `effect.quantity` units: inventory adjusts the variance
// (reason cycle_count) in this transaction, and the product's open tasks in the bin are done.
core::Status record_count(db::Tx& tx, db::Database& db, const core::Clock& clock,
                          const identity::Principal& actor, const Effect& effect) {
    const auto task = CountTaskRepo::open_task(tx, effect.id);
    if (!task) {
        return core::fail(core::ErrorCode::conflict,
                          "That count task was done meanwhile; scan the bin again.");
    }
    inventory::CycleCountService counts(db, clock);
    const auto counted = counts.record_count(
        tx, actor,
        inventory::CountedStock{
            .warehouse = task->warehouse,
            .where = {inventory::WarehouseId{task->warehouse_id}, inventory::BinId{task->bin_id},
                      catalog::ProductId{task->product_id}},
            .lot_tracked = task->lot_tracked,
            .counted = effect.quantity,
            .reference = "count-task:" + std::to_string(task->id)});
    if (!counted) {
        return std::unexpected(counted.error());
    }
    (void)CountTaskRepo::close(tx, task->bin_id, task->product_id);
    return {};
}

}  // namespace

// What a scan needs from outside its transaction: the catalog's reading of a product code,
// and for an order scanned at a pack station its carrier service and the box types.
struct StationService::Prepared {
    std::optional<TallyLabel> label;
    std::optional<std::string> sscc;
    std::optional<catalog::ResolvedScan> product;
    std::optional<shipping::ChosenService> carrier;
    std::vector<Box> boxes;
};

core::Result<StationService::Prepared> StationService::prepare(const ScanInput& input) {
    Prepared prepared;
    const std::string& code = input.barcode;
    if (code.empty()) {
        return prepared;
    }
    prepared.label = parse_label(code);
    if (!prepared.label) {
        // A carton's SSCC, bare (18 digits) or as a GS1 element string with AI 00.
        if (catalog::valid_sscc(code)) {
            prepared.sscc = code;
        } else if (catalog::looks_like_gs1(code)) {
            const auto parsed = catalog::parse_gs1(code);
            if (parsed.data && parsed.data->sscc) {
                prepared.sscc = parsed.data->sscc;
            }
        } else if (code.size() == 20 && code.starts_with("00") &&
                   catalog::valid_sscc(code.substr(2))) {
            prepared.sscc = code.substr(2);
        }
    }
    if (!prepared.label && !prepared.sscc) {
        auto product = catalog_.resolve_scan(code);
        if (product) {
            prepared.product = std::move(*product);
        } else if (product.error().code != core::ErrorCode::not_found &&
                   product.error().code != core::ErrorCode::invalid_argument) {
            return std::unexpected(product.error());
        }
    }
    const bool order_label = prepared.label && (prepared.label->kind == LabelKind::order ||
                                                prepared.label->kind == LabelKind::tote);
    if (order_label) {
        // The order's carrier service and the box types, read before the scan's write
        // transaction so it never waits for a second connection.
        auto facts =
            db_.read([&](db::Tx& tx) -> core::Result<std::optional<shipping::ShipmentFacts>> {
                std::int64_t order = prepared.label->id;
                if (prepared.label->kind == LabelKind::tote) {
                    order = 0;
                    if (const auto batch = FulfillmentRepo::batch(tx, prepared.label->id)) {
                        for (const auto& [slot, id] : batch->orders) {
                            order = slot == prepared.label->slot ? id : order;
                        }
                    }
                }
                const auto found = FulfillmentRepo::order_facts(tx, order);
                if (!found) {
                    return std::optional<shipping::ShipmentFacts>();
                }
                std::int64_t weight = 0;
                for (const auto& a : FulfillmentRepo::allocations(tx, order, found->warehouse_id)) {
                    if (const auto p = FulfillmentRepo::product(tx, a.product_id)) {
                        weight += a.quantity * p->weight_g;
                    }
                }
                return std::optional(shipping::ShipmentFacts{.service_level = found->service_level,
                                                             .country = found->country,
                                                             .weight_g = static_cast<int>(weight)});
            });
        if (!facts) {
            return std::unexpected(facts.error());
        }
        if (*facts) {
            auto chosen = shipping_.choose(**facts);
            if (!chosen) {
                return std::unexpected(chosen.error());
            }
            prepared.carrier = *chosen;
            auto boxes = catalog_.list_box_types(false);
            if (!boxes) {
                return std::unexpected(boxes.error());
            }
            for (const auto& b : *boxes) {
                prepared.boxes.push_back(Box{.id = b.id.value,
                                             .code = b.code,
                                             .length_mm = b.inner.length_mm,
                                             .width_mm = b.inner.width_mm,
                                             .height_mm = b.inner.height_mm,
                                             .tare_g = b.tare_g,
                                             .max_load_g = b.max_load_g});
            }
        }
    }
    return prepared;
}

core::Result<ScanReply> StationService::run_scan(
    const identity::Principal& actor, const std::string& code, const ScanInput& input,
    const std::optional<std::string>& override_reason,
    const std::function<std::string(const ScanAnswer&)>& render) {
    auto prepared = prepare(input);
    if (!prepared) {
        return std::unexpected(prepared.error());
    }
    auto result = db_.write([&](db::Tx& tx) -> core::Result<ScanReply> {
        auto row = station_for(tx, actor, code);
        if (!row) {
            return std::unexpected(row.error());
        }
        if (input.scan_id) {
            if (const auto stored = FulfillmentRepo::find_scan(tx, *input.scan_id)) {
                if (stored->station_id != row->id) {
                    return std::unexpected(
                        core::Error{.code = core::ErrorCode::conflict,
                                    .message = "That scan_id was sent from another station.",
                                    .fields = {{"scan_id", "is already used at another station"}}});
                }
                return ScanReply{stored->response, true};
            }
        }
        const auto now = clock_.now_ms();
        const auto kind = *parse_station_kind(row->kind);
        const StationState state =
            decode_state(row->state).value_or(StationState{.step = idle_step(kind)});
        const auto settings = settings_.read(tx);
        const auto before = load_view(tx, kind, row->warehouse_id, state, settings, now);
        const auto expected = instruction(kind, state, before);

        Decision decision;
        if (override_reason) {
            if (kind != StationKind::pack || state.step != Step::weigh || !state.refused_weight) {
                return core::fail(core::ErrorCode::invalid_transition,
                                  "Station " + code + " has no refused weight to override.");
            }
            StationState next = state;
            next.step = Step::scan_tracking;
            next.refused_weight.reset();
            decision =
                Decision{.verdict = Verdict::ok,
                         .message = "Weight " + std::to_string(*state.refused_weight) +
                                    " g accepted by " + actor.username + ": " + *override_reason,
                         .effects = {Effect{.kind = Effect::Kind::accept_weight,
                                            .weight_g = *state.refused_weight,
                                            .text = *override_reason}},
                         .state = next};
        } else {
            auto scan = resolve(tx, row->id, row->warehouse_id, input, state, prepared->label,
                                prepared->sscc, prepared->product, prepared->carrier.has_value());
            scan.entry = input.entry;
            scan.reason = input.reason.value_or("");
            // A manager or admin keying a code is their own supervisor.
            scan.approved = input.approved_by.has_value() || actor.role == identity::Role::admin ||
                            actor.role == identity::Role::manager;
            decision = judge(
                kind, row->warehouse_id, state, before, scan,
                EntryRules{.keyed_requires_supervisor = settings.keyed_entry_requires_supervisor});
        }

        // Apply what the accepted scan changes.
        StationState after = decision.state;
        const auto reference = [&](std::int64_t order) { return order_ref(order); };
        for (const auto& effect : decision.effects) {
            core::Status applied;
            switch (effect.kind) {
                case Effect::Kind::start_pick:
                    for (const auto order : after.orders) {
                        const auto facts =
                            FulfillmentRepo::order_facts(tx, order, row->warehouse_id);
                        if (!facts || facts->warehouse_id != row->warehouse_id) {
                            return core::fail(
                                core::ErrorCode::conflict,
                                "Order " + std::to_string(order) + " is not to be picked here.");
                        }
                        if (!hold_order(tx, order, row->warehouse_id, row->id)) {
                            return core::fail(core::ErrorCode::conflict,
                                              "Order " + std::to_string(order) +
                                                  " is in hand at another station.");
                        }
                        if (facts->status == "released") {
                            applied = set_order_status(tx, actor, now, order, row->warehouse_id,
                                                       OrderStatus::released, OrderStatus::picking,
                                                       "picking at station " + code);
                            if (!applied) {
                                return std::unexpected(applied.error());
                            }
                        } else if (facts->status != "picking") {
                            return core::fail(core::ErrorCode::invalid_transition,
                                              "Order " + std::to_string(order) + " is " +
                                                  facts->status + ", not released.");
                        }
                        if (!FulfillmentRepo::has_tasks(tx, order, row->warehouse_id)) {
                            for (const auto& a :
                                 FulfillmentRepo::allocations(tx, order, row->warehouse_id)) {
                                const auto product = FulfillmentRepo::product(tx, a.product_id);
                                plan_line(tx, order, a.line_id, *product, row->warehouse_id,
                                          a.quantity, 0);
                            }
                        }
                    }
                    if (after.batch != 0) {
                        FulfillmentRepo::set_batch_status(tx, after.batch, "picking");
                    }
                    break;
                case Effect::Kind::pick_units: {
                    const auto task = pick_task(tx, before, effect.id, row->warehouse_id);
                    if (!task || !FulfillmentRepo::add_picked(tx, task->id, effect.quantity)) {
                        return core::fail(core::ErrorCode::conflict,
                                          "That pick changed meanwhile; scan again.");
                    }
                    const auto from =
                        key_of(task->product_id, task->warehouse_id, task->bin_id, task->lot);
                    if (!StockRepo::take(tx, from, effect.quantity)) {
                        return core::fail(core::ErrorCode::insufficient_stock,
                                          "The bin holds fewer units than the books say: scan "
                                          "CMD-SHORT to report the shortfall.");
                    }
                    const auto outbound =
                        FulfillmentRepo::special_bin(tx, task->warehouse_id, "staging", "OUTBOUND");
                    const auto to =
                        key_of(task->product_id, task->warehouse_id, outbound, task->lot);
                    StockRepo::add(tx, to, task->expiry, now, effect.quantity);
                    StockRepo::append_ledger(tx, ledger(actor, now, from, -effect.quantity, "pick",
                                                        std::nullopt, reference(task->order_id)));
                    StockRepo::append_ledger(tx, ledger(actor, now, to, effect.quantity, "pick",
                                                        std::nullopt, reference(task->order_id)));
                    break;
                }
                case Effect::Kind::short_task: {
                    const auto task = FulfillmentRepo::task(tx, effect.id);
                    if (!task) {
                        return core::fail(core::ErrorCode::conflict, "That pick is gone.");
                    }
                    const auto missing = effect.quantity;
                    FulfillmentRepo::set_short(tx, task->id, missing);
                    release_units(tx, task->line_id, task->product_id, task->warehouse_id, missing);
                    // The books held units the shelf did not: write them off until the count.
                    const auto key =
                        key_of(task->product_id, task->warehouse_id, task->bin_id, task->lot);
                    const auto booked = std::min(missing, StockRepo::quantity(tx, key));
                    if (booked > 0 && StockRepo::take(tx, key, booked) &&
                        StockRepo::take_on_hand(tx, catalog::ProductId{task->product_id},
                                                inventory::WarehouseId{task->warehouse_id},
                                                booked)) {
                        StockRepo::append_ledger(
                            tx, ledger(actor, now, key, -booked, "adjustment",
                                       std::string("short_pick"), reference(task->order_id)));
                    }
                    FulfillmentRepo::insert_count_task(
                        tx, task->warehouse_id, task->bin_id, task->product_id,
                        effect.text.empty() ? "short pick" : "short pick: " + effect.text, now);
                    // Another bin of the warehouse may hold the units.
                    if (StockRepo::reserve(tx, catalog::ProductId{task->product_id},
                                           inventory::WarehouseId{task->warehouse_id}, missing)) {
                        FulfillmentRepo::grow_allocation(tx, task->order_id, task->line_id,
                                                         task->product_id, task->warehouse_id,
                                                         missing);
                        const auto product = FulfillmentRepo::product(tx, task->product_id);
                        plan_line(tx, task->order_id, task->line_id, *product, task->warehouse_id,
                                  missing, task->bin_id);
                    }
                    break;
                }
                case Effect::Kind::start_pack: {
                    const auto order = effect.id;
                    const auto facts = FulfillmentRepo::order_facts(tx, order, row->warehouse_id);
                    if (!hold_order(tx, order, row->warehouse_id, row->id)) {
                        return core::fail(
                            core::ErrorCode::conflict,
                            "Order " + std::to_string(order) + " is in hand at another station.");
                    }
                    if (facts && facts->status == "picked") {
                        applied = set_order_status(tx, actor, now, order, row->warehouse_id,
                                                   OrderStatus::picked, OrderStatus::packing,
                                                   "packing at station " + code);
                        if (!applied) {
                            return std::unexpected(applied.error());
                        }
                    }
                    if (FulfillmentRepo::carton_views(tx, order, row->warehouse_id).empty()) {
                        std::map<std::int64_t, PackItem> items;
                        for (const auto& p :
                             FulfillmentRepo::picked(tx, order, row->warehouse_id)) {
                            const auto product = FulfillmentRepo::product(tx, p.product_id);
                            auto& item = items[p.product_id];
                            item = PackItem{.product_id = p.product_id,
                                            .length_mm = product->length_mm,
                                            .width_mm = product->width_mm,
                                            .height_mm = product->height_mm,
                                            .weight_g = product->weight_g,
                                            .quantity = item.quantity + p.picked};
                        }
                        std::vector<PackItem> list;
                        for (const auto& [id, item] : items) {
                            list.push_back(item);
                        }
                        const auto planned =
                            cartonize(list, prepared->boxes,
                                      CartonizeOptions{.padding_mm = settings.carton_padding_mm});
                        int seq = 0;
                        for (const auto& c : planned) {
                            const auto id = FulfillmentRepo::insert_carton(
                                tx, order, row->warehouse_id, ++seq, c.box_id, c.box_code,
                                c.contents_weight_g + c.tare_g,
                                prepared->carrier ? std::optional(prepared->carrier->service_id)
                                                  : std::nullopt,
                                now);
                            FulfillmentRepo::set_sscc(
                                tx, id,
                                shipping::make_sscc(settings.sscc_extension,
                                                    settings.sscc_company_prefix, id));
                            for (const auto& [product, units] : c.items) {
                                FulfillmentRepo::insert_carton_item(tx, id, product, units);
                            }
                        }
                    }
                    break;
                }
                case Effect::Kind::pack_unit:
                    if (!FulfillmentRepo::add_packed(tx, after.carton, effect.id,
                                                     effect.quantity)) {
                        return core::fail(core::ErrorCode::conflict,
                                          "That carton changed meanwhile; scan again.");
                    }
                    break;
                case Effect::Kind::accept_weight:
                    FulfillmentRepo::set_weight(
                        tx, after.carton, effect.weight_g,
                        effect.text.empty() ? std::nullopt : std::optional(effect.text),
                        effect.text.empty() ? std::nullopt : std::optional(actor.username), now);
                    break;
                case Effect::Kind::set_tracking:
                    FulfillmentRepo::set_tracking(tx, after.carton, effect.text);
                    break;
                case Effect::Kind::start_load:
                    break;
                case Effect::Kind::load_carton:
                    if (!FulfillmentRepo::load_carton(tx, effect.id, after.manifest, now)) {
                        return core::fail(core::ErrorCode::conflict,
                                          "That carton changed meanwhile; scan again.");
                    }
                    break;
                case Effect::Kind::record_count:
                    applied = record_count(tx, db_, clock_, actor, effect);
                    if (!applied) {
                        return std::unexpected(applied.error());
                    }
                    break;
                case Effect::Kind::close_manifest:
                    applied = ship_manifest(tx, events_, actor, effect.id, now);
                    if (!applied) {
                        return std::unexpected(applied.error());
                    }
                    break;
            }
        }

        // Move on: the next task or carton, or the end of the job.
        const bool same_job =
            after.orders == state.orders && after.manifest == state.manifest &&
            std::ranges::none_of(decision.effects, [](const Effect& e) {
                return e.kind == Effect::Kind::start_pick || e.kind == Effect::Kind::start_pack ||
                       e.kind == Effect::Kind::start_load || e.kind == Effect::Kind::close_manifest;
            });
        auto view = load_view(tx, kind, row->warehouse_id, after, settings, now,
                              same_job ? &before : nullptr);
        const auto settled = settle(kind, after, view);
        ScanAnswer answer{.station = code,
                          .verdict = decision.verdict,
                          .message = decision.message,
                          .step = std::string(to_string(state.step)),
                          .expected = expected,
                          .progress = progress(kind, settled.state, view),
                          .next = {}};
        if (settled.finished) {
            const auto finished = finish_job(tx, actor, kind, row->warehouse_id, after, now);
            if (!finished) {
                return std::unexpected(finished.error());
            }
            answer.progress = progress(kind, after, view);
            answer.next.action = "done";
            answer.message += " " + *finished;
        } else {
            answer.next = instruction(kind, settled.state, view);
        }
        FulfillmentRepo::save_station(
            tx, row->id, encode_state(settled.state),
            actor.id.value != 0 ? std::optional(actor.id.value) : std::nullopt, now);
        const auto body = render(answer);
        FulfillmentRepo::insert_scan(
            tx, ScanRecord{
                    .scan_id = input.scan_id,
                    .station_id = row->id,
                    .warehouse_id = row->warehouse_id,
                    .user_id = actor.id.value != 0 ? std::optional(actor.id.value) : std::nullopt,
                    .actor = actor.username,
                    .at = now,
                    .scanned_at = input.scanned_at,
                    .step = answer.step,
                    .barcode = override_reason ? "OVERRIDE" : input.barcode,
                    .expected = expected.sku ? *expected.sku
                                             : (expected.bin ? *expected.bin : expected.action),
                    .verdict = std::string(to_string(decision.verdict)),
                    .order_id = expected.order,
                    .product_id = expected_product(before, state, kind),
                    .bin_id = expected_bin(before, state, kind),
                    .units = decision.verdict == Verdict::ok && input.barcode.size() > 0
                                 ? accepted_units(decision)
                                 : 0,
                    .response = body,
                    .entry = std::string(to_string(input.entry)),
                    .reason = scan_reason(input, override_reason)});
        return ScanReply{body, false};
    });
    if (!result && result.error().code == core::ErrorCode::conflict && input.scan_id) {
        // The same scan_id raced in from a retry: answer with what the first one stored.
        auto stored = db_.read([&](db::Tx& tx) -> core::Result<std::optional<StoredScan>> {
            return FulfillmentRepo::find_scan(tx, *input.scan_id);
        });
        if (stored && *stored) {
            return ScanReply{(*stored)->response, true};
        }
    }
    return result;
}

}  // namespace tally::fulfillment
