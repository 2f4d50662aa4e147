#include "tally/integrations/shopify/shopify.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include <boost/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace tally::integrations::shopify {

namespace json = boost::json;

namespace {

std::string base64(const unsigned char* data, std::size_t size) {
    std::string out(4 * ((size + 2) / 3), '\0');
    const int written =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
    out.resize(static_cast<std::size_t>(std::max(written, 0)));
    return out;
}

// A string member, "" when absent or null; a number is written out as its digits.
std::string text(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr) {
        return {};
    }
    if (value->is_string()) {
        return std::string(value->get_string());
    }
    if (value->is_int64()) {
        return std::to_string(value->get_int64());
    }
    if (value->is_uint64()) {
        return std::to_string(value->get_uint64());
    }
    return {};
}

const json::object* object_at(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value != nullptr && value->is_object() ? &value->get_object() : nullptr;
}

const json::array* array_at(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value != nullptr && value->is_array() ? &value->get_array() : nullptr;
}

// The nodes of a GraphQL connection ({"nodes": [...]}) or a plain list.
const json::array* nodes_at(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr) {
        return nullptr;
    }
    if (value->is_array()) {
        return &value->get_array();
    }
    if (value->is_object()) {
        return array_at(value->get_object(), "nodes");
    }
    return nullptr;
}

std::optional<std::int64_t> integer(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (value->is_int64()) {
        return value->get_int64();
    }
    if (value->is_uint64() && value->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        return static_cast<std::int64_t>(value->get_uint64());
    }
    return std::nullopt;
}

bool all_digits(std::string_view text) {
    return !text.empty() && text.size() <= 19 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string joined(std::string_view a, std::string_view b) {
    if (a.empty()) {
        return std::string(b);
    }
    return b.empty() ? std::string(a) : std::string(a) + " " + std::string(b);
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

core::Result<ShopifyOrder> checked(ShopifyOrder order, core::FieldErrors& errors) {
    if (!all_digits(order.id)) {
        errors.add("id", "must be the order's 64-bit integer id");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    return order;
}

double number(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr) {
        return 0;
    }
    if (value->is_double()) {
        return value->get_double();
    }
    if (value->is_int64()) {
        return static_cast<double>(value->get_int64());
    }
    if (value->is_uint64()) {
        return static_cast<double>(value->get_uint64());
    }
    return 0;
}

}  // namespace

std::string sign(std::string_view secret, std::string_view body) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest.data(), &length);
    return base64(digest.data(), length);
}

bool verify_signature(std::string_view secret, std::string_view body, std::string_view header) {
    const auto expected = sign(secret, body);
    return !header.empty() && header.size() == expected.size() &&
           CRYPTO_memcmp(expected.data(), header.data(), expected.size()) == 0;
}

std::string body_digest(std::string_view body) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_Digest(body.data(), body.size(), digest.data(), &length, EVP_sha256(), nullptr);
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string out;
    out.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0xf];
    }
    return out;
}

core::Result<WebhookKind> classify_webhook(std::string_view topic, const json::value& body,
                                           std::string_view shop_domain) {
    const bool order_topic =
        topic == "orders/create" || topic == "orders/updated" || topic == "orders/cancelled";
    if (!order_topic && topic != "app/uninstalled") {
        return WebhookKind::other;
    }
    if (!body.is_object()) {
        return core::invalid_field("body", "must be a JSON object");
    }
    const auto& o = body.get_object();
    const auto* id = o.if_contains("id");
    const bool has_id = id != nullptr && (id->is_int64() || id->is_uint64() ||
                                          (id->is_string() && all_digits(id->get_string())));
    const bool is_shop = o.contains("myshopify_domain");
    const bool is_order = has_id && array_at(o, "line_items") != nullptr && !is_shop;
    if (order_topic) {
        if (!is_order) {
            return core::invalid_field(
                "body", "is not an order (id, line_items) as " + std::string(topic) + " sends one");
        }
        return WebhookKind::order;
    }
    // app/uninstalled sends the shop itself: an order or another shop's body uninstalls nothing.
    const auto domain = lower(text(o, "myshopify_domain"));
    if (!has_id || o.contains("line_items") ||
        (domain != shop_domain && lower(text(o, "domain")) != shop_domain)) {
        return core::invalid_field("body",
                                   "is not this shop's own object, as app/uninstalled "
                                   "sends it");
    }
    return WebhookKind::uninstalled;
}

std::optional<std::int64_t> to_minor_units(std::string_view decimal, int digits) {
    const auto dot = decimal.find('.');
    const auto whole = decimal.substr(0, dot);
    const auto fraction =
        dot == std::string_view::npos ? std::string_view{} : decimal.substr(dot + 1);
    if (whole.empty() || whole.size() > 13 || (dot != std::string_view::npos && fraction.empty()) ||
        !std::all_of(whole.begin(), whole.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        !std::all_of(fraction.begin(), fraction.end(),
                     [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    std::int64_t units = 0;
    for (const char c : whole) {
        units = units * 10 + (c - '0');
    }
    for (int i = 0; i < digits; ++i) {
        units =
            units * 10 + (static_cast<std::size_t>(i) < fraction.size() ? fraction[i] - '0' : 0);
    }
    // Digits beyond the currency's precision may only be zeros: nothing is rounded away.
    for (std::size_t i = static_cast<std::size_t>(digits); i < fraction.size(); ++i) {
        if (fraction[i] != '0') {
            return std::nullopt;
        }
    }
    return units;
}

int currency_digits(std::string_view currency) {
    static constexpr std::array<std::string_view, 16> kNone = {
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
        "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF"};
    static constexpr std::array<std::string_view, 7> kThree = {"BHD", "IQD", "JOD", "KWD",
                                                               "LYD", "OMR", "TND"};
    if (std::find(kNone.begin(), kNone.end(), currency) != kNone.end() || currency == "XPF") {
        return 0;
    }
    if (std::find(kThree.begin(), kThree.end(), currency) != kThree.end()) {
        return 3;
    }
    return 2;
}

std::string legacy_id(std::string_view gid) {
    const auto slash = gid.rfind('/');
    auto id = slash == std::string_view::npos ? gid : gid.substr(slash + 1);
    const auto query = id.find('?');
    return std::string(id.substr(0, query));
}

core::Result<ShopifyOrder> parse_webhook_order(const json::value& value) {
    if (!value.is_object()) {
        return core::invalid_field("", "must be a JSON object: a Shopify order");
    }
    const auto& o = value.get_object();
    core::FieldErrors errors;
    ShopifyOrder order;
    if (const auto id = integer(o, "id")) {
        order.id = std::to_string(*id);
    } else {
        order.id = text(o, "id");  // refused below unless it is digits
    }
    order.name = text(o, "name");
    order.email = text(o, "email");
    order.phone = text(o, "phone");
    order.note = text(o, "note");
    order.tags = orders::split_tags(text(o, "tags"));
    order.currency = text(o, "currency");
    order.updated_at = core::parse_iso8601(text(o, "updated_at")).value_or(0);
    order.cancelled = !text(o, "cancelled_at").empty();
    if (const auto* customer = object_at(o, "customer")) {
        order.customer_name = joined(text(*customer, "first_name"), text(*customer, "last_name"));
        if (order.email.empty()) {
            order.email = text(*customer, "email");
        }
    }
    if (const auto* a = object_at(o, "shipping_address")) {
        auto name = text(*a, "name");
        order.shipping_address = orders::ShipTo{
            .name = name.empty() ? joined(text(*a, "first_name"), text(*a, "last_name")) : name,
            .company = text(*a, "company"),
            .line1 = text(*a, "address1"),
            .line2 = text(*a, "address2"),
            .city = text(*a, "city"),
            .region = text(*a, "province_code"),
            .postal_code = text(*a, "zip"),
            .country = text(*a, "country_code"),
            .phone = text(*a, "phone")};
    }
    if (const auto* shipping = array_at(o, "shipping_lines");
        shipping != nullptr && !shipping->empty() && shipping->front().is_object()) {
        order.shipping_method = text(shipping->front().get_object(), "title");
    }
    const auto* lines = array_at(o, "line_items");
    if (lines == nullptr) {
        errors.add("line_items", "is required");
    } else {
        for (std::size_t i = 0; i < lines->size(); ++i) {
            if (!(*lines)[i].is_object()) {
                errors.add("line_items/" + std::to_string(i), "must be an object");
                continue;
            }
            const auto& l = (*lines)[i].get_object();
            const auto quantity = integer(l, "quantity");
            if (!quantity) {
                errors.add("line_items/" + std::to_string(i) + "/quantity", "must be an integer");
            }
            order.lines.push_back({.sku = text(l, "sku"),
                                   .barcode = text(l, "barcode"),
                                   .title = text(l, "title"),
                                   .quantity = quantity.value_or(0),
                                   .price = text(l, "price")});
        }
    }
    return checked(std::move(order), errors);
}

core::Result<ShopifyOrder> parse_graphql_order(const json::value& value) {
    if (!value.is_object()) {
        return core::invalid_field("", "must be a JSON object: a Shopify order");
    }
    const auto& o = value.get_object();
    core::FieldErrors errors;
    ShopifyOrder order;
    order.id = text(o, "legacyResourceId");
    if (order.id.empty()) {
        order.id = legacy_id(text(o, "id"));
    }
    order.name = text(o, "name");
    order.email = text(o, "email");
    order.phone = text(o, "phone");
    order.note = text(o, "note");
    if (const auto* tags = array_at(o, "tags")) {
        for (const auto& tag : *tags) {
            if (tag.is_string() && !tag.get_string().empty()) {
                order.tags.emplace_back(tag.get_string());
            }
        }
    }
    order.currency = text(o, "currencyCode");
    order.updated_at = core::parse_iso8601(text(o, "updatedAt")).value_or(0);
    order.cancelled = !text(o, "cancelledAt").empty();
    if (const auto* customer = object_at(o, "customer")) {
        order.customer_name = joined(text(*customer, "firstName"), text(*customer, "lastName"));
        if (order.email.empty()) {
            order.email = text(*customer, "email");
        }
    }
    if (const auto* a = object_at(o, "shippingAddress")) {
        auto name = text(*a, "name");
        order.shipping_address = orders::ShipTo{
            .name = name.empty() ? joined(text(*a, "firstName"), text(*a, "lastName")) : name,
            .company = text(*a, "company"),
            .line1 = text(*a, "address1"),
            .line2 = text(*a, "address2"),
            .city = text(*a, "city"),
            .region = text(*a, "provinceCode"),
            .postal_code = text(*a, "zip"),
            .country = text(*a, "countryCodeV2"),
            .phone = text(*a, "phone")};
    }
    if (const auto* shipping = object_at(o, "shippingLine")) {
        order.shipping_method = text(*shipping, "title");
    }
    const auto* lines = nodes_at(o, "lineItems");
    if (lines == nullptr) {
        errors.add("lineItems", "is required");
    } else {
        for (std::size_t i = 0; i < lines->size(); ++i) {
            if (!(*lines)[i].is_object()) {
                errors.add("lineItems/" + std::to_string(i), "must be an object");
                continue;
            }
            const auto& l = (*lines)[i].get_object();
            Line line{.sku = text(l, "sku"), .title = text(l, "name")};
            line.quantity = integer(l, "quantity").value_or(0);
            if (const auto* price = object_at(l, "originalUnitPriceSet")) {
                if (const auto* money = object_at(*price, "shopMoney")) {
                    line.price = text(*money, "amount");
                }
            }
            if (const auto* variant = object_at(l, "variant")) {
                line.barcode = text(*variant, "barcode");
            }
            order.lines.push_back(std::move(line));
        }
    }
    return checked(std::move(order), errors);
}

std::string service_level_for(std::string_view shipping_method) {
    const auto method = lower(shipping_method);
    for (const auto* level : {"overnight", "express", "economy", "freight"}) {
        if (method.find(level) != std::string::npos) {
            return level;
        }
    }
    if (method.find("next day") != std::string::npos) {
        return "overnight";
    }
    return "standard";
}

core::Result<orders::OrderInput> to_order_input(const ShopifyOrder& order) {
    core::FieldErrors errors;
    orders::OrderInput input;
    input.channel = "shopify";
    input.external_id = order.id;
    input.currency = order.currency;
    input.customer = {.name = order.customer_name, .email = order.email, .phone = order.phone};
    if (order.shipping_address) {
        input.ship_to = *order.shipping_address;
        if (input.ship_to.name.empty()) {
            input.ship_to.name = order.customer_name;
        }
    } else {
        errors.add("shipping_address", "is required: Tally ships every order it takes");
    }
    input.service_level = service_level_for(order.shipping_method);
    input.notes = order.note;
    input.tags = order.tags;
    const int digits = currency_digits(order.currency);
    for (std::size_t i = 0; i < order.lines.size(); ++i) {
        const auto& line = order.lines[i];
        const std::string path = "line_items/" + std::to_string(i);
        orders::LineInput out{.quantity = line.quantity};
        if (!line.sku.empty()) {
            out.sku = line.sku;
        } else if (!line.barcode.empty()) {
            out.barcode = line.barcode;
        } else {
            errors.add(path + "/sku",
                       "is empty and the variant has no barcode: map it to a product");
        }
        if (const auto price = to_minor_units(line.price, digits)) {
            out.unit_price = *price;
        } else {
            errors.add(path + "/price", "must be a decimal amount such as 19.99");
        }
        input.lines.push_back(std::move(out));
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    return input;
}

core::Result<std::vector<FulfillmentOrder>> parse_fulfillment_orders(const json::value& value) {
    if (!value.is_object()) {
        return core::fail(core::ErrorCode::not_found, "Shopify does not know the order.");
    }
    std::vector<FulfillmentOrder> out;
    const auto* orders = nodes_at(value.get_object(), "fulfillmentOrders");
    if (orders == nullptr) {
        return out;
    }
    for (const auto& node : *orders) {
        if (!node.is_object()) {
            continue;
        }
        const auto& fo = node.get_object();
        FulfillmentOrder order{.id = text(fo, "id"), .status = text(fo, "status")};
        if (const auto* assigned = object_at(fo, "assignedLocation")) {
            if (const auto* location = object_at(*assigned, "location")) {
                order.location_id = text(*location, "id");
            }
        }
        if (const auto* lines = nodes_at(fo, "lineItems")) {
            for (const auto& line_node : *lines) {
                if (!line_node.is_object()) {
                    continue;
                }
                const auto& line = line_node.get_object();
                FulfillmentOrderLine l{.id = text(line, "id"),
                                       .remaining = integer(line, "remainingQuantity").value_or(0)};
                if (const auto* item = object_at(line, "lineItem")) {
                    l.sku = text(*item, "sku");
                }
                order.lines.push_back(std::move(l));
            }
        }
        out.push_back(std::move(order));
    }
    return out;
}

FulfillmentPlan plan_fulfillments(const std::vector<FulfillmentOrder>& orders,
                                  const std::map<std::string, std::int64_t>& shipped,
                                  std::string_view location) {
    FulfillmentPlan plan;
    plan.unmatched = shipped;
    std::vector<const FulfillmentOrder*> open;
    for (const auto& order : orders) {
        if (order.status == "OPEN" || order.status == "IN_PROGRESS") {
            open.push_back(&order);
        }
    }
    std::stable_sort(open.begin(), open.end(), [&](const auto* a, const auto* b) {
        return (a->location_id == location) > (b->location_id == location);
    });
    for (const auto* order : open) {
        PlannedFulfillment planned{.fulfillment_order_id = order->id};
        for (const auto& line : order->lines) {
            auto left = plan.unmatched.find(line.sku);
            if (left == plan.unmatched.end() || left->second == 0 || line.remaining <= 0) {
                continue;
            }
            const auto units = std::min(left->second, line.remaining);
            planned.lines.emplace_back(line.id, units);
            left->second -= units;
        }
        if (!planned.lines.empty()) {
            plan.fulfillments.push_back(std::move(planned));
        }
    }
    std::erase_if(plan.unmatched, [](const auto& entry) { return entry.second == 0; });
    return plan;
}

std::optional<Throttle> parse_throttle(const json::value& answer) {
    if (!answer.is_object()) {
        return std::nullopt;
    }
    const auto* extensions = object_at(answer.get_object(), "extensions");
    const auto* cost = extensions != nullptr ? object_at(*extensions, "cost") : nullptr;
    const auto* status = cost != nullptr ? object_at(*cost, "throttleStatus") : nullptr;
    if (status == nullptr) {
        return std::nullopt;
    }
    Throttle throttle{.requested = number(*cost, "requestedQueryCost"),
                      .available = number(*status, "currentlyAvailable"),
                      .maximum = number(*status, "maximumAvailable"),
                      .restore_rate = number(*status, "restoreRate")};
    if (const auto* errors = array_at(answer.get_object(), "errors")) {
        for (const auto& error : *errors) {
            if (!error.is_object()) {
                continue;
            }
            if (const auto* ext = object_at(error.get_object(), "extensions")) {
                throttle.throttled = throttle.throttled || text(*ext, "code") == "THROTTLED";
            }
        }
    }
    return throttle;
}

core::TimestampMs wait_for_points(const Throttle& throttle, double cost) {
    if (throttle.available >= cost) {
        return 0;
    }
    const double rate = throttle.restore_rate > 0 ? throttle.restore_rate : 50.0;
    return static_cast<core::TimestampMs>(std::ceil((cost - throttle.available) / rate * 1000.0));
}

}  // namespace tally::integrations::shopify
