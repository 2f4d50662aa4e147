// libFuzzer target for reading an order CSV, Tally's columns or Shopify's export: any bytes give
// orders or errors naming the column or the row, never a crash; an order read is one the order
// rules accepted, or its errors are named.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tally/orders/order_csv.hpp"

#include "check.hpp"

namespace {

using tally::fuzz::check;

bool names_a_place(const std::string& field) {
    return field == "body" || field.starts_with("columns/") || field.starts_with("rows/");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(bytes), size);

    const auto file = tally::orders::read_orders_csv(input);
    if (!file) {
        check(!file.error().fields.empty());
        for (const auto& field : file.error().fields) {
            check(names_a_place(field.field));
        }
        return 0;
    }
    for (const auto& error : file->errors.list()) {
        check(error.field.starts_with("rows/"));
    }
    // The header is a row of its own: every order and every line came from a later one.
    check(file->orders.size() < size);
    for (const auto& order : file->orders) {
        check(order.first_row >= 2);
        check(order.line_rows.size() == order.input.lines.size());
        if (order.valid) {
            check(order.skipped.empty());
            check(!order.input.lines.empty());
            for (const auto& line : order.input.lines) {
                check(line.quantity > 0 && line.quantity <= tally::orders::kMaxLineQuantity);
            }
        }
    }
    for (const auto& skip : file->skipped) {
        check(skip.row >= 2 && !skip.reason.empty());
    }
    return 0;
}
