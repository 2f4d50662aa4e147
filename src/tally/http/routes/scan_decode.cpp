#include "tally/http/json.hpp"
#include "tally/http/routes/request_decode.hpp"

namespace tally::http {

core::Result<ScanRequest> decode_scan_request(std::string_view text) {
    auto body = parse_json_object(text);
    if (!body) {
        return std::unexpected(body.error());
    }
    core::FieldErrors errors;
    JsonReader reader(*body, errors);
    ScanRequest scan;
    fulfillment::ScanInput& input = scan.input;
    input.barcode = reader.optional_string("barcode").value_or("");
    if (const auto weight = reader.optional_int("weight_g")) {
        if (*weight < 0 || *weight > 1'000'000) {
            errors.add("weight_g", "must be from 0 to 1000000");
        } else {
            input.weight_g = static_cast<int>(*weight);
        }
    }
    input.scan_id = reader.optional_string("scan_id");
    if (const auto at = reader.optional_string("scanned_at")) {
        input.scanned_at = core::parse_iso8601(*at);
        if (!input.scanned_at) {
            errors.add("scanned_at", "must be an ISO 8601 date-time");
        }
    }
    if (const auto entry = reader.optional_string("entry")) {
        if (const auto parsed = fulfillment::parse_entry(*entry)) {
            input.entry = *parsed;
        } else {
            errors.add("entry", "must be scan or keyed");
        }
    }
    input.reason = reader.optional_string("reason");
    if (const auto* login = reader.optional_object("supervisor")) {
        auto nested = reader.nested(*login, "supervisor");
        scan.supervisor = SupervisorLogin{.username = nested.required_string("username"),
                                          .password = nested.required_string("password")};
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    return scan;
}

}  // namespace tally::http
