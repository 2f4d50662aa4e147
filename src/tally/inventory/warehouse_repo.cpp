#include "tally/inventory/warehouse_repo.hpp"

#include <soci/soci.h>

namespace tally::inventory {

namespace {

constexpr const char* kInsert =
    "INSERT INTO warehouses (code, name, address_line1, address_line2, city, region, postal_code,"
    " country, timezone, latitude, longitude, created_at, updated_at) VALUES (:code, :name, :l1,"
    " :l2, :city, :region, :postal, :country, :tz, :lat, :lon, :created, :updated) RETURNING id";
constexpr const char* kUpdate =
    "UPDATE warehouses SET name = :name, address_line1 = :l1, address_line2 = :l2, city = :city,"
    " region = :region, postal_code = :postal, country = :country, timezone = :tz,"
    " latitude = :lat, longitude = :lon, updated_at = :updated WHERE code = :code";
constexpr const char* kColumns =
    "SELECT id, code, name, address_line1, address_line2, city, region, postal_code, country,"
    " timezone, latitude, longitude, created_at, updated_at FROM warehouses";

constexpr const char* kInsertBin =
    "INSERT INTO bins (warehouse_id, code, zone, pick_sequence, kind, active)"
    " VALUES (:warehouse, :code, :zone, :sequence, :kind, :active) RETURNING id";
constexpr const char* kUpdateBin =
    "UPDATE bins SET zone = :zone, pick_sequence = :sequence, kind = :kind, active = :active"
    " WHERE id = :id";
constexpr const char* kBinColumns =
    "SELECT b.id, b.warehouse_id, w.code, b.code, b.zone, b.pick_sequence, b.kind, b.active"
    " FROM bins b JOIN warehouses w ON w.id = b.warehouse_id";

constexpr const char* kInsertDock =
    "INSERT INTO docks (warehouse_id, door, kind) VALUES (:warehouse, :door, :kind) RETURNING id";
constexpr const char* kDocks =
    "SELECT d.id, w.code, d.door, d.kind FROM docks d JOIN warehouses w ON w.id = d.warehouse_id"
    " WHERE d.warehouse_id = :warehouse ORDER BY d.door";

struct WarehouseRow {
    long long id = 0;
    Warehouse w;
    double lat = 0;
    double lon = 0;
    soci::indicator lat_ind = soci::i_null;
    soci::indicator lon_ind = soci::i_null;
    long long created = 0;
    long long updated = 0;

    void bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(w.code));
        st.exchange(soci::into(w.name));
        st.exchange(soci::into(w.address.line1));
        st.exchange(soci::into(w.address.line2));
        st.exchange(soci::into(w.address.city));
        st.exchange(soci::into(w.address.region));
        st.exchange(soci::into(w.address.postal_code));
        st.exchange(soci::into(w.address.country));
        st.exchange(soci::into(w.timezone));
        st.exchange(soci::into(lat, lat_ind));
        st.exchange(soci::into(lon, lon_ind));
        st.exchange(soci::into(created));
        st.exchange(soci::into(updated));
    }

    [[nodiscard]] Warehouse get() const {
        Warehouse out = w;
        out.id = WarehouseId{id};
        out.latitude = lat_ind == soci::i_ok ? std::optional(lat) : std::nullopt;
        out.longitude = lon_ind == soci::i_ok ? std::optional(lon) : std::nullopt;
        out.created_at = created;
        out.updated_at = updated;
        return out;
    }
};

struct BinRow {
    long long id = 0;
    long long warehouse_id = 0;
    Bin b;
    int active = 1;

    void bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(warehouse_id));
        st.exchange(soci::into(b.warehouse));
        st.exchange(soci::into(b.code));
        st.exchange(soci::into(b.zone));
        st.exchange(soci::into(b.pick_sequence));
        st.exchange(soci::into(b.kind));
        st.exchange(soci::into(active));
    }

    [[nodiscard]] Bin get() const {
        Bin out = b;
        out.id = BinId{id};
        out.warehouse_id = WarehouseId{warehouse_id};
        out.active = active != 0;
        return out;
    }
};

void prepare_and_run(soci::statement& st, const std::string& query, bool fetch_one) {
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    st.execute(fetch_one);
}

}  // namespace

WarehouseId WarehouseRepo::insert(db::Tx& tx, const Warehouse& w) {
    long long id = 0;
    double lat = w.latitude.value_or(0);
    double lon = w.longitude.value_or(0);
    soci::indicator lat_ind = w.latitude ? soci::i_ok : soci::i_null;
    soci::indicator lon_ind = w.longitude ? soci::i_ok : soci::i_null;
    long long created = w.created_at;
    long long updated = w.updated_at;
    tx.sql() << kInsert, soci::use(w.code), soci::use(w.name), soci::use(w.address.line1),
        soci::use(w.address.line2), soci::use(w.address.city), soci::use(w.address.region),
        soci::use(w.address.postal_code), soci::use(w.address.country), soci::use(w.timezone),
        soci::use(lat, lat_ind), soci::use(lon, lon_ind), soci::use(created), soci::use(updated),
        soci::into(id);
    return WarehouseId{id};
}

bool WarehouseRepo::update(db::Tx& tx, const Warehouse& w) {
    double lat = w.latitude.value_or(0);
    double lon = w.longitude.value_or(0);
    soci::indicator lat_ind = w.latitude ? soci::i_ok : soci::i_null;
    soci::indicator lon_ind = w.longitude ? soci::i_ok : soci::i_null;
    long long updated = w.updated_at;
    soci::statement st =
        (tx.sql().prepare << kUpdate, soci::use(w.name), soci::use(w.address.line1),
         soci::use(w.address.line2), soci::use(w.address.city), soci::use(w.address.region),
         soci::use(w.address.postal_code), soci::use(w.address.country), soci::use(w.timezone),
         soci::use(lat, lat_ind), soci::use(lon, lon_ind), soci::use(updated), soci::use(w.code));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

std::optional<Warehouse> WarehouseRepo::find(db::Tx& tx, std::string_view code) {
    WarehouseRow row;
    std::string value(code);
    soci::statement st(tx.sql());
    row.bind(st);
    st.exchange(soci::use(value));
    prepare_and_run(st, std::string(kColumns) + " WHERE code = :code", true);
    if (!st.got_data()) {
        return std::nullopt;
    }
    return row.get();
}

std::vector<Warehouse> WarehouseRepo::list(db::Tx& tx) {
    WarehouseRow row;
    soci::statement st(tx.sql());
    row.bind(st);
    prepare_and_run(st, std::string(kColumns) + " ORDER BY code", false);
    std::vector<Warehouse> out;
    while (st.fetch()) {
        out.push_back(row.get());
    }
    return out;
}

BinId WarehouseRepo::insert_bin(db::Tx& tx, const Bin& bin) {
    long long id = 0;
    long long warehouse = bin.warehouse_id.value;
    const int active = bin.active ? 1 : 0;
    tx.sql() << kInsertBin, soci::use(warehouse), soci::use(bin.code), soci::use(bin.zone),
        soci::use(bin.pick_sequence), soci::use(bin.kind), soci::use(active), soci::into(id);
    return BinId{id};
}

bool WarehouseRepo::update_bin(db::Tx& tx, const Bin& bin) {
    long long id = bin.id.value;
    const int active = bin.active ? 1 : 0;
    soci::statement st =
        (tx.sql().prepare << kUpdateBin, soci::use(bin.zone), soci::use(bin.pick_sequence),
         soci::use(bin.kind), soci::use(active), soci::use(id));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

std::optional<Bin> WarehouseRepo::find_bin(db::Tx& tx, WarehouseId warehouse,
                                           std::string_view code) {
    BinRow row;
    long long warehouse_id = warehouse.value;
    std::string value(code);
    soci::statement st(tx.sql());
    row.bind(st);
    st.exchange(soci::use(warehouse_id));
    st.exchange(soci::use(value));
    prepare_and_run(st, std::string(kBinColumns) + " WHERE b.warehouse_id = :w AND b.code = :code",
                    true);
    if (!st.got_data()) {
        return std::nullopt;
    }
    return row.get();
}

std::vector<Bin> WarehouseRepo::list_bins(db::Tx& tx, WarehouseId warehouse, std::int64_t after_id,
                                          int limit) {
    BinRow row;
    long long warehouse_id = warehouse.value;
    long long after = after_id;
    soci::statement st(tx.sql());
    row.bind(st);
    st.exchange(soci::use(warehouse_id));
    st.exchange(soci::use(after));
    st.exchange(soci::use(limit));
    prepare_and_run(st,
                    std::string(kBinColumns) +
                        " WHERE b.warehouse_id = :w AND b.id > :after ORDER BY b.id LIMIT :limit",
                    false);
    std::vector<Bin> out;
    while (st.fetch()) {
        out.push_back(row.get());
    }
    return out;
}

DockId WarehouseRepo::insert_dock(db::Tx& tx, WarehouseId warehouse, const DockInput& dock) {
    long long id = 0;
    long long warehouse_id = warehouse.value;
    tx.sql() << kInsertDock, soci::use(warehouse_id), soci::use(dock.door), soci::use(dock.kind),
        soci::into(id);
    return DockId{id};
}

std::vector<Dock> WarehouseRepo::list_docks(db::Tx& tx, WarehouseId warehouse) {
    long long warehouse_id = warehouse.value;
    long long id = 0;
    Dock dock;
    soci::statement st = (tx.sql().prepare << kDocks, soci::into(id), soci::into(dock.warehouse),
                          soci::into(dock.door), soci::into(dock.kind), soci::use(warehouse_id));
    st.execute();
    std::vector<Dock> out;
    while (st.fetch()) {
        dock.id = DockId{id};
        out.push_back(dock);
    }
    return out;
}

}  // namespace tally::inventory
