#include "tally/inventory/cycle_count_repo.hpp"

#include "tally/db/statement.hpp"

namespace tally::inventory {

namespace {

constexpr const char* kInsertSchedule =
    "INSERT INTO count_schedules (warehouse_id, zone, every_days, next_due_at, created_by,"
    " created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
constexpr const char* kSchedules =
    "SELECT s.id, w.code, s.zone, s.every_days, s.next_due_at, s.last_raised_at, s.created_by,"
    " s.created_at, s.warehouse_id FROM count_schedules s"
    " JOIN warehouses w ON w.id = s.warehouse_id WHERE ($1 = 0 OR s.warehouse_id = $1)"
    " ORDER BY w.code, s.zone";
constexpr const char* kDue =
    "SELECT s.id, w.code, s.zone, s.every_days, s.next_due_at, s.last_raised_at, s.created_by,"
    " s.created_at, s.warehouse_id FROM count_schedules s"
    " JOIN warehouses w ON w.id = s.warehouse_id WHERE s.next_due_at <= $1"
    " ORDER BY s.next_due_at, s.id LIMIT $2";
constexpr const char* kAdvance =
    "UPDATE count_schedules SET next_due_at = $1, last_raised_at = $2"
    " WHERE id = $3 AND next_due_at = $4";
constexpr const char* kStockedInZone =
    "SELECT DISTINCT s.bin_id, s.product_id, b.pick_sequence, b.code FROM stock s"
    " JOIN bins b ON b.id = s.bin_id WHERE s.warehouse_id = $1 AND b.zone = $2"
    " AND b.kind = 'storage' AND b.active = 1 AND s.quantity > 0"
    " ORDER BY b.pick_sequence, b.code, s.product_id";
constexpr const char* kBookedLots =
    "SELECT lot, quantity FROM stock WHERE product_id = $1 AND bin_id = $2 AND quantity > 0"
    " ORDER BY (expiry IS NULL), expiry, received_at, lot";

// The columns of kSchedules and kDue, by name.
enum ScheduleColumn : int {
    c_id,
    c_warehouse,
    c_zone,
    c_every_days,
    c_next_due_at,
    c_last_raised_at,
    c_created_by,
    c_created_at,
    c_warehouse_id
};

CountSchedule schedule_from(const db::Query& q) {
    return CountSchedule{.id = CountScheduleId{q.int64(c_id)},
                         .warehouse = q.text(c_warehouse),
                         .zone = q.text(c_zone),
                         .every_days = static_cast<int>(q.int64(c_every_days)),
                         .next_due_at = q.int64(c_next_due_at),
                         .last_raised_at = q.is_null(c_last_raised_at)
                                               ? std::nullopt
                                               : std::optional(q.int64(c_last_raised_at)),
                         .created_by = q.text(c_created_by),
                         .created_at = q.int64(c_created_at)};
}

}  // namespace

CountScheduleId CycleCountRepo::insert_schedule(db::Tx& tx, WarehouseId warehouse,
                                                const CountScheduleInput& input,
                                                core::TimestampMs next_due_at,
                                                const std::string& created_by,
                                                core::TimestampMs now) {
    db::Query q(tx, kInsertSchedule);
    q.bind(warehouse.value)
        .bind(input.zone)
        .bind(input.every_days)
        .bind(next_due_at)
        .bind(created_by)
        .bind(now);
    q.next();
    return CountScheduleId{q.int64(0)};
}

std::vector<CountSchedule> CycleCountRepo::schedules(db::Tx& tx,
                                                     std::optional<WarehouseId> warehouse) {
    db::Query q(tx, kSchedules);
    q.bind(warehouse ? warehouse->value : std::int64_t{0});
    std::vector<CountSchedule> out;
    while (q.next()) {
        out.push_back(schedule_from(q));
    }
    return out;
}

std::vector<CycleCountRepo::Due> CycleCountRepo::due(db::Tx& tx, core::TimestampMs now, int limit) {
    db::Query q(tx, kDue);
    q.bind(now).bind(limit);
    std::vector<Due> out;
    while (q.next()) {
        out.push_back({schedule_from(q), WarehouseId{q.int64(c_warehouse_id)}});
    }
    return out;
}

bool CycleCountRepo::advance(db::Tx& tx, CountScheduleId id, core::TimestampMs due,
                             core::TimestampMs next_due, core::TimestampMs now) {
    db::Query q(tx, kAdvance);
    q.bind(next_due).bind(now).bind(id.value).bind(due);
    return q.exec() == 1;
}

std::vector<BinProduct> CycleCountRepo::stocked_in_zone(db::Tx& tx, WarehouseId warehouse,
                                                        const std::string& zone) {
    db::Query q(tx, kStockedInZone);
    q.bind(warehouse.value).bind(zone);
    std::vector<BinProduct> out;
    while (q.next()) {
        out.push_back({warehouse, BinId{q.int64(0)}, catalog::ProductId{q.int64(1)}});
    }
    return out;
}

std::vector<BookedLot> CycleCountRepo::booked_lots(db::Tx& tx, const BinProduct& where) {
    db::Query q(tx, kBookedLots);
    q.bind(where.product.value).bind(where.bin.value);
    std::vector<BookedLot> out;
    while (q.next()) {
        out.push_back({q.text(0), q.int64(1)});
    }
    return out;
}

}  // namespace tally::inventory
