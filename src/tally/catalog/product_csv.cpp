#include <algorithm>
#include <charconv>
#include <set>

#include "tally/catalog/catalog_service.hpp"
#include "tally/core/csv.hpp"

// Reading a product CSV, apart from importing it: pure, so the fuzz targets (fuzz/) reach it.
namespace tally::catalog {

namespace {

bool parse_bool(std::string_view text, bool& out) {
    if (text.empty() || text == "0" || text == "false" || text == "no") {
        out = false;
    } else if (text == "1" || text == "true" || text == "yes") {
        out = true;
    } else {
        return false;
    }
    return true;
}

template <class Int>
bool parse_int(std::string_view text, Int& out) {
    if (text.empty()) {
        out = 0;
        return true;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

std::vector<std::string> split_codes(std::string_view text) {
    std::vector<std::string> codes;
    std::string current;
    for (const char c : text) {
        if (c == '|' || c == ';' || c == ' ') {
            if (!current.empty()) {
                codes.push_back(std::move(current));
                current.clear();
            }
        } else {
            current.push_back(c);
        }
    }
    if (!current.empty()) {
        codes.push_back(std::move(current));
    }
    return codes;
}

// Reads one CSV row into a product; `prefix` names the row in field errors.
ProductInput row_to_input(const core::CsvHeader& header, const core::CsvRow& row,
                          const std::string& prefix, core::FieldErrors& errors) {
    ProductInput input;
    input.sku = std::string(header.get(row, "sku"));
    input.name = std::string(header.get(row, "name"));
    input.barcodes = split_codes(header.get(row, "barcodes"));
    input.currency = std::string(header.get(row, "currency"));
    const struct {
        const char* column;
        int* target;
    } ints[] = {{"weight_g", &input.weight_g},
                {"length_mm", &input.dims.length_mm},
                {"width_mm", &input.dims.width_mm},
                {"height_mm", &input.dims.height_mm}};
    for (const auto& [column, target] : ints) {
        if (!parse_int(header.get(row, column), *target)) {
            errors.add(prefix + column, "must be a whole number");
        }
    }
    if (!parse_int(header.get(row, "unit_cost"), input.unit_cost.minor)) {
        errors.add(prefix + "unit_cost", "must be a whole number of minor units");
    }
    if (!parse_int(header.get(row, "price"), input.price.minor)) {
        errors.add(prefix + "price", "must be a whole number of minor units");
    }
    if (const auto hs = header.get(row, "hs_code"); !hs.empty()) {
        input.hs_code = std::string(hs);
    }
    if (const auto origin = header.get(row, "country_of_origin"); !origin.empty()) {
        input.country_of_origin = std::string(origin);
    }
    const struct {
        const char* column;
        bool* target;
    } flags[] = {{"lot_tracked", &input.lot_tracked},
                 {"expiry_tracked", &input.expiry_tracked},
                 {"fragile", &input.fragile}};
    for (const auto& [column, target] : flags) {
        if (!parse_bool(header.get(row, column), *target)) {
            errors.add(prefix + column, "must be true or false");
        }
    }
    if (const auto storage = header.get(row, "storage_class"); !storage.empty()) {
        input.storage_class = std::string(storage);
    }
    return input;
}

}  // namespace

core::Result<std::vector<ProductCsvRow>> product_rows_from_csv(std::string_view csv) {
    const auto parsed = core::parse_csv(csv);
    if (!parsed.error.empty()) {
        return core::invalid_field("body", parsed.error);
    }
    if (parsed.rows.empty()) {
        return core::invalid_field("body", "the file is empty; the first row names the columns");
    }
    if (core::FieldErrors text; core::check_utf8(parsed.rows, text), !text.empty()) {
        return text.to_error();
    }
    const core::CsvHeader header(parsed.rows.front());
    core::FieldErrors errors;
    for (const auto& name : header.names()) {
        if (std::ranges::find(kProductCsvColumns, name) == std::end(kProductCsvColumns)) {
            errors.add("columns/" + name, "is not a product column");
        }
    }
    for (const char* required : {"sku", "name", "currency"}) {
        if (!header.index(required)) {
            errors.add(std::string("columns/") + required, "is required");
        }
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    // Rows are numbered as a spreadsheet shows them: the header is row 1.
    std::vector<ProductCsvRow> inputs;
    std::set<std::string> skus;
    for (std::size_t r = 1; r < parsed.rows.size(); ++r) {
        const std::string prefix = "rows/" + std::to_string(r + 1) + "/";
        core::FieldErrors row_errors;
        ProductInput input = row_to_input(header, parsed.rows[r], prefix, row_errors);
        validate_product(input, row_errors);
        for (const auto& e : row_errors.list()) {
            const bool named = e.field.starts_with("rows/");
            errors.add(named ? e.field : prefix + e.field, e.reason);
        }
        if (!skus.insert(input.sku).second) {
            errors.add(prefix + "sku", "appears twice in the file");
        }
        inputs.push_back({.row = r + 1, .input = std::move(input)});
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    return inputs;
}

}  // namespace tally::catalog
