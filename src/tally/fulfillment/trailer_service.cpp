#include "tally/fulfillment/trailer_service.hpp"

#include <algorithm>
#include <tuple>

#include "tally/fulfillment/floor_common.hpp"
#include "tally/fulfillment/station.hpp"
#include "tally/identity/audit.hpp"
#include "tally/inventory/stock_repo.hpp"

namespace tally::fulfillment {

namespace detail {

using inventory::StockRepo;
using orders::OrderStatus;

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
        auto shipped = set_order_status(tx, actor, now, order, warehouse, OrderStatus::staged,
                                        OrderStatus::shipped,
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

}  // namespace detail

namespace {

using namespace detail;
using inventory::StockRepo;
using orders::OrderStatus;

Manifest manifest_of(db::Tx& tx, ManifestRow row) {
    Manifest m;
    m.loaded = FulfillmentRepo::loaded_count(tx, row.id);
    if (row.status == "open") {
        m.missing = FulfillmentRepo::staged_missing(tx, row.carrier_id, row.warehouse_id);
    }
    m.row = std::move(row);
    return m;
}

}  // namespace

core::Result<Manifest> TrailerService::create_manifest(const identity::Principal& actor,
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

core::Result<Manifest> TrailerService::get_manifest(const identity::Principal& actor,
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

core::Result<std::vector<Manifest>> TrailerService::list_manifests(
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

core::Result<Manifest> TrailerService::close_manifest(const identity::Principal& actor,
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

core::Result<Shipment> TrailerService::shipment(std::int64_t order_id, std::int64_t manifest_id) {
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

}  // namespace tally::fulfillment
