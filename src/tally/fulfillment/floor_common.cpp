#include "tally/fulfillment/floor_common.hpp"

#include <algorithm>

#include "tally/fulfillment/station.hpp"
#include "tally/orders/order_repo.hpp"

namespace tally::fulfillment::detail {

using inventory::StockKey;
using orders::OrderStatus;

std::string today(core::TimestampMs now) {
    return core::format_iso8601(now).substr(0, 10);
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

std::string order_ref(std::int64_t order) {
    return label_text(LabelKind::order, order);
}

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

core::Result<StationRow> station_for(db::Tx& tx, const identity::Principal& actor,
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

}  // namespace tally::fulfillment::detail
