#include "tally/inventory/places.hpp"

#include "tally/inventory/printer_repo.hpp"
#include "tally/inventory/warehouse_repo.hpp"

namespace tally::inventory {

std::optional<Warehouse> Places::warehouse(db::Tx& tx, std::string_view code) {
    return WarehouseRepo::find(tx, code);
}

std::optional<Printer> Places::printer(db::Tx& tx, WarehouseId warehouse, std::string_view code) {
    return PrinterRepo::find(tx, warehouse, code);
}

BinId Places::outbound_bin(db::Tx& tx, WarehouseId warehouse) {
    return WarehouseRepo::special_bin(tx, warehouse, "staging", "OUTBOUND");
}

BinId Places::damage_bin(db::Tx& tx, WarehouseId warehouse) {
    return WarehouseRepo::special_bin(tx, warehouse, "damage", "DAMAGE");
}

}  // namespace tally::inventory
