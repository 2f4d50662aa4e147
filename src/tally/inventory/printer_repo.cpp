#include "tally/inventory/printer_repo.hpp"

#include "tally/db/statement.hpp"

namespace tally::inventory {

namespace {

constexpr const char* kInsertPrinter =
    "INSERT INTO printers (warehouse_id, code, name, host, port, active, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id";
constexpr const char* kUpdatePrinter =
    "UPDATE printers SET name = $1, host = $2, port = $3, active = $4, updated_at = $5"
    " WHERE id = $6";
constexpr const char* kFindPrinter =
    "SELECT p.id, w.code AS warehouse, p.code, p.name, p.host, p.port, p.active FROM printers p"
    " JOIN warehouses w ON w.id = p.warehouse_id WHERE p.warehouse_id = $1 AND p.code = $2";
constexpr const char* kPrinters =
    "SELECT p.id, w.code AS warehouse, p.code, p.name, p.host, p.port, p.active FROM printers p"
    " JOIN warehouses w ON w.id = p.warehouse_id WHERE p.warehouse_id = $1 ORDER BY p.code";

// The columns of kFindPrinter and kPrinters.
Printer read_printer(const db::Query& row) {
    return Printer{.id = PrinterId{row.int64("id")},
                   .warehouse = row.text("warehouse"),
                   .code = row.text("code"),
                   .name = row.text("name"),
                   .host = row.text("host"),
                   .port = static_cast<int>(row.int64("port")),
                   .active = row.boolean("active")};
}

}  // namespace

PrinterId PrinterRepo::insert(db::Tx& tx, WarehouseId warehouse, const PrinterInput& printer,
                              core::TimestampMs now) {
    db::Query insert(tx, kInsertPrinter);
    insert.bind(warehouse.value)
        .bind(printer.code)
        .bind(printer.name)
        .bind(printer.host)
        .bind(printer.port)
        .bind(now)
        .next();
    return PrinterId{insert.int64("id")};
}

bool PrinterRepo::update(db::Tx& tx, const Printer& printer, core::TimestampMs now) {
    db::Query update(tx, kUpdatePrinter);
    return update.bind(printer.name)
               .bind(printer.host)
               .bind(printer.port)
               .bind(printer.active ? 1 : 0)
               .bind(now)
               .bind(printer.id.value)
               .exec() == 1;
}

std::optional<Printer> PrinterRepo::find(db::Tx& tx, WarehouseId warehouse, std::string_view code) {
    db::Query select(tx, kFindPrinter);
    select.bind(warehouse.value).bind(code);
    if (!select.next()) {
        return std::nullopt;
    }
    return read_printer(select);
}

std::vector<Printer> PrinterRepo::list(db::Tx& tx, WarehouseId warehouse) {
    db::Query select(tx, kPrinters);
    select.bind(warehouse.value);
    std::vector<Printer> out;
    while (select.next()) {
        out.push_back(read_printer(select));
    }
    return out;
}

}  // namespace tally::inventory
