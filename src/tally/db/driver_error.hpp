#pragma once

#include <optional>

#include "tally/core/error.hpp"

namespace soci {
class soci_error;
}

namespace tally::db {

// Unique violations become conflict, foreign-key and check violations invalid_argument;
// anything else is not an expected outcome and yields nullopt (the caller rethrows).
[[nodiscard]] std::optional<core::Error> translate_driver_error(const soci::soci_error& error);

}  // namespace tally::db
