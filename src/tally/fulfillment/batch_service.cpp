#include "tally/fulfillment/batch_service.hpp"

#include <algorithm>

#include "tally/fulfillment/floor_common.hpp"
#include "tally/fulfillment/fulfillment_repo.hpp"
#include "tally/identity/audit.hpp"
#include "tally/orders/order_repo.hpp"

namespace tally::fulfillment {

namespace {

using namespace detail;

constexpr int kMaxBatch = 48;

Batch batch_of(const BatchRow& row) {
    return Batch{.id = row.id,
                 .warehouse = row.warehouse,
                 .status = row.status,
                 .created_at = row.created_at,
                 .orders = row.orders};
}

}  // namespace

core::Result<Batch> BatchService::create_batch(const identity::Principal& actor,
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

core::Result<Batch> BatchService::get_batch(const identity::Principal& actor, std::int64_t id) {
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

}  // namespace tally::fulfillment
