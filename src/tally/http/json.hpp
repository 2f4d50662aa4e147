#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

#include "tally/core/error.hpp"
#include "tally/http/message.hpp"

namespace tally::http {

// A JSON answer with `status`.
[[nodiscard]] Response json_response(int status, const boost::json::value& value);

template <class T>
[[nodiscard]] Response json_response(int status, const T& value) {
    return json_response(status, boost::json::value_from(value));
}

// The body as a JSON object; a 400 naming "body" when it is missing, malformed or not an
// object, and 415 (invalid_argument with field "content-type") for another media type.
[[nodiscard]] core::Result<boost::json::object> parse_json_object(const Request& request);

// Reads typed fields out of a request object, collecting one error per bad field.
class JsonReader {
  public:
    JsonReader(const boost::json::object& object, core::FieldErrors& errors,
               std::string prefix = "")
        : object_(object), errors_(errors), prefix_(std::move(prefix)) {}

    [[nodiscard]] std::string required_string(std::string_view key);
    [[nodiscard]] std::optional<std::string> optional_string(std::string_view key);
    [[nodiscard]] std::optional<bool> optional_bool(std::string_view key);
    [[nodiscard]] std::optional<std::int64_t> optional_int(std::string_view key);
    [[nodiscard]] bool has(std::string_view key) const;

  private:
    [[nodiscard]] std::string name(std::string_view key) const {
        return prefix_ + std::string(key);
    }

    const boost::json::object& object_;
    core::FieldErrors& errors_;
    std::string prefix_;
};

// Reads an integer query parameter in [min, max]; absent gives `fallback`.
[[nodiscard]] core::Result<std::int64_t> query_int(const Request& request, std::string_view name,
                                                   std::int64_t fallback, std::int64_t min,
                                                   std::int64_t max);

}  // namespace tally::http
