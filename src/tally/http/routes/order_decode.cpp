#include <algorithm>

#include "tally/http/json.hpp"
#include "tally/http/routes/request_decode.hpp"

namespace tally::http {

core::Result<orders::OrderInput> decode_order_request(std::string_view text) {
    auto body = parse_json_object(text);
    if (!body) {
        return std::unexpected(body.error());
    }
    core::FieldErrors errors;
    JsonReader reader(*body, errors);
    orders::OrderInput input;
    input.channel = reader.optional_string("channel").value_or("api");
    input.external_id = reader.required_string("external_id");
    input.currency = reader.required_string("currency");
    input.service_level = reader.optional_string("service_level").value_or("standard");
    input.notes = reader.optional_string("notes").value_or("");
    input.tags = reader.string_array("tags");
    input.hold = reader.optional_string("hold");
    if (const auto* customer = reader.optional_object("customer")) {
        auto nested = reader.nested(*customer, "customer");
        input.customer.name = nested.optional_string("name").value_or("");
        input.customer.email = nested.optional_string("email").value_or("");
        input.customer.phone = nested.optional_string("phone").value_or("");
    }
    if (const auto* ship_to = reader.optional_object("ship_to")) {
        auto nested = reader.nested(*ship_to, "ship_to");
        auto& to = input.ship_to;
        to.name = nested.optional_string("name").value_or("");
        to.company = nested.optional_string("company").value_or("");
        to.line1 = nested.optional_string("line1").value_or("");
        to.line2 = nested.optional_string("line2").value_or("");
        to.city = nested.optional_string("city").value_or("");
        to.region = nested.optional_string("region").value_or("");
        to.postal_code = nested.optional_string("postal_code").value_or("");
        to.country = nested.optional_string("country").value_or("");
        to.phone = nested.optional_string("phone").value_or("");
        to.latitude = nested.optional_number("latitude");
        to.longitude = nested.optional_number("longitude");
    } else if (!reader.has("ship_to")) {
        errors.add("ship_to", "is required");
    }
    if (const auto* lines = reader.optional_array("lines")) {
        for (std::size_t i = 0; i < lines->size() && i <= orders::kMaxLines; ++i) {
            const std::string path = "lines/" + std::to_string(i);
            if (!(*lines)[i].is_object()) {
                errors.add(path, "must be an object");
                continue;
            }
            auto line = reader.nested((*lines)[i].as_object(), path);
            input.lines.push_back(
                {.sku = line.optional_string("sku"),
                 .barcode = line.optional_string("barcode"),
                 .quantity = line.required_int("quantity", 1, orders::kMaxLineQuantity),
                 .unit_price = line.int_in("unit_price", 0, 0, orders::kMaxUnitPrice)});
        }
    }
    if (!errors.empty()) {
        // Name the rule-breaking fields too, not only the unreadable ones.
        core::FieldErrors rules;
        orders::validate_order(input, rules);
        for (const auto& error : rules.list()) {
            const auto& named = errors.list();
            if (std::none_of(named.begin(), named.end(),
                             [&](const core::FieldError& e) { return e.field == error.field; })) {
                errors.add(error.field, error.reason);
            }
        }
        return errors.to_error();
    }
    return input;
}

}  // namespace tally::http
