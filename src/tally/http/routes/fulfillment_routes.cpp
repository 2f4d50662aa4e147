#include "tally/http/routes/fulfillment_routes.hpp"

#include <boost/json.hpp>

#include "tally/http/routes/request_decode.hpp"
#include "tally/http/routes/route_helpers.hpp"

namespace tally::fulfillment {

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Instruction& i) {
    boost::json::object o{{"action", i.action}};
    if (i.order) {
        o["order"] = *i.order;
        o["order_barcode"] = label_text(LabelKind::order, *i.order);
    }
    if (i.tote) {
        o["tote"] = *i.tote;
    }
    const auto text = [&o](const char* key, const std::optional<std::string>& value) {
        if (value) {
            o[key] = *value;
        }
    };
    text("bin", i.bin);
    text("sku", i.sku);
    text("name", i.name);
    if (i.quantity) {
        o["quantity"] = *i.quantity;
    }
    text("lot", i.lot);
    text("expiry", i.expiry);
    if (i.rotation_warning) {
        o["rotation_warning"] = true;
    }
    if (i.fragile) {
        o["fragile"] = true;
        o["packing_rules"] = kFragileRules;
    }
    text("box", i.box);
    if (i.carton) {
        o["carton"] = *i.carton;
        o["carton_barcode"] = label_text(LabelKind::carton, *i.carton);
    }
    text("sscc", i.sscc);
    if (i.weight) {
        o["weight"] = {{"expected_g", i.weight->expected_g},
                       {"min_g", i.weight->min_g},
                       {"max_g", i.weight->max_g}};
    }
    text("carrier", i.carrier);
    text("service", i.service);
    if (!i.missing.empty()) {
        o["missing"] = boost::json::value_from(i.missing);
    }
    out = std::move(o);
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Progress& p) {
    boost::json::object o{{"done", p.done}, {"total", p.total}};
    if (p.cartons > 0) {
        o["carton"] = p.carton;
        o["cartons"] = p.cartons;
    }
    out = std::move(o);
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const ScanAnswer& a) {
    out = {{"verdict", to_string(a.verdict)},
           {"message", a.message},
           {"station", a.station},
           {"step", a.step},
           {"expected", boost::json::value_from(a.expected)},
           {"progress", boost::json::value_from(a.progress)},
           {"next", boost::json::value_from(a.next)}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const StationStatus& s) {
    out = {{"id", s.id},
           {"code", s.code},
           {"type", to_string(s.kind)},
           {"warehouse", s.warehouse},
           {"user", s.user ? boost::json::value(*s.user) : nullptr},
           {"step", to_string(s.state.step)},
           {"orders", boost::json::value_from(s.state.orders)},
           {"batch", s.state.batch != 0 ? boost::json::value(s.state.batch) : nullptr},
           {"manifest", s.state.manifest != 0 ? boost::json::value(s.state.manifest) : nullptr},
           {"next", boost::json::value_from(s.next)},
           {"progress", boost::json::value_from(s.progress)},
           {"updated_at", core::format_iso8601(s.updated_at)}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Batch& b) {
    boost::json::array totes;
    for (const auto& [slot, order] : b.orders) {
        totes.push_back({{"slot", slot},
                         {"barcode", tote_label(b.id, slot)},
                         {"order", order},
                         {"order_barcode", label_text(LabelKind::order, order)}});
    }
    out = {{"id", b.id},
           {"barcode", label_text(LabelKind::batch, b.id)},
           {"warehouse", b.warehouse},
           {"status", b.status},
           {"created_at", core::format_iso8601(b.created_at)},
           {"totes", std::move(totes)}};
}

boost::json::value optional_time(const std::optional<core::TimestampMs>& at) {
    return at ? boost::json::value(core::format_iso8601(*at)) : nullptr;
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Manifest& m) {
    out = {{"id", m.row.id},
           {"barcode", label_text(LabelKind::trailer, m.row.id)},
           {"carrier", m.row.carrier},
           {"warehouse", m.row.warehouse},
           {"status", m.row.status},
           {"created_by", m.row.created_by},
           {"created_at", core::format_iso8601(m.row.created_at)},
           {"closed_at", optional_time(m.row.closed_at)},
           {"loaded", m.loaded},
           {"missing", boost::json::value_from(m.missing)}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const CartonRow& c) {
    const auto optional_text = [](const std::optional<std::string>& v) {
        return v ? boost::json::value(*v) : nullptr;
    };
    out = {{"id", c.id},
           {"barcode", label_text(LabelKind::carton, c.id)},
           {"sscc", c.sscc},
           {"sscc_barcode", "(00)" + c.sscc},
           {"order", c.order_id},
           {"warehouse", c.warehouse},
           {"seq", c.seq},
           {"box", c.box_code},
           {"status", c.status},
           {"expected_weight_g", c.expected_weight_g},
           {"weight_g", c.weight_g ? boost::json::value(*c.weight_g) : nullptr},
           {"carrier", c.carrier},
           {"service", c.service},
           {"tracking_number", optional_text(c.tracking)},
           {"manifest", c.manifest_id ? boost::json::value(*c.manifest_id) : nullptr},
           {"override_reason", optional_text(c.override_reason)},
           {"created_at", core::format_iso8601(c.created_at)},
           {"packed_at", optional_time(c.packed_at)},
           {"loaded_at", optional_time(c.loaded_at)}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const ScanGroup& g) {
    out = {{"key", g.key},
           {"scans", g.scans},
           {"keyed", g.keyed},
           {"errors", g.errors},
           {"units", g.units}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const ScanReport& r) {
    out = {{"from", core::format_iso8601(r.from)},
           {"to", core::format_iso8601(r.to)},
           {"scans", r.scans},
           {"keyed", r.keyed},
           {"errors", r.errors},
           {"errors_caught", r.errors_caught},
           {"units", r.units},
           {"errors_per_1000_units", r.errors_per_1000_units},
           {"by_step", boost::json::value_from(r.by_step)},
           {"by_verdict", boost::json::value_from(r.by_verdict)},
           {"by_user", boost::json::value_from(r.by_user)},
           {"by_product", boost::json::value_from(r.by_product)},
           {"by_bin", boost::json::value_from(r.by_bin)},
           {"orders_with_exceptions", boost::json::value_from(r.orders_with_exceptions)},
           {"money",
            {{"currency", r.currency},
             {"saved", r.money_saved},
             {"labour_cost", r.labour_cost},
             {"net", r.money_saved - r.labour_cost}}}};
}

// Hour and day slots come sparse from the database; the dashboard gets every slot.
boost::json::array dashboard_slots(const std::vector<fulfillment::HourFigures>& figures,
                                   core::TimestampMs from, std::int64_t slot_ms, int count,
                                   std::int64_t offset_ms, bool days) {
    boost::json::array out;
    auto next = figures.begin();
    for (int i = 0; i < count; ++i) {
        fulfillment::HourFigures slot{.slot = i};
        if (next != figures.end() && next->slot == i) {
            slot = *next++;
        }
        const auto start = from + i * slot_ms;
        boost::json::object row{{"scans", slot.scans}, {"errors", slot.errors}};
        if (days) {
            row["date"] = core::format_iso8601(start + offset_ms).substr(0, 10);
            row["per_1000"] = slot.scans == 0 ? 0.0
                                              : static_cast<double>(slot.errors) * 1000.0 /
                                                    static_cast<double>(slot.scans);
        } else {
            row["hour"] = core::format_iso8601(start);
            row["units_picked"] = slot.units_picked;
            row["units_packed"] = slot.units_packed;
        }
        row["orders_shipped"] = slot.orders_shipped;
        out.push_back(std::move(row));
    }
    return out;
}

boost::json::array dashboard_groups(const std::vector<ScanGroup>& groups, const char* name) {
    boost::json::array out;
    for (const auto& g : groups) {
        out.push_back({{name, g.key}, {"scans", g.scans}, {"errors", g.errors}});
    }
    return out;
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out,
                const fulfillment::Dashboard& d) {
    constexpr std::int64_t kHourMs = 3'600'000;
    const std::int64_t offset = std::int64_t{d.utc_offset_minutes} * 60'000;
    boost::json::object by_status;
    for (const auto& [status, count] : d.orders_by_status) {
        by_status[status] = count;
    }
    boost::json::array oldest;
    for (const auto& o : d.oldest_unshipped) {
        oldest.push_back({{"id", o.id},
                          {"barcode", "ORD-" + std::to_string(o.id)},
                          {"status", o.status},
                          {"warehouse", o.warehouse.empty() ? boost::json::value(nullptr)
                                                            : boost::json::value(o.warehouse)},
                          {"created_at", core::format_iso8601(o.created_at)},
                          {"age_hours", static_cast<double>(d.now - o.created_at) / kHourMs}});
    }
    out = {
        {"date", core::format_iso8601(d.day_start + offset).substr(0, 10)},
        {"generated_at", core::format_iso8601(d.now)},
        {"utc_offset_minutes", d.utc_offset_minutes},
        {"warehouse", d.warehouse ? boost::json::value(*d.warehouse) : nullptr},
        {"orders_by_status", std::move(by_status)},
        {"throughput_per_hour", dashboard_slots(d.hours, d.hours_from, kHourMs, 24, 0, false)},
        {"errors_by_step", dashboard_groups(d.errors_by_step, "step")},
        {"errors_by_user", dashboard_groups(d.errors_by_user, "user")},
        {"error_rate_trend", dashboard_slots(d.days, d.days_from, 24 * kHourMs, 14, offset, true)},
        {"oldest_unshipped", std::move(oldest)}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const ScanLogRow& s) {
    out = {{"id", s.id},
           {"at", core::format_iso8601(s.at)},
           {"scanned_at", optional_time(s.scanned_at)},
           {"station", s.station},
           {"warehouse", s.warehouse},
           {"user", s.actor},
           {"step", s.step},
           {"barcode", s.barcode},
           {"expected", s.expected},
           {"verdict", s.verdict},
           {"order", s.order_id ? boost::json::value(*s.order_id) : nullptr},
           {"entry", s.entry},
           {"reason", s.reason ? boost::json::value(*s.reason) : nullptr}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const CountTaskRow& c) {
    out = {{"id", c.id},
           {"warehouse", c.warehouse},
           {"bin", c.bin},
           {"sku", c.sku},
           {"reason", c.reason},
           {"status", c.status},
           {"created_at", core::format_iso8601(c.created_at)}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const DamageReport& d) {
    out = {{"sku", d.sku}, {"from_bin", d.from_bin}, {"to_bin", d.to_bin}, {"reason", d.reason}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out,
                const FulfillmentSettings& s) {
    out = {{"weight_tolerance_percent", s.weight_tolerance_percent},
           {"weight_tolerance_min_g", s.weight_tolerance_min_g},
           {"carton_padding_mm", s.carton_padding_mm},
           {"sscc_extension", s.sscc_extension},
           {"sscc_company_prefix", s.sscc_company_prefix},
           {"cost_per_shipped_error", s.cost_per_shipped_error},
           {"seconds_per_scan", s.seconds_per_scan},
           {"labour_rate_per_hour", s.labour_rate_per_hour},
           {"currency", s.currency},
           {"expiry_warning_days", s.expiry_warning_days},
           {"keyed_entry_requires_supervisor", s.keyed_entry_requires_supervisor}};
}

}  // namespace tally::fulfillment

namespace tally::http {

namespace {

using identity::Role;

const std::vector<Role> kFloor = {Role::admin, Role::manager, Role::picker, Role::packer,
                                  Role::loader};
const std::vector<Role> kPickLeads = {Role::admin, Role::manager, Role::picker};
const std::vector<Role> kLoaders = {Role::admin, Role::manager, Role::loader};
const std::vector<Role> kReportReaders = {Role::admin, Role::manager, Role::viewer};

Response scan_response(const core::Result<fulfillment::ScanReply>& reply) {
    if (!reply) {
        return problem(reply.error());
    }
    Response response{.status = 200, .content_type = "application/json", .body = reply->body};
    if (reply->replayed) {
        response.headers.emplace_back("Idempotent-Replayed", "true");
    }
    return response;
}

std::string render(const fulfillment::ScanAnswer& answer) {
    return boost::json::serialize(boost::json::value_from(answer));
}

// A supervisor is a manager or admin whose credentials check out: their user name, or the
// problem to answer.
core::Result<std::string> verify_supervisor(identity::IdentityService& identity,
                                            const Request& request, const SupervisorLogin& login) {
    auto supervisor = identity.verify_credentials({.username = login.username,
                                                   .password = login.password,
                                                   .client_address = request.client_address});
    if (!supervisor) {
        return std::unexpected(supervisor.error());
    }
    if (supervisor->role != Role::admin && supervisor->role != Role::manager) {
        return std::unexpected(core::Error{
            .code = core::ErrorCode::forbidden,
            .message = supervisor->username + " is not a supervisor (a manager or admin).",
            .fields = {{"supervisor", "must be a manager or admin"}}});
    }
    return supervisor->username;
}

// The body as `read` takes it from the JSON object; a 400 naming every bad field.
template <class T, class Read>
core::Result<T> read_body(const Request& request, Read&& read) {
    auto body = parse_json_object(request);
    if (!body) {
        return std::unexpected(body.error());
    }
    core::FieldErrors errors;
    JsonReader reader(*body, errors);
    T value = read(reader);
    if (!errors.empty()) {
        return errors.to_error();
    }
    return value;
}

template <class F>
Response with_id(Request& request, F&& f) {
    const auto id = id_param(request, "id");
    if (!id) {
        return problem(id.error());
    }
    return from_result(200, f(*id));
}

std::optional<std::int64_t> query_id(const Request& request, std::string_view name,
                                     core::FieldErrors& errors) {
    const auto text = request.query_param(name);
    if (!text) {
        return std::nullopt;
    }
    const auto value = query_int(request, name, 0, 1, INT64_MAX);
    if (!value) {
        errors.add(std::string(name), "must be a positive integer");
        return std::nullopt;
    }
    return *value;
}

}  // namespace

void register_fulfillment_routes(Router& router, const FulfillmentServices& services,
                                 identity::IdentityService& identity) {
    auto& stations = services.stations;
    auto& batches = services.batches;
    auto& trailers = services.trailers;
    auto& cartons = services.cartons;
    auto& reports = services.reports;
    auto& tasks = services.tasks;
    auto& settings = services.settings;
    router.add({.method = "POST",
                .pattern = "/api/v1/stations",
                .roles = kManagers,
                .summary = "Set up a pick, pack or load station in a warehouse",
                .handler = [&stations](Request& request, const RequestContext& context) {
                    auto input = read_body<fulfillment::StationInput>(request, [](JsonReader& r) {
                        return fulfillment::StationInput{r.required_string("code"),
                                                         r.required_string("type"),
                                                         r.required_string("warehouse")};
                    });
                    if (!input) {
                        return problem(input.error());
                    }
                    return from_result(201, stations.create_station(context.user(), *input));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/stations",
                .roles = kAnyRole,
                .summary = "Stations, with the step each waits for",
                .handler = [&stations](Request& request, const RequestContext& context) {
                    auto found =
                        stations.list_stations(context.user(), query_string(request, "warehouse"));
                    if (!found) {
                        return problem(found.error());
                    }
                    return json_response(
                        200, boost::json::object{{"items", boost::json::value_from(*found)}});
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/stations/{code}",
                .roles = kAnyRole,
                .summary = "One station: its job, progress and the next instruction",
                .handler = [&stations](Request& request, const RequestContext& context) {
                    return from_result(
                        200, stations.get_station(context.user(), path_param(request, "code")));
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/stations/{code}/scans",
                .roles = kFloor,
                .summary = "One scan: the verdict and the next instruction (a scan_id replays)",
                .handler = [&stations, &identity](Request& request, const RequestContext& context) {
                    auto scan = decode_scan_request(request.body);
                    if (!scan) {
                        return problem(scan.error());
                    }
                    if (scan->supervisor) {
                        auto approved = verify_supervisor(identity, request, *scan->supervisor);
                        if (!approved) {
                            return problem(approved.error());
                        }
                        scan->input.approved_by = std::move(*approved);
                    }
                    return scan_response(
                        stations.scan(context.user(), path_param(request, "code"),
                                      {.input = std::move(scan->input), .render = render}));
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/stations/{code}/override",
                .roles = kFloor,
                .summary = "A supervisor accepts a refused carton weight, with a reason",
                .handler = [&stations, &identity](Request& request, const RequestContext& context) {
                    struct Input {
                        std::string reason;
                        std::optional<std::string> username;
                        std::optional<std::string> password;
                    };
                    auto input = read_body<Input>(request, [](JsonReader& r) {
                        Input in{.reason = r.required_string("reason")};
                        if (const auto* supervisor = r.optional_object("supervisor")) {
                            auto nested = r.nested(*supervisor, "supervisor");
                            in.username = nested.required_string("username");
                            in.password = nested.required_string("password");
                        }
                        return in;
                    });
                    if (!input) {
                        return problem(input.error());
                    }
                    const bool manager =
                        context.user().role == Role::admin || context.user().role == Role::manager;
                    std::string reason = input->reason;
                    if (input->username) {
                        // The supervisor approves on the packer's device: the station stays
                        // the packer's, and the carton records who approved.
                        auto supervisor =
                            identity.verify_credentials({.username = *input->username,
                                                         .password = *input->password,
                                                         .client_address = request.client_address});
                        if (!supervisor) {
                            return problem(supervisor.error());
                        }
                        if (supervisor->role != Role::admin && supervisor->role != Role::manager) {
                            return problem(403, supervisor->username +
                                                    " is not a supervisor (a manager or admin).");
                        }
                        if (reason.find_first_not_of(" \t") != std::string::npos) {
                            reason += " (approved by " + supervisor->username + ")";
                        }
                    } else if (!manager) {
                        return problem(core::Error{.code = core::ErrorCode::forbidden,
                                                   .message =
                                                       "An override needs a supervisor's user name "
                                                       "and password.",
                                                   .fields = {{"supervisor", "is required"}}});
                    }
                    return scan_response(stations.override_weight(
                        context.user(), path_param(request, "code"), reason, render));
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/stations/{code}/damage",
                .roles = kFloor,
                .summary = "Flag a damaged unit: it moves to the damage bin through the ledger",
                .handler = [&stations](Request& request, const RequestContext& context) {
                    auto input = read_body<fulfillment::DamageInput>(request, [](JsonReader& r) {
                        return fulfillment::DamageInput{.barcode = r.required_string("barcode"),
                                                        .reason = r.required_string("reason"),
                                                        .bin = r.optional_string("bin")};
                    });
                    if (!input) {
                        return problem(input.error());
                    }
                    return from_result(
                        201,
                        stations.flag_damage(context.user(), path_param(request, "code"), *input));
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/pick-batches",
                .roles = kPickLeads,
                .summary = "Group released orders into one cart, a tote each",
                .handler = [&batches](Request& request, const RequestContext& context) {
                    auto input = read_body<fulfillment::BatchInput>(request, [](JsonReader& r) {
                        fulfillment::BatchInput input;
                        input.warehouse = r.required_string("warehouse");
                        input.size = static_cast<int>(r.int_in("size", 0, 0, 48));
                        if (const auto* orders = r.optional_array("orders")) {
                            for (std::size_t i = 0; i < orders->size(); ++i) {
                                if (!(*orders)[i].is_int64() || (*orders)[i].as_int64() <= 0) {
                                    r.errors().add("orders/" + std::to_string(i),
                                                   "must be an order id");
                                } else {
                                    input.orders.push_back((*orders)[i].as_int64());
                                }
                            }
                        }
                        return input;
                    });
                    if (!input) {
                        return problem(input.error());
                    }
                    return from_result(201, batches.create_batch(context.user(), *input));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/pick-batches/{id}",
                .roles = kAnyRole,
                .summary = "One pick batch with its totes",
                .handler = [&batches](Request& request, const RequestContext& context) {
                    return with_id(request, [&](std::int64_t id) {
                        return batches.get_batch(context.user(), id);
                    });
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/manifests",
                .roles = kLoaders,
                .summary = "Open a trailer manifest for a carrier's pickup",
                .handler = [&trailers](Request& request, const RequestContext& context) {
                    auto input = read_body<fulfillment::ManifestInput>(request, [](JsonReader& r) {
                        return fulfillment::ManifestInput{r.required_string("carrier"),
                                                          r.required_string("warehouse")};
                    });
                    if (!input) {
                        return problem(input.error());
                    }
                    return from_result(201, trailers.create_manifest(context.user(), *input));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/manifests",
                .roles = kAnyRole,
                .summary = "Trailer manifests by warehouse and status",
                .handler = [&trailers](Request& request, const RequestContext& context) {
                    const auto paging = page_request(request);
                    if (!paging) {
                        return problem(paging.error());
                    }
                    auto found = trailers.list_manifests(
                        context.user(), query_string(request, "warehouse"),
                        query_string(request, "status"), paging->cursor, paging->limit);
                    if (!found) {
                        return problem(found.error());
                    }
                    return page(*found, static_cast<std::size_t>(paging->limit),
                                [](const fulfillment::Manifest& m) { return m.row.id; });
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/manifests/{id}",
                .roles = kAnyRole,
                .summary = "One trailer: cartons loaded and staged cartons still missing",
                .handler = [&trailers](Request& request, const RequestContext& context) {
                    return with_id(request, [&](std::int64_t id) {
                        return trailers.get_manifest(context.user(), id);
                    });
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/manifests/{id}/close",
                .roles = kLoaders,
                .summary = "Close a full trailer: its orders ship",
                .handler = [&trailers](Request& request, const RequestContext& context) {
                    return with_id(request, [&](std::int64_t id) {
                        return trailers.close_manifest(context.user(), id);
                    });
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/cartons",
                .roles = kAnyRole,
                .summary = "Cartons of an order or on a trailer",
                .handler = [&cartons](Request& request, const RequestContext& context) {
                    core::FieldErrors errors;
                    const auto order = query_id(request, "order", errors);
                    const auto manifest = query_id(request, "manifest", errors);
                    if (!errors.empty()) {
                        return problem(errors.to_error().error());
                    }
                    if (!order && !manifest) {
                        return problem(
                            core::invalid_field("order", "give order or manifest").error());
                    }
                    auto found = cartons.list_cartons(context.user(), order, manifest);
                    if (!found) {
                        return problem(found.error());
                    }
                    return json_response(
                        200, boost::json::object{{"items", boost::json::value_from(*found)}});
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/cartons/{id}",
                .roles = kAnyRole,
                .summary = "One carton: contents weight, carrier, tracking, trailer",
                .handler = [&cartons](Request& request, const RequestContext& context) {
                    return with_id(request, [&](std::int64_t id) {
                        return cartons.get_carton(context.user(), id);
                    });
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/cartons/{id}/label",
                .roles = kAnyRole,
                .summary = "The carton label: ZPL for thermal printers or a PNG of its SSCC",
                .handler = [&cartons](Request& request, const RequestContext& context) {
                    const auto id = id_param(request, "id");
                    if (!id) {
                        return problem(id.error());
                    }
                    const auto format = query_string(request, "format").value_or("zpl");
                    if (format != "zpl" && format != "png") {
                        return problem(core::invalid_field("format", "must be zpl or png").error());
                    }
                    auto label = format == "zpl" ? cartons.carton_label_zpl(context.user(), *id)
                                                 : cartons.carton_label_png(context.user(), *id);
                    if (!label) {
                        return problem(label.error());
                    }
                    return Response{
                        .status = 200,
                        .content_type = format == "zpl" ? "text/plain; charset=utf-8" : "image/png",
                        .headers = {},
                        .body = std::move(*label)};
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/cartons/{id}/print",
                .roles = kFloor,
                .summary = "Send the carton's ZPL label to a printer registered for its warehouse",
                .handler = [&cartons](Request& request, const RequestContext& context) {
                    const auto id = id_param(request, "id");
                    if (!id) {
                        return problem(id.error());
                    }
                    auto printer = read_body<std::string>(
                        request, [](JsonReader& r) { return r.required_string("printer"); });
                    if (!printer) {
                        return problem(printer.error());
                    }
                    auto sent = cartons.print_label(context.user(), *id, *printer);
                    if (!sent) {
                        // The printer, not Tally, failed: a gateway error.
                        return sent.error().code == core::ErrorCode::unavailable
                                   ? problem(502, sent.error().message)
                                   : problem(sent.error());
                    }
                    return json_response(
                        200, boost::json::object{{"printer", *printer},
                                                 {"bytes", static_cast<std::int64_t>(*sent)}});
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/orders/{id}/packing-slip",
                .roles = kAnyRole,
                .summary = "The packing slip: the order, its cartons and their contents",
                .handler = [&cartons](Request& request, const RequestContext& context) {
                    const auto id = id_param(request, "id");
                    if (!id) {
                        return problem(id.error());
                    }
                    auto slip = cartons.packing_slip(context.user(), *id);
                    if (!slip) {
                        return problem(slip.error());
                    }
                    return Response{.status = 200,
                                    .content_type = "text/plain; charset=utf-8",
                                    .headers = {},
                                    .body = std::move(*slip)};
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/reports/scans",
                .roles = kReportReaders,
                .summary = "Scans and errors caught by step, user, product, bin; money saved",
                .handler = [&reports](Request& request, const RequestContext& context) {
                    return from_result(200, reports.scan_report(
                                                context.user(),
                                                {.from = query_string(request, "from"),
                                                 .to = query_string(request, "to"),
                                                 .warehouse = query_string(request, "warehouse")}));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/reports/dashboard",
                .roles = kReportReaders,
                .summary = "Today's orders by status, hourly throughput, scan errors, oldest open",
                .handler = [&reports](Request& request, const RequestContext& context) {
                    const auto offset = query_int(request, "utc_offset_minutes", 0, -840, 840);
                    if (!offset) {
                        return problem(offset.error());
                    }
                    return from_result(
                        200, reports.dashboard(context.user(),
                                               {.warehouse = query_string(request, "warehouse"),
                                                .utc_offset_minutes = static_cast<int>(*offset)}));
                }});

    router.add(
        {.method = "GET",
         .pattern = "/api/v1/scans",
         .roles = kReportReaders,
         .summary = "The scan log, newest first: by station, order, verdict (or refused), period",
         .handler = [&stations](Request& request, const RequestContext& context) {
             const auto paging = page_request(request, 100, 1000);
             if (!paging) {
                 return problem(paging.error());
             }
             const auto order = query_int(request, "order", 0, 0, INT64_MAX);
             if (!order) {
                 return problem(order.error());
             }
             auto found = stations.scan_log(
                 context.user(), {.station = query_string(request, "station"),
                                  .order = *order == 0 ? std::nullopt : std::optional(*order),
                                  .verdict = query_string(request, "verdict"),
                                  .entry = query_string(request, "entry"),
                                  .from = query_string(request, "from"),
                                  .to = query_string(request, "to"),
                                  .before = paging->cursor,
                                  .limit = paging->limit});
             if (!found) {
                 return problem(found.error());
             }
             return page(*found, static_cast<std::size_t>(paging->limit),
                         [](const fulfillment::ScanLogRow& s) { return s.id; });
         }});

    router.add({.method = "GET",
                .pattern = "/api/v1/inventory/count-tasks",
                .roles = kAnyRole,
                .summary = "Bins to count again after a short pick",
                .handler = [&tasks](Request& request, const RequestContext& context) {
                    const auto paging = page_request(request);
                    if (!paging) {
                        return problem(paging.error());
                    }
                    auto found =
                        tasks.count_tasks(context.user(), query_string(request, "warehouse"),
                                          query_string(request, "status").value_or("open"),
                                          paging->cursor, paging->limit);
                    if (!found) {
                        return problem(found.error());
                    }
                    return page(*found, static_cast<std::size_t>(paging->limit),
                                [](const fulfillment::CountTaskRow& c) { return c.id; });
                }});

    router.add(
        {.method = "GET",
         .pattern = "/api/v1/inventory/rotation",
         .roles = kAnyRole,
         .summary = "Stock expiring soon, soonest first: pick and sell it first",
         .handler = [&tasks](Request& request, const RequestContext& context) {
             std::optional<int> days;
             if (request.query_param("days")) {
                 const auto value = query_int(request, "days", 0, 0, 3650);
                 if (!value) {
                     return problem(value.error());
                 }
                 days = static_cast<int>(*value);
             }
             auto rows =
                 tasks.rotation_list(context.user(), query_string(request, "warehouse"), days);
             if (!rows) {
                 return problem(rows.error());
             }
             boost::json::array items;
             for (const auto& r : *rows) {
                 items.push_back({{"warehouse", r.warehouse},
                                  {"bin", r.bin},
                                  {"sku", r.sku},
                                  {"name", r.name},
                                  {"lot", r.lot},
                                  {"expiry", r.expiry ? boost::json::value(*r.expiry) : nullptr},
                                  {"quantity", r.quantity}});
             }
             return json_response(200, boost::json::object{{"items", std::move(items)}});
         }});

    router.add({.method = "GET",
                .pattern = "/api/v1/fulfillment/settings",
                .roles = kAnyRole,
                .summary = "Weighing tolerance, SSCC prefix, money figures of the scan report",
                .handler = [&settings](Request&, const RequestContext&) {
                    return from_result(200, settings.settings());
                }});

    router.add({.method = "PUT",
                .pattern = "/api/v1/fulfillment/settings",
                .roles = kAdminOnly,
                .summary = "Change fulfillment settings (only the fields sent)",
                .handler = [&settings](Request& request, const RequestContext& context) {
                    auto body = parse_json_object(request);
                    if (!body) {
                        return problem(body.error());
                    }
                    std::map<std::string, std::string> changes;
                    for (const auto& [key, value] : *body) {
                        if (value.is_string()) {
                            changes[std::string(key)] = std::string(value.as_string());
                        } else if (value.is_int64()) {
                            changes[std::string(key)] = std::to_string(value.as_int64());
                        } else if (value.is_bool()) {
                            changes[std::string(key)] = value.as_bool() ? "true" : "false";
                        } else {
                            changes[std::string(key)] = "?";
                        }
                    }
                    return from_result(200, settings.save_settings(context.user(), changes));
                }});
}

}  // namespace tally::http
