// Orders from CSV: Tally's own columns, or a Shopify order export as it comes.
#include "tally/orders/order_csv.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "tally/core/csv.hpp"
#include "tally/core/money.hpp"

namespace tally::orders {

namespace {

// Where each part of an order is found in one CSV dialect.
struct Dialect {
    std::string_view channel;  // a column, or empty: the fixed channel below
    std::string_view fixed_channel;
    std::string_view external_id;
    std::string_view currency;
    std::string_view customer_name;
    std::string_view customer_email;
    std::string_view customer_phone;
    std::string_view ship_name;
    std::string_view ship_company;
    std::string_view ship_line1;
    std::string_view ship_line2;
    std::string_view ship_city;
    std::string_view ship_region;
    std::string_view ship_postal_code;
    std::string_view ship_country;
    std::string_view ship_phone;
    std::string_view service_level;
    std::string_view notes;
    std::string_view tags;
    std::string_view hold;
    std::string_view sku;
    std::string_view barcode;
    std::string_view quantity;
    std::string_view unit_price;
    bool decimal_prices = false;  // "12.99" rather than 1299
    std::string_view order_key;   // the column that is the same on every row of an order
    std::string_view item_name;
    std::string_view requires_shipping;
    std::string_view cancelled_at;
    std::string_view financial_status;
};

constexpr Dialect kTally{"channel",
                         "csv",
                         "external_id",
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
                         "unit_price",
                         false,
                         "external_id"};

// Shopify admin → Orders → Export: order columns on an order's first row only, one row per
// line item, the order's name on every row. Billing name and phone stand for the customer.
// The external id is Shopify's numeric order id, as a webhook's order has it.
constexpr Dialect kShopify{"",
                           "shopify",
                           "Id",
                           "Currency",
                           "Billing Name",
                           "Email",
                           "Phone",
                           "Shipping Name",
                           "Shipping Company",
                           "Shipping Address1",
                           "Shipping Address2",
                           "Shipping City",
                           "Shipping Province",
                           "Shipping Zip",
                           "Shipping Country",
                           "Shipping Phone",
                           "Shipping Method",
                           "Notes",
                           "Tags",
                           "",
                           "Lineitem sku",
                           "",
                           "Lineitem quantity",
                           "Lineitem price",
                           true,
                           "Name",
                           "Lineitem name",
                           "Lineitem requires shipping",
                           "Cancelled at",
                           "Financial Status"};

// The column an order field came from, for error names.
std::string_view column_of(const Dialect& d, std::string_view field) {
    const std::pair<std::string_view, std::string_view> columns[] = {
        {"channel", d.channel.empty() ? d.external_id : d.channel},
        {"external_id", d.external_id},
        {"currency", d.currency},
        {"customer/name", d.customer_name},
        {"customer/email", d.customer_email},
        {"customer/phone", d.customer_phone},
        {"ship_to/name", d.ship_name},
        {"ship_to/line1", d.ship_line1},
        {"ship_to/city", d.ship_city},
        {"ship_to/country", d.ship_country},
        {"service_level", d.service_level},
        {"notes", d.notes},
        {"hold", d.hold},
        {"sku", d.sku},
        {"barcode", d.barcode},
        {"quantity", d.quantity},
        {"unit_price", d.unit_price},
    };
    for (const auto& [name, column] : columns) {
        if (name == field) {
            return column;
        }
    }
    return field.starts_with("tags") ? d.tags : field;
}

// Minor units in a currency: two decimals except where ISO 4217 says otherwise.
int minor_digits(std::string_view currency) {
    constexpr std::string_view kNone[] = {"JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF"};
    constexpr std::string_view kThree[] = {"BHD", "JOD", "KWD", "OMR", "TND"};
    if (std::find(std::begin(kNone), std::end(kNone), currency) != std::end(kNone)) {
        return 0;
    }
    if (std::find(std::begin(kThree), std::end(kThree), currency) != std::end(kThree)) {
        return 3;
    }
    return 2;
}

std::optional<std::int64_t> parse_whole(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

// "12.99" → 1299 in a two-digit currency; no floating point on the way.
std::optional<std::int64_t> parse_decimal(std::string_view text, int digits) {
    const auto dot = text.find('.');
    const auto whole = parse_whole(text.substr(0, dot));
    if (!whole || *whole < 0) {
        return std::nullopt;
    }
    std::string fraction(dot == std::string_view::npos ? "" : text.substr(dot + 1));
    if (static_cast<int>(fraction.size()) > digits) {
        // Trailing zeros beyond the currency's digits are harmless ("12.990").
        if (fraction.find_first_not_of('0', static_cast<std::size_t>(digits)) !=
            std::string::npos) {
            return std::nullopt;
        }
        fraction.resize(static_cast<std::size_t>(digits));
    }
    fraction.append(static_cast<std::size_t>(digits) - fraction.size(), '0');
    std::int64_t scale = 1;
    for (int i = 0; i < digits; ++i) {
        scale *= 10;
    }
    const auto minor = fraction.empty() ? std::optional<std::int64_t>(0) : parse_whole(fraction);
    if (!minor) {
        return std::nullopt;
    }
    const auto scaled = core::checked_mul(core::Money{*whole}, scale);
    const auto sum = scaled ? core::checked_add(*scaled, core::Money{*minor}) : std::nullopt;
    if (!sum) {
        return std::nullopt;
    }
    return sum->minor;
}

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Why Shopify's export says an order is not to be shipped, or empty: cancelled, refunded or
// voided orders reserve nothing and are never picked.
std::string not_to_ship(std::string_view cancelled_at, std::string_view financial_status) {
    if (!cancelled_at.empty()) {
        return "the order is cancelled in Shopify";
    }
    const auto status = lower(financial_status);
    if (status == "refunded" || status == "voided") {
        return "the order is " + status + " in Shopify";
    }
    return {};
}

std::string service_level_of(std::string_view text, bool free_text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!free_text) {
        return lower.empty() ? "standard" : lower;
    }
    // Shopify's shipping method is the rate's title, e.g. "Express Shipping".
    for (const auto level : kServiceLevels) {
        if (lower.find(level) != std::string::npos) {
            return std::string(level);
        }
    }
    return "standard";
}

}  // namespace

std::string OrdersCsv::field_of(const CsvOrder& order, const core::FieldError& error) const {
    const Dialect& d = shopify ? kShopify : kTally;
    std::size_t row = order.first_row;
    std::string field = error.field;
    if (field.starts_with("lines/")) {
        const auto slash = field.find('/', 6);
        const auto index = parse_whole(field.substr(6, slash - 6)).value_or(0);
        if (index >= 0 && static_cast<std::size_t>(index) < order.line_rows.size()) {
            row = order.line_rows[static_cast<std::size_t>(index)];
        }
        field = slash == std::string::npos ? "" : field.substr(slash + 1);
    }
    return "rows/" + std::to_string(row) + "/" + std::string(column_of(d, field));
}

std::string_view OrdersCsv::external_id_column() const {
    return shopify ? kShopify.external_id : kTally.external_id;
}

core::Result<OrdersCsv> read_orders_csv(std::string_view csv) {
    const auto parsed = core::parse_csv(csv);
    if (!parsed.error.empty()) {
        return core::invalid_field("body", parsed.error);
    }
    if (core::FieldErrors text; core::check_utf8(parsed.rows, text), !text.empty()) {
        return text.to_error();
    }
    if (parsed.rows.size() < 2) {
        return core::invalid_field("body", "needs a header row and at least one order row");
    }
    const core::CsvHeader header(parsed.rows.front());
    const bool shopify = header.index("Lineitem sku").has_value();
    const Dialect& d = shopify ? kShopify : kTally;
    core::FieldErrors columns;
    if (!shopify) {
        for (const auto& name : header.names()) {
            if (std::find(std::begin(kOrderCsvColumns), std::end(kOrderCsvColumns), name) ==
                std::end(kOrderCsvColumns)) {
                columns.add("columns/" + name, "is not an order column");
            }
        }
    }
    for (const auto required : {d.external_id, d.quantity, d.sku}) {
        if (!header.index(required)) {
            columns.add("columns/" + std::string(required), "is required");
        }
    }
    if (!columns.empty()) {
        return columns.to_error();
    }

    // Rows are numbered as a spreadsheet shows them: the header is row 1.
    OrdersCsv file{.shopify = shopify};
    auto& orders = file.orders;
    auto& errors = file.errors;
    std::map<std::string, std::size_t> by_id;
    for (std::size_t r = 1; r < parsed.rows.size(); ++r) {
        const auto& row = parsed.rows[r];
        const std::size_t number = r + 1;
        auto get = [&](std::string_view column) {
            return column.empty() ? std::string() : std::string(header.get(row, column));
        };
        const std::string external_id = get(d.external_id);
        const std::string channel = d.channel.empty()        ? std::string(d.fixed_channel)
                                    : get(d.channel).empty() ? std::string(d.fixed_channel)
                                                             : get(d.channel);
        const std::string key = channel + "\n" + get(d.order_key);
        auto [it, first] = by_id.try_emplace(key, orders.size());
        if (first) {
            CsvOrder order{.first_row = number,
                           .name = get(d.order_key),
                           .skipped = not_to_ship(get(d.cancelled_at), get(d.financial_status))};
            auto& in = order.input;
            in.channel = channel;
            in.external_id = external_id;
            in.currency = get(d.currency);
            in.customer = {get(d.customer_name), get(d.customer_email), get(d.customer_phone)};
            in.ship_to = {.name = get(d.ship_name),
                          .company = get(d.ship_company),
                          .line1 = get(d.ship_line1),
                          .line2 = get(d.ship_line2),
                          .city = get(d.ship_city),
                          .region = get(d.ship_region),
                          .postal_code = get(d.ship_postal_code),
                          .country = get(d.ship_country),
                          .phone = get(d.ship_phone)};
            in.service_level = service_level_of(get(d.service_level), shopify);
            in.notes = get(d.notes);
            in.tags = split_tags(get(d.tags));
            if (const auto hold = get(d.hold); !hold.empty()) {
                in.hold = hold;
            }
            orders.push_back(std::move(order));
        }
        auto& order = orders[it->second];
        if (order.input.external_id.empty()) {
            order.input.external_id = external_id;  // an export may give it on any row
        }
        if (!order.skipped.empty()) {
            continue;
        }
        // A gift card or a digital product ships nothing: it is no line of the shipment.
        if (const auto ships = lower(get(d.requires_shipping));
            ships == "false" || ships == "no" || ships == "0") {
            file.skipped.push_back(
                {number, order.name, "the line ships nothing (" + get(d.item_name) + ")"});
            continue;
        }
        LineInput line;
        if (const auto sku = get(d.sku); !sku.empty()) {
            line.sku = sku;
        }
        if (const auto barcode = get(d.barcode); !barcode.empty()) {
            line.barcode = barcode;
        }
        const std::string prefix = "rows/" + std::to_string(number) + "/";
        const auto quantity = parse_whole(get(d.quantity));
        if (!quantity) {
            errors.add(prefix + std::string(d.quantity), "must be a whole number");
        }
        line.quantity = quantity.value_or(1);
        const std::string price = get(d.unit_price);
        const auto unit_price = price.empty() ? std::optional<std::int64_t>(0)
                                : d.decimal_prices
                                    ? parse_decimal(price, minor_digits(order.input.currency))
                                    : parse_whole(price);
        if (!unit_price) {
            errors.add(prefix + std::string(d.unit_price),
                       d.decimal_prices ? "must be a price such as 12.99"
                                        : "must be whole minor units such as 1299");
        }
        line.unit_price = unit_price.value_or(0);
        order.input.lines.push_back(std::move(line));
        order.line_rows.push_back(number);
    }

    for (auto& order : orders) {
        if (order.skipped.empty() && order.input.lines.empty()) {
            order.skipped = "nothing in the order ships";
        }
        if (!order.skipped.empty()) {
            file.skipped.push_back({order.first_row, order.name, order.skipped});
            continue;
        }
        core::FieldErrors order_errors;
        validate_order(order.input, order_errors);
        if (shopify && !order.input.external_id.empty() && !all_digits(order.input.external_id)) {
            order_errors.add("external_id", "must be Shopify's numeric order id");
        }
        for (const auto& error : order_errors.list()) {
            errors.add(file.field_of(order, error), error.reason);
        }
        order.valid = order_errors.empty();
    }
    return file;
}

}  // namespace tally::orders
