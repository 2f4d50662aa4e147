#include "tally/inventory/inventory_service.hpp"

#include <filesystem>

#include "tally/core/csv.hpp"
#include "tally/core/json_text.hpp"
#include "tally/identity/audit.hpp"
#include "tally/inventory/stock_repo.hpp"
#include "tally/inventory/warehouse_repo.hpp"

namespace tally::inventory {

namespace {

core::Error not_found(std::string message) {
    return {.code = core::ErrorCode::not_found, .message = std::move(message)};
}

core::Error short_of(const std::string& what) {
    return {.code = core::ErrorCode::insufficient_stock, .message = what};
}

// The zone must exist in the system's time zone database, not only look like one.
bool known_timezone(const std::string& zone) {
    return zone == "UTC" || std::filesystem::is_regular_file("/usr/share/zoneinfo/" + zone);
}

void check_quantity(std::int64_t quantity, const char* field, core::FieldErrors& errors) {
    if (quantity <= 0 || quantity > 1'000'000'000) {
        errors.add(field, "must be a whole number from 1 to 1000000000");
    }
}

}  // namespace

LedgerEntry InventoryService::entry(const identity::Principal& actor, StockKey key,
                                    std::int64_t delta, std::string kind,
                                    std::optional<std::string> reason,
                                    std::string reference) const {
    return LedgerEntry{.at = clock_.now_ms(),
                       .key = std::move(key),
                       .delta = delta,
                       .kind = std::move(kind),
                       .reason = std::move(reason),
                       .reference = std::move(reference),
                       .actor = actor.username,
                       .actor_id = actor.id.value > 0 ? std::optional(actor.id) : std::nullopt};
}

StockChange InventoryService::change(db::Tx& tx, const catalog::Product& product,
                                     const Warehouse& warehouse) {
    StockChange out{.warehouse = warehouse.code, .sku = product.sku};
    for (const auto& level : StockRepo::levels(tx, product.id)) {
        if (level.warehouse == warehouse.code) {
            out.on_hand = level.on_hand;
            out.reserved = level.reserved;
        }
    }
    return out;
}

core::Result<Warehouse> InventoryService::find_warehouse(db::Tx& tx, const std::string& code) {
    auto warehouse = WarehouseRepo::find(tx, code);
    if (!warehouse) {
        return std::unexpected(not_found("There is no warehouse " + code + "."));
    }
    return *warehouse;
}

core::Result<InventoryService::Place> InventoryService::find_place(db::Tx& tx,
                                                                   const std::string& warehouse,
                                                                   const std::string& bin) {
    auto found = find_warehouse(tx, warehouse);
    if (!found) {
        return std::unexpected(found.error());
    }
    auto found_bin = WarehouseRepo::find_bin(tx, found->id, bin);
    if (!found_bin) {
        return std::unexpected(not_found("There is no bin " + bin + " in " + warehouse + "."));
    }
    if (!found_bin->active) {
        return core::invalid_field("bin", "is not in use");
    }
    return Place{*found, *found_bin};
}

core::Result<Warehouse> InventoryService::create_warehouse(const identity::Principal& actor,
                                                           const WarehouseInput& input) {
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    core::FieldErrors errors;
    validate_warehouse(input, errors);
    if (errors.empty() && !known_timezone(input.timezone)) {
        errors.add("timezone", "is not a known IANA time zone");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    const auto now = clock_.now_ms();
    Warehouse warehouse{.code = input.code,
                        .name = input.name,
                        .address = input.address,
                        .timezone = input.timezone,
                        .latitude = input.latitude,
                        .longitude = input.longitude,
                        .created_at = now,
                        .updated_at = now};
    auto created = db_.write([&](db::Tx& tx) -> core::Result<Warehouse> {
        warehouse.id = WarehouseRepo::insert(tx, warehouse);
        identity::record_audit(tx, actor, now, "warehouse.create", "warehouse", warehouse.code);
        events_.publish(tx, WarehouseChanged{.warehouse = warehouse.code});
        return warehouse;
    });
    return core::name_conflict(std::move(created), "code", "The warehouse code is already taken.");
}

core::Result<Warehouse> InventoryService::update_warehouse(const identity::Principal& actor,
                                                           const WarehouseInput& input) {
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    core::FieldErrors errors;
    validate_warehouse(input, errors);
    if (errors.empty() && !known_timezone(input.timezone)) {
        errors.add("timezone", "is not a known IANA time zone");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    const auto now = clock_.now_ms();
    return db_.write([&](db::Tx& tx) -> core::Result<Warehouse> {
        auto existing = find_warehouse(tx, input.code);
        if (!existing) {
            return existing;
        }
        Warehouse warehouse = *existing;
        warehouse.name = input.name;
        warehouse.address = input.address;
        warehouse.timezone = input.timezone;
        warehouse.latitude = input.latitude;
        warehouse.longitude = input.longitude;
        warehouse.updated_at = now;
        (void)WarehouseRepo::update(tx, warehouse);
        identity::record_audit(tx, actor, now, "warehouse.update", "warehouse", warehouse.code);
        events_.publish(tx, WarehouseChanged{.warehouse = warehouse.code});
        return warehouse;
    });
}

core::Result<Warehouse> InventoryService::get_warehouse(const std::string& code) {
    return db_.read([&](db::Tx& tx) { return find_warehouse(tx, code); });
}

core::Result<std::vector<Warehouse>> InventoryService::list_warehouses() {
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<Warehouse>> {
        return WarehouseRepo::list(tx);
    });
}

core::Result<Bin> InventoryService::create_bin(const identity::Principal& actor,
                                               const std::string& warehouse,
                                               const BinInput& input) {
    if (auto scoped = identity::require_warehouse(actor, warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    core::FieldErrors errors;
    validate_bin(input, errors);
    if (!errors.empty()) {
        return errors.to_error();
    }
    const auto now = clock_.now_ms();
    auto created = db_.write([&](db::Tx& tx) -> core::Result<Bin> {
        auto found = find_warehouse(tx, warehouse);
        if (!found) {
            return std::unexpected(found.error());
        }
        Bin bin{.warehouse_id = found->id,
                .warehouse = found->code,
                .code = input.code,
                .zone = input.zone,
                .pick_sequence = input.pick_sequence,
                .kind = input.kind};
        bin.id = WarehouseRepo::insert_bin(tx, bin);
        identity::record_audit(tx, actor, now, "bin.create", "bin", bin.warehouse + "/" + bin.code);
        return bin;
    });
    return core::name_conflict(std::move(created), "code", "The warehouse already has this bin.");
}

core::Result<Bin> InventoryService::update_bin(const identity::Principal& actor,
                                               const std::string& warehouse, const BinInput& input,
                                               bool active) {
    if (auto scoped = identity::require_warehouse(actor, warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    core::FieldErrors errors;
    validate_bin(input, errors);
    if (!errors.empty()) {
        return errors.to_error();
    }
    const auto now = clock_.now_ms();
    return db_.write([&](db::Tx& tx) -> core::Result<Bin> {
        auto found = find_warehouse(tx, warehouse);
        if (!found) {
            return std::unexpected(found.error());
        }
        auto bin = WarehouseRepo::find_bin(tx, found->id, input.code);
        if (!bin) {
            return std::unexpected(
                not_found("There is no bin " + input.code + " in " + warehouse + "."));
        }
        bin->zone = input.zone;
        bin->pick_sequence = input.pick_sequence;
        bin->kind = input.kind;
        bin->active = active;
        (void)WarehouseRepo::update_bin(tx, *bin);
        identity::record_audit(tx, actor, now, "bin.update", "bin",
                               bin->warehouse + "/" + bin->code);
        return *bin;
    });
}

core::Result<Bin> InventoryService::get_bin(const identity::Principal& actor,
                                            const std::string& warehouse, const std::string& code) {
    if (auto scoped = identity::require_warehouse(actor, warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    return db_.read([&](db::Tx& tx) -> core::Result<Bin> {
        auto found = find_warehouse(tx, warehouse);
        if (!found) {
            return std::unexpected(found.error());
        }
        auto bin = WarehouseRepo::find_bin(tx, found->id, code);
        if (!bin) {
            return std::unexpected(not_found("There is no bin " + code + " in " + warehouse + "."));
        }
        return *bin;
    });
}

core::Result<std::vector<Bin>> InventoryService::list_bins(const identity::Principal& actor,
                                                           const std::string& warehouse,
                                                           std::int64_t after, int limit) {
    if (auto scoped = identity::require_warehouse(actor, warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<Bin>> {
        auto found = find_warehouse(tx, warehouse);
        if (!found) {
            return std::unexpected(found.error());
        }
        return WarehouseRepo::list_bins(tx, found->id, after, limit);
    });
}

core::Result<Dock> InventoryService::create_dock(const identity::Principal& actor,
                                                 const std::string& warehouse,
                                                 const DockInput& input) {
    if (auto scoped = identity::require_warehouse(actor, warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    core::FieldErrors errors;
    validate_dock(input, errors);
    if (!errors.empty()) {
        return errors.to_error();
    }
    const auto now = clock_.now_ms();
    auto created = db_.write([&](db::Tx& tx) -> core::Result<Dock> {
        auto found = find_warehouse(tx, warehouse);
        if (!found) {
            return std::unexpected(found.error());
        }
        const DockId id = WarehouseRepo::insert_dock(tx, found->id, input);
        identity::record_audit(tx, actor, now, "dock.create", "dock", warehouse + "/" + input.door);
        return Dock{id, found->code, input.door, input.kind};
    });
    return core::name_conflict(std::move(created), "door", "The warehouse already has this door.");
}

core::Result<std::vector<Dock>> InventoryService::list_docks(const identity::Principal& actor,
                                                             const std::string& warehouse) {
    if (auto scoped = identity::require_warehouse(actor, warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<Dock>> {
        auto found = find_warehouse(tx, warehouse);
        if (!found) {
            return std::unexpected(found.error());
        }
        return WarehouseRepo::list_docks(tx, found->id);
    });
}

core::Result<StockChange> InventoryService::receive(const identity::Principal& actor,
                                                    const ReceiptInput& input) {
    if (auto scoped = identity::require_warehouse(actor, input.warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    core::FieldErrors errors;
    check_quantity(input.quantity, "quantity", errors);
    if (input.lot && !valid_lot(*input.lot)) {
        errors.add("lot", "must be 1 to 20 printable characters without spaces");
    }
    if (input.expiry && !valid_date(*input.expiry)) {
        errors.add("expiry", "must be a date as YYYY-MM-DD");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    auto product = catalog_.get_product_by_sku(input.sku);
    if (!product) {
        return std::unexpected(product.error());
    }
    if (product->is_kit()) {
        return core::invalid_field("sku", "is a kit: receive its components");
    }
    if (product->lot_tracked && !input.lot) {
        errors.add("lot", "is required: the product is lot-tracked");
    }
    if (product->expiry_tracked && !input.expiry) {
        errors.add("expiry", "is required: the product is expiry-tracked");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    const std::string lot = product->lot_tracked ? *input.lot : input.lot.value_or("");
    return db_.write([&](db::Tx& tx) -> core::Result<StockChange> {
        auto place = find_place(tx, input.warehouse, input.bin);
        if (!place) {
            return std::unexpected(place.error());
        }
        if (input.expiry && !lot.empty()) {
            if (auto known = StockRepo::lot_expiry(tx, product->id, lot);
                known && *known != *input.expiry) {
                return core::invalid_field("expiry", "lot " + lot + " expires on " + *known);
            }
        }
        const StockKey key{product->id, place->warehouse.id, place->bin.id, lot};
        StockRepo::add(tx, key, input.expiry, clock_.now_ms(), input.quantity);
        StockRepo::add_on_hand(tx, product->id, place->warehouse.id, input.quantity);
        StockRepo::append_ledger(
            tx, entry(actor, key, input.quantity, "receipt", std::nullopt, input.reference));
        events_.publish(tx, StockAdded{.products = {product->id}});
        return change(tx, *product, place->warehouse);
    });
}

core::Result<StockChange> InventoryService::move(const identity::Principal& actor,
                                                 const MoveInput& input) {
    if (auto scoped = identity::require_warehouse(actor, input.warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    core::FieldErrors errors;
    check_quantity(input.quantity, "quantity", errors);
    if (input.from_bin == input.to_bin) {
        errors.add("to_bin", "must differ from from_bin");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    auto product = catalog_.get_product_by_sku(input.sku);
    if (!product) {
        return std::unexpected(product.error());
    }
    return db_.write([&](db::Tx& tx) -> core::Result<StockChange> {
        auto from = find_place(tx, input.warehouse, input.from_bin);
        if (!from) {
            return std::unexpected(from.error());
        }
        auto to = find_place(tx, input.warehouse, input.to_bin);
        if (!to) {
            return std::unexpected(to.error());
        }
        const StockKey from_key{product->id, from->warehouse.id, from->bin.id, input.lot};
        const StockKey to_key{product->id, to->warehouse.id, to->bin.id, input.lot};
        const auto expiry =
            input.lot.empty() ? std::nullopt : StockRepo::lot_expiry(tx, product->id, input.lot);
        // Touch rows in bin order, so two opposite moves cannot deadlock on PostgreSQL.
        const bool from_first = from->bin.id.value < to->bin.id.value;
        if (!from_first) {
            StockRepo::add(tx, to_key, expiry, clock_.now_ms(), input.quantity);
        }
        if (!StockRepo::take(tx, from_key, input.quantity)) {
            return std::unexpected(short_of("Bin " + input.from_bin + " holds fewer than " +
                                            std::to_string(input.quantity) + " of " + input.sku +
                                            (input.lot.empty() ? "" : " lot " + input.lot) + "."));
        }
        if (from_first) {
            StockRepo::add(tx, to_key, expiry, clock_.now_ms(), input.quantity);
        }
        StockRepo::append_ledger(
            tx, entry(actor, from_key, -input.quantity, "move", std::nullopt, input.reference));
        StockRepo::append_ledger(
            tx, entry(actor, to_key, input.quantity, "move", std::nullopt, input.reference));
        return change(tx, *product, from->warehouse);
    });
}

core::Result<StockChange> InventoryService::adjust(const identity::Principal& actor,
                                                   const AdjustmentInput& input) {
    if (auto scoped = identity::require_warehouse(actor, input.warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    core::FieldErrors errors;
    if (input.delta == 0 || input.delta > 1'000'000'000 || input.delta < -1'000'000'000) {
        errors.add("delta", "must be a non-zero whole number (negative removes stock)");
    }
    const auto reason = parse_adjustment_reason(input.reason);
    if (!reason) {
        errors.add("reason",
                   "must be one of count_correction, damaged_in_storage, damaged_in_inbound, "
                   "expired, theft_loss, found, cycle_count");
    }
    if (input.expiry && !valid_date(*input.expiry)) {
        errors.add("expiry", "must be a date as YYYY-MM-DD");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    auto product = catalog_.get_product_by_sku(input.sku);
    if (!product) {
        return std::unexpected(product.error());
    }
    if (product->lot_tracked && input.lot.empty()) {
        return core::invalid_field("lot", "is required: the product is lot-tracked");
    }
    return db_.write([&](db::Tx& tx) -> core::Result<StockChange> {
        auto place = find_place(tx, input.warehouse, input.bin);
        if (!place) {
            return std::unexpected(place.error());
        }
        const StockKey key{product->id, place->warehouse.id, place->bin.id, input.lot};
        if (input.delta > 0) {
            auto expiry = input.expiry;
            if (!input.lot.empty()) {
                const auto known = StockRepo::lot_expiry(tx, product->id, input.lot);
                if (expiry && known && *known != *expiry) {
                    return core::invalid_field("expiry",
                                               "lot " + input.lot + " expires on " + *known);
                }
                expiry = expiry ? expiry : known;
            }
            if (product->expiry_tracked && !expiry) {
                return core::invalid_field("expiry", "is required for a new lot of this product");
            }
            StockRepo::add(tx, key, expiry, clock_.now_ms(), input.delta);
            StockRepo::add_on_hand(tx, product->id, place->warehouse.id, input.delta);
            events_.publish(tx, StockAdded{.products = {product->id}});
        } else {
            if (!StockRepo::take(tx, key, -input.delta)) {
                return std::unexpected(short_of(
                    "Bin " + input.bin + " holds " + std::to_string(StockRepo::quantity(tx, key)) +
                    " of " + input.sku + (input.lot.empty() ? "" : " lot " + input.lot) +
                    "; cannot remove " + std::to_string(-input.delta) + "."));
            }
            if (!StockRepo::take_on_hand(tx, product->id, place->warehouse.id, -input.delta)) {
                return std::unexpected(short_of("Removing " + std::to_string(-input.delta) +
                                                " of " + input.sku + " from " + input.warehouse +
                                                " would leave less than is reserved for orders."));
            }
        }
        StockRepo::append_ledger(tx, entry(actor, key, input.delta, "adjustment",
                                           std::string(to_string(*reason)), input.reference));
        return change(tx, *product, place->warehouse);
    });
}

core::Result<std::vector<std::pair<std::string, std::int64_t>>>
InventoryService::available_by_sku() {
    return db_.read(
        [&](db::Tx& tx) -> core::Result<std::vector<std::pair<std::string, std::int64_t>>> {
            return StockRepo::available_by_sku(tx);
        });
}

core::Result<std::vector<StockLevel>> InventoryService::levels(const identity::Principal& actor,
                                                               const std::string& sku) {
    auto product = catalog_.get_product_by_sku(sku);
    if (!product) {
        return std::unexpected(product.error());
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<StockLevel>> {
        auto levels = StockRepo::levels(tx, product->id);
        // A scoped user sees their own warehouse's stock only.
        std::erase_if(levels, [&](const StockLevel& level) {
            return !identity::require_warehouse(actor, level.warehouse);
        });
        return levels;
    });
}

core::Result<std::vector<StockRow>> InventoryService::rows(const identity::Principal& actor,
                                                           RowQuery query) {
    // A scoped user reads their own warehouse: asked for another, forbidden; asked for none,
    // theirs.
    if (query.warehouse) {
        if (auto scoped = identity::require_warehouse(actor, *query.warehouse); !scoped) {
            return std::unexpected(scoped.error());
        }
    } else {
        query.warehouse = actor.warehouse;
    }
    StockFilter filter{.lot = query.lot,
                       .expires_before = query.expires_before,
                       .after = query.after,
                       .limit = query.limit};
    if (query.expires_before && !valid_date(*query.expires_before)) {
        return core::invalid_field("expires_before", "must be a date as YYYY-MM-DD");
    }
    if (query.bin && !query.warehouse) {
        return core::invalid_field("warehouse", "is required with bin");
    }
    if (query.sku) {
        auto product = catalog_.get_product_by_sku(*query.sku);
        if (!product) {
            return std::unexpected(product.error());
        }
        filter.product = product->id;
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<StockRow>> {
        if (query.warehouse) {
            auto found = find_warehouse(tx, *query.warehouse);
            if (!found) {
                return std::unexpected(found.error());
            }
            filter.warehouse = found->id;
            if (query.bin) {
                auto bin = WarehouseRepo::find_bin(tx, found->id, *query.bin);
                if (!bin) {
                    return std::unexpected(not_found("There is no bin " + *query.bin + "."));
                }
                filter.bin = bin->id;
            }
        }
        return StockRepo::rows(tx, filter);
    });
}

core::Result<std::string> InventoryService::snapshot_csv(
    const identity::Principal& actor, const std::optional<std::string>& warehouse) {
    std::string out = core::csv_line(
        {"warehouse", "bin", "sku", "name", "lot", "expiry", "received_at", "quantity"});
    RowQuery query{.warehouse = warehouse, .limit = 1000};
    while (true) {
        auto page = rows(actor, query);
        if (!page) {
            return std::unexpected(page.error());
        }
        for (const auto& row : *page) {
            out += core::csv_line({row.warehouse, row.bin, row.sku, row.name, row.lot,
                                   row.expiry.value_or(""), core::format_iso8601(row.received_at),
                                   std::to_string(row.quantity)});
        }
        if (page->size() < static_cast<std::size_t>(query.limit)) {
            break;
        }
        query.after = page->back().id;
    }
    return out;
}

core::Result<std::vector<StockCandidate>> InventoryService::pick_order(
    const identity::Principal& actor, const std::string& sku, const std::string& warehouse) {
    if (auto scoped = identity::require_warehouse(actor, warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    auto product = catalog_.get_product_by_sku(sku);
    if (!product) {
        return std::unexpected(product.error());
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<StockCandidate>> {
        auto found = find_warehouse(tx, warehouse);
        if (!found) {
            return std::unexpected(found.error());
        }
        return rotation_order(StockRepo::candidates(tx, product->id, found->id),
                              product->expiry_tracked ? Rotation::fefo : Rotation::fifo);
    });
}

core::Result<Threshold> InventoryService::save_threshold(const identity::Principal& actor,
                                                         const ThresholdInput& input) {
    if (auto scoped = identity::require_warehouse(actor, input.warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    core::FieldErrors errors;
    if (input.reorder_point < 0) {
        errors.add("reorder_point", "must not be negative");
    }
    if (input.safety_stock < 0) {
        errors.add("safety_stock", "must not be negative");
    }
    if (input.lead_time_days < 0 || input.lead_time_days > 3650) {
        errors.add("lead_time_days", "must be from 0 to 3650");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    auto product = catalog_.get_product_by_sku(input.sku);
    if (!product) {
        return std::unexpected(product.error());
    }
    const auto now = clock_.now_ms();
    return db_.write([&](db::Tx& tx) -> core::Result<Threshold> {
        auto found = find_warehouse(tx, input.warehouse);
        if (!found) {
            return std::unexpected(found.error());
        }
        const Threshold threshold{input.sku, input.warehouse, input.reorder_point,
                                  input.safety_stock, input.lead_time_days};
        StockRepo::save_threshold(tx, product->id, found->id, threshold, now);
        identity::record_audit(
            tx, actor, now, "threshold.save", "product", input.sku,
            core::json_object({{"warehouse", input.warehouse},
                               {"reorder_point", std::to_string(input.reorder_point)},
                               {"safety_stock", std::to_string(input.safety_stock)},
                               {"lead_time_days", std::to_string(input.lead_time_days)}}));
        return threshold;
    });
}

core::Result<std::vector<Threshold>> InventoryService::thresholds(
    const identity::Principal& actor, const std::optional<std::string>& sku) {
    std::optional<catalog::ProductId> product;
    if (sku) {
        auto found = catalog_.get_product_by_sku(*sku);
        if (!found) {
            return std::unexpected(found.error());
        }
        product = found->id;
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<Threshold>> {
        auto thresholds = StockRepo::thresholds(tx, product);
        std::erase_if(thresholds, [&](const Threshold& threshold) {
            return !identity::require_warehouse(actor, threshold.warehouse);
        });
        return thresholds;
    });
}

core::Result<std::vector<std::string>> InventoryService::fsck() {
    auto issues = db_.read(
        [&](db::Tx& tx) -> core::Result<std::vector<std::string>> { return StockRepo::fsck(tx); });
    for (const auto& check : fsck_checks_) {
        if (!issues) {
            break;
        }
        auto more = check();
        if (!more) {
            return more;
        }
        issues->insert(issues->end(), more->begin(), more->end());
    }
    return issues;
}

}  // namespace tally::inventory
