#include "tally/catalog/box_type.hpp"

#include "tally/catalog/product.hpp"

namespace tally::catalog {

void validate_box_type(const BoxType& box, core::FieldErrors& errors) {
    // The code is a path segment (/api/v1/box-types/{code}), so no '/'.
    if (!valid_sku(box.code) || box.code.size() > 32 || box.code.find('/') != std::string::npos) {
        errors.add("code", "must be 1 to 32 of letters, digits, '.', '_' and '-'");
    }
    if (box.name.empty() || box.name.size() > 100) {
        errors.add("name", "must be 1 to 100 characters");
    }
    if (box.inner.length_mm <= 0 || box.inner.length_mm > 10'000) {
        errors.add("inner_mm/length", "must be from 1 to 10000 millimetres");
    }
    if (box.inner.width_mm <= 0 || box.inner.width_mm > 10'000) {
        errors.add("inner_mm/width", "must be from 1 to 10000 millimetres");
    }
    if (box.inner.height_mm <= 0 || box.inner.height_mm > 10'000) {
        errors.add("inner_mm/height", "must be from 1 to 10000 millimetres");
    }
    if (box.tare_g < 0 || box.tare_g > 1'000'000) {
        errors.add("tare_g", "must be from 0 to 1000000 grams");
    }
    if (box.max_load_g <= 0 || box.max_load_g > 10'000'000) {
        errors.add("max_load_g", "must be from 1 to 10000000 grams");
    }
    if (box.cost.minor < 0 || box.cost.minor > core::kMaxUnitAmount) {
        errors.add("cost", "must be from 0 to 10^12 minor units");
    }
    if (!core::valid_currency(box.currency)) {
        errors.add("currency", "must be an ISO 4217 code such as EUR");
    }
}

}  // namespace tally::catalog
