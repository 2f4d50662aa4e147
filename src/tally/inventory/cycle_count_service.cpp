#include "tally/inventory/cycle_count_service.hpp"

#include "tally/db/job_queue.hpp"
#include "tally/identity/audit.hpp"
#include "tally/inventory/stock_repo.hpp"
#include "tally/inventory/warehouse_repo.hpp"

namespace tally::inventory {

core::Result<CountSchedule> CycleCountService::create_schedule(const identity::Principal& actor,
                                                               const CountScheduleInput& input) {
    if (auto scoped = identity::require_warehouse(actor, input.warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    core::FieldErrors errors;
    validate_count_schedule(input, errors);
    if (!errors.empty()) {
        return errors.to_error();
    }
    auto created = db_.write([&](db::Tx& tx) -> core::Result<CountSchedule> {
        const auto warehouse = WarehouseRepo::find(tx, input.warehouse);
        if (!warehouse) {
            return core::fail(core::ErrorCode::not_found,
                              "There is no warehouse " + input.warehouse + ".");
        }
        const auto now = clock_.now_ms();
        CountSchedule schedule{.warehouse = warehouse->code,
                               .zone = input.zone,
                               .every_days = input.every_days,
                               .next_due_at = input.first_due_at.value_or(now),
                               .created_by = actor.username,
                               .created_at = now};
        schedule.id = CycleCountRepo::insert_schedule(tx, warehouse->id, input,
                                                      schedule.next_due_at, actor.username, now);
        identity::record_audit(tx, actor, now, "count_schedule.create", "count_schedule",
                               input.warehouse + "/" + input.zone);
        // One recurring job raises every schedule's tasks, looking every kRaiseCountsEveryMs;
        // the first schedule starts it (a second finds it pending: the dedupe key).
        (void)db::JobQueue::enqueue(tx,
                                    db::NewJob{.kind = kRaiseCountsJob,
                                               .subject = "count_schedules",
                                               .dedupe_key = std::string(kRaiseCountsJob)},
                                    now);
        return schedule;
    });
    return core::name_conflict(std::move(created), "zone",
                               "The zone " + input.zone + " already has a count schedule.");
}

core::Result<std::vector<CountSchedule>> CycleCountService::schedules(
    const identity::Principal& actor, const std::optional<std::string>& warehouse) {
    const auto code = warehouse ? warehouse : actor.warehouse;
    if (code) {
        if (auto scoped = identity::require_warehouse(actor, *code); !scoped) {
            return std::unexpected(scoped.error());
        }
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<CountSchedule>> {
        if (!code) {
            return CycleCountRepo::schedules(tx, std::nullopt);
        }
        const auto found = WarehouseRepo::find(tx, *code);
        if (!found) {
            return core::fail(core::ErrorCode::not_found, "There is no warehouse " + *code + ".");
        }
        return CycleCountRepo::schedules(tx, found->id);
    });
}

std::vector<BinProduct> CycleCountService::take_due(db::Tx& tx, core::TimestampMs now, int limit) {
    std::vector<BinProduct> out;
    for (const auto& due : CycleCountRepo::due(tx, now, limit)) {
        const auto& schedule = due.schedule;
        const auto next = next_count_due(schedule.next_due_at, schedule.every_days, now);
        if (!CycleCountRepo::advance(tx, schedule.id, schedule.next_due_at, next, now)) {
            continue;  // another node raised them
        }
        for (auto& where : CycleCountRepo::stocked_in_zone(tx, due.warehouse, schedule.zone)) {
            out.push_back(where);
        }
    }
    return out;
}

core::Result<CountOutcome> CycleCountService::record_count(db::Tx& tx,
                                                           const identity::Principal& actor,
                                                           const CountedStock& count) {
    if (auto scoped = identity::require_warehouse(actor, count.warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    if (count.counted < 0 || count.counted > kMaxCountedUnits) {
        return core::invalid_field("counted", "must be a whole number from 0 to 1000000");
    }
    const auto books = CycleCountRepo::booked_lots(tx, count.where);
    CountOutcome outcome{.counted = count.counted};
    for (const auto& lot : books) {
        outcome.booked += lot.quantity;
    }
    if (count.lot_tracked && books.empty() && count.counted > 0) {
        return core::invalid_field("counted",
                                   "units of a lot-tracked product the bin holds no lot of: "
                                   "receive them with their lot");
    }
    const auto now = clock_.now_ms();
    for (const auto& change : count_adjustments(books, count.counted)) {
        const StockKey key{count.where.product, count.where.warehouse, count.where.bin, change.lot};
        if (change.delta > 0) {
            StockRepo::add(tx, key, std::nullopt, now, change.delta);
            StockRepo::add_on_hand(tx, key.product, key.warehouse, change.delta);
        } else if (!StockRepo::take(tx, key, -change.delta) ||
                   !StockRepo::take_on_hand(tx, key.product, key.warehouse, -change.delta)) {
            return core::fail(core::ErrorCode::insufficient_stock,
                              "The count leaves less than is reserved for orders: a supervisor "
                              "must release those orders' stock first.");
        }
        StockRepo::append_ledger(
            tx,
            LedgerEntry{.at = now,
                        .key = key,
                        .delta = change.delta,
                        .kind = "adjustment",
                        .reason = std::string(to_string(AdjustmentReason::cycle_count)),
                        .reference = count.reference,
                        .actor = actor.username,
                        .actor_id = actor.id.value > 0 ? std::optional(actor.id) : std::nullopt});
    }
    return outcome;
}

}  // namespace tally::inventory
