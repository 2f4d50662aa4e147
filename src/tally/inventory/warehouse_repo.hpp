#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "tally/db/database.hpp"
#include "tally/inventory/warehouse.hpp"

namespace tally::inventory {

// All SQL for warehouses, bins and docks.
class WarehouseRepo {
  public:
    [[nodiscard]] static WarehouseId insert(db::Tx& tx, const Warehouse& warehouse);
    [[nodiscard]] static bool update(db::Tx& tx, const Warehouse& warehouse);
    [[nodiscard]] static std::optional<Warehouse> find(db::Tx& tx, std::string_view code);
    [[nodiscard]] static std::vector<Warehouse> list(db::Tx& tx);

    [[nodiscard]] static BinId insert_bin(db::Tx& tx, const Bin& bin);
    [[nodiscard]] static bool update_bin(db::Tx& tx, const Bin& bin);
    [[nodiscard]] static std::optional<Bin> find_bin(db::Tx& tx, WarehouseId warehouse,
                                                     std::string_view code);
    // Bins in pick sequence, after bin code `after` in that order ("" for the first page).
    [[nodiscard]] static std::vector<Bin> list_bins(db::Tx& tx, WarehouseId warehouse,
                                                    std::int64_t after_id, int limit);

    // The warehouse's first bin of `kind`, made as `code` when it has none.
    [[nodiscard]] static BinId special_bin(db::Tx& tx, WarehouseId warehouse, std::string_view kind,
                                           std::string_view code);

    [[nodiscard]] static DockId insert_dock(db::Tx& tx, WarehouseId warehouse,
                                            const DockInput& dock);
    [[nodiscard]] static std::vector<Dock> list_docks(db::Tx& tx, WarehouseId warehouse);
};

}  // namespace tally::inventory
