#include "tally/http/routes/shipping_routes.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "tally/http/routes/route_helpers.hpp"
#include "tally/shipping/label_image.hpp"

namespace tally::shipping {

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Service& s) {
    out = {{"id", s.id},
           {"code", s.code},
           {"name", s.name},
           {"service_level", s.service_level},
           {"active", s.active}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Carrier& c) {
    out = {{"id", c.id},
           {"code", c.code},
           {"name", c.name},
           {"pickup_days", boost::json::value_from(c.pickup_days)},
           {"tracking_url", c.tracking_url},
           {"active", c.active},
           {"services", boost::json::value_from(c.services)},
           {"created_at", core::format_iso8601(c.created_at)},
           {"updated_at", core::format_iso8601(c.updated_at)}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const ShippingRule& r) {
    const auto optional_text = [](const std::optional<std::string>& value) {
        return value ? boost::json::value(*value) : nullptr;
    };
    const auto optional_int = [](const std::optional<int>& value) {
        return value ? boost::json::value(*value) : nullptr;
    };
    out = {{"priority", r.priority},
           {"service_level", optional_text(r.service_level)},
           {"country", optional_text(r.country)},
           {"min_weight_g", optional_int(r.min_weight_g)},
           {"max_weight_g", optional_int(r.max_weight_g)},
           {"carrier", r.carrier},
           {"service", r.service}};
}

}  // namespace tally::shipping

namespace tally::http {

namespace {

core::Result<shipping::CarrierInput> read_carrier(const Request& request,
                                                  std::optional<std::string> code) {
    auto body = parse_json_object(request);
    if (!body) {
        return std::unexpected(body.error());
    }
    core::FieldErrors errors;
    JsonReader reader(*body, errors);
    shipping::CarrierInput input;
    input.code = code ? *code : reader.required_string("code");
    input.name = reader.required_string("name");
    input.pickup_days = reader.string_array("pickup_days");
    input.tracking_url = reader.optional_string("tracking_url").value_or("");
    input.active = reader.optional_bool("active").value_or(true);
    if (const auto* services = reader.optional_array("services")) {
        for (std::size_t i = 0; i < services->size() && i <= shipping::kMaxServices; ++i) {
            const std::string path = "services/" + std::to_string(i);
            if (!(*services)[i].is_object()) {
                errors.add(path, "must be an object");
                continue;
            }
            auto service = reader.nested((*services)[i].as_object(), path);
            input.services.push_back({.code = service.required_string("code"),
                                      .name = service.required_string("name"),
                                      .service_level = service.required_string("service_level"),
                                      .active = service.optional_bool("active").value_or(true)});
        }
    }
    if (!errors.empty()) {
        // Name the rule-breaking fields too, not only the unreadable ones.
        core::FieldErrors rules;
        shipping::validate_carrier(input, rules);
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

// A weight in grams, or nothing when absent or null.
std::optional<int> optional_weight(JsonReader& reader, std::string_view key) {
    if (!reader.has(key)) {
        return std::nullopt;
    }
    return static_cast<int>(reader.int_in(key, 0, 0, shipping::kMaxWeightG));
}

core::Result<std::vector<shipping::ShippingRule>> read_rules(const Request& request) {
    auto body = parse_json_object(request);
    if (!body) {
        return std::unexpected(body.error());
    }
    core::FieldErrors errors;
    JsonReader reader(*body, errors);
    std::vector<shipping::ShippingRule> rules;
    if (!reader.has("rules")) {
        errors.add("rules", "is required");
    } else if (const auto* list = reader.optional_array("rules")) {
        for (std::size_t i = 0; i < list->size() && i <= shipping::kMaxRules; ++i) {
            const std::string path = "rules/" + std::to_string(i);
            if (!(*list)[i].is_object()) {
                errors.add(path, "must be an object");
                continue;
            }
            auto rule = reader.nested((*list)[i].as_object(), path);
            rules.push_back({.priority = static_cast<int>(i) + 1,
                             .service_level = rule.optional_string("service_level"),
                             .country = rule.optional_string("country"),
                             .min_weight_g = optional_weight(rule, "min_weight_g"),
                             .max_weight_g = optional_weight(rule, "max_weight_g"),
                             .carrier = rule.required_string("carrier"),
                             .service = rule.required_string("service")});
        }
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    return rules;
}

// {"rules": [...]}, in priority order.
Response rules_response(const core::Result<std::vector<shipping::ShippingRule>>& rules) {
    if (!rules) {
        return problem(rules.error());
    }
    return json_response(200, boost::json::object{{"rules", boost::json::value_from(*rules)}});
}

}  // namespace

void register_shipping_routes(Router& router, shipping::ShippingService& shipping) {
    router.add({.method = "GET",
                .pattern = "/api/v1/barcodes/image",
                .roles = kAnyRole,
                .summary = "A barcode as a PNG: ?data=...&symbology=code128|gs1_128|qr",
                .handler = [](Request& request, const RequestContext&) {
                    const auto data = query_string(request, "data");
                    const auto name = query_string(request, "symbology").value_or("code128");
                    core::FieldErrors errors;
                    if (!data || data->empty()) {
                        errors.add("data", "is required");
                    } else if (data->size() > 512) {
                        errors.add("data", "must be at most 512 characters");
                    }
                    if (name != "code128" && name != "gs1_128" && name != "qr") {
                        errors.add("symbology", "must be code128, gs1_128 or qr");
                    }
                    if (!errors.empty()) {
                        return problem(errors.to_error().error());
                    }
                    const auto symbology = name == "qr"        ? shipping::Symbology::qr
                                           : name == "gs1_128" ? shipping::Symbology::gs1_128
                                                               : shipping::Symbology::code128;
                    auto image = shipping::barcode_png(*data, symbology);
                    if (!image) {
                        return problem(image.error());
                    }
                    // The same data always draws the same image.
                    return Response{.content_type = "image/png",
                                    .headers = {{"Cache-Control", "private, max-age=86400"}},
                                    .body = std::move(*image)};
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/carriers",
                .roles = kManagers,
                .summary = "Create a carrier with its services",
                .handler = [&shipping](Request& request, const RequestContext& context) {
                    auto input = read_carrier(request, std::nullopt);
                    if (!input) {
                        return problem(input.error());
                    }
                    return from_result(201, shipping.create_carrier(context.user(), *input));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/carriers",
                .roles = kAnyRole,
                .summary = "All carriers with their services",
                .handler = [&shipping](Request&, const RequestContext&) {
                    auto carriers = shipping.list_carriers();
                    if (!carriers) {
                        return problem(carriers.error());
                    }
                    return json_response(
                        200, boost::json::object{{"items", boost::json::value_from(*carriers)}});
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/carriers/{code}",
                .roles = kAnyRole,
                .summary = "One carrier with its services",
                .handler = [&shipping](Request& request, const RequestContext&) {
                    return from_result(200, shipping.get_carrier(path_param(request, "code")));
                }});

    router.add({.method = "PUT",
                .pattern = "/api/v1/carriers/{code}",
                .roles = kManagers,
                .summary = "Change a carrier; services are matched by code, unlisted ones retired",
                .handler = [&shipping](Request& request, const RequestContext& context) {
                    const auto code = path_param(request, "code");
                    auto input = read_carrier(request, code);
                    if (!input) {
                        return problem(input.error());
                    }
                    return from_result(200, shipping.update_carrier(context.user(), code, *input));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/shipping-rules",
                .roles = kAnyRole,
                .summary = "Shipping rules in priority order",
                .handler = [&shipping](Request&, const RequestContext&) {
                    return rules_response(shipping.rules());
                }});

    router.add({.method = "PUT",
                .pattern = "/api/v1/shipping-rules",
                .roles = kManagers,
                .summary = "Replace the shipping rules; the list order is the priority",
                .handler = [&shipping](Request& request, const RequestContext& context) {
                    auto rules = read_rules(request);
                    if (!rules) {
                        return problem(rules.error());
                    }
                    return rules_response(shipping.save_rules(context.user(), std::move(*rules)));
                }});
}

}  // namespace tally::http
