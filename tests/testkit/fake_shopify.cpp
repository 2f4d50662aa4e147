#include "testkit/fake_shopify.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>
#include <tuple>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/socket.h>

namespace tally::testkit {

namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t kCost = 10;

// A request that GraphQL itself refuses: answered 200 with top-level errors.
struct GraphqlError {
    std::string message, code;
};

struct Reply {
    unsigned status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

struct Fault {
    enum class Kind { fail, error, throttle, delay, delay_after, retry_after } kind;
    std::string op;
    int times = 1;
    int value = 0;  // HTTP status or Retry-After seconds
    std::chrono::milliseconds delay{0};
};

struct FoLine {
    std::int64_t id = 0, line_item_id = 0, total = 0, remaining = 0;
};

struct FulfillmentOrder {
    std::int64_t id = 0, order_id = 0;
    std::string location_id;
    std::vector<FoLine> lines;
};

struct Variant {
    std::int64_t id = 0;
    std::string sku, inventory_item_id;
};

std::string gid(std::string_view type, std::int64_t id) {
    return "gid://shopify/" + std::string(type) + "/" + std::to_string(id);
}

// The number that ends a gid of `type`; 0 when it is not one.
std::int64_t gid_number(std::string_view id, std::string_view type) {
    const std::string prefix = "gid://shopify/" + std::string(type) + "/";
    std::int64_t n = 0;
    if (!id.starts_with(prefix)) {
        return 0;
    }
    const auto [end, ec] = std::from_chars(id.data() + prefix.size(), id.data() + id.size(), n);
    return ec == std::errc{} && end == id.data() + id.size() ? n : 0;
}

std::string iso_now() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

// Microseconds since the epoch of an ISO 8601 time ("...Z", "...+02:00", fractions allowed).
std::optional<std::int64_t> iso_micros(const std::string& text) {
    std::tm tm{};
    double seconds = 0;
    char zone[16] = {};
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%15s", &tm.tm_year, &tm.tm_mon,
                    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &seconds, zone) < 6) {
        return std::nullopt;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    std::int64_t micros = std::int64_t{timegm(&tm)} * 1'000'000 + std::llround(seconds * 1e6);
    int hours = 0, minutes = 0;
    if ((zone[0] == '+' || zone[0] == '-') && std::sscanf(zone + 1, "%2d:%2d", &hours, &minutes)) {
        micros -= (zone[0] == '+' ? 1 : -1) * (hours * 3600 + minutes * 60) * 1'000'000LL;
    }
    return micros;
}

std::int64_t to_cents(std::string_view amount) {
    const bool negative = amount.starts_with('-');
    amount.remove_prefix(negative ? 1 : 0);
    const auto dot = amount.find('.');
    std::string fraction(dot == std::string_view::npos ? "" : amount.substr(dot + 1));
    fraction.resize(2, '0');
    const auto whole = amount.substr(0, dot);
    std::int64_t units = 0, cents = 0;
    std::from_chars(whole.data(), whole.data() + whole.size(), units);
    std::from_chars(fraction.data(), fraction.data() + 2, cents);
    return (negative ? -1 : 1) * (units * 100 + cents);
}

std::string from_cents(std::int64_t cents) {
    const std::int64_t magnitude = cents < 0 ? -cents : cents;
    const std::int64_t rest = magnitude % 100;
    return (cents < 0 ? "-" : "") + std::to_string(magnitude / 100) + (rest < 10 ? ".0" : ".") +
           std::to_string(rest);
}

std::string base64(std::string_view data) {
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(data.data()),
                                  static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::string> unbase64(std::string_view text) {
    const auto data = text.find_last_not_of('=');
    if (text.empty() || text.size() % 4 != 0 || data == std::string_view::npos) {
        return std::nullopt;
    }
    std::string out(text.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    const auto padding = text.size() - data - 1;
    if (n < 0 || padding > 2) {
        return std::nullopt;
    }
    out.resize(static_cast<std::size_t>(n) - padding);  // EVP_DecodeBlock counts the padding
    return out;
}

json::value or_null(const std::string& text) {
    return text.empty() ? json::value(nullptr) : json::value(text);
}

std::string full_name(const std::string& first, const std::string& last) {
    return first.empty() || last.empty() ? first + last : first + " " + last;
}

std::optional<std::string> string_var(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    if (!value->is_string()) {
        throw GraphqlError{
            "Variable $" + std::string(key) + " of type String was provided invalid value",
            "INVALID_VARIABLE"};
    }
    return std::string(value->as_string());
}

std::optional<std::int64_t> int_var(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    if (!value->is_int64()) {
        throw GraphqlError{
            "Variable $" + std::string(key) + " of type Int was provided invalid value",
            "INVALID_VARIABLE"};
    }
    return value->as_int64();
}

const json::object& object_var(const json::object& object, std::string_view key,
                               std::string_view type) {
    const auto* value = object.if_contains(key);
    if (value == nullptr || !value->is_object()) {
        throw GraphqlError{"Variable $" + std::string(key) + " of type " + std::string(type) +
                               "! was provided invalid value",
                           "INVALID_VARIABLE"};
    }
    return value->as_object();
}

std::string errors_json(const std::string& message, const std::string& code) {
    return json::serialize(json::object{
        {"errors", json::array{json::object{{"message", message},
                                            {"extensions", json::object{{"code", code}}}}}}});
}

json::object user_errors(json::array field, const std::string& message) {
    return {{"field", std::move(field)}, {"message", message}};
}

// The root field of a GraphQL document: the first name after the first "{", past an alias.
std::string root_field(std::string_view query) {
    auto at = query.find('{');
    while (at != std::string_view::npos) {
        at = query.find_first_not_of(" \t\r\n,{", at);
        auto end = at;
        while (end < query.size() &&
               (std::isalnum(static_cast<unsigned char>(query[end])) != 0 || query[end] == '_')) {
            ++end;
        }
        const auto next = query.find_first_not_of(" \t\r\n", end);
        if (at == std::string_view::npos || end == at || next == std::string_view::npos ||
            query[next] != ':') {
            return std::string(query.substr(std::min(at, query.size()), end - at));
        }
        at = next + 1;  // an alias: the field follows
    }
    return {};
}

// The FulfillmentTrackingInput (company, number, numbers, url, urls) into a fulfillment.
void read_tracking(const json::value* input, FakeFulfillment& fulfillment) {
    fulfillment.company.clear();
    fulfillment.numbers.clear();
    fulfillment.urls.clear();
    if (input == nullptr || !input->is_object()) {
        return;
    }
    const auto& tracking = input->as_object();
    fulfillment.company = string_var(tracking, "company").value_or("");
    auto collect = [&](std::string_view one, std::string_view many, std::vector<std::string>& out) {
        if (auto value = string_var(tracking, one); value && !value->empty()) {
            out.push_back(*value);
        }
        if (const auto* list = tracking.if_contains(many); list != nullptr && list->is_array()) {
            for (const auto& item : list->as_array()) {
                if (item.is_string()) {
                    out.emplace_back(item.as_string());
                }
            }
        }
    };
    collect("number", "numbers", fulfillment.numbers);
    collect("url", "urls", fulfillment.urls);
}

json::object fulfillment_node(const FakeFulfillment& fulfillment, const std::string& created_at) {
    json::array tracking;
    const auto n = std::max(fulfillment.numbers.size(), fulfillment.urls.size());
    for (std::size_t i = 0; i < n; ++i) {
        tracking.push_back(json::object{
            {"company", or_null(fulfillment.company)},
            {"number", i < fulfillment.numbers.size() ? or_null(fulfillment.numbers[i]) : nullptr},
            {"url", i < fulfillment.urls.size() ? or_null(fulfillment.urls[i]) : nullptr}});
    }
    return {{"id", fulfillment.id},
            {"status", "SUCCESS"},
            {"createdAt", created_at},
            {"trackingInfo", std::move(tracking)}};
}

// The webhook body; `fulfillable` gives each line item's unfulfilled units.
std::string webhook(const FakeOrder& order,
                    const std::function<std::int64_t(const FakeLineItem&)>& fulfillable,
                    json::value fulfillment_status) {
    std::string tags;
    for (const auto& tag : order.tags) {
        tags += (tags.empty() ? "" : ", ") + tag;
    }
    std::int64_t total = 0;
    json::array items;
    for (const auto& item : order.line_items) {
        total += to_cents(item.price) * item.quantity;
        items.push_back(json::object{{"id", item.id},
                                     {"admin_graphql_api_id", gid("LineItem", item.id)},
                                     {"sku", or_null(item.sku)},
                                     {"title", item.title},
                                     {"name", item.title},
                                     {"quantity", item.quantity},
                                     {"price", item.price},
                                     {"variant_id", item.id + 1'000'000},
                                     {"fulfillable_quantity", fulfillable(item)}});
    }
    const auto& a = order.shipping_address;
    const json::value customer =
        order.email.empty() && order.customer_first_name.empty()
            ? json::value(nullptr)
            : json::object{{"id", 7'000'000'000'000 +
                                      static_cast<std::int64_t>(
                                          std::hash<std::string>{}(order.email) % 1'000'000'000)},
                           {"email", or_null(order.email)},
                           {"first_name", order.customer_first_name},
                           {"last_name", order.customer_last_name},
                           {"phone", or_null(order.phone)}};
    return json::serialize(json::object{
        {"id", order.id},
        {"admin_graphql_api_id", gid("Order", order.id)},
        {"name", order.name},
        {"email", or_null(order.email)},
        {"phone", or_null(order.phone)},
        {"note", or_null(order.note)},
        {"tags", tags},
        {"currency", order.currency},
        {"presentment_currency", order.currency},
        {"created_at", order.created_at},
        {"updated_at", order.updated_at},
        {"cancelled_at", order.cancelled_at ? json::value(*order.cancelled_at) : nullptr},
        {"cancel_reason", order.cancelled_at ? json::value("other") : nullptr},
        {"financial_status", "paid"},
        {"fulfillment_status", std::move(fulfillment_status)},
        {"total_price", from_cents(total)},
        {"subtotal_price", from_cents(total)},
        {"customer", customer},
        {"shipping_address", a.address1.empty()
                                 ? json::value(nullptr)
                                 : json::object{{"first_name", a.first_name},
                                                {"last_name", a.last_name},
                                                {"name", full_name(a.first_name, a.last_name)},
                                                {"company", or_null(a.company)},
                                                {"address1", a.address1},
                                                {"address2", or_null(a.address2)},
                                                {"city", a.city},
                                                {"province_code", or_null(a.province_code)},
                                                {"zip", a.zip},
                                                {"country_code", a.country_code},
                                                {"phone", or_null(a.phone)}}},
        {"line_items", std::move(items)}});
}

}  // namespace

struct FakeShopify::Impl {
    std::string token, version;
    mutable std::mutex mutex;
    std::condition_variable wake;  // ends delays early when the fake stops
    std::atomic<bool> stopping{false};
    int sleeping = 0;         // requests in a delay
    std::int64_t woken = 0;   // end_delays() calls
    Clock::duration skew{0};  // advance_clock()

    std::map<std::int64_t, FakeOrder> orders;
    std::vector<FulfillmentOrder> fulfillment_orders;
    std::vector<std::pair<FakeFulfillment, std::string /*created at*/>> fulfillments;
    std::vector<Variant> variants;
    std::map<std::pair<std::string, std::string>, std::int64_t> inventory;
    std::vector<FakeShopifyRequest> requests;
    std::vector<Fault> faults;
    double maximum = 2000, available = 2000, restore_rate = 100;
    Clock::time_point refilled = Clock::now();
    std::int64_t next_id = 5'000'000'000'001;

    boost::asio::io_context io;
    tcp::acceptor acceptor{io};
    unsigned short port = 0;
    std::thread accept_thread;
    std::vector<std::thread> connections;
    std::set<int> open_sockets;

    void accept_loop();
    void serve(tcp::socket socket);
    Reply answer(const bhttp::request<bhttp::string_body>& message, FakeShopifyRequest& record);
    json::object perform(const std::string& op, const json::object& variables);
    json::value list_orders(const json::object& variables);
    json::value one_order(const json::object& variables);
    json::value create_fulfillment(const json::object& variables);
    json::value update_tracking(const json::object& variables);
    json::value find_variants(const json::object& variables);
    json::value set_quantities(const json::object& variables);

    void sleep(std::chrono::milliseconds delay) {
        std::unique_lock lock(mutex);
        const auto round = woken;
        ++sleeping;
        wake.wait_for(lock, delay, [&] { return stopping.load() || woken != round; });
        --sleeping;
    }

    json::object cost(bool performed) const {
        return {{"cost", json::object{
                             {"requestedQueryCost", kCost},
                             {"actualQueryCost", performed ? json::value(kCost) : nullptr},
                             {"throttleStatus", json::object{{"maximumAvailable", maximum},
                                                             {"currentlyAvailable",
                                                              static_cast<std::int64_t>(available)},
                                                             {"restoreRate", restore_rate}}}}}};
    }

    std::string throttled() const {
        return json::serialize(json::object{
            {"errors",
             json::array{json::object{
                 {"message", "Throttled"},
                 {"extensions",
                  json::object{{"code", "THROTTLED"},
                               {"documentation", "https://shopify.dev/api/usage/rate-limits"}}}}}},
            {"extensions", cost(false)}});
    }

    std::string fo_status(const FulfillmentOrder& fo) const {
        const auto& order = orders.at(fo.order_id);
        const bool done = std::ranges::all_of(fo.lines, [](auto& l) { return l.remaining == 0; });
        const bool untouched =
            std::ranges::all_of(fo.lines, [](auto& l) { return l.remaining == l.total; });
        return order.cancelled_at || done ? "CLOSED" : untouched ? "OPEN" : "IN_PROGRESS";
    }

    std::int64_t unfulfilled(std::int64_t order_id, std::int64_t line_item_id) const {
        std::int64_t units = 0;
        for (const auto& fo : fulfillment_orders) {
            for (const auto& line : fo.lines) {
                units += fo.order_id == order_id && line.line_item_id == line_item_id
                             ? line.remaining
                             : 0;
            }
        }
        return units;
    }

    std::string display_status(const FakeOrder& order) const {
        std::int64_t left = 0, all = 0;
        for (const auto& item : order.line_items) {
            left += unfulfilled(order.id, item.id);
            all += item.quantity;
        }
        return left == 0 ? "FULFILLED" : left < all ? "PARTIALLY_FULFILLED" : "UNFULFILLED";
    }

    json::object order_node(const FakeOrder& o) const {
        json::array tags(o.tags.begin(), o.tags.end());
        json::array items;
        for (const auto& item : o.line_items) {
            items.push_back(json::object{
                {"id", gid("LineItem", item.id)},
                {"sku", or_null(item.sku)},
                {"name", item.title},
                {"quantity", item.quantity},
                {"originalUnitPriceSet",
                 json::object{{"shopMoney", json::object{{"amount", item.price},
                                                         {"currencyCode", o.currency}}}}},
                {"variant", json::object{{"barcode", or_null(item.barcode)}}}});
        }
        const auto& a = o.shipping_address;
        return {{"id", gid("Order", o.id)},
                {"legacyResourceId", std::to_string(o.id)},
                {"name", o.name},
                {"email", or_null(o.email)},
                {"phone", or_null(o.phone)},
                {"note", or_null(o.note)},
                {"tags", std::move(tags)},
                {"currencyCode", o.currency},
                {"createdAt", o.created_at},
                {"updatedAt", o.updated_at},
                {"cancelledAt", o.cancelled_at ? json::value(*o.cancelled_at) : nullptr},
                {"displayFulfillmentStatus", display_status(o)},
                {"customer", json::object{{"firstName", o.customer_first_name},
                                          {"lastName", o.customer_last_name},
                                          {"email", or_null(o.email)},
                                          {"phone", or_null(o.phone)}}},
                {"shippingAddress",
                 a.address1.empty() ? json::value(nullptr)
                                    : json::object{{"firstName", a.first_name},
                                                   {"lastName", a.last_name},
                                                   {"name", full_name(a.first_name, a.last_name)},
                                                   {"company", or_null(a.company)},
                                                   {"address1", a.address1},
                                                   {"address2", or_null(a.address2)},
                                                   {"city", a.city},
                                                   {"provinceCode", or_null(a.province_code)},
                                                   {"zip", a.zip},
                                                   {"countryCodeV2", a.country_code},
                                                   {"phone", or_null(a.phone)}}},
                {"lineItems", json::object{{"nodes", std::move(items)}}}};
    }
};

FakeShopify::FakeShopify(std::string access_token, std::string api_version)
    : impl_(std::make_unique<Impl>()) {
    impl_->token = std::move(access_token);
    impl_->version = std::move(api_version);
    impl_->acceptor.open(tcp::v4());
    impl_->acceptor.bind({boost::asio::ip::address_v4::loopback(), 0});
    impl_->acceptor.listen();
    impl_->port = impl_->acceptor.local_endpoint().port();
    impl_->accept_thread = std::thread([impl = impl_.get()] { impl->accept_loop(); });
}

FakeShopify::~FakeShopify() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->wake.notify_all();
    // Wakes the blocked accept(), then every connection waiting for its next request.
    ::shutdown(impl_->acceptor.native_handle(), SHUT_RDWR);
    impl_->accept_thread.join();
    {
        std::lock_guard lock(impl_->mutex);
        for (const int fd : impl_->open_sockets) {
            ::shutdown(fd, SHUT_RDWR);
        }
    }
    for (auto& connection : impl_->connections) {
        connection.join();
    }
}

void FakeShopify::Impl::accept_loop() {
    while (true) {
        tcp::socket socket(io);
        boost::system::error_code ec;
        acceptor.accept(socket, ec);
        if (stopping) {
            return;
        }
        if (!ec) {
            std::lock_guard lock(mutex);
            open_sockets.insert(socket.native_handle());
            connections.emplace_back(
                [this, s = std::move(socket)]() mutable { serve(std::move(s)); });
        }
    }
}

// One connection, one thread: requests in turn while the client keeps it alive.
void FakeShopify::Impl::serve(tcp::socket socket) {
    boost::beast::flat_buffer buffer;
    boost::system::error_code ec;
    while (!stopping) {
        bhttp::request<bhttp::string_body> message;
        bhttp::read(socket, buffer, message, ec);
        if (ec) {
            break;
        }
        FakeShopifyRequest record{.path = std::string(message.target()),
                                  .access_token = std::string(message["X-Shopify-Access-Token"]),
                                  .body = message.body()};
        Reply reply = answer(message, record);
        record.status = static_cast<int>(reply.status);
        {
            std::lock_guard lock(mutex);
            requests.push_back(std::move(record));
        }
        bhttp::response<bhttp::string_body> response{static_cast<bhttp::status>(reply.status),
                                                     message.version()};
        response.set(bhttp::field::content_type, "application/json; charset=utf-8");
        for (const auto& [name, value] : reply.headers) {
            response.set(name, value);
        }
        response.body() = std::move(reply.body);
        response.keep_alive(message.keep_alive());
        response.prepare_payload();
        bhttp::write(socket, response, ec);
        if (ec || !response.keep_alive()) {
            break;
        }
    }
    std::lock_guard lock(mutex);
    open_sockets.erase(socket.native_handle());
    socket.close(ec);
}

Reply FakeShopify::Impl::answer(const bhttp::request<bhttp::string_body>& message,
                                FakeShopifyRequest& record) {
    const std::string_view path = std::string_view(record.path).substr(0, record.path.find('?'));
    const std::string_view prefix = "/admin/api/", suffix = "/graphql.json";
    if (message.method() != bhttp::verb::post || !path.starts_with(prefix) ||
        !path.ends_with(suffix) || path.size() < prefix.size() + suffix.size()) {
        return {404, R"({"errors":"Not Found"})"};
    }
    if (record.access_token != token) {
        return {
            401,
            R"json({"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"})json"};
    }
    if (path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()) != version) {
        return {404, R"({"errors":"Not Found"})"};
    }
    boost::system::error_code ec;
    json::value body = json::parse(message.body(), ec);
    const auto* query = body.is_object() ? body.as_object().if_contains("query") : nullptr;
    if (ec || query == nullptr || !query->is_string()) {
        return {400, R"({"errors":{"query":"Required parameter missing or invalid"}})"};
    }
    if (const auto* variables = body.as_object().if_contains("variables");
        variables != nullptr && variables->is_object()) {
        record.variables = variables->as_object();
    }
    const std::string_view text = query->as_string();
    record.operation = root_field(text);
    static const std::set<std::string, std::less<>> known{"orders",
                                                          "order",
                                                          "fulfillmentCreate",
                                                          "fulfillmentTrackingInfoUpdate",
                                                          "productVariants",
                                                          "inventorySetQuantities"};
    if (!known.contains(record.operation)) {
        const std::string type = text.find("mutation") < text.find('{') ? "Mutation" : "QueryRoot";
        return {
            200,
            json::serialize(json::object{
                {"errors", json::array{json::object{
                               {"message", "Field '" + record.operation +
                                               "' doesn't exist on type '" + type + "'"},
                               {"extensions", json::object{{"code", "undefinedField"},
                                                           {"typeName", type},
                                                           {"fieldName", record.operation}}}}}}})};
    }

    std::optional<Fault> fault;
    {
        std::lock_guard lock(mutex);
        const auto it = std::ranges::find(faults, record.operation, &Fault::op);
        if (it != faults.end()) {
            fault = *it;
            if (--it->times == 0) {
                faults.erase(it);
            }
        }
    }
    using Kind = Fault::Kind;
    const auto kind = fault ? std::optional(fault->kind) : std::nullopt;
    if (kind == Kind::fail) {
        return {static_cast<unsigned>(fault->value), R"({"errors":"Internal Server Error"})"};
    }
    if (kind == Kind::error) {
        return {200, errors_json("Internal error. Looks like something went wrong on our end.",
                                 "INTERNAL_SERVER_ERROR")};
    }
    if (kind == Kind::retry_after) {
        return {
            429,
            R"({"errors":"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."})",
            {{"Retry-After", std::to_string(fault->value)}}};
    }
    if (kind == Kind::delay) {
        sleep(fault->delay);
    }

    std::unique_lock lock(mutex);
    if (kind == Kind::throttle) {
        const double before = std::exchange(available, 0.0);
        std::string out = throttled();
        available = before;
        return {200, std::move(out)};
    }
    const auto now = Clock::now() + skew;
    available = std::min(
        maximum, available + restore_rate * std::chrono::duration<double>(now - refilled).count());
    refilled = now;
    if (available < static_cast<double>(kCost)) {
        return {200, throttled()};
    }
    available -= static_cast<double>(kCost);
    json::object data;
    try {
        data = perform(record.operation, record.variables);
    } catch (const GraphqlError& error) {
        return {200, errors_json(error.message, error.code)};
    }
    std::string out =
        json::serialize(json::object{{"data", std::move(data)}, {"extensions", cost(true)}});
    lock.unlock();
    if (kind == Kind::delay_after) {
        sleep(fault->delay);
    }
    return {200, std::move(out)};
}

json::object FakeShopify::Impl::perform(const std::string& op, const json::object& variables) {
    json::object data;
    if (op == "orders") {
        data[op] = list_orders(variables);
    } else if (op == "order") {
        data[op] = one_order(variables);
    } else if (op == "fulfillmentCreate") {
        data[op] = create_fulfillment(variables);
    } else if (op == "fulfillmentTrackingInfoUpdate") {
        data[op] = update_tracking(variables);
    } else if (op == "productVariants") {
        data[op] = find_variants(variables);
    } else {
        data[op] = set_quantities(variables);
    }
    return data;
}

json::value FakeShopify::Impl::list_orders(const json::object& variables) {
    const auto first = std::clamp<std::int64_t>(int_var(variables, "first").value_or(50), 0, 250);
    using Key = std::pair<std::int64_t, std::int64_t>;  // updatedAt in microseconds, id
    auto key = [](const FakeOrder& o) { return Key{iso_micros(o.updated_at).value_or(0), o.id}; };
    std::optional<Key> after;
    if (const auto cursor = string_var(variables, "after")) {
        const auto decoded = unbase64(*cursor).value_or("");
        const auto bar = decoded.find('|');
        Key position{0, 0};
        const char* end = decoded.data() + decoded.size();
        if (bar == std::string::npos ||
            std::from_chars(decoded.data(), decoded.data() + bar, position.first).ptr !=
                decoded.data() + bar ||
            std::from_chars(decoded.data() + bar + 1, end, position.second).ptr != end) {
            throw GraphqlError{"Invalid cursor for current pagination sort.", "BAD_REQUEST"};
        }
        after = position;
    }
    // Search: only updated_at:>X and updated_at:>=X, the time quoted or not.
    std::optional<std::pair<bool /*inclusive*/, std::int64_t>> since;
    const auto search_text = string_var(variables, "query").value_or("");
    if (const auto at = search_text.find("updated_at:>"); at != std::string::npos) {
        std::string_view search = std::string_view(search_text).substr(at + 12);
        const bool inclusive = search.starts_with('=');
        search.remove_prefix(inclusive ? 1 : 0);
        const char quote = search.empty() ? ' ' : search.front();
        if (quote == '\'' || quote == '"') {
            search.remove_prefix(1);
            search = search.substr(0, search.find(quote));
        } else {
            search = search.substr(0, search.find(' '));
        }
        if (const auto micros = iso_micros(std::string(search))) {
            since.emplace(inclusive, *micros);
        }
    }
    std::vector<const FakeOrder*> sorted;
    for (const auto& [id, order] : orders) {
        sorted.push_back(&order);
    }
    std::ranges::sort(sorted, {}, [&](const FakeOrder* o) { return key(*o); });
    json::array nodes;
    const FakeOrder* last = nullptr;
    bool more = false;
    for (const FakeOrder* order : sorted) {
        const Key k = key(*order);
        if ((after && k <= *after) ||
            (since && (since->first ? k.first < since->second : k.first <= since->second))) {
            continue;
        }
        if (static_cast<std::int64_t>(nodes.size()) == first) {
            more = true;
            break;
        }
        nodes.push_back(order_node(*order));
        last = order;
    }
    json::value end_cursor = nullptr;
    if (last != nullptr) {
        end_cursor = base64(std::to_string(key(*last).first) + "|" + std::to_string(last->id));
    }
    return json::object{
        {"pageInfo", json::object{{"hasNextPage", more}, {"endCursor", std::move(end_cursor)}}},
        {"nodes", std::move(nodes)}};
}

json::value FakeShopify::Impl::one_order(const json::object& variables) {
    const auto it = orders.find(gid_number(string_var(variables, "id").value_or(""), "Order"));
    if (it == orders.end()) {
        return nullptr;
    }
    const FakeOrder& order = it->second;
    json::object node = order_node(order);
    json::array done;
    for (const auto& [fulfillment, created_at] : fulfillments) {
        if (fulfillment.order_id == order.id) {
            done.push_back(fulfillment_node(fulfillment, created_at));
        }
    }
    json::array fos;
    for (const auto& fo : fulfillment_orders) {
        if (fo.order_id != order.id) {
            continue;
        }
        json::array lines;
        for (const auto& line : fo.lines) {
            const auto item =
                std::ranges::find(order.line_items, line.line_item_id, &FakeLineItem::id);
            lines.push_back(json::object{
                {"id", gid("FulfillmentOrderLineItem", line.id)},
                {"remainingQuantity", line.remaining},
                {"totalQuantity", line.total},
                {"lineItem",
                 json::object{
                     {"id", gid("LineItem", line.line_item_id)},
                     {"sku", item == order.line_items.end() ? nullptr : or_null(item->sku)}}}});
        }
        fos.push_back(json::object{
            {"id", gid("FulfillmentOrder", fo.id)},
            {"status", fo_status(fo)},
            {"assignedLocation", json::object{{"location", json::object{{"id", fo.location_id}}}}},
            {"lineItems", json::object{{"nodes", std::move(lines)}}}});
    }
    node["fulfillments"] = std::move(done);
    node["fulfillmentOrders"] = json::object{{"nodes", std::move(fos)}};
    return node;
}

json::value FakeShopify::Impl::create_fulfillment(const json::object& variables) {
    auto refuse = [](const std::string& message) {
        return json::object{
            {"fulfillment", nullptr},
            {"userErrors", json::array{user_errors(json::array{"fulfillment"}, message)}}};
    };
    const auto& input = object_var(variables, "fulfillment", "FulfillmentInput");
    const auto* groups = input.if_contains("lineItemsByFulfillmentOrder");
    if (groups == nullptr || !groups->is_array() || groups->as_array().empty()) {
        return refuse("Line items by fulfillment order can't be blank.");
    }
    FakeFulfillment record;
    std::vector<std::pair<FoLine*, std::int64_t>> plan;
    const FulfillmentOrder* first = nullptr;
    for (const auto& group : groups->as_array()) {
        if (!group.is_object()) {
            return refuse("Invalid fulfillment order.");
        }
        const auto fo_id = string_var(group.as_object(), "fulfillmentOrderId").value_or("");
        const auto number = gid_number(fo_id, "FulfillmentOrder");
        const auto fo = std::ranges::find(fulfillment_orders, number, &FulfillmentOrder::id);
        if (number == 0 || fo == fulfillment_orders.end()) {
            return refuse("Fulfillment order " + fo_id + " does not exist.");
        }
        if (fo_status(*fo) == "CLOSED") {
            return refuse("Fulfillment order " + fo_id + " has an unfulfillable status= closed.");
        }
        if (first != nullptr &&
            (fo->location_id != first->location_id || fo->order_id != first->order_id)) {
            return refuse("All fulfillment orders must belong to the same order and location.");
        }
        first = &*fo;
        record.fulfillment_order_ids.push_back(fo_id);
        const auto* items = group.as_object().if_contains("fulfillmentOrderLineItems");
        if (items == nullptr || !items->is_array() || items->as_array().empty()) {
            for (auto& line : fo->lines) {
                if (line.remaining > 0) {
                    plan.emplace_back(&line, line.remaining);
                }
            }
            continue;
        }
        for (const auto& item : items->as_array()) {
            const auto& fields = item.is_object() ? item.as_object() : json::object{};
            const auto line_id =
                gid_number(string_var(fields, "id").value_or(""), "FulfillmentOrderLineItem");
            const auto line = std::ranges::find(fo->lines, line_id, &FoLine::id);
            if (line_id == 0 || line == fo->lines.end()) {
                return refuse("Fulfillment order line item does not belong to fulfillment order " +
                              fo_id + ".");
            }
            plan.emplace_back(&*line, int_var(fields, "quantity").value_or(0));
        }
    }
    std::map<FoLine*, std::int64_t> totals;
    for (const auto& [line, quantity] : plan) {
        if (quantity < 1 || (totals[line] += quantity) > line->remaining) {
            return refuse("Invalid fulfillment order line item quantity requested.");
        }
    }
    read_tracking(input.if_contains("trackingInfo"), record);
    const auto* notify = input.if_contains("notifyCustomer");
    record.notify_customer = notify != nullptr && notify->is_bool() && notify->as_bool();
    const auto& items = orders.at(first->order_id).line_items;
    for (const auto& [line, quantity] : plan) {
        line->remaining -= quantity;
        record.line_items.emplace_back(gid("FulfillmentOrderLineItem", line->id), quantity);
        const auto item = std::ranges::find(items, line->line_item_id, &FakeLineItem::id);
        record.skus.emplace_back(item == items.end() ? "" : item->sku, quantity);
    }
    record.id = gid("Fulfillment", next_id++);
    record.order_id = first->order_id;
    orders.at(record.order_id).updated_at = iso_now();
    fulfillments.emplace_back(record, iso_now());
    return json::object{{"fulfillment", fulfillment_node(record, fulfillments.back().second)},
                        {"userErrors", json::array{}}};
}

json::value FakeShopify::Impl::update_tracking(const json::object& variables) {
    const auto id = string_var(variables, "fulfillmentId").value_or("");
    const auto it = std::ranges::find_if(fulfillments, [&](auto& f) { return f.first.id == id; });
    if (it == fulfillments.end()) {
        return json::object{
            {"fulfillment", nullptr},
            {"userErrors", json::array{user_errors(json::array{"fulfillmentId"},
                                                   "Fulfillment does not exist.")}}};
    }
    FakeFulfillment updated = it->first;
    read_tracking(variables.if_contains("trackingInfoInput"), updated);
    if (const auto* notify = variables.if_contains("notifyCustomer"); notify && notify->is_bool()) {
        updated.notify_customer = notify->as_bool();
    }
    it->first = std::move(updated);
    return json::object{{"fulfillment", fulfillment_node(it->first, it->second)},
                        {"userErrors", json::array{}}};
}

json::value FakeShopify::Impl::find_variants(const json::object& variables) {
    const auto first = std::clamp<std::int64_t>(int_var(variables, "first").value_or(50), 0, 250);
    const auto search = string_var(variables, "query").value_or("");
    std::set<std::string, std::less<>> skus;
    for (auto at = search.find("sku:"); at != std::string::npos; at = search.find("sku:", at + 4)) {
        std::string_view value = std::string_view(search).substr(at + 4);
        const char quote = value.empty() ? ' ' : value.front();
        if (quote == '\'' || quote == '"') {
            value.remove_prefix(1);
            value = value.substr(0, value.find(quote));
        } else {
            value = value.substr(0, value.find_first_of(" )"));
        }
        skus.emplace(value);
    }
    json::array nodes;
    for (const auto& variant : variants) {
        if (static_cast<std::int64_t>(nodes.size()) < first &&
            (search.empty() || skus.contains(variant.sku))) {
            nodes.push_back(
                json::object{{"id", gid("ProductVariant", variant.id)},
                             {"sku", variant.sku},
                             {"inventoryItem", json::object{{"id", variant.inventory_item_id}}}});
        }
    }
    return json::object{{"nodes", std::move(nodes)}};
}

json::value FakeShopify::Impl::set_quantities(const json::object& variables) {
    const auto& input = object_var(variables, "input", "InventorySetQuantitiesInput");
    auto refuse = [](json::array field, const std::string& message, const std::string& code) {
        json::object error = user_errors(std::move(field), message);
        error["code"] = code;
        return json::object{{"inventoryAdjustmentGroup", nullptr},
                            {"userErrors", json::array{std::move(error)}}};
    };
    const auto* list = input.if_contains("quantities");
    if (list == nullptr || !list->is_array()) {
        return refuse({"input", "quantities"}, "Quantities can't be blank.", "INVALID");
    }
    const auto& quantities = list->as_array();
    if (quantities.size() > 250) {
        return refuse({"input", "quantities"}, "The quantities can't exceed 250.",
                      "INVALID_QUANTITY_TOO_HIGH");
    }
    const auto* ignore = input.if_contains("ignoreCompareQuantity");
    const bool compare = ignore == nullptr || !ignore->is_bool() || !ignore->as_bool();
    std::vector<std::tuple<std::string, std::string, std::int64_t>> updates;
    for (std::size_t i = 0; i < quantities.size(); ++i) {
        const auto& fields = quantities[i].is_object() ? quantities[i].as_object() : json::object{};
        const auto item = string_var(fields, "inventoryItemId");
        const auto location = string_var(fields, "locationId");
        const auto quantity = int_var(fields, "quantity");
        const json::array field{"input", "quantities", static_cast<std::int64_t>(i)};
        if (!item || !location || !quantity) {
            return refuse(field, "Inventory item, location and quantity are required.", "INVALID");
        }
        const auto it = inventory.find({*item, *location});
        if (compare && int_var(fields, "compareQuantity") !=
                           (it == inventory.end() ? std::optional<std::int64_t>() : it->second)) {
            return refuse(field,
                          "The compareQuantity argument no longer matches the persisted quantity.",
                          "COMPARE_QUANTITY_STALE");
        }
        updates.emplace_back(*item, *location, *quantity);
    }
    const auto name = string_var(input, "name").value_or("available");
    const auto reason = string_var(input, "reason").value_or("correction");
    json::array changes;
    for (const auto& [item, location, quantity] : updates) {
        auto& stored = inventory[{item, location}];
        changes.push_back(json::object{
            {"name", name}, {"delta", quantity - stored}, {"quantityAfterChange", quantity}});
        stored = quantity;
    }
    return json::object{{"inventoryAdjustmentGroup",
                         json::object{{"reason", reason}, {"changes", std::move(changes)}}},
                        {"userErrors", json::array{}}};
}

std::string FakeShopify::base_url() const {
    return "http://127.0.0.1:" + std::to_string(impl_->port);
}

std::string FakeShopify::access_token() const {
    return impl_->token;
}

std::string FakeShopify::api_version() const {
    return impl_->version;
}

std::string FakeShopify::graphql_path() const {
    return "/admin/api/" + impl_->version + "/graphql.json";
}

std::int64_t FakeShopify::add_order(FakeOrder order) {
    std::lock_guard lock(impl_->mutex);
    auto& next = impl_->next_id;
    order.id = order.id == 0 ? next++ : order.id;
    if (impl_->orders.contains(order.id)) {
        throw std::invalid_argument("the fake already holds order " + std::to_string(order.id));
    }
    order.created_at = order.created_at.empty() ? iso_now() : order.created_at;
    order.updated_at = order.updated_at.empty() ? order.created_at : order.updated_at;
    FulfillmentOrder fo{.id = next++, .order_id = order.id, .location_id = order.location_id};
    for (auto& item : order.line_items) {
        item.id = item.id == 0 ? next++ : item.id;
        fo.lines.push_back({next++, item.id, item.quantity, item.quantity});
    }
    impl_->fulfillment_orders.push_back(std::move(fo));
    const auto id = order.id;
    impl_->orders.emplace(id, std::move(order));
    return id;
}

std::string FakeShopify::add_fulfillment_order(
    std::int64_t order_id, std::string location_id,
    std::vector<std::pair<std::int64_t, std::int64_t>> items) {
    std::lock_guard lock(impl_->mutex);
    auto& all = impl_->fulfillment_orders;
    FulfillmentOrder added{
        .id = impl_->next_id++, .order_id = order_id, .location_id = location_id};
    for (const auto& [line_item_id, quantity] : items) {
        std::int64_t left = quantity;
        for (auto& fo : all) {
            for (auto& line : fo.lines) {
                const auto moved = fo.order_id == order_id && line.line_item_id == line_item_id
                                       ? std::min(left, line.remaining)
                                       : 0;
                line.total -= moved;
                line.remaining -= moved;
                left -= moved;
            }
            std::erase_if(fo.lines, [](const FoLine& line) { return line.total == 0; });
        }
        added.lines.push_back({impl_->next_id++, line_item_id, quantity, quantity});
    }
    std::erase_if(all, [](const FulfillmentOrder& fo) { return fo.lines.empty(); });
    all.push_back(std::move(added));
    return gid("FulfillmentOrder", all.back().id);
}

void FakeShopify::update_order(std::int64_t id, const std::function<void(FakeOrder&)>& change) {
    std::lock_guard lock(impl_->mutex);
    FakeOrder& order = impl_->orders.at(id);
    const std::string before = order.updated_at;
    change(order);
    order.id = id;
    for (auto& item : order.line_items) {
        item.id = item.id == 0 ? impl_->next_id++ : item.id;
    }
    order.updated_at = order.updated_at == before ? iso_now() : order.updated_at;
}

void FakeShopify::cancel_order(std::int64_t id) {
    std::lock_guard lock(impl_->mutex);
    FakeOrder& order = impl_->orders.at(id);
    order.cancelled_at = order.updated_at = iso_now();
}

void FakeShopify::add_variant(std::string sku, std::string inventory_item_id) {
    std::lock_guard lock(impl_->mutex);
    if (!inventory_item_id.starts_with("gid://")) {
        inventory_item_id = "gid://shopify/InventoryItem/" + inventory_item_id;
    }
    impl_->variants.push_back({impl_->next_id++, std::move(sku), std::move(inventory_item_id)});
}

void FakeShopify::set_bucket(double maximum, double available, double restore_rate) {
    std::lock_guard lock(impl_->mutex);
    impl_->maximum = maximum;
    impl_->available = available;
    impl_->restore_rate = restore_rate;
    impl_->refilled = Clock::now() + impl_->skew;
}

void FakeShopify::fail_next(std::string op, int times, int http_status) {
    std::lock_guard lock(impl_->mutex);
    impl_->faults.push_back({Fault::Kind::fail, std::move(op), times, http_status});
}

void FakeShopify::error_next(std::string op, int times) {
    std::lock_guard lock(impl_->mutex);
    impl_->faults.push_back({Fault::Kind::error, std::move(op), times});
}

void FakeShopify::throttle_next(std::string op, int times) {
    std::lock_guard lock(impl_->mutex);
    impl_->faults.push_back({Fault::Kind::throttle, std::move(op), times});
}

void FakeShopify::delay_next(std::string op, std::chrono::milliseconds delay, int times) {
    std::lock_guard lock(impl_->mutex);
    impl_->faults.push_back({Fault::Kind::delay, std::move(op), times, 0, delay});
}

void FakeShopify::delay_after_next(std::string op, std::chrono::milliseconds delay, int times) {
    std::lock_guard lock(impl_->mutex);
    impl_->faults.push_back({Fault::Kind::delay_after, std::move(op), times, 0, delay});
}

void FakeShopify::retry_after_next(std::string op, int times, int seconds) {
    std::lock_guard lock(impl_->mutex);
    impl_->faults.push_back({Fault::Kind::retry_after, std::move(op), times, seconds});
}

std::vector<FakeShopifyRequest> FakeShopify::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->requests;
}

void FakeShopify::advance_clock(std::chrono::milliseconds by) {
    std::lock_guard lock(impl_->mutex);
    impl_->skew += by;
}

int FakeShopify::delayed_now() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->sleeping;
}

void FakeShopify::end_delays() {
    {
        std::lock_guard lock(impl_->mutex);
        ++impl_->woken;
    }
    impl_->wake.notify_all();
}

int FakeShopify::count(std::string_view op) const {
    std::lock_guard lock(impl_->mutex);
    return static_cast<int>(
        std::ranges::count(impl_->requests, op, &FakeShopifyRequest::operation));
}

std::vector<FakeFulfillment> FakeShopify::fulfillments() const {
    std::lock_guard lock(impl_->mutex);
    std::vector<FakeFulfillment> out;
    for (const auto& [fulfillment, created_at] : impl_->fulfillments) {
        out.push_back(fulfillment);
    }
    return out;
}

std::optional<std::int64_t> FakeShopify::inventory(const std::string& item_id,
                                                   const std::string& location_id) const {
    std::lock_guard lock(impl_->mutex);
    const auto it = impl_->inventory.find({item_id, location_id});
    return it == impl_->inventory.end() ? std::nullopt : std::optional(it->second);
}

std::int64_t FakeShopify::remaining(std::int64_t order_id, const std::string& sku) const {
    std::lock_guard lock(impl_->mutex);
    std::int64_t units = 0;
    for (const auto& item : impl_->orders.at(order_id).line_items) {
        units += item.sku == sku ? impl_->unfulfilled(order_id, item.id) : 0;
    }
    return units;
}

std::string FakeShopify::order_webhook_json(const FakeOrder& order) {
    return webhook(
        order, [&](const FakeLineItem& item) { return order.cancelled_at ? 0 : item.quantity; },
        nullptr);
}

std::string FakeShopify::order_webhook_json(std::int64_t id) const {
    std::lock_guard lock(impl_->mutex);
    const FakeOrder& order = impl_->orders.at(id);
    const std::string status = impl_->display_status(order);
    return webhook(
        order, [&](const FakeLineItem& item) { return impl_->unfulfilled(id, item.id); },
        status == "FULFILLED"             ? json::value("fulfilled")
        : status == "PARTIALLY_FULFILLED" ? json::value("partial")
                                          : json::value(nullptr));
}

std::string FakeShopify::hmac_base64(std::string_view secret, std::string_view body) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
    return base64(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::vector<std::string> FakeShopify::webhook_headers(
    std::string_view topic, std::string_view shop_domain, std::string_view secret,
    std::string_view body, std::string_view event_id, std::string_view webhook_id) {
    std::string id(webhook_id);
    if (id.empty()) {
        std::mt19937_64 random{std::random_device{}()};
        const std::string hex = "0123456789abcdef";
        for (const int group : {8, 4, 4, 4, 12}) {
            id += id.empty() ? "" : "-";
            for (int i = 0; i < group; ++i) {
                id += hex[random() % 16];
            }
        }
        id[14] = '4';  // a version 4 uuid
    }
    std::vector<std::string> headers{"Content-Type: application/json",
                                     "X-Shopify-Topic: " + std::string(topic),
                                     "X-Shopify-Hmac-Sha256: " + hmac_base64(secret, body),
                                     "X-Shopify-Shop-Domain: " + std::string(shop_domain),
                                     "X-Shopify-API-Version: 2025-07",
                                     "X-Shopify-Webhook-Id: " + id,
                                     "X-Shopify-Triggered-At: " + iso_now()};
    if (!event_id.empty()) {
        headers.push_back("X-Shopify-Event-Id: " + std::string(event_id));
    }
    return headers;
}

}  // namespace tally::testkit
