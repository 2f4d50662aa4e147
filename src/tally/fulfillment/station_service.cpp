#include "tally/fulfillment/station_service.hpp"

#include <algorithm>

#include "tally/fulfillment/floor_common.hpp"
#include "tally/fulfillment/scan_engine.hpp"
#include "tally/identity/audit.hpp"
#include "tally/inventory/stock_repo.hpp"

namespace tally::fulfillment {

namespace {

using namespace detail;
using inventory::StockRepo;

constexpr std::size_t kMaxScanId = 64;
constexpr int kMaxWeight = 1'000'000;

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

}  // namespace

core::Result<StationStatus> StationService::create_station(const identity::Principal& actor,
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
        return status_of(tx, *row, settings_.read(tx), now);
    });
    return core::name_conflict(std::move(created), "code",
                               "A station with the code " + input.code + " exists already.");
}

core::Result<std::vector<StationStatus>> StationService::list_stations(
    const identity::Principal& actor, const std::optional<std::string>& warehouse) {
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<StationStatus>> {
        const auto id_filter = warehouse_filter(tx, actor, warehouse);
        if (!id_filter) {
            return std::unexpected(id_filter.error());
        }
        const auto id = *id_filter;
        const auto settings = settings_.read(tx);
        std::vector<StationStatus> out;
        for (const auto& row : FulfillmentRepo::stations(tx, id)) {
            out.push_back(status_of(tx, row, settings, clock_.now_ms()));
        }
        return out;
    });
}

core::Result<StationStatus> StationService::get_station(const identity::Principal& actor,
                                                        const std::string& code) {
    return db_.read([&](db::Tx& tx) -> core::Result<StationStatus> {
        const auto row = FulfillmentRepo::find_station(tx, code, false);
        if (!row) {
            return core::fail(core::ErrorCode::not_found, "No station has the code " + code + ".");
        }
        if (auto scoped = identity::require_warehouse(actor, row->warehouse); !scoped) {
            return std::unexpected(scoped.error());
        }
        return status_of(tx, *row, settings_.read(tx), clock_.now_ms());
    });
}

core::Result<DamageReport> StationService::flag_damage(const identity::Principal& actor,
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

core::Result<ScanReply> StationService::scan(const identity::Principal& actor,
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

core::Result<ScanReply> StationService::override_weight(
    const identity::Principal& actor, const std::string& station, const std::string& reason,
    const std::function<std::string(const ScanAnswer&)>& render) {
    if (reason.find_first_not_of(" \t") == std::string::npos || reason.size() > 500) {
        return core::invalid_field("reason", "is required (at most 500 characters)");
    }
    return run_scan(actor, station, ScanInput{}, reason, render);
}

core::Result<std::vector<ScanLogRow>> StationService::scan_log(const identity::Principal& actor,
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

}  // namespace tally::fulfillment
