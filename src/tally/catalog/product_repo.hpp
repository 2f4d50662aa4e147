#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/catalog/box_type.hpp"
#include "tally/catalog/product.hpp"
#include "tally/db/database.hpp"

namespace tally::catalog {

// A code as found in product_barcodes: whose it is and how many units it counts.
struct BarcodeHit {
    ProductId product_id;
    int quantity = 1;
};

struct ProductQuery {
    std::optional<std::string> sku;
    std::optional<std::string> barcode;  // already normalized
    std::optional<std::string> text;     // matches SKU prefix or a word of the name
    bool include_inactive = false;
    std::int64_t after = 0;
    int limit = 50;
};

// All SQL for products, their barcodes and kit components, and box types.
class ProductRepo {
  public:
    [[nodiscard]] static ProductId insert(db::Tx& tx, const Product& product);
    // Replaces every column, barcode and component; false when the product is gone.
    [[nodiscard]] static bool replace(db::Tx& tx, const Product& product);
    static void set_active(db::Tx& tx, ProductId id, bool active, core::TimestampMs now);
    // The catalog's version (catalog_state), and moving it on: once per writing transaction.
    [[nodiscard]] static std::int64_t catalog_version(db::Tx& tx);
    static void bump_catalog_version(db::Tx& tx);
    [[nodiscard]] static std::optional<Product> find(db::Tx& tx, ProductId id);
    [[nodiscard]] static std::optional<ProductId> find_id_by_sku(db::Tx& tx, std::string_view sku);
    [[nodiscard]] static std::optional<BarcodeHit> find_barcode(db::Tx& tx, std::string_view code);
    [[nodiscard]] static bool is_kit(db::Tx& tx, ProductId id);
    // The SKU of a kit the product is a component of, if any.
    [[nodiscard]] static std::optional<std::string> kit_containing(db::Tx& tx, ProductId id);
    [[nodiscard]] static std::vector<Product> list(db::Tx& tx, const ProductQuery& query);
    // Barcodes among `codes` that belong to a product other than `except`.
    [[nodiscard]] static std::vector<std::string> taken_barcodes(
        db::Tx& tx, const std::vector<std::string>& codes, ProductId except);

    [[nodiscard]] static BoxTypeId insert_box(db::Tx& tx, const BoxType& box);
    [[nodiscard]] static bool update_box(db::Tx& tx, const BoxType& box);
    [[nodiscard]] static std::vector<BoxType> list_boxes(db::Tx& tx, bool include_inactive);
    [[nodiscard]] static std::optional<BoxType> find_box(db::Tx& tx, std::string_view code);

  private:
    static void write_codes(db::Tx& tx, const Product& product);
    static void load_codes(db::Tx& tx, Product& product, bool is_kit);
};

}  // namespace tally::catalog
