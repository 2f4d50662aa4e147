#include "tally/fulfillment/stock_task_service.hpp"

#include <algorithm>

#include "tally/fulfillment/floor_common.hpp"

namespace tally::fulfillment {

using namespace detail;
using inventory::StockRepo;

core::Result<std::vector<CountTaskRow>> StockTaskService::count_tasks(
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

core::Result<std::vector<inventory::StockRow>> StockTaskService::rotation_list(
    const identity::Principal& actor, const std::optional<std::string>& warehouse,
    std::optional<int> days) {
    if (days && (*days < 0 || *days > 3650)) {
        return core::invalid_field("days", "must be from 0 to 3650");
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<inventory::StockRow>> {
        const auto settings = settings_.read(tx);
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

}  // namespace tally::fulfillment
