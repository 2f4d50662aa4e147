// libFuzzer target for the Shopify webhook mapper: any body gives a Tally order or a reason,
// never a crash; what a body may do follows from its shape, whatever topic it came under; an
// order it maps to keeps Shopify's id, its lines and its prices exactly.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json/parse.hpp>

#include "tally/integrations/shopify/shopify.hpp"

#include "check.hpp"

namespace {

using tally::fuzz::check;
namespace shopify = tally::integrations::shopify;

constexpr std::string_view kDomain = "fuzz-shop.myshopify.com";

bool all_digits(std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(bytes), size);
    check(shopify::body_digest(input).size() == 64);

    boost::system::error_code ec;
    const auto body = boost::json::parse(input, ec);
    if (ec) {
        return 0;
    }
    const auto as_order = shopify::classify_webhook("orders/cancelled", body, kDomain);
    const auto as_uninstall = shopify::classify_webhook("app/uninstalled", body, kDomain);
    const auto as_other = shopify::classify_webhook("products/update", body, kDomain);
    check(as_other && *as_other == shopify::WebhookKind::other);
    check(!as_order || *as_order == shopify::WebhookKind::order);
    check(!as_uninstall || *as_uninstall == shopify::WebhookKind::uninstalled);
    // No body is both an order and the shop: one captured body has one effect at most.
    check(!as_order || !as_uninstall);

    (void)shopify::parse_graphql_order(body);
    const auto order = shopify::parse_webhook_order(body);
    if (!order) {
        check(!order.error().message.empty());
        return 0;
    }
    check(all_digits(order->id));
    const auto mapped = shopify::to_order_input(*order);
    if (!mapped) {
        check(!mapped.error().fields.empty());
        return 0;
    }
    check(mapped->channel == "shopify" && mapped->external_id == order->id);
    check(mapped->lines.size() == order->lines.size());
    const int digits = shopify::currency_digits(order->currency);
    for (std::size_t i = 0; i < mapped->lines.size(); ++i) {
        const auto& line = mapped->lines[i];
        check(line.sku.has_value() != line.barcode.has_value());
        check(line.quantity == order->lines[i].quantity);
        check(line.unit_price >= 0 &&
              shopify::to_minor_units(order->lines[i].price, digits) == line.unit_price);
    }
    // Tally's own rules run on it as on any order: a reason, never a crash or an overflow.
    tally::core::FieldErrors errors;
    tally::orders::validate_order(*mapped, errors);
    return 0;
}
