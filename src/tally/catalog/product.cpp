#include "tally/catalog/product.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "tally/catalog/gs1.hpp"

namespace tally::catalog {

namespace {

bool all_digits(std::string_view text) {
    return !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

bool printable_without_spaces(std::string_view text) {
    return std::ranges::all_of(text, [](char c) { return c > ' ' && c < 127; });
}

constexpr int kMaxGrams = 100'000'000;  // 100 t: anything above is a typo
constexpr int kMaxMillimetres = 100'000;
constexpr std::size_t kMaxBarcodes = 50;
constexpr std::size_t kMaxPackagings = 20;
constexpr std::size_t kMaxComponents = 100;

}  // namespace

bool valid_sku(std::string_view sku) {
    return !sku.empty() && sku.size() <= 64 && std::ranges::all_of(sku, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-' || c == '/';
    });
}

std::optional<NormalizedBarcode> normalize_barcode(std::string_view code, const std::string& field,
                                                   core::FieldErrors& errors) {
    if (code.empty() || code.size() > 64 || !printable_without_spaces(code)) {
        errors.add(field, "must be 1 to 64 printable characters without spaces");
        return std::nullopt;
    }
    const bool gtin_length =
        code.size() == 8 || code.size() == 12 || code.size() == 13 || code.size() == 14;
    if (all_digits(code) && gtin_length) {
        if (!valid_gtin(code)) {
            const int expected = gs1_check_digit(code.substr(0, code.size() - 1));
            errors.add(field, "is not a valid GTIN: the check digit should be " +
                                  std::to_string(expected));
            return std::nullopt;
        }
        return NormalizedBarcode{gtin14(code), true};
    }
    return NormalizedBarcode{std::string(code), false};
}

void validate_product(ProductInput& input, core::FieldErrors& errors) {
    if (!valid_sku(input.sku)) {
        errors.add("sku", "must be 1 to 64 of letters, digits, '.', '_', '-' and '/'");
    }
    if (input.name.empty() || input.name.size() > 200) {
        errors.add("name", "must be 1 to 200 characters");
    }
    for (const auto& [size, field, limit] :
         {std::tuple{input.barcodes.size(), "barcodes", kMaxBarcodes},
          {input.packagings.size(), "packagings", kMaxPackagings},
          {input.components.size(), "components", kMaxComponents}}) {
        if (size > limit) {
            errors.add(field, "has more than " + std::to_string(limit) + " entries");
        }
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < input.barcodes.size(); ++i) {
        const std::string field = "barcodes/" + std::to_string(i);
        if (auto code = normalize_barcode(input.barcodes[i], field, errors)) {
            if (!seen.insert(code->value).second) {
                errors.add(field, "is listed twice");
            }
            input.barcodes[i] = code->value;
        }
    }
    for (std::size_t i = 0; i < input.packagings.size(); ++i) {
        auto& packaging = input.packagings[i];
        const std::string field = "packagings/" + std::to_string(i);
        if (packaging.name.empty() || packaging.name.size() > 50) {
            errors.add(field + "/name", "must be 1 to 50 characters");
        }
        if (packaging.quantity < 2 || packaging.quantity > 100'000) {
            errors.add(field + "/quantity", "must be from 2 to 100000 units");
        }
        if (!valid_gtin(packaging.gtin)) {
            errors.add(field + "/gtin",
                       "must be a GTIN-8, -12, -13 or -14 with a valid check digit");
        } else {
            packaging.gtin = gtin14(packaging.gtin);
            if (!seen.insert(packaging.gtin).second) {
                errors.add(field + "/gtin", "is already a barcode of this product");
            }
        }
    }
    if (input.weight_g < 0 || input.weight_g > kMaxGrams) {
        errors.add("weight_g", "must be from 0 to 100000000 grams");
    }
    for (const auto& [value, name] : {std::pair{input.dims.length_mm, "dims_mm/length"},
                                      std::pair{input.dims.width_mm, "dims_mm/width"},
                                      std::pair{input.dims.height_mm, "dims_mm/height"}}) {
        if (value < 0 || value > kMaxMillimetres) {
            errors.add(name, "must be from 0 to 100000 millimetres");
        }
    }
    if (input.unit_cost.minor < 0 || input.unit_cost.minor > core::kMaxUnitAmount) {
        errors.add("unit_cost", "must be from 0 to 10^12 minor units");
    }
    if (input.price.minor < 0 || input.price.minor > core::kMaxUnitAmount) {
        errors.add("price", "must be from 0 to 10^12 minor units");
    }
    if (!core::valid_currency(input.currency)) {
        errors.add("currency", "must be an ISO 4217 code such as EUR");
    }
    if (input.hs_code) {
        std::string digits;
        for (const char c : *input.hs_code) {
            if (c != '.' && c != ' ') {
                digits.push_back(c);
            }
        }
        if (!all_digits(digits) || digits.size() < 6 || digits.size() > 10) {
            errors.add("hs_code", "must be 6 to 10 digits (dots allowed)");
        }
        input.hs_code = digits;
    }
    if (input.country_of_origin && !core::valid_country(*input.country_of_origin)) {
        errors.add("country_of_origin", "must be an ISO 3166 alpha-2 code such as DE");
    }
    if (std::ranges::find(kStorageClasses, input.storage_class) == std::end(kStorageClasses)) {
        errors.add("storage_class", "must be one of standard, bulky, cold, hazardous, high_value");
    }
    if (input.expiry_tracked && !input.lot_tracked) {
        // Expiry is recorded per lot, so expiry tracking implies lots.
        input.lot_tracked = true;
    }
    std::set<std::string> components;
    for (std::size_t i = 0; i < input.components.size(); ++i) {
        const auto& component = input.components[i];
        const std::string field = "components/" + std::to_string(i);
        if (!valid_sku(component.sku)) {
            errors.add(field + "/sku", "must be the SKU of a product");
        } else if (component.sku == input.sku) {
            errors.add(field + "/sku", "a kit cannot contain itself");
        } else if (!components.insert(component.sku).second) {
            errors.add(field + "/sku", "is listed twice");
        }
        if (component.quantity < 1 || component.quantity > 10'000) {
            errors.add(field + "/quantity", "must be from 1 to 10000");
        }
    }
}

}  // namespace tally::catalog
