#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/core/error.hpp"
#include "tally/core/money.hpp"
#include "tally/core/strong_id.hpp"

namespace tally::catalog {

using ProductId = core::StrongId<struct ProductIdTag>;
using BoxTypeId = core::StrongId<struct BoxTypeIdTag>;

struct Dimensions {
    int length_mm = 0;
    int width_mm = 0;
    int height_mm = 0;

    friend bool operator==(const Dimensions&, const Dimensions&) = default;
};

// A case or inner pack: its own GTIN, and how many units one scan of it counts.
struct Packaging {
    std::string name;
    std::string gtin;  // 14 digits once validated
    int quantity = 0;

    friend bool operator==(const Packaging&, const Packaging&) = default;
};

// One line of a kit's bill of materials.
struct KitComponent {
    std::string sku;
    int quantity = 0;
    ProductId product_id;  // set when read back

    friend bool operator==(const KitComponent&, const KitComponent&) = default;
};

inline constexpr std::string_view kStorageClasses[] = {"standard", "bulky", "cold", "hazardous",
                                                       "high_value"};

// What a client sends to create or replace a product.
struct ProductInput {
    std::string sku;
    std::string name;
    std::vector<std::string> barcodes;
    std::vector<Packaging> packagings;
    int weight_g = 0;
    Dimensions dims;
    core::Money unit_cost;
    core::Money price;
    std::string currency;
    std::optional<std::string> hs_code;
    std::optional<std::string> country_of_origin;
    bool lot_tracked = false;
    bool expiry_tracked = false;
    bool fragile = false;
    std::string storage_class = "standard";
    std::vector<KitComponent> components;  // non-empty makes the product a kit
};

struct Product {
    ProductId id;
    std::string sku;
    std::string name;
    std::vector<std::string> barcodes;  // unit codes: GTIN-14s and free-form codes
    std::vector<Packaging> packagings;
    int weight_g = 0;
    Dimensions dims;
    core::Money unit_cost;
    core::Money price;
    std::string currency;
    std::optional<std::string> hs_code;
    std::optional<std::string> country_of_origin;
    bool lot_tracked = false;
    bool expiry_tracked = false;
    bool fragile = false;
    std::string storage_class = "standard";
    std::vector<KitComponent> components;
    bool active = true;
    core::TimestampMs created_at = 0;
    core::TimestampMs updated_at = 0;

    [[nodiscard]] bool is_kit() const { return !components.empty(); }
};

// A barcode as stored: GTINs (8, 12, 13 or 14 digits, check digit right) become 14
// digits; any other printable code without spaces is kept as it is.
struct NormalizedBarcode {
    std::string value;
    bool is_gtin = false;
};
// Adds a field error naming `field` when the code is neither.
[[nodiscard]] std::optional<NormalizedBarcode> normalize_barcode(std::string_view code,
                                                                 const std::string& field,
                                                                 core::FieldErrors& errors);

// Checks every field and normalizes barcodes and codes in place; errors name the fields
// ("barcodes/1", "packagings/0/gtin", "components/2/quantity", ...).
void validate_product(ProductInput& input, core::FieldErrors& errors);

// SKUs: 1-64 of letters, digits and . _ - / (no spaces).
[[nodiscard]] bool valid_sku(std::string_view sku);

}  // namespace tally::catalog
