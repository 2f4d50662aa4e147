#include "tally/http/problem.hpp"

#include <boost/json.hpp>

namespace tally::http {

namespace {

std::string_view title_for(int status) {
    switch (status) {
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 408:
            return "Request Timeout";
        case 409:
            return "Conflict";
        case 411:
            return "Length Required";
        case 413:
            return "Content Too Large";
        case 415:
            return "Unsupported Media Type";
        case 422:
            return "Unprocessable Content";
        case 429:
            return "Too Many Requests";
        case 431:
            return "Request Header Fields Too Large";
        case 500:
            return "Internal Server Error";
        case 503:
            return "Service Unavailable";
        default:
            return "Error";
    }
}

}  // namespace

int status_for(core::ErrorCode code) {
    switch (code) {
        case core::ErrorCode::invalid_argument:
            return 400;
        case core::ErrorCode::unauthenticated:
            return 401;
        case core::ErrorCode::forbidden:
            return 403;
        case core::ErrorCode::not_found:
            return 404;
        case core::ErrorCode::conflict:
            return 409;
        case core::ErrorCode::invalid_transition:
            return 409;
        case core::ErrorCode::insufficient_stock:
            return 409;
        case core::ErrorCode::rate_limited:
            return 429;
        case core::ErrorCode::unavailable:
            return 503;
    }
    return 500;
}

Response problem(int status, std::string_view detail, const std::vector<core::FieldError>& fields,
                 std::size_t fields_omitted) {
    boost::json::object body;
    // No problem types of our own yet: "about:blank" says the status says it all.
    body["type"] = "about:blank";
    body["title"] = title_for(status);
    body["status"] = status;
    body["detail"] = detail;
    if (!fields.empty()) {
        boost::json::array errors;
        for (std::size_t i = 0; i < fields.size() && i < core::kMaxFieldErrors; ++i) {
            errors.push_back({{"field", fields[i].field}, {"reason", fields[i].reason}});
        }
        body["errors"] = std::move(errors);
        if (fields.size() > core::kMaxFieldErrors) {
            fields_omitted += fields.size() - core::kMaxFieldErrors;
        }
        if (fields_omitted > 0) {
            body["errors_omitted"] = fields_omitted;
        }
    }
    Response response{.status = status,
                      .content_type = "application/problem+json",
                      .body = boost::json::serialize(body)};
    if (status == 401) {
        response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"tally\"");
    }
    return response;
}

Response problem(const core::Error& error) {
    Response response =
        problem(status_for(error.code), error.message, error.fields, error.fields_omitted);
    if (error.retry_after_s > 0) {
        response.headers.emplace_back("Retry-After", std::to_string(error.retry_after_s));
    }
    return response;
}

}  // namespace tally::http
