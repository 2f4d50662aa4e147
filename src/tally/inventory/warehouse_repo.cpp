#include "tally/inventory/warehouse_repo.hpp"

#include <stdexcept>

#include "tally/db/statement.hpp"

namespace tally::inventory {

namespace {

constexpr const char* kInsert =
    "INSERT INTO warehouses (code, name, address_line1, address_line2, city, region, postal_code,"
    " country, timezone, latitude, longitude, created_at, updated_at) VALUES ($1, $2, $3, $4, $5,"
    " $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";
constexpr const char* kUpdate =
    "UPDATE warehouses SET name = $1, address_line1 = $2, address_line2 = $3, city = $4,"
    " region = $5, postal_code = $6, country = $7, timezone = $8, latitude = $9,"
    " longitude = $10, updated_at = $11 WHERE code = $12";
constexpr const char* kFind =
    "SELECT id, code, name, address_line1, address_line2, city, region, postal_code, country,"
    " timezone, latitude, longitude, created_at, updated_at FROM warehouses WHERE code = $1";
constexpr const char* kList =
    "SELECT id, code, name, address_line1, address_line2, city, region, postal_code, country,"
    " timezone, latitude, longitude, created_at, updated_at FROM warehouses ORDER BY code";

constexpr const char* kInsertBin =
    "INSERT INTO bins (warehouse_id, code, zone, pick_sequence, kind, active)"
    " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
constexpr const char* kUpdateBin =
    "UPDATE bins SET zone = $1, pick_sequence = $2, kind = $3, active = $4 WHERE id = $5";
constexpr const char* kFindBin =
    "SELECT b.id, b.warehouse_id, w.code AS warehouse, b.code, b.zone, b.pick_sequence, b.kind,"
    " b.active FROM bins b JOIN warehouses w ON w.id = b.warehouse_id"
    " WHERE b.warehouse_id = $1 AND b.code = $2";
constexpr const char* kListBins =
    "SELECT b.id, b.warehouse_id, w.code AS warehouse, b.code, b.zone, b.pick_sequence, b.kind,"
    " b.active FROM bins b JOIN warehouses w ON w.id = b.warehouse_id"
    " WHERE b.warehouse_id = $1 AND b.id > $2 ORDER BY b.id LIMIT $3";

constexpr const char* kSpecialBin =
    "SELECT id FROM bins WHERE warehouse_id = $1 AND kind = $2 ORDER BY id LIMIT 1";
// Two first picks at once may both make the bin: the second waits and does nothing.
constexpr const char* kInsertSpecialBin =
    "INSERT INTO bins (warehouse_id, code, zone, pick_sequence, kind) VALUES ($1, $2, '', 0, $3)"
    " ON CONFLICT (warehouse_id, code) DO NOTHING";
constexpr const char* kBinId = "SELECT id FROM bins WHERE warehouse_id = $1 AND code = $2";

constexpr const char* kInsertDock =
    "INSERT INTO docks (warehouse_id, door, kind) VALUES ($1, $2, $3) RETURNING id";
constexpr const char* kDocks =
    "SELECT d.id, w.code AS warehouse, d.door, d.kind FROM docks d"
    " JOIN warehouses w ON w.id = d.warehouse_id WHERE d.warehouse_id = $1 ORDER BY d.door";

// The columns of kFind and kList.
Warehouse read_warehouse(const db::Query& row) {
    return Warehouse{.id = WarehouseId{row.int64("id")},
                     .code = row.text("code"),
                     .name = row.text("name"),
                     .address = {.line1 = row.text("address_line1"),
                                 .line2 = row.text("address_line2"),
                                 .city = row.text("city"),
                                 .region = row.text("region"),
                                 .postal_code = row.text("postal_code"),
                                 .country = row.text("country")},
                     .timezone = row.text("timezone"),
                     .latitude = row.optional_number("latitude"),
                     .longitude = row.optional_number("longitude"),
                     .created_at = row.int64("created_at"),
                     .updated_at = row.int64("updated_at")};
}

// The columns of kFindBin and kListBins.
Bin read_bin(const db::Query& row) {
    return Bin{.id = BinId{row.int64("id")},
               .warehouse_id = WarehouseId{row.int64("warehouse_id")},
               .warehouse = row.text("warehouse"),
               .code = row.text("code"),
               .zone = row.text("zone"),
               .pick_sequence = static_cast<int>(row.int64("pick_sequence")),
               .kind = row.text("kind"),
               .active = row.boolean("active")};
}

// Binds the address, time zone and position in the order kInsert and kUpdate name them.
db::Query& bind_place(db::Query& q, const Warehouse& w) {
    return q.bind(w.address.line1)
        .bind(w.address.line2)
        .bind(w.address.city)
        .bind(w.address.region)
        .bind(w.address.postal_code)
        .bind(w.address.country)
        .bind(w.timezone)
        .bind(w.latitude)
        .bind(w.longitude);
}

}  // namespace

WarehouseId WarehouseRepo::insert(db::Tx& tx, const Warehouse& w) {
    db::Query insert(tx, kInsert);
    insert.bind(w.code).bind(w.name);
    bind_place(insert, w).bind(w.created_at).bind(w.updated_at).next();
    return WarehouseId{insert.int64("id")};
}

bool WarehouseRepo::update(db::Tx& tx, const Warehouse& w) {
    db::Query update(tx, kUpdate);
    update.bind(w.name);
    return bind_place(update, w).bind(w.updated_at).bind(w.code).exec() == 1;
}

std::optional<Warehouse> WarehouseRepo::find(db::Tx& tx, std::string_view code) {
    db::Query select(tx, kFind);
    select.bind(code);
    if (!select.next()) {
        return std::nullopt;
    }
    return read_warehouse(select);
}

std::vector<Warehouse> WarehouseRepo::list(db::Tx& tx) {
    db::Query select(tx, kList);
    std::vector<Warehouse> out;
    while (select.next()) {
        out.push_back(read_warehouse(select));
    }
    return out;
}

BinId WarehouseRepo::insert_bin(db::Tx& tx, const Bin& bin) {
    db::Query insert(tx, kInsertBin);
    insert.bind(bin.warehouse_id.value)
        .bind(bin.code)
        .bind(bin.zone)
        .bind(bin.pick_sequence)
        .bind(bin.kind)
        .bind(bin.active ? 1 : 0)
        .next();
    return BinId{insert.int64("id")};
}

bool WarehouseRepo::update_bin(db::Tx& tx, const Bin& bin) {
    db::Query update(tx, kUpdateBin);
    return update.bind(bin.zone)
               .bind(bin.pick_sequence)
               .bind(bin.kind)
               .bind(bin.active ? 1 : 0)
               .bind(bin.id.value)
               .exec() == 1;
}

std::optional<Bin> WarehouseRepo::find_bin(db::Tx& tx, WarehouseId warehouse,
                                           std::string_view code) {
    db::Query select(tx, kFindBin);
    select.bind(warehouse.value).bind(code);
    if (!select.next()) {
        return std::nullopt;
    }
    return read_bin(select);
}

std::vector<Bin> WarehouseRepo::list_bins(db::Tx& tx, WarehouseId warehouse, std::int64_t after_id,
                                          int limit) {
    db::Query select(tx, kListBins);
    select.bind(warehouse.value).bind(after_id).bind(limit);
    std::vector<Bin> out;
    while (select.next()) {
        out.push_back(read_bin(select));
    }
    return out;
}

DockId WarehouseRepo::insert_dock(db::Tx& tx, WarehouseId warehouse, const DockInput& dock) {
    db::Query insert(tx, kInsertDock);
    insert.bind(warehouse.value).bind(dock.door).bind(dock.kind).next();
    return DockId{insert.int64("id")};
}

std::vector<Dock> WarehouseRepo::list_docks(db::Tx& tx, WarehouseId warehouse) {
    db::Query select(tx, kDocks);
    select.bind(warehouse.value);
    std::vector<Dock> out;
    while (select.next()) {
        out.push_back(Dock{.id = DockId{select.int64("id")},
                           .warehouse = select.text("warehouse"),
                           .door = select.text("door"),
                           .kind = select.text("kind")});
    }
    return out;
}

BinId WarehouseRepo::special_bin(db::Tx& tx, WarehouseId warehouse, std::string_view kind,
                                 std::string_view code) {
    {
        db::Query q(tx, kSpecialBin);
        q.bind(warehouse.value).bind(kind);
        if (q.next()) {
            return BinId{q.int64("id")};
        }
    }
    db::Query(tx, kInsertSpecialBin).bind(warehouse.value).bind(code).bind(kind).exec();
    db::Query q(tx, kBinId);
    q.bind(warehouse.value).bind(code);
    if (q.next()) {
        return BinId{q.int64("id")};
    }
    throw std::logic_error("bin " + std::string(code) + " is neither there nor made");
}

}  // namespace tally::inventory
