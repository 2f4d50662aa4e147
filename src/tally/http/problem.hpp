#pragma once

#include <string>
#include <string_view>

#include "tally/core/error.hpp"
#include "tally/http/message.hpp"

namespace tally::http {

// The one table from error codes to HTTP statuses.
[[nodiscard]] int status_for(core::ErrorCode code);

// An RFC 9457 application/problem+json answer: type, title, status, detail, errors[].
[[nodiscard]] Response problem(const core::Error& error);
// At most core::kMaxFieldErrors entries in `errors`; `errors_omitted` counts the rest.
[[nodiscard]] Response problem(int status, std::string_view detail,
                               const std::vector<core::FieldError>& fields = {},
                               std::size_t fields_omitted = 0);

}  // namespace tally::http
