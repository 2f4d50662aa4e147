#pragma once

#include <optional>
#include <string_view>

#include "tally/db/database.hpp"
#include "tally/inventory/printer.hpp"
#include "tally/inventory/warehouse.hpp"

namespace tally::inventory {

// Warehouses, their special bins and printers as other modules find them inside their own
// transaction.
class Places {
  public:
    [[nodiscard]] static std::optional<Warehouse> warehouse(db::Tx& tx, std::string_view code);
    // Active or not: callers that print check `active`.
    [[nodiscard]] static std::optional<Printer> printer(db::Tx& tx, WarehouseId warehouse,
                                                        std::string_view code);
    // Where picked units wait to be packed and loaded (staging bin OUTBOUND), and where
    // damaged ones go (damage bin DAMAGE): the warehouse's first bin of that kind, made when
    // it has none. Two transactions making it at once get the same bin.
    [[nodiscard]] static BinId outbound_bin(db::Tx& tx, WarehouseId warehouse);
    [[nodiscard]] static BinId damage_bin(db::Tx& tx, WarehouseId warehouse);
};

}  // namespace tally::inventory
