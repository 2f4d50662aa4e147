#include "tally/http/json.hpp"

#include <charconv>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace tally::http {

Response json_response(int status, const boost::json::value& value) {
    return Response{.status = status, .body = boost::json::serialize(value)};
}

core::Result<boost::json::object> parse_json_object(const Request& request) {
    // The body is read as JSON whatever the Content-Type says: `curl -d` sends form
    // encoding by default, and refusing such callers helps nobody.
    return parse_json_object(request.body);
}

core::Result<boost::json::object> parse_json_object(std::string_view body) {
    if (body.empty()) {
        return core::invalid_field("body", "a JSON object is required");
    }
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(body, ec);
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

std::int64_t JsonReader::int_in(std::string_view key, std::int64_t fallback, std::int64_t min,
                                std::int64_t max) {
    const auto value = optional_int(key);
    if (!value) {
        return fallback;
    }
    if (*value < min || *value > max) {
        errors_.add(name(key),
                    "must be from " + std::to_string(min) + " to " + std::to_string(max));
        return fallback;
    }
    return *value;
}

std::int64_t JsonReader::required_int(std::string_view key, std::int64_t min, std::int64_t max) {
    if (!has(key)) {
        errors_.add(name(key), "is required");
        return 0;
    }
    return int_in(key, 0, min, max);
}

std::optional<double> JsonReader::optional_number(std::string_view key) {
    const auto* found = object_.if_contains(key);
    if (found == nullptr || found->is_null()) {
        return std::nullopt;
    }
    if (found->is_double()) {
        return found->as_double();
    }
    if (found->is_int64()) {
        return static_cast<double>(found->as_int64());
    }
    if (found->is_uint64()) {
        return static_cast<double>(found->as_uint64());
    }
    errors_.add(name(key), "must be a number");
    return std::nullopt;
}

const boost::json::object* JsonReader::optional_object(std::string_view key) {
    const auto* found = object_.if_contains(key);
    if (found == nullptr || found->is_null()) {
        return nullptr;
    }
    if (!found->is_object()) {
        errors_.add(name(key), "must be an object");
        return nullptr;
    }
    return &found->as_object();
}

const boost::json::array* JsonReader::optional_array(std::string_view key) {
    const auto* found = object_.if_contains(key);
    if (found == nullptr || found->is_null()) {
        return nullptr;
    }
    if (!found->is_array()) {
        errors_.add(name(key), "must be an array");
        return nullptr;
    }
    return &found->as_array();
}

std::vector<std::string> JsonReader::string_array(std::string_view key) {
    std::vector<std::string> out;
    const auto* array = optional_array(key);
    if (array == nullptr) {
        return out;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        if (!(*array)[i].is_string()) {
            errors_.add(name(key) + "/" + std::to_string(i), "must be a string");
        } else {
            out.emplace_back((*array)[i].as_string());
        }
    }
    return out;
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
