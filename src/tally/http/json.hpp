#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
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
// object.
[[nodiscard]] core::Result<boost::json::object> parse_json_object(const Request& request);
[[nodiscard]] core::Result<boost::json::object> parse_json_object(std::string_view body);

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
    // An integer in [min, max]; absent gives `fallback`.
    [[nodiscard]] std::int64_t int_in(std::string_view key, std::int64_t fallback, std::int64_t min,
                                      std::int64_t max);
    [[nodiscard]] std::int64_t required_int(std::string_view key, std::int64_t min,
                                            std::int64_t max);
    [[nodiscard]] std::optional<double> optional_number(std::string_view key);
    // Null when absent; an error when present but of another type.
    [[nodiscard]] const boost::json::object* optional_object(std::string_view key);
    [[nodiscard]] const boost::json::array* optional_array(std::string_view key);
    [[nodiscard]] std::vector<std::string> string_array(std::string_view key);
    // The reader for a nested object, naming its fields "key/field".
    [[nodiscard]] JsonReader nested(const boost::json::object& object, const std::string& path) {
        return JsonReader(object, errors_, prefix_ + path + "/");
    }
    [[nodiscard]] core::FieldErrors& errors() { return errors_; }
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
