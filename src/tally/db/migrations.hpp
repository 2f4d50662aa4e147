#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/core/embedded_file.hpp"
#include "tally/core/error.hpp"
#include "tally/db/database.hpp"

namespace tally::db {

// One numbered file from db/migrations/, e.g. 0001_platform.sql.
struct Migration {
    int version = 0;
    std::string name;
    std::string sql;
};

// The migrations compiled into this binary, in version order. Throws on a misnamed or
// duplicate file: that is a build mistake, not a runtime condition.
[[nodiscard]] std::vector<Migration> embedded_migrations();
[[nodiscard]] std::vector<Migration> load_migrations(const std::vector<core::EmbeddedFile>& files);

// Migrations are portable SQL with one placeholder, @ID@, for an auto-assigned
// 64-bit primary key; this renders it for the engine.
[[nodiscard]] std::string render_sql(std::string_view sql, Engine engine);

// Splits a script into statements at semicolons outside quotes and comments.
[[nodiscard]] std::vector<std::string> split_sql(std::string_view script);

// A statement for one engine only starts with @SQLITE@ or @POSTGRESQL@ (for what no portable
// SQL can say, such as widening a CHECK constraint): the statement without its marker on
// that engine, nothing on the other. Any other statement is returned as it is.
[[nodiscard]] std::optional<std::string> statement_for(std::string_view statement, Engine engine);

struct MigrationReport {
    int from_version = 0;
    int to_version = 0;
};

// Applies pending migrations in one transaction, under a lock so several nodes starting
// at once apply each migration once. Refuses (conflict) a database newer than `known`.
[[nodiscard]] core::Result<MigrationReport> migrate(Database& db,
                                                    const std::vector<Migration>& known,
                                                    const core::Clock& clock);

// The version the database is at (0 when never migrated).
[[nodiscard]] core::Result<int> schema_version(Database& db);

}  // namespace tally::db
