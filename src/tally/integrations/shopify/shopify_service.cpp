#include "tally/integrations/shopify/shopify_service.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <variant>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "tally/identity/audit.hpp"
#include "tally/integrations/shopify/graphql_client.hpp"

namespace tally::integrations::shopify {

namespace json = boost::json;

namespace {

constexpr int kPageSize = 50;
constexpr int kPagesPerRun = 20;
// Shopify's clock and ours differ a little, and updated_at has second precision: each
// sync looks back this far, and an order seen twice changes nothing the second time.
constexpr core::TimestampMs kSyncOverlapMs = 60'000;

constexpr const char* kOrdersQuery =
    R"(query TallyOrders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id legacyResourceId name email phone note tags currencyCode createdAt updatedAt cancelledAt
      customer { firstName lastName email phone }
      shippingAddress { firstName lastName name company address1 address2 city provinceCode zip countryCodeV2 phone }
      shippingLine { title }
      lineItems(first: 250) {
        nodes { id sku name quantity originalUnitPriceSet { shopMoney { amount currencyCode } } variant { barcode } }
      }
    }
  }
})";

constexpr const char* kFulfillmentOrdersQuery = R"(query TallyFulfillmentOrders($id: ID!) {
  order(id: $id) {
    id
    fulfillments(first: 50) { id status trackingInfo(first: 10) { company number url } }
    fulfillmentOrders(first: 50) {
      nodes {
        id status
        assignedLocation { location { id } }
        lineItems(first: 250) { nodes { id remainingQuantity totalQuantity lineItem { id sku } } }
      }
    }
  }
})";

constexpr const char* kFulfillmentCreate =
    R"(mutation TallyFulfillmentCreate($fulfillment: FulfillmentInput!, $message: String) {
  fulfillmentCreate(fulfillment: $fulfillment, message: $message) {
    fulfillment { id status trackingInfo(first: 10) { company number url } }
    userErrors { field message }
  }
})";

constexpr const char* kVariantsQuery = R"(query TallyVariants($first: Int!, $query: String) {
  productVariants(first: $first, query: $query) { nodes { id sku inventoryItem { id } } }
})";

constexpr const char* kInventorySet =
    R"(mutation TallyInventorySet($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { reason changes { name delta } }
    userErrors { field message }
  }
})";

const identity::Principal& shopify_actor() {
    static const identity::Principal actor{.id = identity::UserId{0},
                                           .username = "shopify",
                                           .role = identity::Role::admin,
                                           .warehouse = std::nullopt};
    return actor;
}

bool is_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string lower_case(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return out;
}

bool valid_domain(std::string_view domain) {
    constexpr std::string_view kSuffix = ".myshopify.com";
    if (domain.size() <= kSuffix.size() || domain.size() > 120 || !domain.ends_with(kSuffix)) {
        return false;
    }
    const auto name = domain.substr(0, domain.size() - kSuffix.size());
    return name.front() != '-' && std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
           });
}

bool valid_api_version(std::string_view version) {
    return version == "unstable" || (version.size() == 7 && is_digits(version.substr(0, 4)) &&
                                     version[4] == '-' && is_digits(version.substr(5)));
}

bool valid_location(std::string_view location) {
    constexpr std::string_view kPrefix = "gid://shopify/Location/";
    return location.starts_with(kPrefix) && is_digits(location.substr(kPrefix.size()));
}

// "https://Shop.example:8443/admin" → {"https", "shop.example", "8443"}; nullopt for anything
// that is not an http(s) URL with a plain host (no user info, no query, no fragment).
struct Origin {
    std::string scheme;
    std::string host;
    std::string port;
    bool operator==(const Origin&) const = default;
};

std::optional<Origin> origin_of(std::string_view url) {
    Origin origin;
    if (url.starts_with("https://")) {
        origin.scheme = "https";
    } else if (url.starts_with("http://")) {
        origin.scheme = "http";
    } else {
        return std::nullopt;
    }
    if (url.size() > 300 || url.find_first_of(" \t\r\n?#@\\") != std::string_view::npos) {
        return std::nullopt;
    }
    const auto rest = url.substr(origin.scheme.size() + 3);
    const auto authority = rest.substr(0, rest.find('/'));
    // A bracketed IPv6 literal keeps its colons; the port follows the bracket.
    const auto host_end =
        authority.starts_with('[') ? authority.find(']') + 1 : authority.find(':');
    if (host_end == 0) {
        return std::nullopt;
    }
    origin.host = lower_case(authority.substr(0, host_end));
    if (host_end < authority.size()) {
        if (authority[host_end] != ':' || !is_digits(authority.substr(host_end + 1))) {
            return std::nullopt;
        }
        origin.port = authority.substr(host_end + 1);
    }
    if (origin.host.empty() || origin.host == "[]") {
        return std::nullopt;
    }
    return origin;
}

// localhost, 127.0.0.0/8 and ::1: the only hosts a token may travel to without TLS.
bool is_loopback(std::string_view host) {
    if (host == "localhost" || host == "[::1]") {
        return true;
    }
    int octets = 0;
    std::string_view rest = host;
    while (!rest.empty() && octets < 4) {
        const auto dot = rest.find('.');
        const auto part = rest.substr(0, dot);
        if (part.empty() || part.size() > 3 || !is_digits(part) ||
            std::stoi(std::string(part)) > 255) {
            return false;
        }
        ++octets;
        rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
    }
    return octets == 4 && rest.empty() && host.starts_with("127.");
}

// https, or plain http to a loopback host (a proxy on the same machine, a test double).
bool valid_base_url(std::string_view url) {
    const auto origin = origin_of(url);
    return origin && (origin->scheme == "https" || is_loopback(origin->host));
}

void check_secret(const std::string& value, const std::string& field, core::FieldErrors& errors) {
    if (value.empty() || value.size() > 500) {
        errors.add(field, "is required, at most 500 characters");
    }
}

// The base URL is checked when it was given; the default follows from a valid domain.
void check_settings(const ShopRow& shop, core::FieldErrors& errors, bool check_url = true) {
    if (!valid_api_version(shop.api_version)) {
        errors.add("api_version", "must be a Shopify API version such as 2025-07");
    }
    if (!valid_location(shop.location_id)) {
        errors.add("location_id", "must be a location id such as gid://shopify/Location/1");
    }
    if (check_url && !valid_base_url(shop.api_base_url)) {
        errors.add("api_base_url",
                   "must be an https URL without user info or query (http only to a loopback "
                   "host: localhost, 127.0.0.0/8, ::1)");
    }
    if (shop.sync_interval_s < 1 || shop.sync_interval_s > 86'400) {
        errors.add("sync_interval_s", "must be from 1 to 86400 seconds");
    }
}

Shop public_view(const ShopRow& row) {
    return Shop{.id = row.id,
                .shop_domain = row.shop_domain,
                .api_version = row.api_version,
                .api_base_url = row.api_base_url,
                .location_id = row.location_id,
                .status = row.status,
                .notify_customer = row.notify_customer,
                .push_inventory = row.push_inventory,
                .sync_interval_s = row.sync_interval_s,
                .synced_until = row.synced_until,
                .last_sync_at = row.last_sync_at,
                .last_sync_error = row.last_sync_error,
                .created_at = row.created_at,
                .updated_at = row.updated_at};
}

std::string trimmed_url(std::string url) {
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url;
}

std::string sync_key(std::int64_t shop) {
    return std::string(kSyncJob) + ":" + std::to_string(shop);
}

jobs::Outcome outcome_of(const CallError& error) {
    switch (error.kind) {
        case CallError::Kind::permanent:
            return jobs::Outcome::fail(error.message);
        case CallError::Kind::throttled:
        case CallError::Kind::transient:
            break;
    }
    return jobs::Outcome::retry(error.message);
}

std::int64_t payload_int(const json::value& payload, std::string_view key) {
    if (!payload.is_object()) {
        return 0;
    }
    const auto* value = payload.get_object().if_contains(key);
    return value != nullptr && value->is_int64() ? value->get_int64() : 0;
}

std::string user_errors(const json::value& result) {
    std::string out;
    if (!result.is_object()) {
        return out;
    }
    const auto* errors = result.get_object().if_contains("userErrors");
    if (errors == nullptr || !errors->is_array()) {
        return out;
    }
    for (const auto& error : errors->get_array()) {
        if (error.is_object() && error.get_object().contains("message") &&
            error.get_object().at("message").is_string()) {
            out += (out.empty() ? "" : "; ") +
                   std::string(error.get_object().at("message").get_string());
        }
    }
    return out;
}

// The tracking numbers of the order's fulfillments already in Shopify.
std::set<std::string> tracking_in_shopify(const json::value& order) {
    std::set<std::string> numbers;
    const auto* fulfillments =
        order.is_object() ? order.get_object().if_contains("fulfillments") : nullptr;
    if (fulfillments == nullptr || !fulfillments->is_array()) {
        return numbers;
    }
    for (const auto& f : fulfillments->get_array()) {
        const auto* info = f.is_object() ? f.get_object().if_contains("trackingInfo") : nullptr;
        if (info == nullptr || !info->is_array()) {
            continue;
        }
        for (const auto& t : info->get_array()) {
            if (t.is_object() && t.get_object().contains("number") &&
                t.get_object().at("number").is_string()) {
                numbers.emplace(t.get_object().at("number").get_string());
            }
        }
    }
    return numbers;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

// What the lines of an order amount to: SKU (or barcode) → units, for comparing versions.
std::map<std::string, std::int64_t> units_of(const orders::Order& order) {
    std::map<std::string, std::int64_t> units;
    for (const auto& line : order.lines) {
        units[line.sku] += line.quantity;
    }
    return units;
}

}  // namespace

ShopifyService::ShopifyService(db::Database& db, const core::Clock& clock,
                               orders::OrderService& orders, inventory::InventoryService& inventory,
                               fulfillment::TrailerService& trailers,
                               std::optional<identity::SecretBox> box, ShopifyOptions options)
    : db_(db),
      clock_(clock),
      orders_(orders),
      inventory_(inventory),
      trailers_(trailers),
      box_(std::move(box)),
      options_(options) {}

void ShopifyService::attach(jobs::Runner& runner) {
    runner_ = &runner;
    runner.handle(kWebhookJob, [this](const db::JobRow& job) { return process_webhook(job); });
    runner.handle(kSyncJob, [this](const db::JobRow& job) { return reconcile(job); });
    runner.handle(kInventoryJob, [this](const db::JobRow& job) { return push_inventory(job); });
}

void ShopifyService::subscribe(events::Bus& bus) {
    bus.subscribe<fulfillment::OrderShipped>(
        kSubscriber, [this](const fulfillment::OrderShipped& shipped) { return fulfill(shipped); },
        // Before order.shipped had subscribers, its one job had the event's name for a kind.
        {.legacy_kinds = {std::string(fulfillment::OrderShipped::kName)}});
}

void ShopifyService::schedule(db::Tx& tx, const ShopRow& shop, core::TimestampMs first_sync,
                              core::TimestampMs now) {
    const auto subject = "shop:" + std::to_string(shop.id);
    const auto payload = R"({"shop":)" + std::to_string(shop.id) + "}";
    (void)db::JobQueue::enqueue(tx,
                                {.kind = kSyncJob,
                                 .subject = subject,
                                 .payload = payload,
                                 .dedupe_key = sync_key(shop.id),
                                 .run_at = first_sync},
                                now);
    if (shop.push_inventory) {
        (void)db::JobQueue::enqueue(
            tx,
            {.kind = kInventoryJob,
             .subject = subject,
             .payload = payload,
             .dedupe_key = std::string(kInventoryJob) + ":" + std::to_string(shop.id)},
            now);
    }
}

void ShopifyService::wake() const {
    if (runner_ != nullptr) {
        runner_->wake();
    }
}

core::Result<Shop> ShopifyService::connect(const identity::Principal& actor,
                                           const ShopInput& input) {
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    core::FieldErrors errors;
    if (!valid_domain(input.shop_domain)) {
        errors.add("shop_domain", "must be the shop's myshopify.com domain, in lower case");
    }
    check_secret(input.access_token, "access_token", errors);
    check_secret(input.webhook_secret, "webhook_secret", errors);
    const auto now = clock_.now_ms();
    ShopRow row{
        .shop_domain = input.shop_domain,
        .api_version = input.api_version,
        .api_base_url = trimmed_url(input.api_base_url.value_or("https://" + input.shop_domain)),
        .location_id = input.location_id,
        .notify_customer = input.notify_customer,
        .push_inventory = input.push_inventory,
        .sync_interval_s = input.sync_interval_s,
        // Orders that change from now on are Tally's; older ones come by CSV import.
        .synced_until = now,
        .created_by = actor.username,
        .created_at = now,
        .updated_at = now};
    check_settings(row, errors, input.api_base_url.has_value());
    if (!errors.empty()) {
        return errors.to_error();
    }
    if (!box_) {
        return core::fail(core::ErrorCode::unavailable,
                          "No secret key is configured to seal the shop's token: set secret_key "
                          "or TALLY_SECRET_KEY.");
    }
    row.access_token = box_->seal(input.access_token);
    row.webhook_secret = box_->seal(input.webhook_secret);
    auto created = db_.write([&](db::Tx& tx) -> core::Result<Shop> {
        row.id = ShopifyRepo::insert_shop(tx, row);
        schedule(tx, row, now + row.sync_interval_s * 1000LL, now);
        identity::record_audit(tx, actor, now, "shopify.connect", "shopify_shop",
                               std::to_string(row.id),
                               json::serialize(json::object{{"shop_domain", row.shop_domain}}));
        return public_view(row);
    });
    return core::name_conflict(std::move(created), "shop_domain",
                               "That shop is connected already.");
}

core::Result<Shop> ShopifyService::change(const identity::Principal& actor, std::int64_t id,
                                          const ShopChange& change) {
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    if (!box_ && (change.access_token || change.webhook_secret)) {
        return core::fail(core::ErrorCode::unavailable,
                          "No secret key is configured: set secret_key or TALLY_SECRET_KEY.");
    }
    const auto now = clock_.now_ms();
    return db_.write([&](db::Tx& tx) -> core::Result<Shop> {
        auto row = ShopifyRepo::shop(tx, id);
        if (!row) {
            return core::fail(core::ErrorCode::not_found,
                              "No shop has the id " + std::to_string(id) + ".");
        }
        core::FieldErrors errors;
        if (change.access_token) {
            check_secret(*change.access_token, "access_token", errors);
            row->access_token = box_->seal(*change.access_token);
        }
        if (change.webhook_secret) {
            check_secret(*change.webhook_secret, "webhook_secret", errors);
            row->webhook_secret = box_->seal(*change.webhook_secret);
        }
        row->api_version = change.api_version.value_or(row->api_version);
        row->location_id = change.location_id.value_or(row->location_id);
        const auto base_url = trimmed_url(change.api_base_url.value_or(row->api_base_url));
        // The stored token is the old host's: another host gets only a token given with it.
        if (!change.access_token && origin_of(base_url) != origin_of(row->api_base_url)) {
            errors.add("access_token",
                       "is required again when api_base_url moves to another scheme, host or port");
        }
        row->api_base_url = base_url;
        row->notify_customer = change.notify_customer.value_or(row->notify_customer);
        row->push_inventory = change.push_inventory.value_or(row->push_inventory);
        row->sync_interval_s = change.sync_interval_s.value_or(row->sync_interval_s);
        if (change.status) {
            if (*change.status != "active" && *change.status != "uninstalled") {
                errors.add("status", "must be active or uninstalled");
            }
            row->status = *change.status;
        }
        check_settings(*row, errors);
        if (!errors.empty()) {
            return errors.to_error();
        }
        row->updated_at = now;
        ShopifyRepo::update_shop(tx, *row);
        if (row->status == "active") {
            schedule(tx, *row, now, now);
        }
        identity::record_audit(tx, actor, now, "shopify.change", "shopify_shop",
                               std::to_string(id));
        return public_view(*row);
    });
}

core::Result<std::vector<Shop>> ShopifyService::shops(const identity::Principal& actor) {
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<Shop>> {
        std::vector<Shop> out;
        for (const auto& row : ShopifyRepo::shops(tx)) {
            out.push_back(public_view(row));
        }
        return out;
    });
}

core::Result<ShopRow> ShopifyService::shop_row(std::int64_t id) {
    return db_.read([&](db::Tx& tx) -> core::Result<ShopRow> {
        auto row = ShopifyRepo::shop(tx, id);
        if (!row) {
            return core::fail(core::ErrorCode::not_found,
                              "No shop has the id " + std::to_string(id) + ".");
        }
        return *row;
    });
}

core::Result<Shop> ShopifyService::shop(const identity::Principal& actor, std::int64_t id) {
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    auto row = shop_row(id);
    if (!row) {
        return std::unexpected(row.error());
    }
    return public_view(*row);
}

core::Result<std::vector<WebhookRow>> ShopifyService::webhooks(const identity::Principal& actor,
                                                               std::int64_t shop_id,
                                                               std::int64_t after, int limit) {
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<WebhookRow>> {
        if (!ShopifyRepo::shop(tx, shop_id)) {
            return core::fail(core::ErrorCode::not_found,
                              "No shop has the id " + std::to_string(shop_id) + ".");
        }
        return ShopifyRepo::webhooks(tx, shop_id, after, limit);
    });
}

std::optional<Connection> ShopifyService::connection(const ShopRow& shop) const {
    if (!box_) {
        return std::nullopt;
    }
    auto token = box_->open(shop.access_token);
    if (!token) {
        return std::nullopt;
    }
    return Connection{.base_url = shop.api_base_url,
                      .api_version = shop.api_version,
                      .access_token = std::move(*token)};
}

core::Result<Receipt> ShopifyService::receive(const Delivery& delivery) {
    const auto refused = core::fail(core::ErrorCode::unauthenticated,
                                    "The webhook's signature does not match the shop's secret.");
    if (delivery.signature.empty() || delivery.shop_domain.empty() || !box_) {
        return refused;
    }
    auto shop = db_.read([&](db::Tx& tx) -> core::Result<std::optional<ShopRow>> {
        return ShopifyRepo::shop_by_domain(tx, delivery.shop_domain);
    });
    if (!shop) {
        return std::unexpected(shop.error());
    }
    if (!*shop) {
        return refused;
    }
    const auto secret = box_->open((*shop)->webhook_secret);
    if (!secret || !verify_signature(*secret, delivery.body, delivery.signature)) {
        return refused;
    }
    const auto event_id = delivery.event_id.empty() ? delivery.webhook_id : delivery.event_id;
    if (event_id.empty() || event_id.size() > 200) {
        return core::invalid_field("X-Shopify-Webhook-Id",
                                   "is required (or X-Shopify-Event-Id), at most 200 characters");
    }
    if (delivery.topic.empty() || delivery.topic.size() > 100) {
        return core::invalid_field("X-Shopify-Topic", "is required, at most 100 characters");
    }
    const auto now = clock_.now_ms();
    // The header is not signed either: this refuses stale retries and naive replays, while the
    // body digest below is what stops a replay with fresh headers.
    if (!delivery.triggered_at.empty()) {
        const auto triggered = core::parse_iso8601(delivery.triggered_at);
        if (!triggered) {
            return core::invalid_field("X-Shopify-Triggered-At", "must be an ISO 8601 date-time");
        }
        if (*triggered < now - kWebhookMaxAgeMs || *triggered > now + kWebhookMaxLeadMs) {
            spdlog::warn("shopify: ignored a {} webhook of {} triggered at {}", delivery.topic,
                         delivery.shop_domain, delivery.triggered_at);
            return Receipt::ignored;
        }
    }
    const auto shop_id = (*shop)->id;
    auto stored = db_.write([&](db::Tx& tx) -> core::Result<std::int64_t> {
        const auto id = ShopifyRepo::insert_webhook(tx, {.shop_id = shop_id,
                                                         .event_id = event_id,
                                                         .webhook_id = delivery.webhook_id,
                                                         .topic = delivery.topic,
                                                         .payload = delivery.body,
                                                         .body_sha256 = body_digest(delivery.body),
                                                         .received_at = now});
        (void)db::JobQueue::enqueue(tx,
                                    {.kind = kWebhookJob,
                                     .subject = "shop:" + std::to_string(shop_id),
                                     .payload = R"({"webhook":)" + std::to_string(id) + "}"},
                                    now);
        return id;
    });
    if (!stored) {
        if (stored.error().code == core::ErrorCode::conflict) {
            return Receipt::duplicate;
        }
        return std::unexpected(stored.error());
    }
    wake();
    return Receipt::accepted;
}

jobs::Outcome ShopifyService::process_webhook(const db::JobRow& job) {
    boost::system::error_code ec;
    const auto payload = json::parse(job.payload, ec);
    const auto id = ec ? 0 : payload_int(payload, "webhook");
    auto webhook = db_.read([&](db::Tx& tx) -> core::Result<std::optional<WebhookRow>> {
        return ShopifyRepo::webhook(tx, id);
    });
    if (!webhook) {
        return jobs::Outcome::retry(webhook.error().message);
    }
    if (!*webhook) {
        return jobs::Outcome::fail("No webhook has the id " + std::to_string(id) + ".");
    }
    const auto& w = **webhook;
    // A failed one is taken again when a person retries its job (the product now exists).
    if (w.status == "processed") {
        return jobs::Outcome::done("already processed");
    }
    auto shop = shop_row(w.shop_id);
    if (!shop) {
        return jobs::Outcome::retry(shop.error().message);
    }
    const auto body = json::parse(w.payload, ec);
    // What happens is read from the signed body; the topic only has to agree with it.
    const auto kind = ec ? core::Result<WebhookKind>(core::invalid_field("body", "is not JSON"))
                         : classify_webhook(w.topic, body, shop->shop_domain);
    Applied applied;
    if (!kind) {
        applied = {
            .ok = false,
            .message = "ignored: the " + w.topic + " body " + kind.error().fields.front().reason};
    } else if (*kind == WebhookKind::uninstalled) {
        const auto now = clock_.now_ms();
        auto done = db_.write([&](db::Tx& tx) -> core::Status {
            ShopifyRepo::set_status(tx, w.shop_id, "uninstalled", now);
            identity::record_audit(tx, shopify_actor(), now, "shopify.uninstalled", "shopify_shop",
                                   std::to_string(w.shop_id));
            return {};
        });
        applied = done ? Applied{.message = "the shop uninstalled the app: syncing stopped"}
                       : Applied{.ok = false, .retry = true, .message = done.error().message};
    } else if (*kind == WebhookKind::order) {
        // Cancelled only when the body says cancelled_at, whatever the topic.
        auto order = parse_webhook_order(body);
        if (!order) {
            std::string reason = order.error().message;
            for (const auto& field : order.error().fields) {
                reason += " " + field.field + ": " + field.reason + ".";
            }
            applied = {.ok = false, .message = reason};
        } else {
            applied = apply(*order);
        }
    } else {
        applied = {.message = "topic " + w.topic + " is not one Tally acts on"};
    }
    if (applied.retry) {
        return jobs::Outcome::retry(applied.message);
    }
    const auto now = clock_.now_ms();
    const auto status = applied.ok ? "processed" : "failed";
    auto finished = db_.write([&](db::Tx& tx) -> core::Status {
        write_link(tx, w.shop_id, applied);
        ShopifyRepo::finish_webhook(tx, w.id, status, applied.message, now);
        return {};
    });
    if (!finished) {
        return jobs::Outcome::retry(finished.error().message);
    }
    return applied.ok ? jobs::Outcome::done(applied.message) : jobs::Outcome::fail(applied.message);
}

void ShopifyService::write_link(db::Tx& tx, std::int64_t shop_id, const Applied& applied) {
    if (applied.link) {
        ShopifyRepo::link_order(tx, applied.link->first, shop_id, applied.link->second);
    }
}

ShopifyService::Applied ShopifyService::apply(const ShopifyOrder& order) {
    auto existing =
        orders_.list({.channel = std::string("shopify"), .external_id = order.id, .limit = 1});
    if (!existing) {
        return {.ok = false, .retry = true, .message = existing.error().message};
    }
    if (existing->empty()) {
        if (order.cancelled) {
            return {.message = "order " + order.id + " was cancelled before Tally took it"};
        }
        auto input = to_order_input(order);
        if (!input) {
            std::string reason = "Shopify order " + order.name + " cannot be taken:";
            for (const auto& field : input.error().fields) {
                reason += " " + field.field + " " + field.reason + ".";
            }
            return {.ok = false, .message = reason};
        }
        auto created = orders_.create(shopify_actor(), {.input = *input});
        if (!created && created.error().code != core::ErrorCode::conflict) {
            std::string reason = "Shopify order " + order.name + " cannot be taken:";
            for (const auto& field : created.error().fields) {
                // "lines/2/sku" is Shopify's line item 2: name what it asked for.
                std::string what = field.field;
                if (field.field.starts_with("lines/")) {
                    const auto index = std::stoul(field.field.substr(6));
                    if (index < input->lines.size()) {
                        const auto& line = input->lines[index];
                        what = "line item " + std::to_string(index) + " (" +
                               (line.sku ? "SKU " + *line.sku
                                         : "barcode " + line.barcode.value_or("")) +
                               ")";
                    }
                }
                reason += " " + what + " " + field.reason + ".";
            }
            const bool retry = created.error().code == core::ErrorCode::unavailable;
            return {.ok = false, .retry = retry, .message = reason};
        }
        if (created) {
            const auto order_id = created->order.id.value;
            return {.message = "created order " + std::to_string(order_id) + " (" +
                               std::string(orders::to_string(created->order.status)) + ")",
                    .link = std::pair{order_id, order.updated_at}};
        }
        // Another delivery created it a moment ago: this one is an update of it.
        existing =
            orders_.list({.channel = std::string("shopify"), .external_id = order.id, .limit = 1});
        if (!existing || existing->empty()) {
            return {.ok = false, .retry = true, .message = "the order is being created"};
        }
    }
    auto current = orders_.get(existing->front().id);
    if (!current) {
        return {.ok = false, .retry = true, .message = current.error().message};
    }
    return apply_change(*current, order);
}

ShopifyService::Applied ShopifyService::apply_change(const orders::Order& current,
                                                     const ShopifyOrder& order) {
    using orders::OrderStatus;
    const auto id = current.id;
    auto link = db_.read(
        [&](db::Tx& tx) -> core::Result<std::optional<std::pair<std::int64_t, core::TimestampMs>>> {
            return ShopifyRepo::order_link(tx, id.value);
        });
    if (!link) {
        return {.ok = false, .retry = true, .message = link.error().message};
    }
    const bool stale = *link && order.updated_at != 0 && order.updated_at <= (*link)->second;
    const auto remember = [&](std::string message) {
        return Applied{.message = std::move(message),
                       .link = std::pair{id.value, order.updated_at}};
    };
    const auto status_text = std::string(orders::to_string(current.status));
    if (order.cancelled) {
        if (current.status == OrderStatus::cancelled) {
            return {.message = "order " + std::to_string(id.value) + " is cancelled already"};
        }
        core::Result<orders::Order> changed = std::unexpected(core::Error{});
        std::string what;
        if (orders::can_transition(current.status, OrderStatus::cancelled)) {
            changed = orders_.cancel(shopify_actor(), id, "cancelled in Shopify");
            what = "cancelled order " + std::to_string(id.value);
        } else if (orders::can_transition(current.status, OrderStatus::exception)) {
            // The parcel may be on its way: a person stops or recalls it.
            changed = orders_.transition(
                shopify_actor(), id, OrderStatus::exception,
                "cancelled in Shopify while " + status_text + ": stop or recall the parcel");
            what = "order " + std::to_string(id.value) + " was " + status_text +
                   ": marked as an exception for a person";
        } else {
            return {.message = "order " + std::to_string(id.value) + " is " + status_text +
                               ": the cancellation changes nothing here"};
        }
        if (!changed) {
            const bool moved = changed.error().code == core::ErrorCode::invalid_transition ||
                               changed.error().code == core::ErrorCode::conflict;
            return {.ok = false, .retry = moved, .message = changed.error().message};
        }
        return remember(what);
    }
    if (stale) {
        return {.message = "an older version of order " + std::to_string(id.value) +
                           ": nothing to change"};
    }
    // What Shopify now asks for, against what Tally is doing.
    std::map<std::string, std::int64_t> wanted;
    for (const auto& line : order.lines) {
        wanted[line.sku.empty() ? line.barcode : line.sku] += line.quantity;
    }
    const auto address = order.shipping_address.value_or(orders::ShipTo{});
    const bool lines_changed = wanted != units_of(current);
    const bool address_changed = address.line1 != current.ship_to.line1 ||
                                 address.line2 != current.ship_to.line2 ||
                                 address.city != current.ship_to.city ||
                                 address.postal_code != current.ship_to.postal_code ||
                                 address.country != current.ship_to.country;
    if (!lines_changed && !address_changed) {
        return remember("order " + std::to_string(id.value) + ": nothing Tally acts on changed");
    }
    const std::string note =
        std::string("changed in Shopify: ") + (lines_changed ? "the lines" : "") +
        (lines_changed && address_changed ? " and " : "") +
        (address_changed ? "the shipping address" : "") + "; check the order before it goes on";
    core::Result<orders::Order> changed = std::unexpected(core::Error{});
    if (orders::can_transition(current.status, OrderStatus::on_hold)) {
        changed = orders_.hold(shopify_actor(), id, "manual", note);
    } else if (orders::can_transition(current.status, OrderStatus::exception)) {
        changed = orders_.transition(shopify_actor(), id, OrderStatus::exception, note);
    } else {
        return {.message =
                    "order " + std::to_string(id.value) + " is " + status_text + ": " + note};
    }
    if (!changed) {
        return {.ok = false, .retry = true, .message = changed.error().message};
    }
    return remember("order " + std::to_string(id.value) + " " + note);
}

std::variant<ShopRow, jobs::Outcome> ShopifyService::job_shop(const db::JobRow& job) {
    boost::system::error_code ec;
    auto shop = shop_row(payload_int(json::parse(job.payload, ec), "shop"));
    if (!shop) {
        return shop.error().code == core::ErrorCode::not_found
                   ? jobs::Outcome::fail(shop.error().message)
                   : jobs::Outcome::retry(shop.error().message);
    }
    return std::move(*shop);
}

jobs::Outcome ShopifyService::reconcile(const db::JobRow& job) {
    auto loaded = job_shop(job);
    if (auto* outcome = std::get_if<jobs::Outcome>(&loaded)) {
        return *outcome;
    }
    const auto* shop = &std::get<ShopRow>(loaded);
    const auto shop_id = shop->id;
    if (shop->status != "active") {
        return jobs::Outcome::done("the shop is " + shop->status + ": syncing stopped");
    }
    const auto started = clock_.now_ms();
    const auto next = started + shop->sync_interval_s * 1000LL;
    const auto conn = connection(*shop);
    if (!conn) {
        return jobs::Outcome::again(
            next, "cannot open the shop's token: is secret_key the one it was sealed with?");
    }
    GraphqlClient client(*conn, options_.timeout);
    auto synced_until = shop->synced_until;
    const auto since =
        core::format_iso8601(std::max<core::TimestampMs>(0, shop->synced_until - kSyncOverlapMs));
    std::optional<std::string> cursor;
    int seen = 0;
    int changed = 0;
    std::string error;
    bool more = false;
    for (int page = 0; page < kPagesPerRun; ++page) {
        json::object variables{{"first", kPageSize}, {"query", "updated_at:>='" + since + "'"}};
        variables["after"] = cursor ? json::value(*cursor) : json::value(nullptr);
        auto answer = client.call(kOrdersQuery, variables);
        if (!answer) {
            error = answer.error().message;
            break;
        }
        const auto* orders =
            answer->is_object() ? answer->get_object().if_contains("orders") : nullptr;
        if (orders == nullptr || !orders->is_object()) {
            error = "Shopify's answer has no orders.";
            break;
        }
        const auto& connection_object = orders->get_object();
        const auto* nodes = connection_object.if_contains("nodes");
        bool stop = false;
        for (const auto& node :
             nodes != nullptr && nodes->is_array() ? nodes->get_array() : json::array{}) {
            auto order = parse_graphql_order(node);
            if (!order) {
                continue;
            }
            ++seen;
            const auto applied = apply(*order);
            if (applied.link) {
                auto linked = db_.write([&](db::Tx& tx) -> core::Status {
                    write_link(tx, shop_id, applied);
                    return {};
                });
                if (!linked) {
                    error = linked.error().message;
                    stop = true;
                    break;
                }
            }
            if (applied.retry) {
                // Stop here: the next run starts again from this order.
                error = applied.message;
                stop = true;
                break;
            }
            if (!applied.ok) {
                spdlog::warn("shopify sync of {}: {}", shop->shop_domain, applied.message);
            } else if (applied.message.find("nothing") == std::string::npos &&
                       applied.message.find("already") == std::string::npos) {
                ++changed;
            }
            synced_until = std::max(synced_until, order->updated_at);
        }
        if (stop) {
            break;
        }
        const auto* info = connection_object.if_contains("pageInfo");
        const bool has_next = info != nullptr && info->is_object() &&
                              info->get_object().contains("hasNextPage") &&
                              info->get_object().at("hasNextPage").is_bool() &&
                              info->get_object().at("hasNextPage").get_bool();
        if (!has_next) {
            break;
        }
        const auto& end = info->get_object().at("endCursor");
        cursor = end.is_string() ? std::optional<std::string>(std::string(end.get_string()))
                                 : std::nullopt;
        more = page + 1 == kPagesPerRun;
    }
    const auto finished = clock_.now_ms();
    auto recorded = db_.write([&](db::Tx& tx) -> core::Status {
        ShopifyRepo::record_sync(tx, shop_id, synced_until, finished, error);
        return {};
    });
    if (!recorded) {
        return jobs::Outcome::retry(recorded.error().message);
    }
    const auto summary = std::to_string(seen) + " orders seen, " + std::to_string(changed) +
                         " changed" + (error.empty() ? "" : "; stopped: " + error);
    // A shop with more changes than one run takes goes on at once.
    return jobs::Outcome::again(more ? finished : next, summary);
}

jobs::Outcome ShopifyService::fulfill(const fulfillment::OrderShipped& shipped_order) {
    boost::system::error_code ec;
    const auto order_id = shipped_order.order.value;
    const auto manifest_id = shipped_order.manifest;
    auto order = orders_.get(orders::OrderId{order_id});
    if (!order) {
        return order.error().code == core::ErrorCode::not_found
                   ? jobs::Outcome::fail(order.error().message)
                   : jobs::Outcome::retry(order.error().message);
    }
    if (order->channel != "shopify") {
        return jobs::Outcome::done("not a Shopify order: nothing to send");
    }
    struct Known {
        std::optional<std::pair<std::int64_t, core::TimestampMs>> link;
        std::vector<ShopRow> shops;
        std::vector<FulfillmentRow> sent;
    };
    auto known = db_.read([&](db::Tx& tx) -> core::Result<Known> {
        return Known{ShopifyRepo::order_link(tx, order_id), ShopifyRepo::shops(tx),
                     ShopifyRepo::fulfillments(tx, order_id)};
    });
    if (!known) {
        return jobs::Outcome::retry(known.error().message);
    }
    const ShopRow* shop = nullptr;
    for (const auto& row : known->shops) {
        // An order taken by API or CSV with channel shopify belongs to the only shop there is.
        if ((known->link && row.id == known->link->first) ||
            (!known->link && known->shops.size() == 1)) {
            shop = &row;
        }
    }
    if (shop == nullptr) {
        return jobs::Outcome::fail("No connected shop is known for order " +
                                   std::to_string(order_id) + ".");
    }
    if (shop->status != "active") {
        return jobs::Outcome::done("the shop is " + shop->status + ": nothing sent");
    }
    const auto conn = connection(*shop);
    if (!conn) {
        return jobs::Outcome::retry(
            "cannot open the shop's token: is secret_key the one it was sealed with?");
    }
    auto shipment = trailers_.shipment(order_id, manifest_id);
    if (!shipment) {
        return jobs::Outcome::fail(shipment.error().message);
    }
    std::map<std::string, std::int64_t> shipped;
    json::array numbers;
    json::array urls;
    std::set<std::string> ours;
    for (const auto& carton : shipment->cartons) {
        for (const auto& [sku, units] : carton.items) {
            shipped[sku] += units;
        }
        if (carton.tracking && !carton.tracking->empty()) {
            numbers.emplace_back(*carton.tracking);
            ours.insert(*carton.tracking);
            if (!shipment->tracking_url.empty()) {
                urls.emplace_back(
                    replace_all(shipment->tracking_url, "{tracking}", *carton.tracking));
            }
        }
    }
    // Fulfillments this job made on an earlier attempt cover some units already.
    bool sent_before = false;
    for (const auto& sent : known->sent) {
        if (sent.manifest_id != manifest_id) {
            continue;
        }
        sent_before = true;
        const auto units = json::parse(sent.units, ec);
        if (ec || !units.is_object()) {
            continue;
        }
        for (const auto& [sku, count] : units.get_object()) {
            if (count.is_int64()) {
                shipped[std::string(sku)] -= count.get_int64();
            }
        }
    }
    std::erase_if(shipped, [](const auto& entry) { return entry.second <= 0; });
    if (shipped.empty()) {
        return jobs::Outcome::done("fulfilled in Shopify already");
    }

    GraphqlClient client(*conn, options_.timeout);
    const auto gid = "gid://shopify/Order/" + order->external_id;
    auto current = client.call(kFulfillmentOrdersQuery, {{"id", gid}});
    if (!current) {
        return outcome_of(current.error());
    }
    const auto& remote = current->is_object() && current->get_object().contains("order")
                             ? current->get_object().at("order")
                             : json::value(nullptr);
    if (!remote.is_object()) {
        return jobs::Outcome::fail("Shopify does not know order " + order->external_id + ".");
    }
    // An attempt whose answer was lost (a timeout after Shopify did the work) shows as a
    // fulfillment with our tracking numbers: it is not made twice.
    if (!sent_before && !ours.empty()) {
        const auto in_shopify = tracking_in_shopify(remote);
        if (std::all_of(ours.begin(), ours.end(),
                        [&](const std::string& n) { return in_shopify.contains(n); })) {
            return jobs::Outcome::done("fulfilled in Shopify already (tracking " + *ours.begin() +
                                       ")");
        }
    }
    auto fulfillment_orders = parse_fulfillment_orders(remote);
    if (!fulfillment_orders) {
        return jobs::Outcome::fail(fulfillment_orders.error().message);
    }
    const auto plan = plan_fulfillments(*fulfillment_orders, shipped, shop->location_id);
    if (plan.fulfillments.empty()) {
        return jobs::Outcome::done("nothing left to fulfil in Shopify for these cartons");
    }
    std::map<std::string, std::string> sku_of_line;
    for (const auto& fo : *fulfillment_orders) {
        for (const auto& line : fo.lines) {
            sku_of_line[line.id] = line.sku;
        }
    }
    std::vector<std::string> created;
    for (const auto& planned : plan.fulfillments) {
        json::array lines;
        json::object units;
        for (const auto& [line_id, quantity] : planned.lines) {
            lines.push_back({{"id", line_id}, {"quantity", quantity}});
            const auto sku = sku_of_line[line_id];
            units[sku] = (units.contains(sku) ? units[sku].as_int64() : 0) + quantity;
        }
        json::object tracking{{"company", shipment->carrier_name.empty() ? shipment->carrier
                                                                         : shipment->carrier_name},
                              {"numbers", numbers}};
        if (!urls.empty()) {
            tracking["urls"] = urls;
        }
        const json::object input{
            {"lineItemsByFulfillmentOrder",
             json::array{json::object{{"fulfillmentOrderId", planned.fulfillment_order_id},
                                      {"fulfillmentOrderLineItems", lines}}}},
            {"trackingInfo", tracking},
            {"notifyCustomer", shop->notify_customer}};
        auto answer = client.call(kFulfillmentCreate, {{"fulfillment", input}});
        if (!answer) {
            return outcome_of(answer.error());
        }
        const auto* result =
            answer->is_object() ? answer->get_object().if_contains("fulfillmentCreate") : nullptr;
        if (result == nullptr) {
            return jobs::Outcome::retry("Shopify's answer has no fulfillmentCreate.");
        }
        if (const auto errors = user_errors(*result); !errors.empty()) {
            return jobs::Outcome::fail("Shopify refused the fulfillment: " + errors);
        }
        const auto* made = result->get_object().if_contains("fulfillment");
        if (made == nullptr || !made->is_object() || !made->get_object().contains("id")) {
            return jobs::Outcome::retry("Shopify's answer has no fulfillment.");
        }
        const auto fulfillment_id = std::string(made->get_object().at("id").as_string());
        std::string tracking_numbers;
        for (const auto& n : ours) {
            tracking_numbers += (tracking_numbers.empty() ? "" : ",") + n;
        }
        const auto now = clock_.now_ms();
        auto recorded = db_.write([&](db::Tx& tx) -> core::Status {
            ShopifyRepo::insert_fulfillment(tx,
                                            {.shop_id = shop->id,
                                             .order_id = order_id,
                                             .manifest_id = manifest_id,
                                             .fulfillment_order_id = planned.fulfillment_order_id,
                                             .fulfillment_id = fulfillment_id,
                                             .tracking_numbers = tracking_numbers,
                                             .units = json::serialize(units),
                                             .created_at = now});
            return {};
        });
        if (!recorded) {
            return jobs::Outcome::retry(recorded.error().message);
        }
        created.push_back(fulfillment_id);
    }
    std::string result = "fulfilled in Shopify:";
    for (const auto& id : created) {
        result += " " + id;
    }
    if (!plan.unmatched.empty()) {
        result += "; no open Shopify line for";
        for (const auto& [sku, units] : plan.unmatched) {
            result += " " + std::to_string(units) + " x " + sku;
        }
    }
    return jobs::Outcome::done(result);
}

jobs::Outcome ShopifyService::push_inventory(const db::JobRow& job) {
    auto loaded = job_shop(job);
    if (auto* outcome = std::get_if<jobs::Outcome>(&loaded)) {
        return *outcome;
    }
    const auto* shop = &std::get<ShopRow>(loaded);
    const auto shop_id = shop->id;
    if (shop->status != "active" || !shop->push_inventory) {
        return jobs::Outcome::done("inventory push is off");
    }
    const auto next = clock_.now_ms() + std::min(shop->sync_interval_s, 60) * 1000LL;
    const auto conn = connection(*shop);
    if (!conn) {
        return jobs::Outcome::again(next, "cannot open the shop's token");
    }
    auto available = inventory_.available_by_sku();
    auto known = db_.read([&](db::Tx& tx) -> core::Result<std::vector<InventoryRow>> {
        return ShopifyRepo::inventory(tx, shop_id);
    });
    if (!available || !known) {
        return jobs::Outcome::retry(!available ? available.error().message : known.error().message);
    }
    std::map<std::string, InventoryRow> rows;
    for (auto& row : *known) {
        rows[row.sku] = row;
    }
    GraphqlClient client(*conn, options_.timeout);
    // SKUs not looked up yet: their inventory items, 50 to a query. A SKU the shop does not
    // sell is remembered with no item and not pushed.
    std::vector<std::string> unknown;
    for (const auto& [sku, units] : *available) {
        if (!rows.contains(sku)) {
            unknown.push_back(sku);
        }
    }
    const auto now = clock_.now_ms();
    for (std::size_t start = 0; start < unknown.size(); start += 50) {
        std::string query;
        std::set<std::string> asked;
        for (std::size_t i = start; i < std::min(unknown.size(), start + 50); ++i) {
            query += (query.empty() ? "" : " OR ") + std::string("sku:\"") + unknown[i] + "\"";
            asked.insert(unknown[i]);
        }
        auto answer = client.call(kVariantsQuery, {{"first", 250}, {"query", query}});
        if (!answer) {
            return jobs::Outcome::again(next, "stopped: " + answer.error().message);
        }
        std::map<std::string, std::string> items;
        const auto* variants =
            answer->is_object() ? answer->get_object().if_contains("productVariants") : nullptr;
        const auto* nodes = variants != nullptr && variants->is_object()
                                ? variants->get_object().if_contains("nodes")
                                : nullptr;
        for (const auto& node :
             nodes != nullptr && nodes->is_array() ? nodes->get_array() : json::array{}) {
            const auto* sku = node.is_object() ? node.get_object().if_contains("sku") : nullptr;
            const auto* item =
                node.is_object() ? node.get_object().if_contains("inventoryItem") : nullptr;
            if (sku != nullptr && sku->is_string() && item != nullptr && item->is_object() &&
                item->get_object().contains("id") && item->get_object().at("id").is_string()) {
                items[std::string(sku->get_string())] =
                    std::string(item->get_object().at("id").get_string());
            }
        }
        auto recorded = db_.write([&](db::Tx& tx) -> core::Status {
            for (const auto& sku : asked) {
                const auto item = items.contains(sku) ? items[sku] : std::string();
                ShopifyRepo::record_inventory(tx, shop_id, sku, item, std::nullopt, now);
                rows[sku] = {.sku = sku, .inventory_item_id = item};
            }
            return {};
        });
        if (!recorded) {
            return jobs::Outcome::retry(recorded.error().message);
        }
    }
    std::vector<std::pair<const InventoryRow*, std::int64_t>> changed;
    for (const auto& [sku, units] : *available) {
        const auto row = rows.find(sku);
        if (row != rows.end() && !row->second.inventory_item_id.empty() &&
            row->second.pushed != std::max<std::int64_t>(units, 0)) {
            changed.emplace_back(&row->second, std::max<std::int64_t>(units, 0));
        }
    }
    for (std::size_t start = 0; start < changed.size(); start += 250) {
        json::array quantities;
        const auto end = std::min(changed.size(), start + 250);
        for (std::size_t i = start; i < end; ++i) {
            quantities.push_back({{"inventoryItemId", changed[i].first->inventory_item_id},
                                  {"locationId", shop->location_id},
                                  {"quantity", changed[i].second}});
        }
        const json::object input{{"name", "available"},
                                 {"reason", "correction"},
                                 {"ignoreCompareQuantity", true},
                                 {"quantities", quantities}};
        auto answer = client.call(kInventorySet, {{"input", input}});
        if (!answer) {
            return jobs::Outcome::again(next, "stopped: " + answer.error().message);
        }
        const auto* result = answer->is_object()
                                 ? answer->get_object().if_contains("inventorySetQuantities")
                                 : nullptr;
        if (result == nullptr) {
            return jobs::Outcome::again(next, "Shopify's answer has no inventorySetQuantities");
        }
        if (const auto errors = user_errors(*result); !errors.empty()) {
            return jobs::Outcome::again(next, "Shopify refused the quantities: " + errors);
        }
        const auto pushed_at = clock_.now_ms();
        auto recorded = db_.write([&](db::Tx& tx) -> core::Status {
            for (std::size_t i = start; i < end; ++i) {
                ShopifyRepo::record_inventory(tx, shop_id, changed[i].first->sku,
                                              changed[i].first->inventory_item_id,
                                              changed[i].second, pushed_at);
            }
            return {};
        });
        if (!recorded) {
            return jobs::Outcome::retry(recorded.error().message);
        }
    }
    return jobs::Outcome::again(next, std::to_string(changed.size()) + " quantities pushed");
}

}  // namespace tally::integrations::shopify
