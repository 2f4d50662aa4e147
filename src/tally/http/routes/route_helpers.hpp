#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value_from.hpp>

#include "tally/http/json.hpp"
#include "tally/http/problem.hpp"
#include "tally/http/router.hpp"
#include "tally/identity/user.hpp"

// Small pieces every route file shares: answers from results, pages, cursors.
namespace tally::http {

inline const std::vector<identity::Role> kAdminOnly = {identity::Role::admin};
inline const std::vector<identity::Role> kManagers = {identity::Role::admin,
                                                      identity::Role::manager};

// `status` with the value as JSON, or the error as problem+json.
template <class T>
[[nodiscard]] Response from_result(int status, const core::Result<T>& result) {
    if (!result) {
        return problem(result.error());
    }
    return json_response(status, *result);
}

[[nodiscard]] inline Response from_status(int status, const core::Status& result) {
    if (!result) {
        return problem(result.error());
    }
    return Response{.status = status};
}

// {"items": [...], "next_cursor": "..." | null}: a next cursor only when the page is full.
template <class T, class Cursor>
[[nodiscard]] Response page(const std::vector<T>& items, std::size_t limit, Cursor cursor_of) {
    boost::json::object body;
    body["items"] = boost::json::value_from(items);
    body["next_cursor"] = items.size() == limit && !items.empty()
                              ? boost::json::value(std::to_string(cursor_of(items.back())))
                              : nullptr;
    return json_response(200, body);
}

inline constexpr int kDefaultPageLimit = 50;

struct PageRequest {
    std::int64_t cursor = 0;
    int limit = kDefaultPageLimit;
};

// ?cursor=&limit= with limit from 1 to `max_limit`.
[[nodiscard]] inline core::Result<PageRequest> page_request(const Request& request,
                                                            int default_limit = kDefaultPageLimit,
                                                            int max_limit = 500) {
    const auto cursor = query_int(request, "cursor", 0, 0, INT64_MAX);
    if (!cursor) {
        return std::unexpected(cursor.error());
    }
    const auto limit = query_int(request, "limit", default_limit, 1, max_limit);
    if (!limit) {
        return std::unexpected(limit.error());
    }
    return PageRequest{*cursor, static_cast<int>(*limit)};
}

[[nodiscard]] inline std::optional<std::string> query_string(const Request& request,
                                                             std::string_view name) {
    if (auto value = request.query_param(name)) {
        return std::string(*value);
    }
    return std::nullopt;
}

[[nodiscard]] inline std::string path_param(const Request& request, std::string_view name) {
    return std::string(request.param(name).value_or(""));
}

// A positive integer path parameter, or a 400 naming it.
[[nodiscard]] core::Result<std::int64_t> id_param(const Request& request, std::string_view name);

[[nodiscard]] inline Response csv_response(std::string body, const std::string& filename) {
    return Response{
        .content_type = "text/csv; charset=utf-8",
        .headers = {{"Content-Disposition", "attachment; filename=\"" + filename + "\""}},
        .body = std::move(body)};
}

}  // namespace tally::http
