#include "tally/http/routes/integration_routes.hpp"

#include <boost/json.hpp>

#include "tally/http/routes/route_helpers.hpp"

namespace tally::integrations::shopify {

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Shop& s) {
    out = {{"id", s.id},
           {"shop_domain", s.shop_domain},
           {"api_version", s.api_version},
           {"api_base_url", s.api_base_url},
           {"location_id", s.location_id},
           {"status", s.status},
           {"notify_customer", s.notify_customer},
           {"push_inventory", s.push_inventory},
           {"sync_interval_s", s.sync_interval_s},
           {"synced_until", core::format_iso8601(s.synced_until)},
           {"last_sync_at",
            s.last_sync_at ? boost::json::value(core::format_iso8601(*s.last_sync_at)) : nullptr},
           {"last_sync_error", s.last_sync_error},
           {"created_at", core::format_iso8601(s.created_at)},
           {"updated_at", core::format_iso8601(s.updated_at)}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const WebhookRow& w) {
    out = {{"id", w.id},
           {"event_id", w.event_id},
           {"webhook_id", w.webhook_id},
           {"topic", w.topic},
           {"received_at", core::format_iso8601(w.received_at)},
           {"status", w.status},
           {"result", w.result}};
}

}  // namespace tally::integrations::shopify

namespace tally::db {

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const JobRow& j) {
    out = {{"id", j.id},
           {"kind", j.kind},
           {"subject", j.subject},
           {"status", j.status},
           {"attempts", j.attempts},
           {"max_attempts", j.max_attempts},
           {"run_at", core::format_iso8601(j.run_at)},
           {"last_error", j.last_error},
           {"result", j.result},
           {"created_at", core::format_iso8601(j.created_at)},
           {"updated_at", core::format_iso8601(j.updated_at)}};
}

}  // namespace tally::db

namespace tally::http {

namespace {

using integrations::shopify::Delivery;
using integrations::shopify::Receipt;
using integrations::shopify::ShopChange;
using integrations::shopify::ShopInput;

core::Result<ShopInput> read_shop(const Request& request) {
    auto body = parse_json_object(request);
    if (!body) {
        return std::unexpected(body.error());
    }
    core::FieldErrors errors;
    JsonReader reader(*body, errors);
    ShopInput input{
        .shop_domain = reader.required_string("shop_domain"),
        .access_token = reader.required_string("access_token"),
        .api_version = reader.required_string("api_version"),
        .webhook_secret = reader.required_string("webhook_secret"),
        .location_id = reader.required_string("location_id"),
        .api_base_url = reader.optional_string("api_base_url"),
        .notify_customer = reader.optional_bool("notify_customer").value_or(true),
        .push_inventory = reader.optional_bool("push_inventory").value_or(false),
        .sync_interval_s = static_cast<int>(reader.int_in("sync_interval_s", 300, 1, 86'400))};
    if (!errors.empty()) {
        return errors.to_error();
    }
    return input;
}

core::Result<ShopChange> read_change(const Request& request) {
    auto body = parse_json_object(request);
    if (!body) {
        return std::unexpected(body.error());
    }
    core::FieldErrors errors;
    JsonReader reader(*body, errors);
    ShopChange change{.access_token = reader.optional_string("access_token"),
                      .api_version = reader.optional_string("api_version"),
                      .webhook_secret = reader.optional_string("webhook_secret"),
                      .location_id = reader.optional_string("location_id"),
                      .api_base_url = reader.optional_string("api_base_url"),
                      .notify_customer = reader.optional_bool("notify_customer"),
                      .push_inventory = reader.optional_bool("push_inventory"),
                      .status = reader.optional_string("status")};
    if (reader.has("sync_interval_s")) {
        change.sync_interval_s = static_cast<int>(reader.int_in("sync_interval_s", 300, 1, 86'400));
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    return change;
}

std::string header_text(const Request& request, std::string_view name) {
    return std::string(request.header(name).value_or(""));
}

}  // namespace

void register_integration_routes(Router& router, integrations::shopify::ShopifyService& shopify,
                                 jobs::Runner& jobs) {
    router.add({.method = "POST",
                .pattern = "/api/v1/integrations/shopify/shops",
                .roles = kAdminOnly,
                .summary = "Connect a Shopify shop: its token and webhook secret are sealed",
                .handler = [&shopify](Request& request, const RequestContext& context) {
                    const auto input = read_shop(request);
                    if (!input) {
                        return problem(input.error());
                    }
                    return from_result(201, shopify.connect(context.user(), *input));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/integrations/shopify/shops",
                .roles = kManagers,
                .summary = "Connected Shopify shops and their last sync",
                .handler = [&shopify](Request&, const RequestContext& context) {
                    const auto shops = shopify.shops(context.user());
                    if (!shops) {
                        return problem(shops.error());
                    }
                    return json_response(
                        200, boost::json::object{{"items", boost::json::value_from(*shops)}});
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/integrations/shopify/shops/{id}",
                .roles = kManagers,
                .summary = "One connected Shopify shop",
                .handler = [&shopify](Request& request, const RequestContext& context) {
                    const auto id = id_param(request, "id");
                    if (!id) {
                        return problem(id.error());
                    }
                    return from_result(200, shopify.shop(context.user(), *id));
                }});

    router.add({.method = "PATCH",
                .pattern = "/api/v1/integrations/shopify/shops/{id}",
                .roles = kAdminOnly,
                .summary = "Change a shop's token, secret, location or settings",
                .handler = [&shopify](Request& request, const RequestContext& context) {
                    const auto id = id_param(request, "id");
                    if (!id) {
                        return problem(id.error());
                    }
                    const auto change = read_change(request);
                    if (!change) {
                        return problem(change.error());
                    }
                    return from_result(200, shopify.change(context.user(), *id, *change));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/integrations/shopify/shops/{id}/webhooks",
                .roles = kManagers,
                .summary = "Webhooks the shop sent, as received, with what came of each",
                .handler = [&shopify](Request& request, const RequestContext& context) {
                    const auto id = id_param(request, "id");
                    if (!id) {
                        return problem(id.error());
                    }
                    const auto paging = page_request(request);
                    if (!paging) {
                        return problem(paging.error());
                    }
                    const auto hooks =
                        shopify.webhooks(context.user(), *id, paging->cursor, paging->limit);
                    if (!hooks) {
                        return problem(hooks.error());
                    }
                    return page(*hooks, static_cast<std::size_t>(paging->limit),
                                [](const auto& w) { return w.id; });
                }});

    router.add({.method = "POST",
                .pattern = "/webhooks/shopify",
                .is_public = true,
                .summary = "Shopify webhooks (orders/create, orders/updated, orders/cancelled, "
                           "app/uninstalled), signed with the shop's secret",
                .handler = [&shopify](Request& request, const RequestContext&) {
                    const Delivery delivery{
                        .shop_domain = header_text(request, "x-shopify-shop-domain"),
                        .topic = header_text(request, "x-shopify-topic"),
                        .signature = header_text(request, "x-shopify-hmac-sha256"),
                        .event_id = header_text(request, "x-shopify-event-id"),
                        .webhook_id = header_text(request, "x-shopify-webhook-id"),
                        .triggered_at = header_text(request, "x-shopify-triggered-at"),
                        .body = request.body};
                    const auto receipt = shopify.receive(delivery);
                    if (!receipt) {
                        return problem(receipt.error());
                    }
                    const auto* status = *receipt == Receipt::accepted    ? "accepted"
                                         : *receipt == Receipt::duplicate ? "duplicate"
                                                                          : "ignored";
                    return json_response(200, boost::json::object{{"status", status}});
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/jobs",
                .roles = kManagers,
                .summary = "Outbox jobs (channel updates) with their attempts and outcome",
                .handler = [&jobs](Request& request, const RequestContext& context) {
                    const auto paging = page_request(request);
                    if (!paging) {
                        return problem(paging.error());
                    }
                    const auto status = query_string(request, "status");
                    if (status && *status != "pending" && *status != "running" &&
                        *status != "done" && *status != "dead") {
                        return problem(
                            core::invalid_field("status", "must be pending, running, done or dead")
                                .error());
                    }
                    const auto rows =
                        jobs.list(context.user(), {.subject = query_string(request, "subject"),
                                                   .kind = query_string(request, "kind"),
                                                   .status = status,
                                                   .after = paging->cursor,
                                                   .limit = paging->limit});
                    if (!rows) {
                        return problem(rows.error());
                    }
                    return page(*rows, static_cast<std::size_t>(paging->limit),
                                [](const auto& j) { return j.id; });
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/jobs/{id}",
                .roles = kManagers,
                .summary = "One outbox job",
                .handler = [&jobs](Request& request, const RequestContext& context) {
                    const auto id = id_param(request, "id");
                    if (!id) {
                        return problem(id.error());
                    }
                    return from_result(200, jobs.get(context.user(), *id));
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/jobs/{id}/retry",
                .roles = kManagers,
                .summary = "Give a dead job another round of attempts",
                .handler = [&jobs](Request& request, const RequestContext& context) {
                    const auto id = id_param(request, "id");
                    if (!id) {
                        return problem(id.error());
                    }
                    return from_result(200, jobs.retry(context.user(), *id));
                }});
}

}  // namespace tally::http
