#include "tally/http/routes/count_routes.hpp"

#include <boost/json.hpp>

#include "tally/http/routes/route_helpers.hpp"

namespace tally::inventory {

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const CountSchedule& s) {
    out = {
        {"id", s.id.value},
        {"warehouse", s.warehouse},
        {"zone", s.zone},
        {"every_days", s.every_days},
        {"next_due_at", core::format_iso8601(s.next_due_at)},
        {"last_raised_at",
         s.last_raised_at ? boost::json::value(core::format_iso8601(*s.last_raised_at)) : nullptr},
        {"created_by", s.created_by},
        {"created_at", core::format_iso8601(s.created_at)}};
}

}  // namespace tally::inventory

namespace tally::http {

namespace {

core::Result<inventory::CountScheduleInput> read_schedule(const Request& request) {
    auto body = parse_json_object(request);
    if (!body) {
        return std::unexpected(body.error());
    }
    core::FieldErrors errors;
    JsonReader reader(*body, errors);
    inventory::CountScheduleInput input;
    input.warehouse = reader.required_string("warehouse");
    input.zone = reader.required_string("zone");
    input.every_days =
        static_cast<int>(reader.required_int("every_days", 1, inventory::kMaxCountEveryDays));
    if (const auto first = reader.optional_string("first_due_at")) {
        input.first_due_at = core::parse_iso8601(*first);
        if (!input.first_due_at) {
            errors.add("first_due_at", "must be an ISO 8601 date-time");
        }
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    return input;
}

}  // namespace

void register_count_routes(Router& router, inventory::CycleCountService& counts) {
    router.add({.method = "POST",
                .pattern = "/api/v1/count-schedules",
                .roles = kManagers,
                .summary = "Schedule a cycle count of a zone's bins every few days",
                .handler = [&counts](Request& request, const RequestContext& context) {
                    auto input = read_schedule(request);
                    if (!input) {
                        return problem(input.error());
                    }
                    return from_result(201, counts.create_schedule(context.user(), *input));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/count-schedules",
                .roles = kManagers,
                .summary = "Cycle count schedules (?warehouse=)",
                .handler = [&counts](Request& request, const RequestContext& context) {
                    auto schedules =
                        counts.schedules(context.user(), query_string(request, "warehouse"));
                    if (!schedules) {
                        return problem(schedules.error());
                    }
                    return json_response(
                        200, boost::json::object{{"items", boost::json::value_from(*schedules)}});
                }});
}

}  // namespace tally::http
