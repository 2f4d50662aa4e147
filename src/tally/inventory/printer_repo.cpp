#include "tally/inventory/printer_repo.hpp"

#include <soci/soci.h>

namespace tally::inventory {

namespace {

constexpr const char* kInsertPrinter =
    "INSERT INTO printers (warehouse_id, code, name, host, port, active, created_at, updated_at)"
    " VALUES (:warehouse, :code, :name, :host, :port, 1, :created, :updated) RETURNING id";
constexpr const char* kUpdatePrinter =
    "UPDATE printers SET name = :name, host = :host, port = :port, active = :active,"
    " updated_at = :updated WHERE id = :id";
constexpr const char* kFindPrinter =
    "SELECT p.id, w.code, p.code, p.name, p.host, p.port, p.active FROM printers p"
    " JOIN warehouses w ON w.id = p.warehouse_id WHERE p.warehouse_id = :warehouse"
    " AND p.code = :code";
constexpr const char* kPrinters =
    "SELECT p.id, w.code, p.code, p.name, p.host, p.port, p.active FROM printers p"
    " JOIN warehouses w ON w.id = p.warehouse_id WHERE p.warehouse_id = :warehouse"
    " ORDER BY p.code";

// One printer row as SOCI fills it.
struct PrinterRow {
    long long id = 0;
    int port = 0;
    int active = 0;
    Printer printer;

    void bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(printer.warehouse));
        st.exchange(soci::into(printer.code));
        st.exchange(soci::into(printer.name));
        st.exchange(soci::into(printer.host));
        st.exchange(soci::into(port));
        st.exchange(soci::into(active));
    }
    [[nodiscard]] Printer get() const {
        Printer out = printer;
        out.id = PrinterId{id};
        out.port = port;
        out.active = active != 0;
        return out;
    }
};

}  // namespace

PrinterId PrinterRepo::insert(db::Tx& tx, WarehouseId warehouse, const PrinterInput& printer,
                              core::TimestampMs now) {
    long long id = 0;
    long long warehouse_id = warehouse.value;
    long long at = now;
    tx.sql() << kInsertPrinter, soci::use(warehouse_id), soci::use(printer.code),
        soci::use(printer.name), soci::use(printer.host), soci::use(printer.port), soci::use(at),
        soci::use(at), soci::into(id);
    return PrinterId{id};
}

bool PrinterRepo::update(db::Tx& tx, const Printer& printer, core::TimestampMs now) {
    long long id = printer.id.value;
    long long at = now;
    const int active = printer.active ? 1 : 0;
    soci::statement st =
        (tx.sql().prepare << kUpdatePrinter, soci::use(printer.name), soci::use(printer.host),
         soci::use(printer.port), soci::use(active), soci::use(at), soci::use(id));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

std::optional<Printer> PrinterRepo::find(db::Tx& tx, WarehouseId warehouse, std::string_view code) {
    PrinterRow row;
    long long warehouse_id = warehouse.value;
    std::string value(code);
    soci::statement st(tx.sql());
    row.bind(st);
    st.exchange(soci::use(warehouse_id));
    st.exchange(soci::use(value));
    st.alloc();
    st.prepare(kFindPrinter);
    st.define_and_bind();
    st.execute(true);
    if (!st.got_data()) {
        return std::nullopt;
    }
    return row.get();
}

std::vector<Printer> PrinterRepo::list(db::Tx& tx, WarehouseId warehouse) {
    PrinterRow row;
    long long warehouse_id = warehouse.value;
    soci::statement st(tx.sql());
    row.bind(st);
    st.exchange(soci::use(warehouse_id));
    st.alloc();
    st.prepare(kPrinters);
    st.define_and_bind();
    st.execute();
    std::vector<Printer> out;
    while (st.fetch()) {
        out.push_back(row.get());
    }
    return out;
}

}  // namespace tally::inventory
