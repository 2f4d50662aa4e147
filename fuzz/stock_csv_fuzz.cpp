// libFuzzer target for reading a stock CSV: any bytes give rows or errors naming the column or
// the row, never a crash; a row read has what its fields said.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tally/inventory/inventory_service.hpp"

#include "check.hpp"

namespace {

using tally::fuzz::check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(bytes), size);

    const auto rows = tally::inventory::stock_rows_from_csv(input);
    if (!rows) {
        check(!rows.error().fields.empty());
        for (const auto& field : rows.error().fields) {
            check(field.field == "body" || field.field.starts_with("columns/") ||
                  field.field.starts_with("rows/"));
        }
        return 0;
    }
    // The header is a line of its own: every row read came from a later one.
    check(rows->size() < size);
    for (const auto& row : *rows) {
        check(row.warehouse.size() + row.bin.size() + row.sku.size() + row.lot.size() <= size);
        check(!row.expiry || !row.expiry->empty());
    }
    return 0;
}
