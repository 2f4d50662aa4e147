#include "tally/fulfillment/count_task_repo.hpp"
#include "tally/fulfillment/floor_common.hpp"
#include "tally/fulfillment/fulfillment_repo.hpp"
#include "tally/fulfillment/scan_engine.hpp"

namespace tally::fulfillment {

using namespace detail;

// The bins with open count tasks a count station knows of at once (the oldest first).
constexpr int kCountBinsShown = 500;

// The view of the job a station has in hand, read inside the scan's transaction.
StationView load_view(db::Tx& tx, StationKind kind, std::int64_t warehouse,
                      const StationState& state, const FulfillmentSettings& settings,
                      core::TimestampMs now, const StationView* earlier) {
    StationView view;
    if (kind == StationKind::pick && !state.orders.empty()) {
        const std::int64_t single = state.batch == 0 ? state.orders.front() : 0;
        view.pick.open = FulfillmentRepo::open_tasks(tx, state.batch, single, warehouse);
        const auto warn = today(now + settings.expiry_warning_days * kDayMs);
        view.pick.today = today(now);
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
        view.pack.scale_precision_g = settings.scale_precision_g;
        std::map<std::int64_t, PackLine> lines;
        if (earlier != nullptr) {
            // A scan of the job in hand packs, weighs or labels: what was picked stays.
            for (const auto& l : earlier->pack.lines) {
                auto& line = lines[l.product_id];
                line.product_id = l.product_id;
                line.to_pack = l.to_pack;
            }
        } else {
            for (const auto& picked : FulfillmentRepo::picked(tx, order, warehouse)) {
                auto& line = lines[picked.product_id];
                line.product_id = picked.product_id;
                line.to_pack += picked.picked;
            }
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
        if (earlier != nullptr && !earlier->pack.cartons.empty() && !view.pack.cartons.empty() &&
            earlier->pack.cartons.front().id == view.pack.cartons.front().id) {
            view.pack.carrier = earlier->pack.carrier;
            view.pack.service = earlier->pack.service;
        } else if (!view.pack.cartons.empty()) {
            if (const auto first = FulfillmentRepo::carton(tx, view.pack.cartons.front().id)) {
                view.pack.carrier = first->carrier;
                view.pack.service = first->service;
            }
        }
    }
    if (kind == StationKind::load && state.manifest != 0 && earlier != nullptr &&
        earlier->load.carrier_id != 0 && !earlier->load.closed) {
        view.load.carrier = earlier->load.carrier;
        view.load.carrier_id = earlier->load.carrier_id;
        view.load.loaded = FulfillmentRepo::loaded_count(tx, state.manifest);
        view.load.missing =
            FulfillmentRepo::staged_missing(tx, earlier->load.carrier_id, warehouse);
    } else if (kind == StationKind::load && state.manifest != 0) {
        if (const auto manifest = FulfillmentRepo::manifest(tx, state.manifest)) {
            view.load.carrier = manifest->carrier;
            view.load.carrier_id = manifest->carrier_id;
            view.load.loaded = FulfillmentRepo::loaded_count(tx, manifest->id);
            view.load.missing =
                FulfillmentRepo::staged_missing(tx, manifest->carrier_id, manifest->warehouse_id);
            view.load.closed = manifest->status == "closed";
        }
    }
    if (kind == StationKind::count) {
        for (auto& [bin, code] : CountTaskRepo::open_bins(tx, warehouse, kCountBinsShown)) {
            view.count.open_bins.push_back(bin);
            if (view.count.next_bin.empty()) {
                view.count.next_bin = code;
            }
        }
        if (state.bin != 0) {
            view.count.bin_code = CountTaskRepo::bin_code(tx, state.bin);
            view.count.tasks = CountTaskRepo::open_in_bin(tx, state.bin);
        }
    }
    return view;
}

// What the scanned code names, with the facts the rules need.
Scan resolve(db::Tx& tx, std::int64_t station, std::int64_t warehouse, const ScanInput& input,
             const StationState& state, const std::optional<TallyLabel>& label,
             const std::optional<std::string>& sscc,
             const std::optional<catalog::ResolvedScan>& product, bool has_carrier) {
    Scan scan;
    scan.barcode = input.barcode;
    scan.weight_g = input.weight_g;
    const auto order_scan = [&](std::int64_t order, Scan::What what) {
        if (const auto facts = FulfillmentRepo::order_facts(tx, order, warehouse)) {
            scan.what = what;
            scan.id = order;
            scan.status = facts->status;
            scan.warehouse_id = facts->warehouse_id;
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
                        const auto facts = FulfillmentRepo::order_facts(tx, order, warehouse);
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
        scan.expiry = product->expiry;
        return scan;
    }
    scan.what = Scan::What::text;
    if (state.step == Step::scan_tracking) {
        scan.tracking_owner = FulfillmentRepo::tracking_owner(tx, input.barcode).value_or(0);
    }
    return scan;
}

}  // namespace tally::fulfillment
