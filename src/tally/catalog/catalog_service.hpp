#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/catalog/box_type.hpp"
#include "tally/catalog/product.hpp"
#include "tally/catalog/product_cache.hpp"
#include "tally/catalog/product_repo.hpp"
#include "tally/core/background_task.hpp"
#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/identity/user.hpp"

namespace tally::catalog {

// A scan resolved to a product: how many units it counts (a case counts its quantity,
// GS1 (37) multiplies) and what the code carried along.
struct ResolvedScan {
    Product product;
    int quantity = 1;
    std::optional<std::string> lot;
    std::optional<std::string> expiry;  // YYYY-MM-DD
    std::optional<std::string> serial;
    std::string matched_by;  // "sku", "barcode" or "gs1"
};

struct ImportReport {
    int created = 0;
    int updated = 0;
};

// The CSV columns of product import and export, in order.
inline constexpr std::string_view kProductCsvColumns[] = {
    "sku",         "name",           "barcodes", "weight_g",     "length_mm", "width_mm",
    "height_mm",   "unit_cost",      "price",    "currency",     "hs_code",   "country_of_origin",
    "lot_tracked", "expiry_tracked", "fragile",  "storage_class"};

// One product of a product CSV, with its row as a spreadsheet numbers it (the header is 1).
struct ProductCsvRow {
    std::size_t row = 0;
    ProductInput input;
};

// The products of a product CSV, each checked by the product rules, or every column and field
// it got wrong ("columns/NAME", "rows/N/FIELD"). No database: import_products_csv adds what
// needs one.
[[nodiscard]] core::Result<std::vector<ProductCsvRow>> product_rows_from_csv(std::string_view csv);

// Products, barcodes, packagings, kits and box types.
class CatalogService {
  public:
    CatalogService(db::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}
    CatalogService(const CatalogService&) = delete;
    CatalogService& operator=(const CatalogService&) = delete;

    // invalid_argument naming fields; conflict when the SKU or a barcode is taken.
    [[nodiscard]] core::Result<Product> create_product(const identity::Principal& actor,
                                                       ProductInput input);
    // Replaces the product wholesale (PUT). not_found; invalid_argument; conflict.
    [[nodiscard]] core::Result<Product> replace_product(const identity::Principal& actor,
                                                        ProductId id, ProductInput input);
    [[nodiscard]] core::Status set_product_active(const identity::Principal& actor, ProductId id,
                                                  bool active);
    [[nodiscard]] core::Result<Product> get_product(ProductId id);
    [[nodiscard]] core::Result<Product> get_product_by_sku(std::string_view sku);
    // The same inside another module's transaction: nothing when no product has the SKU.
    [[nodiscard]] static std::optional<Product> find_by_sku(db::Tx& tx, std::string_view sku);
    // Lists by SKU, barcode (any GTIN form or packaging code) or text; cursor by id.
    [[nodiscard]] core::Result<std::vector<Product>> list_products(ProductQuery query);
    // The one product with this barcode from memory, when this node looked it up lately
    // and the catalog has not changed since (see ProductCache); null when only the
    // database can tell. Never blocks on the database: for the HTTP I/O threads. Keeps
    // the memory confirmed while lookups keep coming, from a thread of its own.
    [[nodiscard]] std::shared_ptr<const CachedProduct> cached_by_barcode(std::string_view code);
    // How a lookup's answer is written out, once per product as it enters memory (off the
    // I/O threads). Set before serving; without it `rendered` stays empty.
    void render_lookups_with(std::function<std::string(const Product&)> render);

    // A scan: the SKU itself, a product or packaging barcode, or a GS1 element string that
    // carries the GTIN (with lot, expiry, serial and count). not_found, invalid_argument.
    [[nodiscard]] core::Result<ResolvedScan> resolve_scan(std::string_view code);

    // All-or-nothing: every row is checked first and every bad field of every row named
    // ("rows/3/price"); rows create new SKUs and replace existing ones.
    [[nodiscard]] core::Result<ImportReport> import_products_csv(const identity::Principal& actor,
                                                                 std::string_view csv);
    [[nodiscard]] core::Result<std::string> export_products_csv();

    [[nodiscard]] core::Result<BoxType> create_box_type(const identity::Principal& actor,
                                                        BoxType box);
    [[nodiscard]] core::Result<BoxType> update_box_type(const identity::Principal& actor,
                                                        BoxType box);
    [[nodiscard]] core::Result<std::vector<BoxType>> list_box_types(bool include_inactive);

  private:
    // Checks what needs the database (taken barcodes, kit components exist) inside `tx`.
    [[nodiscard]] core::Status check_references(db::Tx& tx, const ProductInput& input,
                                                ProductId self, const std::string& prefix);
    [[nodiscard]] static Product to_product(ProductInput&& input);

    // A write to products: moves the catalog version on in the same transaction, and
    // forgets this node's cached lookups once it is done.
    template <typename Work>
    auto write_catalog(Work&& work) {
        auto result = db_.write([&](db::Tx& tx) {
            ProductRepo::bump_catalog_version(tx);
            return work(tx);
        });
        cache_.invalidate();
        return result;
    }

    // Loads every active product's codes into the cache at `version`, on a thread of its
    // own, so lookups after a catalog change are served from memory again within seconds.
    void start_filling(std::int64_t version);
    void fill(std::int64_t version);
    // Reads the catalog version and confirms the cache with it (filling it when it moved).
    void confirm_cache();
    [[nodiscard]] std::shared_ptr<const CachedProduct> to_cached(const Product& product) const;

    db::Database& db_;
    const core::Clock& clock_;
    ProductCache cache_;
    std::function<std::string(const Product&)> render_;
    core::BackgroundTask filler_;
    core::BackgroundTask confirmer_;
};

}  // namespace tally::catalog
