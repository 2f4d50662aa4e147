#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tally/core/error.hpp"
#include "tally/orders/order.hpp"

// Orders from CSV, read with no database: Tally's own columns, or a Shopify order export as
// merchants download it. OrderService::import_csv resolves and places what this reads.
namespace tally::orders {

// Tally's own order CSV columns; one row per line, order columns repeated or left blank on
// the rows after an order's first.
inline constexpr std::string_view kOrderCsvColumns[] = {"external_id",
                                                        "channel",
                                                        "currency",
                                                        "customer_name",
                                                        "customer_email",
                                                        "customer_phone",
                                                        "ship_name",
                                                        "ship_company",
                                                        "ship_line1",
                                                        "ship_line2",
                                                        "ship_city",
                                                        "ship_region",
                                                        "ship_postal_code",
                                                        "ship_country",
                                                        "ship_phone",
                                                        "service_level",
                                                        "notes",
                                                        "tags",
                                                        "hold",
                                                        "sku",
                                                        "barcode",
                                                        "quantity",
                                                        "unit_price"};

// A row or an order of an import left out on purpose, and why.
struct ImportSkip {
    std::size_t row = 0;
    std::string name;
    std::string reason;
};

// One order as a file has it: its input, the rows it came from, and why it is left out.
struct CsvOrder {
    OrderInput input;
    std::size_t first_row = 0;  // rows are numbered as a spreadsheet shows them: header is 1
    std::vector<std::size_t> line_rows;
    std::string name;     // as the file calls it (Shopify's "#1001")
    std::string skipped;  // why the whole order is left out, or empty
    bool valid = false;   // validate_order found nothing wrong
};

struct OrdersCsv {
    bool shopify = false;  // Shopify's export rather than Tally's columns
    std::vector<CsvOrder> orders;
    std::vector<ImportSkip> skipped;  // lines and orders left out on purpose
    core::FieldErrors errors;         // "rows/N/COLUMN", for the import to add to and answer

    // The row and column that `error`, about a field of `order`'s input, names.
    [[nodiscard]] std::string field_of(const CsvOrder& order, const core::FieldError& error) const;
    // The column of the order's external id ("external_id", or Shopify's "Id").
    [[nodiscard]] std::string_view external_id_column() const;
};

// Reads every row and checks each order with validate_order. An unreadable file, text that is
// not UTF-8 and missing or unknown columns fail (invalid_argument); what is wrong in a row is
// kept in `errors`, so the import can go on to name every bad field at once.
[[nodiscard]] core::Result<OrdersCsv> read_orders_csv(std::string_view csv);

}  // namespace tally::orders
