// libFuzzer target for reading a product CSV: any bytes give products or errors naming the
// column or the row, never a crash; a product read passed the product rules and its SKU is
// the file's only one.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "tally/catalog/catalog_service.hpp"

#include "check.hpp"

namespace {

using tally::fuzz::check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(bytes), size);

    const auto rows = tally::catalog::product_rows_from_csv(input);
    if (!rows) {
        check(!rows.error().fields.empty());
        for (const auto& field : rows.error().fields) {
            check(field.field == "body" || field.field.starts_with("columns/") ||
                  field.field.starts_with("rows/"));
        }
        return 0;
    }
    std::set<std::string> skus;
    std::size_t previous = 1;
    for (const auto& [row, product] : *rows) {
        check(row > previous);
        previous = row;
        check(skus.insert(product.sku).second);
        // What the import writes has passed the rules already: running them again finds nothing.
        auto again = product;
        tally::core::FieldErrors errors;
        tally::catalog::validate_product(again, errors);
        check(errors.empty());
    }
    return 0;
}
