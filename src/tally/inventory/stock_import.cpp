// InventoryService::import_stock: an opening stock load, receive() for every row of a file
// but in one transaction.
#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <utility>

#include "tally/core/csv.hpp"
#include "tally/core/json_text.hpp"
#include "tally/identity/audit.hpp"
#include "tally/inventory/inventory_service.hpp"
#include "tally/inventory/stock_repo.hpp"
#include "tally/inventory/warehouse_repo.hpp"

namespace tally::inventory {

namespace {

// Enough to fix a file by; a wholly wrong file of 30,000 rows would otherwise name them all.
constexpr std::size_t kMaxRowErrors = 100;

// Rows are numbered as a spreadsheet shows the file they come from: the header is row 1.
std::string row_prefix(std::size_t index) {
    return "rows/" + std::to_string(index + 2) + "/";
}

void check_row(const StockImportRow& row, const std::string& prefix, core::FieldErrors& errors) {
    for (const auto& [field, value] : {std::pair{"warehouse", &row.warehouse},
                                       std::pair{"bin", &row.bin}, std::pair{"sku", &row.sku}}) {
        if (value->empty()) {
            errors.add(prefix + field, "is required");
        }
    }
    if (row.quantity <= 0 || row.quantity > 1'000'000'000) {
        errors.add(prefix + "quantity", "must be a whole number from 1 to 1000000000");
    }
    if (!row.lot.empty() && !valid_lot(row.lot)) {
        errors.add(prefix + "lot", "must be 1 to 20 printable characters without spaces");
    }
    if (row.expiry && !valid_date(*row.expiry)) {
        errors.add(prefix + "expiry", "must be a date as YYYY-MM-DD");
    }
}

// Looks `key` up once per import: hits and misses alike are kept in `cache`.
template <class Map, class Key, class Find>
typename Map::mapped_type& cached(Map& cache, const Key& key, Find&& find) {
    auto it = cache.find(key);
    if (it == cache.end()) {
        it = cache.emplace(key, find()).first;
    }
    return it->second;
}

}  // namespace

core::Result<std::size_t> InventoryService::import_stock(const identity::Principal& actor,
                                                         const std::vector<StockImportRow>& rows,
                                                         const std::string& reference) {
    if (rows.empty()) {
        return core::invalid_field("rows", "there is no stock to import");
    }
    // A row in another warehouse than the actor's refuses the whole file before anything is
    // read or written: forbidden, naming every such row.
    core::FieldErrors foreign;
    for (std::size_t i = 0; i < rows.size() && foreign.list().size() < kMaxRowErrors; ++i) {
        if (!identity::require_warehouse(actor, rows[i].warehouse)) {
            foreign.add(row_prefix(i) + "warehouse", "is not your warehouse " + *actor.warehouse);
        }
    }
    if (!foreign.empty()) {
        return std::unexpected(core::Error{
            .code = core::ErrorCode::forbidden,
            .message = "You work in warehouse " + *actor.warehouse + " only; nothing was imported.",
            .fields = foreign.list()});
    }
    core::FieldErrors errors;
    for (std::size_t i = 0; i < rows.size() && errors.list().size() < kMaxRowErrors; ++i) {
        check_row(rows[i], row_prefix(i), errors);
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    const auto now = clock_.now_ms();
    std::set<catalog::ProductId> products_added;
    auto imported = db_.write([&](db::Tx& tx) -> core::Result<std::size_t> {
        products_added.clear();
        std::map<std::string, std::optional<Warehouse>, std::less<>> warehouses;
        std::map<std::pair<WarehouseId, std::string>, std::optional<Bin>> bins;
        std::map<std::string, std::optional<catalog::Product>, std::less<>> products;
        // The expiry of each (product, lot): from the database, then from earlier rows.
        std::map<std::pair<catalog::ProductId, std::string>, std::optional<std::string>> expiries;
        core::FieldErrors row_errors;
        std::int64_t units = 0;
        for (std::size_t i = 0; i < rows.size() && row_errors.list().size() < kMaxRowErrors; ++i) {
            const auto& row = rows[i];
            const std::string prefix = row_prefix(i);
            const auto& warehouse = cached(warehouses, row.warehouse,
                                           [&] { return WarehouseRepo::find(tx, row.warehouse); });
            const std::optional<Bin>* bin = nullptr;
            if (!warehouse) {
                row_errors.add(prefix + "warehouse", "is not a known warehouse");
            } else {
                bin = &cached(bins, std::pair{warehouse->id, row.bin},
                              [&] { return WarehouseRepo::find_bin(tx, warehouse->id, row.bin); });
                if (!*bin) {
                    row_errors.add(prefix + "bin", "is not a bin of " + row.warehouse);
                } else if (!(*bin)->active) {
                    row_errors.add(prefix + "bin", "is not in use");
                }
            }
            const auto& product = cached(products, row.sku, [&] {
                return catalog::CatalogService::find_by_sku(tx, row.sku);
            });
            if (!product) {
                row_errors.add(prefix + "sku", "is not a known SKU");
            } else if (product->is_kit()) {
                row_errors.add(prefix + "sku", "is a kit: import its components");
            } else {
                if (product->lot_tracked && row.lot.empty()) {
                    row_errors.add(prefix + "lot", "is required: the product is lot-tracked");
                }
                if (product->expiry_tracked && !row.expiry) {
                    row_errors.add(prefix + "expiry", "is required: the product is expiry-tracked");
                }
                if (!row.lot.empty() && row.expiry) {
                    auto& known = cached(expiries, std::pair{product->id, row.lot}, [&] {
                        return StockRepo::lot_expiry(tx, product->id, row.lot);
                    });
                    if (known && *known != *row.expiry) {
                        row_errors.add(prefix + "expiry",
                                       "lot " + row.lot + " expires on " + *known);
                    } else {
                        known = row.expiry;
                    }
                }
            }
            // After the first bad row nothing is written: the rest are only checked.
            if (!row_errors.empty()) {
                continue;
            }
            const StockKey key{product->id, warehouse->id, (*bin)->id, row.lot};
            StockRepo::add(tx, key, row.expiry, now, row.quantity);
            StockRepo::add_on_hand(tx, product->id, warehouse->id, row.quantity);
            StockRepo::append_ledger(
                tx, entry(actor, key, row.quantity, "receipt", std::nullopt, reference));
            products_added.insert(product->id);
            units += row.quantity;
        }
        if (!row_errors.empty()) {
            return row_errors.to_error();
        }
        identity::record_audit(tx, actor, now, "stock.import", "stock", reference,
                               core::json_object({{"rows", std::to_string(rows.size())},
                                                  {"units", std::to_string(units)}}));
        events_.publish(tx, StockAdded{.products = {products_added.begin(), products_added.end()}});
        return rows.size();
    });
    return imported;
}

}  // namespace tally::inventory
