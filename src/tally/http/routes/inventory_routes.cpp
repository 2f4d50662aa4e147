#include "tally/http/routes/inventory_routes.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "tally/http/routes/route_helpers.hpp"

namespace tally::inventory {

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Warehouse& w) {
    out = {{"id", w.id.value},
           {"code", w.code},
           {"name", w.name},
           {"address",
            {{"line1", w.address.line1},
             {"line2", w.address.line2},
             {"city", w.address.city},
             {"region", w.address.region},
             {"postal_code", w.address.postal_code},
             {"country", w.address.country}}},
           {"country", w.address.country},
           {"timezone", w.timezone},
           {"latitude", w.latitude ? boost::json::value(*w.latitude) : nullptr},
           {"longitude", w.longitude ? boost::json::value(*w.longitude) : nullptr},
           {"created_at", core::format_iso8601(w.created_at)},
           {"updated_at", core::format_iso8601(w.updated_at)}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Bin& b) {
    out = {{"id", b.id.value},
           {"warehouse", b.warehouse},
           {"code", b.code},
           {"zone", b.zone},
           {"pick_sequence", b.pick_sequence},
           {"kind", b.kind},
           {"active", b.active},
           {"barcode", b.barcode()}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Dock& d) {
    out = {{"id", d.id.value}, {"warehouse", d.warehouse}, {"door", d.door}, {"kind", d.kind}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Printer& p) {
    out = {{"id", p.id.value}, {"warehouse", p.warehouse}, {"code", p.code},    {"name", p.name},
           {"host", p.host},   {"port", p.port},           {"active", p.active}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const StockLevel& l) {
    out = {{"warehouse", l.warehouse},
           {"on_hand", l.on_hand},
           {"reserved", l.reserved},
           {"available", l.available()}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const StockChange& c) {
    out = {{"warehouse", c.warehouse},
           {"sku", c.sku},
           {"on_hand", c.on_hand},
           {"reserved", c.reserved},
           {"available", c.on_hand - c.reserved}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const StockRow& r) {
    out = {{"id", r.id},
           {"warehouse", r.warehouse},
           {"bin", r.bin},
           {"sku", r.sku},
           {"name", r.name},
           {"lot", r.lot},
           {"expiry", r.expiry ? boost::json::value(*r.expiry) : nullptr},
           {"received_at", core::format_iso8601(r.received_at)},
           {"quantity", r.quantity}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const StockCandidate& c) {
    out = {{"bin", c.bin_code},
           {"pick_sequence", c.pick_sequence},
           {"lot", c.lot},
           {"expiry", c.expiry ? boost::json::value(*c.expiry) : nullptr},
           {"received_at", core::format_iso8601(c.received_at)},
           {"quantity", c.quantity}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Threshold& t) {
    out = {{"sku", t.sku},
           {"warehouse", t.warehouse},
           {"reorder_point", t.reorder_point},
           {"safety_stock", t.safety_stock},
           {"lead_time_days", t.lead_time_days}};
}

}  // namespace tally::inventory

namespace tally::http {

namespace {

using identity::Role;

const std::vector<Role> kReceivers = {Role::admin, Role::manager, Role::receiver};
const std::vector<Role> kStockMovers = {Role::admin, Role::manager, Role::receiver, Role::picker};

constexpr std::int64_t kMaxQuantity = 1'000'000'000;

core::Result<inventory::WarehouseInput> read_warehouse(const Request& request,
                                                       std::optional<std::string> code) {
    auto body = parse_json_object(request);
    if (!body) {
        return std::unexpected(body.error());
    }
    core::FieldErrors errors;
    JsonReader reader(*body, errors);
    inventory::WarehouseInput input;
    input.code = code ? *code : reader.required_string("code");
    input.name = reader.required_string("name");
    input.timezone = reader.required_string("timezone");
    input.latitude = reader.optional_number("latitude");
    input.longitude = reader.optional_number("longitude");
    // The address may come flat ("country" beside "name") or as an "address" object.
    input.address.country = reader.optional_string("country").value_or("");
    if (const auto* address = reader.optional_object("address")) {
        auto nested = reader.nested(*address, "address");
        input.address.line1 = nested.optional_string("line1").value_or("");
        input.address.line2 = nested.optional_string("line2").value_or("");
        input.address.city = nested.optional_string("city").value_or("");
        input.address.region = nested.optional_string("region").value_or("");
        input.address.postal_code = nested.optional_string("postal_code").value_or("");
        if (auto country = nested.optional_string("country")) {
            input.address.country = *country;
        }
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    return input;
}

core::Result<inventory::BinInput> read_bin(const Request& request, std::optional<std::string> code,
                                           bool& active) {
    auto body = parse_json_object(request);
    if (!body) {
        return std::unexpected(body.error());
    }
    core::FieldErrors errors;
    JsonReader reader(*body, errors);
    inventory::BinInput input;
    input.code = code ? *code : reader.required_string("code");
    input.zone = reader.optional_string("zone").value_or("");
    input.pick_sequence = static_cast<int>(reader.int_in("pick_sequence", 0, 0, 2'000'000'000));
    input.kind = reader.optional_string("kind").value_or("storage");
    active = reader.optional_bool("active").value_or(true);
    if (!errors.empty()) {
        return errors.to_error();
    }
    return input;
}

// Runs `call` on the fields `read` takes from the JSON body; the service checks the scope.
template <class Read, class Call>
Response stock_change(const Request& request, Read read, Call call) {
    auto body = parse_json_object(request);
    if (!body) {
        return problem(body.error());
    }
    core::FieldErrors errors;
    JsonReader reader(*body, errors);
    auto input = read(reader);
    if (!errors.empty()) {
        return problem(errors.to_error().error());
    }
    return from_result(201, call(input));
}

}  // namespace

void register_inventory_routes(Router& router, inventory::InventoryService& inventory) {
    router.add({.method = "POST",
                .pattern = "/api/v1/warehouses",
                .roles = kAdminOnly,
                .summary = "Create a warehouse",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    auto input = read_warehouse(request, std::nullopt);
                    if (!input) {
                        return problem(input.error());
                    }
                    return from_result(201, inventory.create_warehouse(context.user(), *input));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/warehouses",
                .roles = kAnyRole,
                .summary = "All warehouses",
                .handler = [&inventory](Request&, const RequestContext&) {
                    auto warehouses = inventory.list_warehouses();
                    if (!warehouses) {
                        return problem(warehouses.error());
                    }
                    return json_response(
                        200, boost::json::object{{"items", boost::json::value_from(*warehouses)}});
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/warehouses/{code}",
                .roles = kAnyRole,
                .summary = "One warehouse",
                .handler = [&inventory](Request& request, const RequestContext&) {
                    return from_result(200, inventory.get_warehouse(path_param(request, "code")));
                }});

    router.add({.method = "PUT",
                .pattern = "/api/v1/warehouses/{code}",
                .roles = kAdminOnly,
                .summary = "Change a warehouse's name, address, time zone or position",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    auto input = read_warehouse(request, path_param(request, "code"));
                    if (!input) {
                        return problem(input.error());
                    }
                    return from_result(200, inventory.update_warehouse(context.user(), *input));
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/warehouses/{code}/bins",
                .roles = kManagers,
                .summary = "Create a bin location",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    bool active = true;
                    auto input = read_bin(request, std::nullopt, active);
                    if (!input) {
                        return problem(input.error());
                    }
                    return from_result(
                        201,
                        inventory.create_bin(context.user(), path_param(request, "code"), *input));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/warehouses/{code}/bins",
                .roles = kAnyRole,
                .summary = "A warehouse's bins",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    const auto paging = page_request(request, 100, 1000);
                    if (!paging) {
                        return problem(paging.error());
                    }
                    auto bins = inventory.list_bins(context.user(), path_param(request, "code"),
                                                    paging->cursor, paging->limit);
                    if (!bins) {
                        return problem(bins.error());
                    }
                    return page(*bins, static_cast<std::size_t>(paging->limit),
                                [](const inventory::Bin& b) { return b.id.value; });
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/warehouses/{code}/bins/{bin}",
                .roles = kAnyRole,
                .summary = "One bin",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    return from_result(
                        200, inventory.get_bin(context.user(), path_param(request, "code"),
                                               path_param(request, "bin")));
                }});

    router.add({.method = "PUT",
                .pattern = "/api/v1/warehouses/{code}/bins/{bin}",
                .roles = kManagers,
                .summary = "Change a bin's zone, pick sequence, kind or active flag",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    bool active = true;
                    auto input = read_bin(request, path_param(request, "bin"), active);
                    if (!input) {
                        return problem(input.error());
                    }
                    return from_result(
                        200, inventory.update_bin(context.user(), path_param(request, "code"),
                                                  *input, active));
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/warehouses/{code}/docks",
                .roles = kManagers,
                .summary = "Create a dock door",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    auto body = parse_json_object(request);
                    if (!body) {
                        return problem(body.error());
                    }
                    core::FieldErrors errors;
                    JsonReader reader(*body, errors);
                    inventory::DockInput input{reader.required_string("door"),
                                               reader.optional_string("kind").value_or("both")};
                    if (!errors.empty()) {
                        return problem(errors.to_error().error());
                    }
                    return from_result(
                        201,
                        inventory.create_dock(context.user(), path_param(request, "code"), input));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/warehouses/{code}/docks",
                .roles = kAnyRole,
                .summary = "A warehouse's dock doors",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    auto docks = inventory.list_docks(context.user(), path_param(request, "code"));
                    if (!docks) {
                        return problem(docks.error());
                    }
                    return json_response(
                        200, boost::json::object{{"items", boost::json::value_from(*docks)}});
                }});

    router.add(
        {.method = "POST",
         .pattern = "/api/v1/warehouses/{code}/printers",
         .roles = kManagers,
         .summary = "Register a label printer (host, port 9100 by default)",
         .handler = [&inventory](Request& request, const RequestContext& context) {
             auto body = parse_json_object(request);
             if (!body) {
                 return problem(body.error());
             }
             core::FieldErrors errors;
             JsonReader reader(*body, errors);
             inventory::PrinterInput input{.code = reader.required_string("code"),
                                           .name = reader.optional_string("name").value_or(""),
                                           .host = reader.required_string("host"),
                                           .port = static_cast<int>(reader.int_in(
                                               "port", inventory::kDefaultPrinterPort, 1, 65535))};
             if (!errors.empty()) {
                 return problem(errors.to_error().error());
             }
             return from_result(
                 201, inventory.create_printer(context.user(), path_param(request, "code"), input));
         }});

    router.add({.method = "GET",
                .pattern = "/api/v1/warehouses/{code}/printers",
                .roles = kAnyRole,
                .summary = "A warehouse's label printers",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    auto printers =
                        inventory.list_printers(context.user(), path_param(request, "code"));
                    if (!printers) {
                        return problem(printers.error());
                    }
                    return json_response(
                        200, boost::json::object{{"items", boost::json::value_from(*printers)}});
                }});

    router.add({.method = "PATCH",
                .pattern = "/api/v1/warehouses/{code}/printers/{printer}",
                .roles = kManagers,
                .summary = "Change a printer's name, host, port or active flag",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    auto body = parse_json_object(request);
                    if (!body) {
                        return problem(body.error());
                    }
                    core::FieldErrors errors;
                    JsonReader reader(*body, errors);
                    inventory::PrinterChange change{.name = reader.optional_string("name"),
                                                    .host = reader.optional_string("host"),
                                                    .active = reader.optional_bool("active")};
                    if (auto port = reader.optional_int("port")) {
                        change.port = static_cast<int>(std::clamp<std::int64_t>(*port, 0, 65536));
                    }
                    if (!errors.empty()) {
                        return problem(errors.to_error().error());
                    }
                    return from_result(
                        200, inventory.update_printer(context.user(), path_param(request, "code"),
                                                      path_param(request, "printer"), change));
                }});

    router.add({.method = "DELETE",
                .pattern = "/api/v1/warehouses/{code}/printers/{printer}",
                .roles = kManagers,
                .summary = "Deactivate a printer: labels are no longer sent to it",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    auto changed =
                        inventory.update_printer(context.user(), path_param(request, "code"),
                                                 path_param(request, "printer"), {.active = false});
                    if (!changed) {
                        return problem(changed.error());
                    }
                    return Response{.status = 204};
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/inventory/receipts",
                .roles = kReceivers,
                .summary = "Receive stock into a bin",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    return stock_change(
                        request,
                        [](JsonReader& r) {
                            return inventory::ReceiptInput{
                                .warehouse = r.required_string("warehouse"),
                                .bin = r.required_string("bin"),
                                .sku = r.required_string("sku"),
                                .quantity = r.required_int("quantity", 1, kMaxQuantity),
                                .lot = r.optional_string("lot"),
                                .expiry = r.optional_string("expiry"),
                                .reference = r.optional_string("reference").value_or("")};
                        },
                        [&](const inventory::ReceiptInput& input) {
                            return inventory.receive(context.user(), input);
                        });
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/inventory/moves",
                .roles = kStockMovers,
                .summary = "Move stock from one bin to another",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    return stock_change(
                        request,
                        [](JsonReader& r) {
                            return inventory::MoveInput{
                                .warehouse = r.required_string("warehouse"),
                                .from_bin = r.required_string("from_bin"),
                                .to_bin = r.required_string("to_bin"),
                                .sku = r.required_string("sku"),
                                .quantity = r.required_int("quantity", 1, kMaxQuantity),
                                .lot = r.optional_string("lot").value_or(""),
                                .reference = r.optional_string("reference").value_or("")};
                        },
                        [&](const inventory::MoveInput& input) {
                            return inventory.move(context.user(), input);
                        });
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/inventory/adjustments",
                .roles = kManagers,
                .summary = "Correct stock with a reason (count, damage, expiry, loss, found)",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    return stock_change(
                        request,
                        [](JsonReader& r) {
                            return inventory::AdjustmentInput{
                                .warehouse = r.required_string("warehouse"),
                                .bin = r.required_string("bin"),
                                .sku = r.required_string("sku"),
                                .delta = r.required_int("delta", -kMaxQuantity, kMaxQuantity),
                                .lot = r.optional_string("lot").value_or(""),
                                .reason = r.required_string("reason"),
                                .expiry = r.optional_string("expiry"),
                                .reference = r.optional_string("reference").value_or("")};
                        },
                        [&](const inventory::AdjustmentInput& input) {
                            return inventory.adjust(context.user(), input);
                        });
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/inventory",
                .roles = kAnyRole,
                .summary = "A product's stock per warehouse: on hand, reserved, available",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    const auto sku = query_string(request, "sku");
                    if (!sku) {
                        return problem(400, "Say which product.", {{"sku", "is required"}});
                    }
                    auto levels = inventory.levels(context.user(), *sku);
                    if (!levels) {
                        return problem(levels.error());
                    }
                    std::int64_t on_hand = 0;
                    std::int64_t reserved = 0;
                    for (const auto& level : *levels) {
                        on_hand += level.on_hand;
                        reserved += level.reserved;
                    }
                    return json_response(
                        200, boost::json::object{{"sku", *sku},
                                                 {"items", boost::json::value_from(*levels)},
                                                 {"on_hand", on_hand},
                                                 {"reserved", reserved},
                                                 {"available", on_hand - reserved}});
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/inventory/stock",
                .roles = kAnyRole,
                .summary = "Stock by bin and lot, filtered by sku, warehouse, bin, lot, expiry",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    const auto paging = page_request(request, 100, 1000);
                    if (!paging) {
                        return problem(paging.error());
                    }
                    inventory::InventoryService::RowQuery query{
                        .sku = query_string(request, "sku"),
                        .warehouse = query_string(request, "warehouse"),
                        .bin = query_string(request, "bin"),
                        .lot = query_string(request, "lot"),
                        .expires_before = query_string(request, "expires_before"),
                        .after = paging->cursor,
                        .limit = paging->limit};
                    auto rows = inventory.rows(context.user(), query);
                    if (!rows) {
                        return problem(rows.error());
                    }
                    return page(*rows, static_cast<std::size_t>(paging->limit),
                                [](const inventory::StockRow& r) { return r.id; });
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/inventory/snapshot",
                .roles = kAnyRole,
                .summary = "Every stock row as CSV, optionally for one warehouse",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    auto csv =
                        inventory.snapshot_csv(context.user(), query_string(request, "warehouse"));
                    if (!csv) {
                        return problem(csv.error());
                    }
                    return csv_response(std::move(*csv), "stock.csv");
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/inventory/pick-order",
                .roles = kAnyRole,
                .summary = "Where to pick a product from, in FEFO or FIFO order",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    const auto sku = query_string(request, "sku");
                    const auto warehouse = query_string(request, "warehouse");
                    if (!sku || !warehouse) {
                        std::vector<core::FieldError> missing;
                        if (!sku) {
                            missing.push_back({"sku", "is required"});
                        }
                        if (!warehouse) {
                            missing.push_back({"warehouse", "is required"});
                        }
                        return problem(400, "Say which product and warehouse.", missing);
                    }
                    auto order = inventory.pick_order(context.user(), *sku, *warehouse);
                    if (!order) {
                        return problem(order.error());
                    }
                    return json_response(
                        200, boost::json::object{{"items", boost::json::value_from(*order)}});
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/inventory/thresholds",
                .roles = kAnyRole,
                .summary = "Replenishment thresholds, optionally for one product",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    auto thresholds =
                        inventory.thresholds(context.user(), query_string(request, "sku"));
                    if (!thresholds) {
                        return problem(thresholds.error());
                    }
                    return json_response(
                        200, boost::json::object{{"items", boost::json::value_from(*thresholds)}});
                }});

    router.add(
        {.method = "PUT",
         .pattern = "/api/v1/inventory/thresholds",
         .roles = kManagers,
         .summary = "Set a product's reorder point, safety stock and lead time in a warehouse",
         .handler = [&inventory](Request& request, const RequestContext& context) {
             auto body = parse_json_object(request);
             if (!body) {
                 return problem(body.error());
             }
             core::FieldErrors errors;
             JsonReader r(*body, errors);
             inventory::ThresholdInput input{
                 .sku = r.required_string("sku"),
                 .warehouse = r.required_string("warehouse"),
                 .reorder_point =
                     static_cast<int>(r.required_int("reorder_point", 0, 2'000'000'000)),
                 .safety_stock = static_cast<int>(r.int_in("safety_stock", 0, 0, 2'000'000'000)),
                 .lead_time_days = static_cast<int>(r.int_in("lead_time_days", 0, 0, 3650))};
             if (!errors.empty()) {
                 return problem(errors.to_error().error());
             }
             return from_result(200, inventory.save_threshold(context.user(), input));
         }});

    router.add({.method = "POST",
                .pattern = "/api/v1/inventory/import",
                .roles = kManagers,
                .summary = "Opening stock from CSV into its bins, all or nothing",
                .handler = [&inventory](Request& request, const RequestContext& context) {
                    auto rows = inventory::stock_rows_from_csv(request.body);
                    if (!rows) {
                        return problem(rows.error());
                    }
                    const auto reference = query_string(request, "reference").value_or("import");
                    auto imported = inventory.import_stock(context.user(), *rows, reference);
                    if (!imported) {
                        return problem(imported.error());
                    }
                    return json_response(201, boost::json::object{{"rows", *imported}});
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/inventory/fsck",
                .roles = kAdminOnly,
                .summary = "Check that stock equals its ledger and reserved never exceeds on hand",
                .handler = [&inventory](Request&, const RequestContext&) {
                    auto issues = inventory.fsck();
                    if (!issues) {
                        return problem(issues.error());
                    }
                    return json_response(
                        200, boost::json::object{{"ok", issues->empty()},
                                                 {"issues", boost::json::value_from(*issues)}});
                }});
}

}  // namespace tally::http
