// libFuzzer target for the body of POST /api/v1/orders: any bytes give an order or a 400's
// field list, never a crash; an order decoded keeps within the documented limits.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tally/http/routes/request_decode.hpp"

#include "check.hpp"

namespace {

using tally::fuzz::check;
namespace orders = tally::orders;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(bytes), size);

    const auto order = tally::http::decode_order_request(input);
    if (!order) {
        check(order.error().code == tally::core::ErrorCode::invalid_argument);
        check(!order.error().fields.empty());
        for (const auto& field : order.error().fields) {
            check(!field.field.empty() && !field.reason.empty());
        }
        return 0;
    }
    // One line past the limit is kept, so that the order rules name "lines" as too many.
    check(order->lines.size() <= orders::kMaxLines + 1);
    for (const auto& line : order->lines) {
        check(line.quantity >= 1 && line.quantity <= orders::kMaxLineQuantity);
        check(line.unit_price >= 0 && line.unit_price <= orders::kMaxUnitPrice);
    }
    // The service applies the rules next: they give reasons, never a crash or an overflow.
    tally::core::FieldErrors errors;
    orders::validate_order(*order, errors);
    for (const auto& error : errors.list()) {
        check(!error.field.empty() && !error.reason.empty());
    }
    return 0;
}
