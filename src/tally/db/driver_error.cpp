#include "tally/db/driver_error.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace tally::db {

namespace {

core::Error conflict() {
    return {.code = core::ErrorCode::conflict,
            .message = "A record with the same unique key already exists."};
}

core::Error reference() {
    return {.code = core::ErrorCode::invalid_argument,
            .message = "The change refers to a record that does not exist or is still in use."};
}

core::Error check() {
    return {.code = core::ErrorCode::invalid_argument,
            .message = "The change breaks a rule of the data."};
}

}  // namespace

std::optional<core::Error> translate_driver_error(const soci::soci_error& error) {
    if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
        const std::string state = pg->sqlstate();
        if (state == "23505") {
            return conflict();
        }
        if (state == "23503") {
            return reference();
        }
        if (state == "23514" || state == "23502") {
            return check();
        }
        return std::nullopt;
    }
    // SQLite reports every constraint as SQLITE_CONSTRAINT; the message tells which kind.
    const std::string_view message = error.what();
    if (message.find("UNIQUE constraint failed") != std::string_view::npos ||
        message.find("PRIMARY KEY constraint failed") != std::string_view::npos) {
        return conflict();
    }
    if (message.find("FOREIGN KEY constraint failed") != std::string_view::npos) {
        return reference();
    }
    if (message.find("CHECK constraint failed") != std::string_view::npos ||
        message.find("NOT NULL constraint failed") != std::string_view::npos) {
        return check();
    }
    return std::nullopt;
}

}  // namespace tally::db
