// Orders from CSV into Tally: what read_orders_csv reads, resolved, checked against the
// orders already here, and placed in one transaction.
#include <algorithm>

#include "tally/orders/order_repo.hpp"
#include "tally/orders/order_service.hpp"

namespace tally::orders {

core::Result<ImportSummary> OrderService::import_csv(const identity::Principal& actor,
                                                     std::string_view csv) {
    auto file = read_orders_csv(csv);
    if (!file) {
        return std::unexpected(file.error());
    }
    auto& orders = file->orders;
    auto& errors = file->errors;
    ImportSummary summary{.skipped = std::move(file->skipped)};
    // Resolve each order's SKUs; name each error by row and column.
    const auto now = clock_.now_ms();
    std::vector<Order> ready;
    for (auto& order : orders) {
        if (!order.skipped.empty() || !order.valid) {
            continue;
        }
        auto resolved = resolve(order.input);
        if (!resolved) {
            for (const auto& error : resolved.error().fields) {
                errors.add(file->field_of(order, error), error.reason);
            }
            continue;
        }
        ready.push_back(new_order(order.input, *resolved, now));
    }
    // Orders already in Tally: named, so a re-run of the same file says why it is refused.
    auto existing = db_.read([&](db::Tx& tx) -> core::Result<std::vector<std::size_t>> {
        std::vector<std::size_t> taken;
        for (std::size_t i = 0; i < orders.size(); ++i) {
            const auto& in = orders[i].input;
            if (!orders[i].skipped.empty()) {
                continue;
            }
            if (!OrderRepo::list(tx,
                                 {.channel = in.channel, .external_id = in.external_id, .limit = 1})
                     .empty()) {
                taken.push_back(i);
            }
        }
        return taken;
    });
    if (!existing) {
        return std::unexpected(existing.error());
    }
    for (const auto i : *existing) {
        errors.add("rows/" + std::to_string(orders[i].first_row) + "/" +
                       std::string(file->external_id_column()),
                   "order " + orders[i].input.external_id + " is already in Tally");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }

    const auto settings = routing_inputs();
    if (!settings) {
        return std::unexpected(settings.error());
    }
    std::ranges::sort(summary.skipped, {}, &ImportSkip::row);
    return db_.write([&](db::Tx& tx) -> core::Result<ImportSummary> {
        ImportSummary result = summary;
        for (const auto& order : ready) {
            auto placed = place(tx, actor, order, settings->first, settings->second, now);
            if (!placed) {
                return std::unexpected(placed.error());
            }
            ++result.orders;
            result.allocated += placed->status == OrderStatus::allocated ? 1 : 0;
            result.backordered += placed->status == OrderStatus::backordered ? 1 : 0;
            result.on_hold += placed->status == OrderStatus::on_hold ? 1 : 0;
        }
        return result;
    });
}

}  // namespace tally::orders
