#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/inventory/printer.hpp"
#include "tally/inventory/warehouse.hpp"

namespace tally::inventory {

// All SQL for registered label printers.
class PrinterRepo {
  public:
    [[nodiscard]] static PrinterId insert(db::Tx& tx, WarehouseId warehouse,
                                          const PrinterInput& printer, core::TimestampMs now);
    // Name, host, port and active flag of the printer with `printer.id`.
    [[nodiscard]] static bool update(db::Tx& tx, const Printer& printer, core::TimestampMs now);
    // Active or not: callers that print check `active`.
    [[nodiscard]] static std::optional<Printer> find(db::Tx& tx, WarehouseId warehouse,
                                                     std::string_view code);
    // Every printer of the warehouse by code, inactive ones too.
    [[nodiscard]] static std::vector<Printer> list(db::Tx& tx, WarehouseId warehouse);
};

}  // namespace tally::inventory
