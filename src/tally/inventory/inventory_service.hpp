#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/catalog/catalog_service.hpp"
#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/events/bus.hpp"
#include "tally/identity/user.hpp"
#include "tally/inventory/inventory_events.hpp"
#include "tally/inventory/printer.hpp"
#include "tally/inventory/stock.hpp"
#include "tally/inventory/warehouse.hpp"

namespace tally::inventory {

struct ReceiptInput {
    std::string warehouse;
    std::string bin;
    std::string sku;
    std::int64_t quantity = 0;
    std::optional<std::string> lot;
    std::optional<std::string> expiry;  // YYYY-MM-DD
    std::string reference;
};

struct MoveInput {
    std::string warehouse;
    std::string from_bin;
    std::string to_bin;
    std::string sku;
    std::int64_t quantity = 0;
    std::string lot;
    std::string reference;
};

// A signed change counted or found on the shelf, with its reason.
struct AdjustmentInput {
    std::string warehouse;
    std::string bin;
    std::string sku;
    std::int64_t delta = 0;
    std::string lot;
    std::string reason;
    std::optional<std::string> expiry;  // for stock found of a new lot
    std::string reference;
};

// What a stock change left behind, for the answer.
struct StockChange {
    std::string warehouse;
    std::string sku;
    std::int64_t on_hand = 0;
    std::int64_t reserved = 0;
};

// One row of an opening stock load: what is on the shelf when Tally takes over.
struct StockImportRow {
    std::string warehouse;
    std::string bin;
    std::string sku;
    std::int64_t quantity = 0;
    std::string lot;
    std::optional<std::string> expiry;  // YYYY-MM-DD
};

// Rows of a stock CSV (warehouse,bin,sku,quantity[,lot,expiry]); errors name "rows/N/column"
// (the header is row 1) or "columns/NAME".
[[nodiscard]] core::Result<std::vector<StockImportRow>> stock_rows_from_csv(std::string_view csv);

struct ThresholdInput {
    std::string sku;
    std::string warehouse;
    int reorder_point = 0;
    int safety_stock = 0;
    int lead_time_days = 0;
};

// Warehouses, bins, docks, stock and its ledger. Every stock change is one transaction
// that updates the stock row, the warehouse total and appends a ledger row together.
// A user with a warehouse scope is forbidden anything of another warehouse (and an import with
// any row of another warehouse, whole); warehouses themselves are changed by unscoped admins.
// Publishes StockAdded when available stock grows (receipt, stock found, import) and
// WarehouseChanged when a warehouse is created or changed, in the change's transaction.
class InventoryService {
  public:
    InventoryService(db::Database& db, const core::Clock& clock, catalog::CatalogService& catalog,
                     events::Bus& events)
        : db_(db), clock_(clock), catalog_(catalog), events_(events) {}

    [[nodiscard]] core::Result<Warehouse> create_warehouse(const identity::Principal& actor,
                                                           const WarehouseInput& input);
    [[nodiscard]] core::Result<Warehouse> update_warehouse(const identity::Principal& actor,
                                                           const WarehouseInput& input);
    [[nodiscard]] core::Result<Warehouse> get_warehouse(const std::string& code);
    [[nodiscard]] core::Result<std::vector<Warehouse>> list_warehouses();

    [[nodiscard]] core::Result<Bin> create_bin(const identity::Principal& actor,
                                               const std::string& warehouse, const BinInput& input);
    [[nodiscard]] core::Result<Bin> update_bin(const identity::Principal& actor,
                                               const std::string& warehouse, const BinInput& input,
                                               bool active);
    [[nodiscard]] core::Result<Bin> get_bin(const identity::Principal& actor,
                                            const std::string& warehouse, const std::string& code);
    [[nodiscard]] core::Result<std::vector<Bin>> list_bins(const identity::Principal& actor,
                                                           const std::string& warehouse,
                                                           std::int64_t after, int limit);
    [[nodiscard]] core::Result<Dock> create_dock(const identity::Principal& actor,
                                                 const std::string& warehouse,
                                                 const DockInput& input);
    [[nodiscard]] core::Result<std::vector<Dock>> list_docks(const identity::Principal& actor,
                                                             const std::string& warehouse);

    // Label printers: registered, changed and deactivated (active=false) by unscoped users;
    // conflict (field code) for a code the warehouse has; not_found for an unknown printer.
    [[nodiscard]] core::Result<Printer> create_printer(const identity::Principal& actor,
                                                       const std::string& warehouse,
                                                       const PrinterInput& input);
    [[nodiscard]] core::Result<Printer> update_printer(const identity::Principal& actor,
                                                       const std::string& warehouse,
                                                       const std::string& code,
                                                       const PrinterChange& change);
    [[nodiscard]] core::Result<std::vector<Printer>> list_printers(const identity::Principal& actor,
                                                                   const std::string& warehouse);

    // invalid_argument naming fields (a lot-tracked product needs its lot, an
    // expiry-tracked one its expiry); not_found for an unknown warehouse, bin or SKU.
    [[nodiscard]] core::Result<StockChange> receive(const identity::Principal& actor,
                                                    const ReceiptInput& input);
    // insufficient_stock when the bin holds less than the quantity of that lot.
    [[nodiscard]] core::Result<StockChange> move(const identity::Principal& actor,
                                                 const MoveInput& input);
    // insufficient_stock when a removal would go below zero or below what is reserved.
    [[nodiscard]] core::Result<StockChange> adjust(const identity::Principal& actor,
                                                   const AdjustmentInput& input);

    // Receives every row as one transaction, all or nothing; errors name "rows/N/field".
    // forbidden, naming "rows/N/warehouse", when a row is outside the actor's scope.
    [[nodiscard]] core::Result<std::size_t> import_stock(const identity::Principal& actor,
                                                         const std::vector<StockImportRow>& rows,
                                                         const std::string& reference);

    // Per warehouse: on hand, reserved, available.
    // A scoped actor sees their warehouse's level only.
    [[nodiscard]] core::Result<std::vector<StockLevel>> levels(const identity::Principal& actor,
                                                               const std::string& sku);
    // Every active product's SKU with its units available in all warehouses together.
    [[nodiscard]] core::Result<std::vector<std::pair<std::string, std::int64_t>>>
    available_by_sku();
    struct RowQuery {
        std::optional<std::string> sku;
        std::optional<std::string> warehouse;
        std::optional<std::string> bin;  // needs warehouse
        std::optional<std::string> lot;
        std::optional<std::string> expires_before;
        std::int64_t after = 0;
        int limit = 100;
    };
    // A scoped actor reads their warehouse only (forbidden for another; theirs when none is
    // named).
    [[nodiscard]] core::Result<std::vector<StockRow>> rows(const identity::Principal& actor,
                                                           RowQuery query);
    [[nodiscard]] core::Result<std::string> snapshot_csv(
        const identity::Principal& actor, const std::optional<std::string>& warehouse);
    // Where a pick of `sku` in `warehouse` should take from, in FEFO/FIFO order.
    [[nodiscard]] core::Result<std::vector<StockCandidate>> pick_order(
        const identity::Principal& actor, const std::string& sku, const std::string& warehouse);

    [[nodiscard]] core::Result<Threshold> save_threshold(const identity::Principal& actor,
                                                         const ThresholdInput& input);
    [[nodiscard]] core::Result<std::vector<Threshold>> thresholds(
        const identity::Principal& actor, const std::optional<std::string>& sku);

    // Every mismatch between stock, its ledger and its totals, then what the added checks
    // find (orders check their reservations); empty when all is well.
    [[nodiscard]] core::Result<std::vector<std::string>> fsck();
    using FsckCheck = std::function<core::Result<std::vector<std::string>>()>;
    void add_fsck_check(FsckCheck check) { fsck_checks_.push_back(std::move(check)); }

  private:
    struct Place {
        Warehouse warehouse;
        Bin bin;
    };
    [[nodiscard]] core::Result<Place> find_place(db::Tx& tx, const std::string& warehouse,
                                                 const std::string& bin);
    [[nodiscard]] core::Result<Warehouse> find_warehouse(db::Tx& tx, const std::string& code);
    [[nodiscard]] LedgerEntry entry(const identity::Principal& actor, StockKey key,
                                    std::int64_t delta, std::string kind,
                                    std::optional<std::string> reason, std::string reference) const;
    [[nodiscard]] static StockChange change(db::Tx& tx, const catalog::Product& product,
                                            const Warehouse& warehouse);

    db::Database& db_;
    const core::Clock& clock_;
    catalog::CatalogService& catalog_;
    events::Bus& events_;
    std::vector<FsckCheck> fsck_checks_;
};

}  // namespace tally::inventory
