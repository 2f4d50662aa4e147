#include "tally/http/routes/order_routes.hpp"

#include <algorithm>
#include <map>

#include <boost/json.hpp>

#include "tally/fulfillment/station.hpp"
#include "tally/http/routes/request_decode.hpp"
#include "tally/http/routes/route_helpers.hpp"
#include "tally/identity/crypto.hpp"

namespace tally::orders {

namespace {

boost::json::value optional_number(const std::optional<double>& value) {
    return value ? boost::json::value(*value) : nullptr;
}

}  // namespace

boost::json::object summary_json(const Order& o) {
    return {{"id", o.id.value},
            {"barcode", fulfillment::label_text(fulfillment::LabelKind::order, o.id.value)},
            {"channel", o.channel},
            {"external_id", o.external_id},
            {"status", to_string(o.status)},
            {"currency", o.currency},
            {"customer",
             {{"name", o.customer.name}, {"email", o.customer.email}, {"phone", o.customer.phone}}},
            {"ship_to",
             {{"name", o.ship_to.name},
              {"company", o.ship_to.company},
              {"line1", o.ship_to.line1},
              {"line2", o.ship_to.line2},
              {"city", o.ship_to.city},
              {"region", o.ship_to.region},
              {"postal_code", o.ship_to.postal_code},
              {"country", o.ship_to.country},
              {"phone", o.ship_to.phone},
              {"latitude", optional_number(o.ship_to.latitude)},
              {"longitude", optional_number(o.ship_to.longitude)}}},
            {"service_level", o.service_level},
            {"notes", o.notes},
            {"tags", boost::json::value_from(o.tags)},
            {"hold_reason", o.hold_reason ? boost::json::value(*o.hold_reason) : nullptr},
            {"routing", o.routing},
            {"total", o.total},
            {"created_at", core::format_iso8601(o.created_at)},
            {"updated_at", core::format_iso8601(o.updated_at)}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Order& o) {
    auto body = summary_json(o);
    boost::json::array lines;
    std::int64_t backordered = 0;
    std::map<std::int64_t, int> line_numbers;
    for (const auto& l : o.lines) {
        lines.push_back({{"id", l.id},
                         {"line_no", l.line_no},
                         {"sku", l.sku},
                         {"name", l.name},
                         {"quantity", l.quantity},
                         {"unit_price", l.unit_price},
                         {"allocated", l.allocated},
                         {"backordered", l.backordered()}});
        backordered += l.backordered();
        line_numbers[l.id] = l.line_no;
    }
    // Grouped by warehouse, in the order warehouses first appear.
    boost::json::array allocations;
    std::map<std::string, std::size_t> index;
    for (const auto& a : o.allocations) {
        auto [it, added] = index.try_emplace(a.warehouse, allocations.size());
        if (added) {
            allocations.push_back({{"warehouse", a.warehouse}, {"lines", boost::json::array()}});
        }
        allocations[it->second].as_object()["lines"].as_array().push_back(
            {{"line_id", a.line_id},
             {"line_no", line_numbers[a.line_id]},
             {"sku", a.sku},
             {"quantity", a.quantity}});
    }
    boost::json::array events;
    for (const auto& e : o.events) {
        events.push_back({{"at", core::format_iso8601(e.at)},
                          {"actor", e.actor},
                          {"from", e.from ? boost::json::value(*e.from) : nullptr},
                          {"to", e.to},
                          {"reason", e.reason}});
    }
    boost::json::array jobs;
    for (const auto& j : o.jobs) {
        jobs.push_back({{"id", j.id},
                        {"kind", j.kind},
                        {"status", j.status},
                        {"attempts", j.attempts},
                        {"last_error", j.last_error},
                        {"result", j.result},
                        {"run_at", core::format_iso8601(j.run_at)},
                        {"updated_at", core::format_iso8601(j.updated_at)}});
    }
    body["backordered"] = backordered;
    body["lines"] = std::move(lines);
    body["allocations"] = std::move(allocations);
    body["events"] = std::move(events);
    body["jobs"] = std::move(jobs);
    out = std::move(body);
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const StockSignal& s) {
    out = {{"id", s.id},
           {"at", core::format_iso8601(s.at)},
           {"kind", s.kind},
           {"sku", s.sku},
           {"warehouse", s.warehouse_id ? boost::json::value(s.warehouse) : nullptr},
           {"order_id", s.order_id ? boost::json::value(*s.order_id) : nullptr},
           {"available", s.available},
           {"reorder_point", s.reorder_point ? boost::json::value(*s.reorder_point) : nullptr},
           {"quantity", s.quantity}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const ImportSummary& s) {
    boost::json::array skipped;
    for (const auto& skip : s.skipped) {
        skipped.push_back({{"row", skip.row}, {"name", skip.name}, {"reason", skip.reason}});
    }
    out = {{"orders", s.orders},
           {"allocated", s.allocated},
           {"backordered", s.backordered},
           {"on_hold", s.on_hold},
           {"skipped", std::move(skipped)}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const RoutingSettings& r) {
    boost::json::array rules;
    for (const auto& setting : r.rules) {
        rules.push_back({{"rule", to_string(setting.rule)}, {"enabled", setting.enabled}});
    }
    boost::json::object costs;
    for (const auto& [code, cost] : r.warehouse_costs) {
        costs[code] = cost;
    }
    out = {{"rules", std::move(rules)},
           {"warehouse_costs", std::move(costs)},
           {"partial_shipments", to_string(r.partial_shipments.value_or(PartialShipments::wait))}};
}

}  // namespace tally::orders

namespace tally::http {

namespace {

using identity::Role;

const std::vector<Role> kOrderTakers = {Role::admin, Role::manager, Role::support};

// The order id in the path, then what to do with it.
template <class F>
Response with_order(Request& request, F&& f) {
    const auto id = id_param(request, "id");
    if (!id) {
        return problem(id.error());
    }
    return from_result(200, f(orders::OrderId{*id}));
}

// A JSON body's optional string field, or a 400 naming it.
core::Result<std::string> body_string(const Request& request, std::string_view key) {
    if (request.body.empty()) {
        return std::string();
    }
    auto body = parse_json_object(request);
    if (!body) {
        return std::unexpected(body.error());
    }
    core::FieldErrors errors;
    JsonReader reader(*body, errors);
    auto value = reader.optional_string(key).value_or("");
    if (!errors.empty()) {
        return errors.to_error();
    }
    return value;
}

core::Result<orders::RoutingSettings> read_routing(const Request& request) {
    auto body = parse_json_object(request);
    if (!body) {
        return std::unexpected(body.error());
    }
    core::FieldErrors errors;
    JsonReader reader(*body, errors);
    orders::RoutingSettings settings;
    if (const auto* rules = reader.optional_array("rules")) {
        for (std::size_t i = 0; i < rules->size(); ++i) {
            const std::string path = "rules/" + std::to_string(i);
            if (!(*rules)[i].is_object()) {
                errors.add(path, "must be an object");
                continue;
            }
            auto rule = reader.nested((*rules)[i].as_object(), path);
            const auto name = rule.required_string("rule");
            const auto parsed = orders::parse_rule(name);
            if (!parsed && !name.empty()) {
                errors.add(path + "/rule",
                           "must be ship_complete, fewest_warehouses, nearest or lowest_cost");
            }
            settings.rules.push_back({parsed.value_or(orders::RoutingRule::nearest),
                                      rule.optional_bool("enabled").value_or(true)});
        }
    }
    if (const auto* costs = reader.optional_object("warehouse_costs")) {
        for (const auto& [code, cost] : *costs) {
            if (!cost.is_int64()) {
                errors.add("warehouse_costs/" + std::string(code), "must be an integer");
                continue;
            }
            settings.warehouse_costs.emplace_back(std::string(code), cost.as_int64());
        }
    }
    if (const auto partial = reader.optional_string("partial_shipments")) {
        settings.partial_shipments = orders::parse_partial_shipments(*partial);
        if (!settings.partial_shipments) {
            errors.add("partial_shipments", "must be wait or ship_available");
        }
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    return settings;
}

}  // namespace

void register_order_routes(Router& router, orders::OrderService& orders) {
    router.add({.method = "POST",
                .pattern = "/api/v1/orders",
                .roles = kOrderTakers,
                .summary = "Take in an order: validate, allocate stock and route it",
                .handler = [&orders](Request& request, const RequestContext& context) {
                    auto input = decode_order_request(request.body);
                    if (!input) {
                        return problem(input.error());
                    }
                    orders::CreateRequest create{
                        .input = std::move(*input),
                        .request_digest = identity::secret_digest(request.body),
                        .render = [](const orders::Order& order) {
                            return boost::json::serialize(boost::json::value_from(order));
                        }};
                    if (auto key = request.header("idempotency-key")) {
                        create.idempotency_key = std::string(*key);
                    }
                    auto created = orders.create(context.user(), create);
                    if (!created) {
                        return problem(created.error());
                    }
                    Response response{.status = created->replayed ? 200 : 201,
                                      .content_type = "application/json",
                                      .body = std::move(created->body)};
                    if (created->replayed) {
                        response.headers.emplace_back("Idempotent-Replayed", "true");
                    } else {
                        response.headers.emplace_back(
                            "Location",
                            "/api/v1/orders/" + std::to_string(created->order.id.value));
                    }
                    return response;
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/orders/import",
                .roles = kOrderTakers,
                .summary = "Orders from CSV (Tally's columns or a Shopify export), all or nothing",
                .handler = [&orders](Request& request, const RequestContext& context) {
                    return from_result(201, orders.import_csv(context.user(), request.body));
                }});

    router.add(
        {.method = "GET",
         .pattern = "/api/v1/orders",
         .roles = kAnyRole,
         .summary = "Orders by status, warehouse, channel, external id, SKU, customer, dates",
         .handler = [&orders](Request& request, const RequestContext& context) {
             const auto paging = page_request(request);
             if (!paging) {
                 return problem(paging.error());
             }
             auto found =
                 orders.list(context.user(), {.status = query_string(request, "status"),
                                              .channel = query_string(request, "channel"),
                                              .external_id = query_string(request, "external_id"),
                                              .warehouse = query_string(request, "warehouse"),
                                              .sku = query_string(request, "sku"),
                                              .customer = query_string(request, "customer"),
                                              .created_from = query_string(request, "created_from"),
                                              .created_to = query_string(request, "created_to"),
                                              .after = paging->cursor,
                                              .limit = paging->limit});
             if (!found) {
                 return problem(found.error());
             }
             boost::json::array items;
             for (const auto& order : *found) {
                 items.push_back(orders::summary_json(order));
             }
             boost::json::object body{{"items", std::move(items)}};
             body["next_cursor"] = found->size() == static_cast<std::size_t>(paging->limit)
                                       ? boost::json::value(std::to_string(found->back().id.value))
                                       : nullptr;
             return json_response(200, body);
         }});

    router.add({.method = "GET",
                .pattern = "/api/v1/orders/{id}",
                .roles = kAnyRole,
                .summary = "One order with its lines, allocations and events",
                .handler = [&orders](Request& request, const RequestContext& context) {
                    return with_order(request, [&](orders::OrderId id) {
                        return orders.get(context.user(), id);
                    });
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/orders/{id}/cancel",
                .roles = kOrderTakers,
                .summary = "Cancel an order and give its reserved stock back",
                .handler = [&orders](Request& request, const RequestContext& context) {
                    auto reason = body_string(request, "reason");
                    if (!reason) {
                        return problem(reason.error());
                    }
                    return with_order(request, [&](orders::OrderId id) {
                        return orders.cancel(context.user(), id, *reason);
                    });
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/orders/{id}/hold",
                .roles = kOrderTakers,
                .summary = "Hold an order (address_check, fraud, manual, payment)",
                .handler = [&orders](Request& request, const RequestContext& context) {
                    auto reason = body_string(request, "reason");
                    auto note = body_string(request, "note");
                    if (!reason || !note) {
                        return problem(!reason ? reason.error() : note.error());
                    }
                    return with_order(request, [&](orders::OrderId id) {
                        return orders.hold(context.user(), id, *reason, *note);
                    });
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/orders/{id}/unhold",
                .roles = kOrderTakers,
                .summary = "Lift a hold",
                .handler = [&orders](Request& request, const RequestContext& context) {
                    auto note = body_string(request, "note");
                    if (!note) {
                        return problem(note.error());
                    }
                    return with_order(request, [&](orders::OrderId id) {
                        return orders.unhold(context.user(), id, *note);
                    });
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/orders/{id}/release",
                .roles = kManagers,
                .summary = "Release an allocated order to its warehouses' pick queues",
                .handler = [&orders](Request& request, const RequestContext& context) {
                    return with_order(request, [&](orders::OrderId id) {
                        return orders.release(context.user(), id);
                    });
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/orders/{id}/exception",
                .roles = kManagers,
                .summary = "Flag an order as an exception, with the reason",
                .handler = [&orders](Request& request, const RequestContext& context) {
                    auto reason = body_string(request, "reason");
                    if (!reason) {
                        return problem(reason.error());
                    }
                    if (reason->empty()) {
                        return problem(core::invalid_field("reason", "is required").error());
                    }
                    return with_order(request, [&](orders::OrderId id) {
                        return orders.transition(context.user(), id, orders::OrderStatus::exception,
                                                 *reason);
                    });
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/orders/reallocate",
                .roles = kManagers,
                .summary = "Give stock to backordered orders, oldest first",
                .handler = [&orders](Request&, const RequestContext& context) {
                    auto served = orders.reallocate(context.user(), {});
                    if (!served) {
                        return problem(served.error());
                    }
                    return json_response(200, boost::json::object{{"orders", *served}});
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/warehouses/{code}/pick-queue",
                .roles = kAnyRole,
                .summary = "Released orders to pick in a warehouse, oldest first",
                .handler = [&orders](Request& request, const RequestContext& context) {
                    const auto code = path_param(request, "code");
                    const auto paging = page_request(request);
                    if (!paging) {
                        return problem(paging.error());
                    }
                    auto queue =
                        orders.pick_queue(context.user(), code, paging->cursor, paging->limit);
                    if (!queue) {
                        return problem(queue.error());
                    }
                    return page(*queue, static_cast<std::size_t>(paging->limit),
                                [](const orders::Order& o) { return o.id.value; });
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/warehouses/{code}/release",
                .roles = kManagers,
                .summary = "Release allocated orders with stock in a warehouse, oldest first",
                .handler = [&orders](Request& request, const RequestContext& context) {
                    const auto code = path_param(request, "code");
                    const auto limit = query_int(request, "limit", 100, 1, 1000);
                    if (!limit) {
                        return problem(limit.error());
                    }
                    auto released =
                        orders.release_warehouse(context.user(), code, static_cast<int>(*limit));
                    if (!released) {
                        return problem(released.error());
                    }
                    boost::json::array ids;
                    for (const auto id : *released) {
                        ids.push_back(id.value);
                    }
                    return json_response(200, boost::json::object{{"released", std::move(ids)}});
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/routing",
                .roles = kAnyRole,
                .summary = "Routing rules in order and per-warehouse shipment costs",
                .handler = [&orders](Request&, const RequestContext&) {
                    return from_result(200, orders.routing());
                }});

    router.add({.method = "PUT",
                .pattern = "/api/v1/routing",
                .roles = kAdminOnly,
                .summary = "Order and enable routing rules; set warehouse shipment costs",
                .handler = [&orders](Request& request, const RequestContext& context) {
                    auto settings = read_routing(request);
                    if (!settings) {
                        return problem(settings.error());
                    }
                    return from_result(200, orders.save_routing(context.user(), *settings));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/inventory/signals",
                .roles = kAnyRole,
                .summary = "Low-stock, out-of-stock and backorder signals, oldest first",
                .handler = [&orders](Request& request, const RequestContext& context) {
                    const auto paging = page_request(request, 100, 1000);
                    if (!paging) {
                        return problem(paging.error());
                    }
                    auto signals = orders.signals(context.user(), paging->cursor, paging->limit);
                    if (!signals) {
                        return problem(signals.error());
                    }
                    return page(*signals, static_cast<std::size_t>(paging->limit),
                                [](const orders::StockSignal& s) { return s.id; });
                }});
}

}  // namespace tally::http
