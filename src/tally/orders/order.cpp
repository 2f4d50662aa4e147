#include "tally/orders/order.hpp"

#include <algorithm>
#include <span>
#include <tuple>
#include <utility>

#include "tally/core/money.hpp"

namespace tally::orders {

namespace {

constexpr std::array<std::pair<OrderStatus, std::string_view>, kAllStatuses.size()> kNames = {{
    {OrderStatus::received, "received"},
    {OrderStatus::allocated, "allocated"},
    {OrderStatus::backordered, "backordered"},
    {OrderStatus::on_hold, "on_hold"},
    {OrderStatus::released, "released"},
    {OrderStatus::picking, "picking"},
    {OrderStatus::picked, "picked"},
    {OrderStatus::packing, "packing"},
    {OrderStatus::packed, "packed"},
    {OrderStatus::staged, "staged"},
    {OrderStatus::partially_shipped, "partially_shipped"},
    {OrderStatus::shipped, "shipped"},
    {OrderStatus::delivered, "delivered"},
    {OrderStatus::cancelled, "cancelled"},
    {OrderStatus::exception, "exception"},
}};

using S = OrderStatus;

// Every allowed move. Anything not listed is refused. Before picking starts an order can
// still be held or cancelled; once stock is off the shelf only an exception stops it.
constexpr std::pair<OrderStatus, OrderStatus> kMoves[] = {
    {S::received, S::allocated},    {S::received, S::backordered},  {S::received, S::on_hold},
    {S::received, S::cancelled},    {S::received, S::exception},    {S::allocated, S::released},
    {S::allocated, S::backordered}, {S::allocated, S::on_hold},     {S::allocated, S::cancelled},
    {S::allocated, S::exception},   {S::backordered, S::allocated}, {S::backordered, S::on_hold},
    {S::backordered, S::cancelled}, {S::backordered, S::exception}, {S::on_hold, S::allocated},
    {S::on_hold, S::backordered},   {S::on_hold, S::cancelled},     {S::on_hold, S::exception},
    {S::released, S::picking},      {S::released, S::on_hold},      {S::released, S::cancelled},
    {S::released, S::exception},    {S::picking, S::picked},        {S::picking, S::exception},
    {S::picked, S::packing},        {S::picked, S::exception},      {S::packing, S::packed},
    {S::packing, S::exception},     {S::packed, S::staged},         {S::packed, S::exception},
    {S::staged, S::shipped},        {S::staged, S::exception},      {S::shipped, S::delivered},
    {S::shipped, S::exception},     {S::exception, S::on_hold},     {S::exception, S::cancelled},
};

// The moves of split shipments (see shipment.hpp): one warehouse's part has left and another's
// has not, or units wait for stock; and a partly backordered order released with what is
// there when partial_shipments is ship_available.
constexpr std::pair<OrderStatus, OrderStatus> kShipmentMoves[] = {
    {S::staged, S::partially_shipped},
    {S::partially_shipped, S::shipped},
    {S::partially_shipped, S::exception},
    {S::backordered, S::released},
};

bool contains(std::span<const std::string_view> list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

std::string_view to_string(OrderStatus status) {
    for (const auto& [value, name] : kNames) {
        if (value == status) {
            return name;
        }
    }
    return "unknown";
}

std::optional<OrderStatus> parse_status(std::string_view text) {
    for (const auto& [value, name] : kNames) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

bool can_transition(OrderStatus from, OrderStatus to) {
    return std::find(std::begin(kMoves), std::end(kMoves), std::pair{from, to}) !=
               std::end(kMoves) ||
           std::find(std::begin(kShipmentMoves), std::end(kShipmentMoves), std::pair{from, to}) !=
               std::end(kShipmentMoves);
}

bool holds_reservations(OrderStatus status) {
    switch (status) {
        case S::allocated:
        case S::backordered:
        case S::on_hold:
        case S::released:
        case S::exception:
            return true;
        default:
            return false;
    }
}

bool plausible_email(std::string_view email) {
    const auto at = email.find('@');
    return email.size() <= 254 && at != std::string_view::npos && at > 0 &&
           email.find('.', at) != std::string_view::npos && email.back() != '.' &&
           email.find_first_of(" \t\r\n,;<>") == std::string_view::npos &&
           email.find('@', at + 1) == std::string_view::npos;
}

void validate_order(const OrderInput& input, core::FieldErrors& errors) {
    if (!contains(kChannels, input.channel)) {
        errors.add("channel",
                   "must be one of api, shopify, csv, manual, phone, email, "
                   "marketplace, pos");
    }
    if (blank(input.external_id) || input.external_id.size() > 128) {
        errors.add("external_id", "is required, at most 128 characters");
    }
    if (!core::valid_currency(input.currency)) {
        errors.add("currency", "must be an ISO 4217 code such as EUR");
    }
    if (input.customer.name.size() > 200) {
        errors.add("customer/name", "is longer than 200 characters");
    }
    if (!input.customer.email.empty() && !plausible_email(input.customer.email)) {
        errors.add("customer/email", "is not an email address");
    }
    if (input.customer.phone.size() > 40) {
        errors.add("customer/phone", "is longer than 40 characters");
    }
    const auto& to = input.ship_to;
    if (blank(to.name)) {
        errors.add("ship_to/name", "is required");
    }
    if (blank(to.line1)) {
        errors.add("ship_to/line1", "is required");
    }
    if (blank(to.city)) {
        errors.add("ship_to/city", "is required");
    }
    for (const auto& [value, field, limit] : {std::tuple{&to.name, "ship_to/name", 200},
                                              {&to.company, "ship_to/company", 200},
                                              {&to.line1, "ship_to/line1", 200},
                                              {&to.line2, "ship_to/line2", 200},
                                              {&to.city, "ship_to/city", 100},
                                              {&to.region, "ship_to/region", 100},
                                              {&to.postal_code, "ship_to/postal_code", 20},
                                              {&to.phone, "ship_to/phone", 40}}) {
        if (value->size() > static_cast<std::size_t>(limit)) {
            errors.add(field, "is longer than " + std::to_string(limit) + " characters");
        }
    }
    if (!core::valid_country(to.country)) {
        errors.add("ship_to/country", "must be an ISO 3166 alpha-2 code such as DE");
    }
    if (to.latitude && (*to.latitude < -90 || *to.latitude > 90)) {
        errors.add("ship_to/latitude", "must be between -90 and 90");
    }
    if (to.longitude && (*to.longitude < -180 || *to.longitude > 180)) {
        errors.add("ship_to/longitude", "must be between -180 and 180");
    }
    if (to.latitude.has_value() != to.longitude.has_value()) {
        errors.add("ship_to/latitude", "comes with longitude, or neither");
    }
    if (!contains(kServiceLevels, input.service_level)) {
        errors.add("service_level",
                   "must be one of standard, express, overnight, economy, freight");
    }
    if (input.hold && !contains(kHoldReasons, *input.hold)) {
        errors.add("hold", "must be one of address_check, fraud, manual, payment");
    }
    if (input.notes.size() > 4000) {
        errors.add("notes", "is longer than 4000 characters");
    }
    if (input.tags.size() > kMaxTags) {
        errors.add("tags", "has more than 50 tags");
    }
    for (std::size_t i = 0; i < input.tags.size() && i < kMaxTags; ++i) {
        const auto& tag = input.tags[i];
        if (blank(tag) || tag.size() > 64 || tag.find(',') != std::string::npos) {
            errors.add("tags/" + std::to_string(i), "must be 1-64 characters without a comma");
        }
    }
    if (input.lines.empty()) {
        errors.add("lines", "needs at least one line");
    } else if (input.lines.size() > kMaxLines) {
        errors.add("lines", "has more than 500 lines");
    }
    for (std::size_t i = 0; i < input.lines.size() && i < kMaxLines; ++i) {
        const auto& line = input.lines[i];
        const std::string prefix = "lines/" + std::to_string(i) + "/";
        if (!line.sku && !line.barcode) {
            errors.add(prefix + "sku", "give a sku or a barcode");
        } else if (line.sku && blank(*line.sku)) {
            errors.add(prefix + "sku", "is empty");
        } else if (!line.sku && line.barcode && blank(*line.barcode)) {
            errors.add(prefix + "barcode", "is empty");
        }
        if (line.quantity < 1 || line.quantity > kMaxLineQuantity) {
            errors.add(prefix + "quantity", "must be from 1 to 1000000");
        }
        if (line.unit_price < 0 || line.unit_price > kMaxUnitPrice) {
            errors.add(prefix + "unit_price", "must be from 0 to 10^12 minor units");
        }
        if (line.barcode && line.barcode->size() > 128) {
            errors.add(prefix + "barcode", "is longer than 128 characters");
        }
    }
    if (errors.empty() && !order_total(input.lines)) {
        errors.add("total",
                   "the lines' quantities times their unit prices are over 10^15 minor units");
    }
}

std::optional<core::Money> order_total(const std::vector<LineInput>& lines,
                                       std::span<const std::int64_t> quantities) {
    core::Money total;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto quantity = i < quantities.size() ? quantities[i] : lines[i].quantity;
        const auto line = core::checked_mul(core::Money{lines[i].unit_price}, quantity);
        const auto sum = line ? core::checked_add(total, *line) : std::nullopt;
        if (!sum || sum->minor > kMaxOrderTotal) {
            return std::nullopt;
        }
        total = *sum;
    }
    return total;
}

std::string join_tags(const std::vector<std::string>& tags) {
    std::string out;
    for (const auto& tag : tags) {
        if (!out.empty()) {
            out += ',';
        }
        out += tag;
    }
    return out;
}

std::vector<std::string> split_tags(std::string_view text) {
    std::vector<std::string> tags;
    while (!text.empty()) {
        const auto comma = text.find(',');
        auto tag = text.substr(0, comma);
        while (!tag.empty() && tag.front() == ' ') {
            tag.remove_prefix(1);
        }
        while (!tag.empty() && tag.back() == ' ') {
            tag.remove_suffix(1);
        }
        if (!tag.empty()) {
            tags.emplace_back(tag);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        text.remove_prefix(comma + 1);
    }
    return tags;
}

}  // namespace tally::orders
