#include "tally/http/json.hpp"

#include <charconv>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace tally::http {

Response json_response(int status, const boost::json::value& value) {
    return Response{.status = status, .body = boost::json::serialize(value)};
}

core::Result<boost::json::object> parse_json_object(const Request& request) {
    if (const auto type = request.header("content-type")) {
        const std::string_view media = type->substr(0, type->find(';'));
        if (media != "application/json" && !media.ends_with("+json")) {
            return core::invalid_field("content-type", "must be application/json");
        }
    }
    if (request.body.empty()) {
        return core::invalid_field("body", "a JSON object is required");
    }
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(request.body, ec);
    if (ec) {
        return core::invalid_field("body", "is not valid JSON: " + ec.message());
    }
    if (!value.is_object()) {
        return core::invalid_field("body", "must be a JSON object");
    }
    return std::move(value.as_object());
}

bool JsonReader::has(std::string_view key) const {
    const auto* found = object_.if_contains(key);
    return found != nullptr && !found->is_null();
}

std::string JsonReader::required_string(std::string_view key) {
    const auto* found = object_.if_contains(key);
    if (found == nullptr || found->is_null()) {
        errors_.add(name(key), "is required");
        return {};
    }
    if (!found->is_string()) {
        errors_.add(name(key), "must be a string");
        return {};
    }
    return std::string(found->as_string());
}

std::optional<std::string> JsonReader::optional_string(std::string_view key) {
    const auto* found = object_.if_contains(key);
    if (found == nullptr || found->is_null()) {
        return std::nullopt;
    }
    if (!found->is_string()) {
        errors_.add(name(key), "must be a string");
        return std::nullopt;
    }
    return std::string(found->as_string());
}

std::optional<bool> JsonReader::optional_bool(std::string_view key) {
    const auto* found = object_.if_contains(key);
    if (found == nullptr || found->is_null()) {
        return std::nullopt;
    }
    if (!found->is_bool()) {
        errors_.add(name(key), "must be true or false");
        return std::nullopt;
    }
    return found->as_bool();
}

std::optional<std::int64_t> JsonReader::optional_int(std::string_view key) {
    const auto* found = object_.if_contains(key);
    if (found == nullptr || found->is_null()) {
        return std::nullopt;
    }
    if (found->is_int64()) {
        return found->as_int64();
    }
    if (found->is_uint64() && found->as_uint64() <= INT64_MAX) {
        return static_cast<std::int64_t>(found->as_uint64());
    }
    errors_.add(name(key), "must be an integer");
    return std::nullopt;
}

core::Result<std::int64_t> query_int(const Request& request, std::string_view name,
                                     std::int64_t fallback, std::int64_t min, std::int64_t max) {
    const auto text = request.query_param(name);
    if (!text) {
        return fallback;
    }
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size() || value < min || value > max) {
        return core::invalid_field(
            std::string(name),
            "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return value;
}

}  // namespace tally::http
