#include "tally/core/error.hpp"

namespace tally::core {

std::string_view to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::invalid_argument:
            return "invalid_argument";
        case ErrorCode::not_found:
            return "not_found";
        case ErrorCode::conflict:
            return "conflict";
        case ErrorCode::unauthenticated:
            return "unauthenticated";
        case ErrorCode::forbidden:
            return "forbidden";
        case ErrorCode::rate_limited:
            return "rate_limited";
        case ErrorCode::invalid_transition:
            return "invalid_transition";
        case ErrorCode::insufficient_stock:
            return "insufficient_stock";
        case ErrorCode::unavailable:
            return "unavailable";
    }
    return "unknown";
}

}  // namespace tally::core
