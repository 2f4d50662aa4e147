#include "tally/fulfillment/carton_service.hpp"

#include "tally/fulfillment/floor_common.hpp"
#include "tally/fulfillment/station.hpp"
#include "tally/inventory/printer_repo.hpp"
#include "tally/orders/order_repo.hpp"
#include "tally/orders/order_service.hpp"
#include "tally/shipping/label.hpp"
#include "tally/shipping/label_image.hpp"

namespace tally::fulfillment {

namespace {

using namespace detail;

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

core::Result<CartonRow> CartonService::get_carton(const identity::Principal& actor,
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

core::Result<std::vector<CartonRow>> CartonService::list_cartons(
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

core::Result<std::size_t> CartonService::print_label(const identity::Principal& actor,
                                                     std::int64_t id, const std::string& printer) {
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

core::Result<std::string> CartonService::carton_label_zpl(const identity::Principal& actor,
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

core::Result<std::string> CartonService::carton_label_png(const identity::Principal& actor,
                                                          std::int64_t id) {
    auto carton = get_carton(actor, id);
    if (!carton) {
        return std::unexpected(carton.error());
    }
    return shipping::barcode_png("(00)" + carton->sscc, shipping::Symbology::gs1_128);
}

core::Result<std::string> CartonService::packing_slip(const identity::Principal& actor,
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

}  // namespace tally::fulfillment
