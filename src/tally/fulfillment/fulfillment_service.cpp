#include "tally/fulfillment/fulfillment_service.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "tally/catalog/gs1.hpp"
#include "tally/identity/audit.hpp"
#include "tally/inventory/printer_repo.hpp"
#include "tally/inventory/stock_repo.hpp"
#include "tally/inventory/warehouse_repo.hpp"
#include "tally/orders/order_repo.hpp"
#include "tally/orders/order_service.hpp"
#include "tally/shipping/label.hpp"
#include "tally/shipping/label_image.hpp"

namespace tally::fulfillment {

namespace {

using inventory::StockKey;
using inventory::StockRepo;
using orders::OrderStatus;

constexpr core::TimestampMs kDayMs = 86'400'000;
constexpr std::size_t kMaxBarcode = 200;
constexpr std::size_t kMaxScanId = 64;
constexpr int kMaxWeight = 1'000'000;
constexpr int kMaxBatch = 48;

// Refusals that stop a wrong parcel: what the money-saved figure counts.
constexpr std::string_view kCaught[] = {"wrong_item",        "wrong_lot",     "over_quantity",
                                        "weight_mismatch",   "wrong_carrier", "not_packed",
                                        "duplicate_tracking"};

std::string today(core::TimestampMs now) {
    return core::format_iso8601(now).substr(0, 10);
}

int int_setting(const std::map<std::string, std::string>& stored, const std::string& name,
                int fallback) {
    const auto it = stored.find(name);
    if (it == stored.end()) {
        return fallback;
    }
    int value = 0;
    const auto& text = it->second;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc{} && end == text.data() + text.size() ? value : fallback;
}

inventory::LedgerEntry ledger(const identity::Principal& actor, core::TimestampMs now, StockKey key,
                              std::int64_t delta, std::string kind,
                              std::optional<std::string> reason, std::string reference) {
    return inventory::LedgerEntry{
        .at = now,
        .key = std::move(key),
        .delta = delta,
        .kind = std::move(kind),
        .reason = std::move(reason),
        .reference = std::move(reference),
        .actor = actor.username,
        .actor_id = actor.id.value != 0 ? std::optional(actor.id) : std::nullopt};
}

StockKey key_of(std::int64_t product, std::int64_t warehouse, std::int64_t bin,
                const std::string& lot) {
    return StockKey{catalog::ProductId{product}, inventory::WarehouseId{warehouse},
                    inventory::BinId{bin}, lot};
}

core::Status set_order_status(db::Tx& tx, const identity::Principal& actor, core::TimestampMs now,
                              std::int64_t order, OrderStatus from, OrderStatus to,
                              const std::string& reason) {
    if (!orders::OrderRepo::set_status(tx, orders::OrderId{order}, from, to, std::nullopt, now)) {
        return core::fail(core::ErrorCode::conflict,
                          "Order " + std::to_string(order) + " changed meanwhile; scan again.");
    }
    orders::OrderRepo::add_event(tx, orders::OrderId{order},
                                 orders::OrderEvent{.at = now,
                                                    .actor = actor.username,
                                                    .from = std::string(to_string(from)),
                                                    .to = std::string(to_string(to)),
                                                    .reason = reason});
    return {};
}

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

std::string order_ref(std::int64_t order) {
    return label_text(LabelKind::order, order);
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

}  // namespace

FulfillmentSettings settings_from(const std::map<std::string, std::string>& stored) {
    FulfillmentSettings s;
    s.weight_tolerance_percent =
        int_setting(stored, "weight_tolerance_percent", s.weight_tolerance_percent);
    s.weight_tolerance_min_g =
        int_setting(stored, "weight_tolerance_min_g", s.weight_tolerance_min_g);
    s.carton_padding_mm = int_setting(stored, "carton_padding_mm", s.carton_padding_mm);
    s.sscc_extension = int_setting(stored, "sscc_extension", s.sscc_extension);
    if (const auto it = stored.find("sscc_company_prefix"); it != stored.end()) {
        s.sscc_company_prefix = it->second;
    }
    s.cost_per_shipped_error =
        int_setting(stored, "cost_per_shipped_error", static_cast<int>(s.cost_per_shipped_error));
    s.seconds_per_scan = int_setting(stored, "seconds_per_scan", s.seconds_per_scan);
    s.labour_rate_per_hour =
        int_setting(stored, "labour_rate_per_hour", static_cast<int>(s.labour_rate_per_hour));
    if (const auto it = stored.find("currency"); it != stored.end()) {
        s.currency = it->second;
    }
    s.expiry_warning_days = int_setting(stored, "expiry_warning_days", s.expiry_warning_days);
    if (const auto it = stored.find("keyed_entry_requires_supervisor"); it != stored.end()) {
        s.keyed_entry_requires_supervisor = it->second == "true";
    }
    return s;
}

// What a scan needs from outside its transaction: the catalog's reading of a product code,
// and for an order scanned at a pack station its carrier service and the box types.
struct FulfillmentService::Prepared {
    std::optional<TallyLabel> label;
    std::optional<std::string> sscc;
    std::optional<catalog::ResolvedScan> product;
    std::optional<shipping::ChosenService> carrier;
    std::vector<Box> boxes;
};

namespace {

// The view of the job a station has in hand, read inside the scan's transaction.
StationView load_view(db::Tx& tx, StationKind kind, std::int64_t warehouse,
                      const StationState& state, const FulfillmentSettings& settings,
                      core::TimestampMs now) {
    StationView view;
    if (kind == StationKind::pick && !state.orders.empty()) {
        const std::int64_t single = state.batch == 0 ? state.orders.front() : 0;
        view.pick.open = FulfillmentRepo::open_tasks(tx, state.batch, single, warehouse);
        const auto warn = today(now + settings.expiry_warning_days * kDayMs);
        for (auto& task : view.pick.open) {
            task.near_expiry = task.expiry && *task.expiry <= warn;
        }
        std::tie(view.pick.units_total, view.pick.units_done) =
            FulfillmentRepo::job_units(tx, state.batch, single, warehouse);
    }
    if (kind == StationKind::pack && !state.orders.empty()) {
        const auto order = state.orders.front();
        view.pack.cartons = FulfillmentRepo::carton_views(tx, order, warehouse);
        view.pack.tolerance =
            WeightTolerance{settings.weight_tolerance_percent, settings.weight_tolerance_min_g};
        std::map<std::int64_t, PackLine> lines;
        for (const auto& picked : FulfillmentRepo::picked(tx, order, warehouse)) {
            auto& line = lines[picked.product_id];
            line.product_id = picked.product_id;
            line.to_pack += picked.picked;
        }
        for (const auto& carton : view.pack.cartons) {
            for (const auto& l : carton.lines) {
                auto& line = lines[l.product_id];
                line.product_id = l.product_id;
                line.sku = l.sku;
                line.packed += l.packed;
            }
        }
        for (auto& [id, line] : lines) {
            view.pack.lines.push_back(line);
        }
        if (!view.pack.cartons.empty()) {
            if (const auto first = FulfillmentRepo::carton(tx, view.pack.cartons.front().id)) {
                view.pack.carrier = first->carrier;
                view.pack.service = first->service;
            }
        }
    }
    if (kind == StationKind::load && state.manifest != 0) {
        if (const auto manifest = FulfillmentRepo::manifest(tx, state.manifest)) {
            view.load.carrier = manifest->carrier;
            view.load.carrier_id = manifest->carrier_id;
            view.load.loaded = FulfillmentRepo::loaded_count(tx, manifest->id);
            view.load.missing =
                FulfillmentRepo::staged_missing(tx, manifest->carrier_id, manifest->warehouse_id);
            view.load.closed = manifest->status == "closed";
        }
    }
    return view;
}

// What the scanned code names, with the facts the rules need.
Scan resolve(db::Tx& tx, std::int64_t station, const ScanInput& input, const StationState& state,
             const std::optional<TallyLabel>& label, const std::optional<std::string>& sscc,
             const std::optional<catalog::ResolvedScan>& product, bool has_carrier) {
    Scan scan;
    scan.barcode = input.barcode;
    scan.weight_g = input.weight_g;
    const auto order_scan = [&](std::int64_t order, Scan::What what) {
        if (const auto facts = FulfillmentRepo::order_facts(tx, order)) {
            scan.what = what;
            scan.id = order;
            scan.status = facts->status;
            // An order split over warehouses is refused at every station for now.
            scan.warehouse_id = facts->warehouses > 1 ? -1 : facts->warehouse_id;
            scan.has_carrier = has_carrier;
            scan.held_elsewhere = facts->station_id != 0 && facts->station_id != station;
        }
    };
    const auto carton_scan = [&](const std::optional<CartonRow>& carton) {
        if (carton) {
            scan.what = Scan::What::carton;
            scan.id = carton->id;
            scan.status = carton->status;
            scan.warehouse_id = carton->warehouse_id;
            scan.carrier_id = carton->carrier_id.value_or(0);
        }
    };
    if (label) {
        switch (label->kind) {
            case LabelKind::order:
                order_scan(label->id, Scan::What::order);
                break;
            case LabelKind::batch:
                if (const auto batch = FulfillmentRepo::batch(tx, label->id)) {
                    scan.what = Scan::What::batch;
                    scan.id = batch->id;
                    scan.status = batch->status;
                    scan.warehouse_id = batch->warehouse_id;
                    for (const auto& [slot, order] : batch->orders) {
                        scan.orders.push_back(order);
                        const auto facts = FulfillmentRepo::order_facts(tx, order);
                        scan.held_elsewhere =
                            scan.held_elsewhere ||
                            (facts && facts->station_id != 0 && facts->station_id != station);
                    }
                }
                break;
            case LabelKind::tote:
                if (const auto batch = FulfillmentRepo::batch(tx, label->id)) {
                    for (const auto& [slot, order] : batch->orders) {
                        if (slot == label->slot) {
                            order_scan(order, Scan::What::tote);
                        }
                    }
                }
                break;
            case LabelKind::bin:
                if (const auto bin =
                        FulfillmentRepo::bin_by_code(tx, label->warehouse, label->bin)) {
                    scan.what = Scan::What::bin;
                    scan.id = bin->first;
                    scan.warehouse_id = bin->second;
                }
                break;
            case LabelKind::carton:
                carton_scan(FulfillmentRepo::carton(tx, label->id));
                break;
            case LabelKind::trailer:
                if (const auto manifest = FulfillmentRepo::manifest(tx, label->id)) {
                    scan.what = Scan::What::trailer;
                    scan.id = manifest->id;
                    scan.status = manifest->status;
                    scan.warehouse_id = manifest->warehouse_id;
                    scan.carrier_id = manifest->carrier_id;
                }
                break;
            case LabelKind::command:
                scan.what = Scan::What::command;
                scan.command = label->command;
                break;
        }
        return scan;
    }
    if (sscc) {
        carton_scan(FulfillmentRepo::carton_by_sscc(tx, *sscc));
        return scan;
    }
    if (product) {
        scan.what = Scan::What::product;
        scan.id = product->product.id.value;
        scan.units = product->quantity;
        scan.lot = product->lot;
        return scan;
    }
    scan.what = Scan::What::text;
    if (state.step == Step::scan_tracking) {
        scan.tracking_owner = FulfillmentRepo::tracking_owner(tx, input.barcode).value_or(0);
    }
    return scan;
}

}  // namespace

namespace {

// Closes a trailer: its complete orders ship, their stock leaves the outbound bin and the
// books, reservations are released and the cost of goods is recorded.
core::Status ship_manifest(db::Tx& tx, events::Bus* events, const identity::Principal& actor,
                           std::int64_t id, core::TimestampMs now) {
    const auto manifest = FulfillmentRepo::manifest(tx, id);
    if (!manifest) {
        return core::fail(core::ErrorCode::not_found,
                          "No trailer has the id " + std::to_string(id) + ".");
    }
    if (manifest->status != "open") {
        return core::fail(core::ErrorCode::invalid_transition, "That trailer is closed already.");
    }
    const auto missing =
        FulfillmentRepo::staged_missing(tx, manifest->carrier_id, manifest->warehouse_id);
    if (!missing.empty()) {
        std::string list;
        for (const auto& sscc : missing) {
            list += (list.empty() ? "" : ", ") + sscc;
        }
        return core::fail(core::ErrorCode::invalid_transition,
                          std::to_string(missing.size()) + " staged cartons for " +
                              manifest->carrier + " are not on the trailer: " + list + ".");
    }
    if (!FulfillmentRepo::close_manifest(tx, id, actor.username, now)) {
        return core::fail(core::ErrorCode::conflict, "That trailer changed meanwhile.");
    }
    const auto warehouse = manifest->warehouse_id;
    const auto outbound = FulfillmentRepo::special_bin(tx, warehouse, "staging", "OUTBOUND");
    // Stock rows change in product order whatever the orders, so two trailers closing at once
    // take their locks in the same order and never deadlock.
    struct Leaving {
        std::int64_t product = 0;
        std::string lot;
        std::int64_t order = 0;
        std::int64_t picked = 0;    // units leaving the outbound bin
        std::int64_t reserved = 0;  // reservation given back
    };
    const auto orders = FulfillmentRepo::orders_complete_on(tx, id);
    std::vector<Leaving> leaving;
    for (const auto order : orders) {
        for (const auto& a : FulfillmentRepo::allocations(tx, order, warehouse)) {
            leaving.push_back({a.product_id, "", order, 0, a.quantity});
        }
        for (const auto& p : FulfillmentRepo::picked(tx, order, warehouse)) {
            leaving.push_back({p.product_id, p.lot, order, p.picked, 0});
        }
    }
    std::ranges::sort(leaving, [](const Leaving& a, const Leaving& b) {
        return std::tie(a.product, a.lot, a.order) < std::tie(b.product, b.lot, b.order);
    });
    for (const auto& l : leaving) {
        const catalog::ProductId product{l.product};
        const inventory::WarehouseId place{warehouse};
        if (l.reserved > 0) {
            (void)StockRepo::unreserve(tx, product, place, l.reserved);
        }
        if (l.picked == 0) {
            continue;
        }
        const auto key = key_of(l.product, warehouse, outbound, l.lot);
        if (!StockRepo::take(tx, key, l.picked) ||
            !StockRepo::take_on_hand(tx, product, place, l.picked)) {
            return core::fail(
                core::ErrorCode::insufficient_stock,
                "The outbound bin lacks units picked for order " + std::to_string(l.order) + ".");
        }
        StockRepo::append_ledger(
            tx, ledger(actor, now, key, -l.picked, "ship", std::nullopt, order_ref(l.order)));
        const auto facts = *FulfillmentRepo::product(tx, l.product);
        if (!FulfillmentRepo::insert_cost(tx, now, l.order, facts, warehouse, l.picked)) {
            return core::fail(core::ErrorCode::invalid_argument,
                              "The cost of goods of order " + std::to_string(l.order) + " (" +
                                  std::to_string(l.picked) + " x " + facts.sku +
                                  ") does not fit in 64 bits: correct the product's unit cost.");
        }
    }
    for (const auto order : orders) {
        FulfillmentRepo::mark_shipped(tx, order, warehouse);
        auto shipped =
            set_order_status(tx, actor, now, order, OrderStatus::staged, OrderStatus::shipped,
                             "on trailer " + label_text(LabelKind::trailer, id));
        if (!shipped) {
            return shipped;
        }
    }
    FulfillmentRepo::ship_cartons(tx, id);
    // Channels learn of the shipment from the outbox, after this commits.
    for (const auto order : orders) {
        if (events != nullptr) {
            events->publish(tx, OrderShipped{.order = orders::OrderId{order}, .manifest = id});
        }
    }
    identity::record_audit(tx, actor, now, "manifest.close", "manifest", std::to_string(id));
    return {};
}

// Completes a job once its last scan is in: orders picked, or packed and staged.
core::Result<std::string> finish_job(db::Tx& tx, const identity::Principal& actor, StationKind kind,
                                     std::int64_t warehouse, const StationState& state,
                                     core::TimestampMs now) {
    if (kind == StationKind::pick) {
        for (const auto order : state.orders) {
            (void)FulfillmentRepo::hold_order(tx, order, 0);
            auto done = set_order_status(tx, actor, now, order, OrderStatus::picking,
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
        (void)FulfillmentRepo::hold_order(tx, order, 0);
        FulfillmentRepo::stage_cartons(tx, order, warehouse);
        auto packed = set_order_status(tx, actor, now, order, OrderStatus::packing,
                                       OrderStatus::packed, "all units packed and weighed");
        if (packed) {
            packed = set_order_status(tx, actor, now, order, OrderStatus::packed,
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

}  // namespace

core::Result<FulfillmentService::Prepared> FulfillmentService::prepare(const ScanInput& input) {
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

core::Result<StationRow> FulfillmentService::station_for(db::Tx& tx,
                                                         const identity::Principal& actor,
                                                         const std::string& code) {
    auto row = FulfillmentRepo::find_station(tx, code, true);
    if (!row) {
        return core::fail(core::ErrorCode::not_found, "No station has the code " + code + ".");
    }
    if (auto scoped = identity::require_warehouse(actor, row->warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    return *row;
}

core::Result<ScanReply> FulfillmentService::scan(const identity::Principal& actor,
                                                 const std::string& station,
                                                 const ScanRequest& request) {
    const auto& input = request.input;
    core::FieldErrors errors;
    if (input.barcode.empty() && !input.weight_g) {
        errors.add("barcode", "is required");
    }
    if (input.barcode.size() > kMaxBarcode) {
        errors.add("barcode", "must be at most 200 characters");
    }
    if (input.weight_g && (*input.weight_g < 0 || *input.weight_g > kMaxWeight)) {
        errors.add("weight_g", "must be from 0 to 1000000");
    }
    if (input.scan_id && (input.scan_id->empty() || input.scan_id->size() > kMaxScanId)) {
        errors.add("scan_id", "must be 1 to 64 characters");
    }
    if (input.reason && input.reason->size() > kMaxShortReason) {
        errors.add("reason", "must be at most 200 characters");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    return run_scan(actor, station, input, std::nullopt, request.render);
}

core::Result<ScanReply> FulfillmentService::override_weight(
    const identity::Principal& actor, const std::string& station, const std::string& reason,
    const std::function<std::string(const ScanAnswer&)>& render) {
    if (reason.find_first_not_of(" \t") == std::string::npos || reason.size() > 500) {
        return core::invalid_field("reason", "is required (at most 500 characters)");
    }
    return run_scan(actor, station, ScanInput{}, reason, render);
}

core::Result<ScanReply> FulfillmentService::run_scan(
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
        const auto settings = settings_from(FulfillmentRepo::settings(tx));
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
            auto scan = resolve(tx, row->id, input, state, prepared->label, prepared->sscc,
                                prepared->product, prepared->carrier.has_value());
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
                        const auto facts = FulfillmentRepo::order_facts(tx, order);
                        if (!facts || facts->warehouse_id != row->warehouse_id) {
                            return core::fail(
                                core::ErrorCode::conflict,
                                "Order " + std::to_string(order) + " is not to be picked here.");
                        }
                        if (!FulfillmentRepo::hold_order(tx, order, row->id)) {
                            return core::fail(core::ErrorCode::conflict,
                                              "Order " + std::to_string(order) +
                                                  " is in hand at another station.");
                        }
                        if (facts->status == "released") {
                            applied = set_order_status(tx, actor, now, order, OrderStatus::released,
                                                       OrderStatus::picking,
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
                    const auto task = FulfillmentRepo::task(tx, effect.id);
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
                    const auto facts = FulfillmentRepo::order_facts(tx, order);
                    if (!FulfillmentRepo::hold_order(tx, order, row->id)) {
                        return core::fail(
                            core::ErrorCode::conflict,
                            "Order " + std::to_string(order) + " is in hand at another station.");
                    }
                    if (facts && facts->status == "picked") {
                        applied =
                            set_order_status(tx, actor, now, order, OrderStatus::picked,
                                             OrderStatus::packing, "packing at station " + code);
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
                case Effect::Kind::close_manifest:
                    applied = ship_manifest(tx, events_, actor, effect.id, now);
                    if (!applied) {
                        return std::unexpected(applied.error());
                    }
                    break;
            }
        }

        // Move on: the next task or carton, or the end of the job.
        auto view = load_view(tx, kind, row->warehouse_id, after, settings, now);
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

namespace {

bool valid_code(std::string_view code) {
    return !code.empty() && code.size() <= 32 && std::ranges::all_of(code, [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    });
}

core::Result<inventory::Warehouse> warehouse_named(db::Tx& tx, const std::string& code,
                                                   const char* field) {
    auto found = inventory::WarehouseRepo::find(tx, code);
    if (!found) {
        return std::unexpected(core::Error{.code = core::ErrorCode::invalid_argument,
                                           .message = "No warehouse has the code " + code + ".",
                                           .fields = {{field, "is not a known warehouse"}}});
    }
    return *found;
}

// A warehouse filter: its id, nothing when no code is given, an error naming "warehouse" for an
// unknown code. A scoped actor's filter is their warehouse; naming another is forbidden.
core::Result<std::optional<std::int64_t>> warehouse_filter(db::Tx& tx,
                                                           const identity::Principal& actor,
                                                           std::optional<std::string> code) {
    if (code) {
        if (auto scoped = identity::require_warehouse(actor, *code); !scoped) {
            return std::unexpected(scoped.error());
        }
    } else {
        code = actor.warehouse;
    }
    if (!code) {
        return std::nullopt;
    }
    auto found = warehouse_named(tx, *code, "warehouse");
    if (!found) {
        return std::unexpected(found.error());
    }
    return found->id.value;
}

StationStatus status_of(db::Tx& tx, const StationRow& row, const FulfillmentSettings& settings,
                        core::TimestampMs now) {
    const auto kind = *parse_station_kind(row.kind);
    const auto state = decode_state(row.state).value_or(StationState{.step = idle_step(kind)});
    const auto view = load_view(tx, kind, row.warehouse_id, state, settings, now);
    return StationStatus{.id = row.id,
                         .code = row.code,
                         .kind = kind,
                         .warehouse = row.warehouse,
                         .user = row.user.empty() ? std::nullopt : std::optional(row.user),
                         .state = state,
                         .next = instruction(kind, state, view),
                         .progress = progress(kind, state, view),
                         .updated_at = row.updated_at};
}

Manifest manifest_of(db::Tx& tx, ManifestRow row) {
    Manifest m;
    m.loaded = FulfillmentRepo::loaded_count(tx, row.id);
    if (row.status == "open") {
        m.missing = FulfillmentRepo::staged_missing(tx, row.carrier_id, row.warehouse_id);
    }
    m.row = std::move(row);
    return m;
}

Batch batch_of(const BatchRow& row) {
    return Batch{.id = row.id,
                 .warehouse = row.warehouse,
                 .status = row.status,
                 .created_at = row.created_at,
                 .orders = row.orders};
}

shipping::Address address_of(const orders::ShipTo& to) {
    return shipping::Address{.name = to.name,
                             .company = to.company,
                             .line1 = to.line1,
                             .line2 = to.line2,
                             .city = to.city,
                             .region = to.region,
                             .postal_code = to.postal_code,
                             .country = to.country};
}

}  // namespace

core::Result<StationStatus> FulfillmentService::create_station(const identity::Principal& actor,
                                                               const StationInput& input) {
    core::FieldErrors errors;
    if (!valid_code(input.code)) {
        errors.add("code", "must be 1-32 letters, digits, '-' or '_'");
    }
    const auto kind = parse_station_kind(input.type);
    if (!kind) {
        errors.add("type", "must be pick, pack or load");
    }
    if (input.warehouse.empty()) {
        errors.add("warehouse", "is required");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    if (auto scoped = identity::require_warehouse(actor, input.warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    auto created = db_.write([&](db::Tx& tx) -> core::Result<StationStatus> {
        auto warehouse = warehouse_named(tx, input.warehouse, "warehouse");
        if (!warehouse) {
            return std::unexpected(warehouse.error());
        }
        const auto now = clock_.now_ms();
        const auto state = StationState{.step = idle_step(*kind)};
        (void)FulfillmentRepo::insert_station(tx, input.code, input.type, warehouse->id.value,
                                              encode_state(state), now);
        identity::record_audit(tx, actor, now, "station.create", "station", input.code);
        const auto row = FulfillmentRepo::find_station(tx, input.code, false);
        return status_of(tx, *row, settings_from(FulfillmentRepo::settings(tx)), now);
    });
    return core::name_conflict(std::move(created), "code",
                               "A station with the code " + input.code + " exists already.");
}

core::Result<std::vector<StationStatus>> FulfillmentService::list_stations(
    const identity::Principal& actor, const std::optional<std::string>& warehouse) {
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<StationStatus>> {
        const auto id_filter = warehouse_filter(tx, actor, warehouse);
        if (!id_filter) {
            return std::unexpected(id_filter.error());
        }
        const auto id = *id_filter;
        const auto settings = settings_from(FulfillmentRepo::settings(tx));
        std::vector<StationStatus> out;
        for (const auto& row : FulfillmentRepo::stations(tx, id)) {
            out.push_back(status_of(tx, row, settings, clock_.now_ms()));
        }
        return out;
    });
}

core::Result<StationStatus> FulfillmentService::get_station(const identity::Principal& actor,
                                                            const std::string& code) {
    return db_.read([&](db::Tx& tx) -> core::Result<StationStatus> {
        const auto row = FulfillmentRepo::find_station(tx, code, false);
        if (!row) {
            return core::fail(core::ErrorCode::not_found, "No station has the code " + code + ".");
        }
        if (auto scoped = identity::require_warehouse(actor, row->warehouse); !scoped) {
            return std::unexpected(scoped.error());
        }
        return status_of(tx, *row, settings_from(FulfillmentRepo::settings(tx)), clock_.now_ms());
    });
}

core::Result<DamageReport> FulfillmentService::flag_damage(const identity::Principal& actor,
                                                           const std::string& station,
                                                           const DamageInput& input) {
    core::FieldErrors errors;
    if (input.barcode.empty() || input.barcode.size() > kMaxBarcode) {
        errors.add("barcode", "is required (at most 200 characters)");
    }
    if (std::ranges::find(kDamageReasons, input.reason) == std::end(kDamageReasons)) {
        errors.add("reason", "must be one of crushed, torn, wet, broken, expired, other");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    auto product = catalog_.resolve_scan(input.barcode);
    if (!product) {
        return core::invalid_field("barcode", "names no product");
    }
    return db_.write([&](db::Tx& tx) -> core::Result<DamageReport> {
        auto row = station_for(tx, actor, station);
        if (!row) {
            return std::unexpected(row.error());
        }
        const auto now = clock_.now_ms();
        const auto kind = *parse_station_kind(row->kind);
        const auto state = decode_state(row->state).value_or(StationState{.step = idle_step(kind)});
        const auto warehouse = row->warehouse_id;
        const auto product_id = product->product.id.value;
        // Where the unit lies: the bin named, the bin of the task in hand, or the outbound bin
        // (units picked for packing).
        std::int64_t bin = 0;
        std::string lot = product->lot.value_or("");
        std::optional<std::int64_t> order;
        if (input.bin) {
            const auto found = FulfillmentRepo::bin_id(tx, warehouse, *input.bin);
            if (!found) {
                return core::invalid_field("bin", "is not a bin of this warehouse");
            }
            bin = *found;
        } else if (kind == StationKind::pick && state.task != 0) {
            const auto task = FulfillmentRepo::task(tx, state.task);
            if (task && task->product_id == product_id) {
                bin = task->bin_id;
                lot = task->lot;
                order = task->order_id;
            }
        }
        if (bin == 0) {
            bin = FulfillmentRepo::special_bin(tx, warehouse, "staging", "OUTBOUND");
            if (kind == StationKind::pack && !state.orders.empty()) {
                order = state.orders.front();
            }
        }
        const auto damage = FulfillmentRepo::special_bin(tx, warehouse, "damage", "DAMAGE");
        const auto from = key_of(product_id, warehouse, bin, lot);
        const auto to = key_of(product_id, warehouse, damage, lot);
        if (!StockRepo::take(tx, from, 1)) {
            return core::fail(
                core::ErrorCode::insufficient_stock,
                "The books hold no unit of " + product->product.sku + " there to flag.");
        }
        StockRepo::add(tx, to, StockRepo::lot_expiry(tx, product->product.id, lot), now, 1);
        const auto reason = "damaged: " + input.reason;
        const auto reference = order ? order_ref(*order) : "station " + station;
        StockRepo::append_ledger(tx, ledger(actor, now, from, -1, "move", reason, reference));
        StockRepo::append_ledger(tx, ledger(actor, now, to, 1, "move", reason, reference));
        FulfillmentRepo::insert_damage(tx, DamageRow{.at = now,
                                                     .station_id = row->id,
                                                     .warehouse_id = warehouse,
                                                     .product_id = product_id,
                                                     .bin_id = bin,
                                                     .lot = lot,
                                                     .order_id = order,
                                                     .reason = input.reason,
                                                     .actor = actor.username});
        return DamageReport{.sku = product->product.sku,
                            .from_bin = FulfillmentRepo::bin_code(tx, bin),
                            .to_bin = FulfillmentRepo::bin_code(tx, damage),
                            .reason = input.reason};
    });
}

core::Result<Batch> FulfillmentService::create_batch(const identity::Principal& actor,
                                                     const BatchInput& input) {
    core::FieldErrors errors;
    if (input.warehouse.empty()) {
        errors.add("warehouse", "is required");
    }
    if (input.orders.empty() == (input.size == 0)) {
        errors.add("orders", "give either orders or size");
    }
    if (input.size < 0 || input.size > kMaxBatch ||
        input.orders.size() > static_cast<std::size_t>(kMaxBatch)) {
        errors.add(input.size != 0 ? "size" : "orders", "a batch holds 1 to 48 orders");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    if (auto scoped = identity::require_warehouse(actor, input.warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    return db_.write([&](db::Tx& tx) -> core::Result<Batch> {
        auto warehouse = warehouse_named(tx, input.warehouse, "warehouse");
        if (!warehouse) {
            return std::unexpected(warehouse.error());
        }
        const auto wid = warehouse->id.value;
        std::vector<std::int64_t> chosen;
        if (input.size > 0) {
            for (const auto& id : orders::OrderRepo::released_in(tx, wid, 0, input.size * 4)) {
                const auto facts = FulfillmentRepo::order_facts(tx, id.value);
                if (static_cast<int>(chosen.size()) < input.size && facts->warehouses == 1 &&
                    !FulfillmentRepo::in_open_batch(tx, id.value)) {
                    chosen.push_back(id.value);
                }
            }
            if (chosen.empty()) {
                return core::fail(core::ErrorCode::invalid_transition,
                                  "No released order is waiting in " + input.warehouse + ".");
            }
        } else {
            core::FieldErrors bad;
            for (std::size_t i = 0; i < input.orders.size(); ++i) {
                const auto id = input.orders[i];
                const auto facts = FulfillmentRepo::order_facts(tx, id);
                const auto path = "orders/" + std::to_string(i);
                if (!facts) {
                    bad.add(path, "is not a known order");
                } else if (facts->status != "released") {
                    bad.add(path, "is " + facts->status + ", not released");
                } else if (facts->warehouse_id != wid || facts->warehouses != 1) {
                    bad.add(path, "is not picked in " + input.warehouse + " alone");
                } else if (FulfillmentRepo::in_open_batch(tx, id) ||
                           std::ranges::find(chosen, id) != chosen.end()) {
                    bad.add(path, "is in another batch already");
                } else {
                    chosen.push_back(id);
                }
            }
            if (!bad.empty()) {
                return bad.to_error();
            }
        }
        const auto now = clock_.now_ms();
        const auto id = FulfillmentRepo::insert_batch(tx, wid, actor.username, now);
        int slot = 0;
        for (const auto order : chosen) {
            FulfillmentRepo::insert_batch_order(tx, id, ++slot, order);
        }
        identity::record_audit(tx, actor, now, "batch.create", "pick_batch", std::to_string(id));
        return batch_of(*FulfillmentRepo::batch(tx, id));
    });
}

core::Result<Batch> FulfillmentService::get_batch(const identity::Principal& actor,
                                                  std::int64_t id) {
    return db_.read([&](db::Tx& tx) -> core::Result<Batch> {
        const auto row = FulfillmentRepo::batch(tx, id);
        if (!row) {
            return core::fail(core::ErrorCode::not_found,
                              "No batch has the id " + std::to_string(id) + ".");
        }
        if (auto scoped = identity::require_warehouse(actor, row->warehouse); !scoped) {
            return std::unexpected(scoped.error());
        }
        return batch_of(*row);
    });
}

core::Result<Manifest> FulfillmentService::create_manifest(const identity::Principal& actor,
                                                           const ManifestInput& input) {
    core::FieldErrors errors;
    if (input.carrier.empty()) {
        errors.add("carrier", "is required");
    }
    if (input.warehouse.empty()) {
        errors.add("warehouse", "is required");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    if (auto scoped = identity::require_warehouse(actor, input.warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    const auto carrier = shipping_.get_carrier(input.carrier);
    if (!carrier) {
        return core::invalid_field("carrier", "is not a known carrier");
    }
    return db_.write([&](db::Tx& tx) -> core::Result<Manifest> {
        auto warehouse = warehouse_named(tx, input.warehouse, "warehouse");
        if (!warehouse) {
            return std::unexpected(warehouse.error());
        }
        const auto now = clock_.now_ms();
        const auto id = FulfillmentRepo::insert_manifest(tx, carrier->id, warehouse->id.value,
                                                         actor.username, now);
        identity::record_audit(tx, actor, now, "manifest.create", "manifest", std::to_string(id));
        return manifest_of(tx, *FulfillmentRepo::manifest(tx, id));
    });
}

core::Result<Manifest> FulfillmentService::get_manifest(const identity::Principal& actor,
                                                        std::int64_t id) {
    return db_.read([&](db::Tx& tx) -> core::Result<Manifest> {
        auto row = FulfillmentRepo::manifest(tx, id);
        if (!row) {
            return core::fail(core::ErrorCode::not_found,
                              "No trailer has the id " + std::to_string(id) + ".");
        }
        if (auto scoped = identity::require_warehouse(actor, row->warehouse); !scoped) {
            return std::unexpected(scoped.error());
        }
        return manifest_of(tx, std::move(*row));
    });
}

core::Result<std::vector<Manifest>> FulfillmentService::list_manifests(
    const identity::Principal& actor, const std::optional<std::string>& warehouse,
    const std::optional<std::string>& status, std::int64_t after, int limit) {
    if (status && *status != "open" && *status != "closed") {
        return core::invalid_field("status", "must be open or closed");
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<Manifest>> {
        const auto wid_filter = warehouse_filter(tx, actor, warehouse);
        if (!wid_filter) {
            return std::unexpected(wid_filter.error());
        }
        const auto wid = *wid_filter;
        std::vector<Manifest> out;
        for (auto& row : FulfillmentRepo::manifests(tx, wid, status, after, limit)) {
            out.push_back(manifest_of(tx, std::move(row)));
        }
        return out;
    });
}

core::Result<Manifest> FulfillmentService::close_manifest(const identity::Principal& actor,
                                                          std::int64_t id) {
    return db_.write([&](db::Tx& tx) -> core::Result<Manifest> {
        const auto row = FulfillmentRepo::manifest(tx, id);
        if (auto scoped = row ? identity::require_warehouse(actor, row->warehouse) : core::Status{};
            !scoped) {
            return std::unexpected(scoped.error());
        }
        auto shipped = ship_manifest(tx, events_, actor, id, clock_.now_ms());
        if (!shipped) {
            return std::unexpected(shipped.error());
        }
        return manifest_of(tx, *FulfillmentRepo::manifest(tx, id));
    });
}

core::Result<CartonRow> FulfillmentService::get_carton(const identity::Principal& actor,
                                                       std::int64_t id) {
    return db_.read([&](db::Tx& tx) -> core::Result<CartonRow> {
        auto row = FulfillmentRepo::carton(tx, id);
        if (!row) {
            return core::fail(core::ErrorCode::not_found,
                              "No carton has the id " + std::to_string(id) + ".");
        }
        if (auto scoped = identity::require_warehouse(actor, row->warehouse); !scoped) {
            return std::unexpected(scoped.error());
        }
        return *row;
    });
}

core::Result<std::vector<CartonRow>> FulfillmentService::list_cartons(
    const identity::Principal& actor, std::optional<std::int64_t> order,
    std::optional<std::int64_t> manifest) {
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<CartonRow>> {
        auto cartons = FulfillmentRepo::cartons(tx, order, manifest);
        // A scoped user sees the cartons packed in their warehouse only.
        std::erase_if(cartons, [&](const CartonRow& carton) {
            return !identity::require_warehouse(actor, carton.warehouse);
        });
        return cartons;
    });
}

core::Result<std::size_t> FulfillmentService::print_label(const identity::Principal& actor,
                                                          std::int64_t id,
                                                          const std::string& printer) {
    // Unknown, another warehouse's and inactive printers get one answer, and a failed print
    // another, so that the endpoint tells nothing about hosts and ports.
    const auto unknown = [] {
        return core::invalid_field("printer",
                                   "is not a printer registered for the carton's "
                                   "warehouse");
    };
    if (printer.empty() || printer.size() > 32) {
        return unknown();
    }
    if (printer_ == nullptr) {
        return core::fail(core::ErrorCode::unavailable, "No label printer is set up here.");
    }
    auto zpl = carton_label_zpl(actor, id);
    if (!zpl) {
        return std::unexpected(zpl.error());
    }
    auto address = db_.read([&](db::Tx& tx) -> core::Result<std::string> {
        const auto carton = FulfillmentRepo::carton(tx, id);
        const auto found = carton ? inventory::PrinterRepo::find(
                                        tx, inventory::WarehouseId{carton->warehouse_id}, printer)
                                  : std::nullopt;
        if (!found || !found->active) {
            return unknown();
        }
        return found->address();
    });
    if (!address) {
        return std::unexpected(address.error());
    }
    if (auto printed = printer_->print(*address, *zpl); !printed) {
        return core::fail(core::ErrorCode::unavailable, "The printer did not take the label.");
    }
    return zpl->size();
}

core::Result<std::string> FulfillmentService::carton_label_zpl(const identity::Principal& actor,
                                                               std::int64_t id) {
    return db_.read([&](db::Tx& tx) -> core::Result<std::string> {
        const auto carton = FulfillmentRepo::carton(tx, id);
        if (!carton) {
            return core::fail(core::ErrorCode::not_found,
                              "No carton has the id " + std::to_string(id) + ".");
        }
        if (auto scoped = identity::require_warehouse(actor, carton->warehouse); !scoped) {
            return std::unexpected(scoped.error());
        }
        const auto order = orders::OrderRepo::find(tx, orders::OrderId{carton->order_id});
        const auto warehouse = inventory::WarehouseRepo::find(tx, carton->warehouse);
        const auto siblings = FulfillmentRepo::cartons(tx, carton->order_id, std::nullopt);
        shipping::CartonLabel label{
            .sscc = carton->sscc,
            .from = shipping::Address{.name = warehouse->name,
                                      .company = "",
                                      .line1 = warehouse->address.line1,
                                      .line2 = warehouse->address.line2,
                                      .city = warehouse->address.city,
                                      .region = warehouse->address.region,
                                      .postal_code = warehouse->address.postal_code,
                                      .country = warehouse->address.country},
            .to = address_of(order->ship_to),
            .order_ref = order->external_id,
            .carrier = carton->carrier,
            .service = carton->service,
            .tracking_number = carton->tracking.value_or(""),
            .carton_no = carton->seq,
            .carton_count = static_cast<int>(siblings.size()),
            .weight_g = carton->weight_g.value_or(carton->expected_weight_g)};
        return shipping::carton_label_zpl(label);
    });
}

core::Result<std::string> FulfillmentService::carton_label_png(const identity::Principal& actor,
                                                               std::int64_t id) {
    auto carton = get_carton(actor, id);
    if (!carton) {
        return std::unexpected(carton.error());
    }
    return shipping::barcode_png("(00)" + carton->sscc, shipping::Symbology::gs1_128);
}

core::Result<std::string> FulfillmentService::packing_slip(const identity::Principal& actor,
                                                           std::int64_t order_id) {
    return db_.read([&](db::Tx& tx) -> core::Result<std::string> {
        const auto order = orders::OrderRepo::find(tx, orders::OrderId{order_id});
        if (!order) {
            return core::fail(core::ErrorCode::not_found,
                              "No order has the id " + std::to_string(order_id) + ".");
        }
        if (auto scoped = orders::OrderService::in_scope(actor, *order); !scoped) {
            return std::unexpected(scoped.error());
        }
        const auto& to = order->ship_to;
        std::string slip = "PACKING SLIP\nOrder " + order->external_id + " (" +
                           order_ref(order_id) + ")\n\nShip to:\n" + to.name + "\n" +
                           (to.company.empty() ? "" : to.company + "\n") + to.line1 + "\n" +
                           (to.line2.empty() ? "" : to.line2 + "\n") + to.postal_code + " " +
                           to.city + "\n" + to.country + "\n\n";
        slip += "Ordered:\n";
        for (const auto& line : order->lines) {
            slip +=
                "  " + std::to_string(line.quantity) + " x " + line.sku + "  " + line.name + "\n";
        }
        for (const auto& carton : FulfillmentRepo::cartons(tx, order_id, std::nullopt)) {
            slip += "\nCarton " + std::to_string(carton.seq) + " (SSCC " + carton.sscc + ")" +
                    (carton.tracking ? ", tracking " + *carton.tracking : "") + ":\n";
            for (const auto& view :
                 FulfillmentRepo::carton_views(tx, order_id, carton.warehouse_id)) {
                if (view.id != carton.id) {
                    continue;
                }
                for (const auto& line : view.lines) {
                    slip += "  " + std::to_string(line.packed) + " x " + line.sku + "  " +
                            line.name + (line.fragile ? "  (FRAGILE)" : "") + "\n";
                }
            }
        }
        return slip;
    });
}

core::Result<Shipment> FulfillmentService::shipment(std::int64_t order_id,
                                                    std::int64_t manifest_id) {
    auto shipment = db_.read([&](db::Tx& tx) -> core::Result<Shipment> {
        const auto manifest = FulfillmentRepo::manifest(tx, manifest_id);
        if (!manifest) {
            return core::fail(core::ErrorCode::not_found,
                              "No trailer has the id " + std::to_string(manifest_id) + ".");
        }
        Shipment out{.order_id = order_id,
                     .manifest_id = manifest_id,
                     .warehouse = manifest->warehouse,
                     .carrier = manifest->carrier};
        const auto views = FulfillmentRepo::carton_views(tx, order_id, manifest->warehouse_id);
        for (const auto& carton : FulfillmentRepo::cartons(tx, order_id, manifest_id)) {
            ShippedCarton shipped{.sscc = carton.sscc, .tracking = carton.tracking};
            for (const auto& view : views) {
                if (view.id != carton.id) {
                    continue;
                }
                for (const auto& line : view.lines) {
                    if (line.packed > 0) {
                        shipped.items.emplace_back(line.sku, line.packed);
                    }
                }
            }
            out.cartons.push_back(std::move(shipped));
        }
        if (out.cartons.empty()) {
            return core::fail(core::ErrorCode::not_found, "Order " + std::to_string(order_id) +
                                                              " has no cartons on trailer " +
                                                              std::to_string(manifest_id) + ".");
        }
        return out;
    });
    if (!shipment) {
        return shipment;
    }
    if (auto carrier = shipping_.get_carrier(shipment->carrier)) {
        shipment->carrier_name = carrier->name;
        shipment->tracking_url = carrier->tracking_url;
    }
    return shipment;
}

core::Result<ScanReport> FulfillmentService::scan_report(const identity::Principal& actor,
                                                         const ReportQuery& query) {
    const auto now = clock_.now_ms();
    ScanReport report;
    report.to = now + 1;
    report.from = now - 30 * kDayMs;
    if (query.from) {
        const auto parsed = core::parse_iso8601(*query.from);
        if (!parsed) {
            return core::invalid_field("from", "must be an ISO 8601 date or date-time");
        }
        report.from = *parsed;
    }
    if (query.to) {
        const auto parsed = core::parse_iso8601(*query.to);
        if (!parsed) {
            return core::invalid_field("to", "must be an ISO 8601 date or date-time");
        }
        report.to = *parsed;
    }
    return db_.read([&](db::Tx& tx) -> core::Result<ScanReport> {
        const auto wid_filter = warehouse_filter(tx, actor, query.warehouse);
        if (!wid_filter) {
            return std::unexpected(wid_filter.error());
        }
        const auto wid = wid_filter->value_or(0);
        const auto group = [&](const char* by) {
            return FulfillmentRepo::scan_groups(tx, by, report.from, report.to, wid);
        };
        report.by_step = group("step");
        report.by_verdict = group("verdict");
        report.by_user = group("actor");
        report.by_product = group("product");
        report.by_bin = group("bin");
        report.orders_with_exceptions = group("order");
        for (const auto& g : report.by_step) {
            report.scans += g.scans;
            report.keyed += g.keyed;
            report.errors += g.errors;
            report.units += g.units;
        }
        for (const auto& g : report.by_verdict) {
            if (std::ranges::find(kCaught, g.key) != std::end(kCaught)) {
                report.errors_caught += g.scans;
            }
        }
        report.errors_per_1000_units =
            report.units == 0
                ? 0.0
                : static_cast<double>(report.errors) * 1000.0 / static_cast<double>(report.units);
        const auto settings = settings_from(FulfillmentRepo::settings(tx));
        report.currency = settings.currency;
        report.money_saved = report.errors_caught * settings.cost_per_shipped_error;
        report.labour_cost =
            report.scans * settings.seconds_per_scan * settings.labour_rate_per_hour / 3600;
        return report;
    });
}

core::Result<Dashboard> FulfillmentService::dashboard(const identity::Principal& actor,
                                                      const DashboardQuery& query) {
    constexpr std::int64_t kHourMs = 3'600'000;
    if (query.utc_offset_minutes < -14 * 60 || query.utc_offset_minutes > 14 * 60) {
        return core::invalid_field("utc_offset_minutes", "must be between -840 and 840");
    }
    Dashboard out;
    out.now = clock_.now_ms();
    out.utc_offset_minutes = query.utc_offset_minutes;
    out.warehouse = query.warehouse;
    const std::int64_t offset = std::int64_t{query.utc_offset_minutes} * 60'000;
    const auto local = out.now + offset;
    out.day_start = local - (local % kDayMs + kDayMs) % kDayMs - offset;
    out.hours_from = out.now - out.now % kHourMs - 23 * kHourMs;
    out.days_from = out.day_start - 13 * kDayMs;
    return db_.read([&](db::Tx& tx) -> core::Result<Dashboard> {
        const auto wid_filter = warehouse_filter(tx, actor, query.warehouse);
        if (!wid_filter) {
            return std::unexpected(wid_filter.error());
        }
        const auto wid = wid_filter->value_or(0);
        out.orders_by_status = FulfillmentRepo::orders_by_status(tx, out.day_start, wid);
        out.hours = FulfillmentRepo::scan_slots(tx, out.hours_from, kHourMs, wid);
        out.errors_by_step =
            FulfillmentRepo::scan_groups(tx, "station_kind", out.day_start, out.now + 1, wid);
        out.errors_by_user =
            FulfillmentRepo::scan_groups(tx, "actor", out.day_start, out.now + 1, wid);
        out.days = FulfillmentRepo::scan_slots(tx, out.days_from, kDayMs, wid);
        out.oldest_unshipped = FulfillmentRepo::oldest_open_orders(tx, wid, 10);
        return out;
    });
}

core::Result<std::vector<ScanLogRow>> FulfillmentService::scan_log(const identity::Principal& actor,
                                                                   const LogQuery& query) {
    ScanLogFilter filter{.order = query.order, .before = query.before, .limit = query.limit};
    filter.to = clock_.now_ms() + 1;
    core::FieldErrors errors;
    if (query.verdict && *query.verdict == "refused") {
        filter.refused_only = true;
    } else if (query.verdict) {
        if (!parse_verdict(*query.verdict)) {
            errors.add("verdict", "is not a verdict (or \"refused\")");
        }
        filter.verdict = query.verdict;
    }
    if (query.entry) {
        if (!parse_entry(*query.entry)) {
            errors.add("entry", "must be scan or keyed");
        }
        filter.entry = query.entry;
    }
    for (const auto& [text, field, out] :
         {std::tuple{query.from, "from", &filter.from}, std::tuple{query.to, "to", &filter.to}}) {
        if (text) {
            const auto parsed = core::parse_iso8601(*text);
            if (!parsed) {
                errors.add(field, "must be an ISO 8601 date or date-time");
            } else {
                *out = *parsed;
            }
        }
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<ScanLogRow>> {
        if (query.station) {
            const auto row = FulfillmentRepo::find_station(tx, *query.station, false);
            if (!row) {
                return core::invalid_field("station", "is not a known station");
            }
            if (auto scoped = identity::require_warehouse(actor, row->warehouse); !scoped) {
                return std::unexpected(scoped.error());
            }
            filter.station = row->id;
        } else if (actor.warehouse) {
            // The log spans warehouses: a scoped user reads it one station of theirs at a time.
            return core::fail(core::ErrorCode::forbidden,
                              "Name a station of warehouse " + *actor.warehouse + ".");
        }
        return FulfillmentRepo::scan_log(tx, filter);
    });
}

core::Result<std::vector<CountTaskRow>> FulfillmentService::count_tasks(
    const identity::Principal& actor, const std::optional<std::string>& warehouse,
    const std::string& status, std::int64_t after, int limit) {
    if (status != "open" && status != "done") {
        return core::invalid_field("status", "must be open or done");
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<CountTaskRow>> {
        const auto wid_filter = warehouse_filter(tx, actor, warehouse);
        if (!wid_filter) {
            return std::unexpected(wid_filter.error());
        }
        const auto wid = *wid_filter;
        return FulfillmentRepo::count_tasks(tx, wid, status, after, limit);
    });
}

core::Result<std::vector<inventory::StockRow>> FulfillmentService::rotation_list(
    const identity::Principal& actor, const std::optional<std::string>& warehouse,
    std::optional<int> days) {
    if (days && (*days < 0 || *days > 3650)) {
        return core::invalid_field("days", "must be from 0 to 3650");
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<inventory::StockRow>> {
        const auto settings = settings_from(FulfillmentRepo::settings(tx));
        inventory::StockFilter filter;
        filter.expires_before =
            today(clock_.now_ms() + (days.value_or(settings.expiry_warning_days) + 1) * kDayMs);
        filter.limit = 500;
        const auto place = warehouse_filter(tx, actor, warehouse);
        if (!place) {
            return std::unexpected(place.error());
        }
        if (*place) {
            filter.warehouse = inventory::WarehouseId{**place};
        }
        auto rows = StockRepo::rows(tx, filter);
        std::ranges::stable_sort(rows, [](const auto& a, const auto& b) {
            return a.expiry.value_or("") < b.expiry.value_or("");
        });
        return rows;
    });
}

core::Result<FulfillmentSettings> FulfillmentService::settings() {
    return db_.read([&](db::Tx& tx) -> core::Result<FulfillmentSettings> {
        return settings_from(FulfillmentRepo::settings(tx));
    });
}

core::Result<FulfillmentSettings> FulfillmentService::save_settings(
    const identity::Principal& actor, const std::map<std::string, std::string>& changes) {
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    // name -> lowest and highest allowed value; text settings are checked on their own.
    static const std::map<std::string, std::pair<long long, long long>> kRanges = {
        {"weight_tolerance_percent", {0, 100}},
        {"weight_tolerance_min_g", {0, 100000}},
        {"carton_padding_mm", {0, 200}},
        {"sscc_extension", {0, 9}},
        {"cost_per_shipped_error", {0, 1000000000}},
        {"seconds_per_scan", {0, 3600}},
        {"labour_rate_per_hour", {0, 1000000000}},
        {"expiry_warning_days", {0, 3650}}};
    core::FieldErrors errors;
    for (const auto& [name, value] : changes) {
        if (name == "sscc_company_prefix") {
            if (!shipping::valid_sscc_settings(0, value)) {
                errors.add(name, "must be 7 to 10 digits");
            }
        } else if (name == "keyed_entry_requires_supervisor") {
            if (value != "true" && value != "false") {
                errors.add(name, "must be true or false");
            }
        } else if (name == "currency") {
            if (value.size() != 3 ||
                !std::ranges::all_of(value, [](char c) { return c >= 'A' && c <= 'Z'; })) {
                errors.add(name, "must be an ISO 4217 code such as EUR");
            }
        } else if (const auto range = kRanges.find(name); range != kRanges.end()) {
            long long number = 0;
            const auto [end, ec] =
                std::from_chars(value.data(), value.data() + value.size(), number);
            if (ec != std::errc{} || end != value.data() + value.size() ||
                number < range->second.first || number > range->second.second) {
                errors.add(name, "must be a whole number from " +
                                     std::to_string(range->second.first) + " to " +
                                     std::to_string(range->second.second));
            }
        } else {
            errors.add(name, "is not a fulfillment setting");
        }
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    return db_.write([&](db::Tx& tx) -> core::Result<FulfillmentSettings> {
        for (const auto& [name, value] : changes) {
            FulfillmentRepo::save_setting(tx, name, value);
        }
        identity::record_audit(tx, actor, clock_.now_ms(), "fulfillment.settings", "settings",
                               "fulfillment");
        return settings_from(FulfillmentRepo::settings(tx));
    });
}

}  // namespace tally::fulfillment
