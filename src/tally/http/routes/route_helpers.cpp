#include "tally/http/routes/route_helpers.hpp"

#include <charconv>

namespace tally::http {

core::Result<std::int64_t> id_param(const Request& request, std::string_view name) {
    const auto text = request.param(name).value_or("");
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) {
        return core::invalid_field(std::string(name), "must be a positive integer");
    }
    return id;
}

}  // namespace tally::http
