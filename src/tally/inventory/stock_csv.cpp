#include <algorithm>
#include <charconv>

#include "tally/core/csv.hpp"
#include "tally/inventory/inventory_service.hpp"

// Reading a stock CSV, apart from importing it: pure, so the fuzz targets (fuzz/) reach it.
namespace tally::inventory {

namespace {

constexpr const char* kStockCsvColumns[] = {"warehouse", "bin", "sku", "quantity", "lot", "expiry"};

}  // namespace

// The rows of a stock CSV, or the columns and fields it got wrong. Rows are numbered as a
// spreadsheet shows them (the header is row 1), as import_stock numbers them.
core::Result<std::vector<StockImportRow>> stock_rows_from_csv(std::string_view csv) {
    const auto parsed = core::parse_csv(csv);
    if (!parsed.error.empty()) {
        return core::invalid_field("body", parsed.error);
    }
    if (parsed.rows.empty()) {
        return core::invalid_field("body", "is empty; the first row names the columns");
    }
    if (core::FieldErrors text; core::check_utf8(parsed.rows, text), !text.empty()) {
        return text.to_error();
    }
    const core::CsvHeader header(parsed.rows.front());
    core::FieldErrors errors;
    for (const auto& name : header.names()) {
        if (std::ranges::find(kStockCsvColumns, name) == std::end(kStockCsvColumns)) {
            errors.add("columns/" + name, "is not a stock column");
        }
    }
    for (const char* required : {"warehouse", "bin", "sku", "quantity"}) {
        if (!header.index(required)) {
            errors.add(std::string("columns/") + required, "is required");
        }
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    std::vector<StockImportRow> rows;
    rows.reserve(parsed.rows.size() - 1);
    for (std::size_t r = 1; r < parsed.rows.size(); ++r) {
        const auto& fields = parsed.rows[r];
        StockImportRow row{.warehouse = std::string(header.get(fields, "warehouse")),
                           .bin = std::string(header.get(fields, "bin")),
                           .sku = std::string(header.get(fields, "sku")),
                           .lot = std::string(header.get(fields, "lot"))};
        const auto quantity = header.get(fields, "quantity");
        const auto [end, ec] =
            std::from_chars(quantity.data(), quantity.data() + quantity.size(), row.quantity);
        if (ec != std::errc() || end != quantity.data() + quantity.size()) {
            errors.add("rows/" + std::to_string(r + 1) + "/quantity", "must be a whole number");
        }
        if (const auto expiry = header.get(fields, "expiry"); !expiry.empty()) {
            row.expiry = std::string(expiry);
        }
        rows.push_back(std::move(row));
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    return rows;
}

}  // namespace tally::inventory
