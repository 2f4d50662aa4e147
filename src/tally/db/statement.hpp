#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/db/database.hpp"

namespace tally::db {

class StatementCache;

// A result's column names and their positions, read once per prepared statement.
using ColumnIndex = std::map<std::string, int, std::less<>>;

// A statement prepared once per connection and reused, for the paths that run on every
// order: SQLite keeps the compiled statement, PostgreSQL a named server-side one, so each
// run costs no parsing and, on PostgreSQL, one round trip. Parameters are $1, $2, ... in
// the order they first appear; values are bound in that order. Errors are thrown as the
// same soci errors the rest of the code translates (unique violation → conflict, ...).
//
//   Query q(tx, "UPDATE t SET n = n + $1 WHERE id = $2");
//   q.bind(5).bind(id);
//   const auto changed = q.exec();
//
// Rows are read by column name (`q.int64("id")`, `q.optional_text("lot")`): the names of a
// statement's result are looked up once per prepared statement, and a name the result does
// not have, or two columns share, throws std::logic_error naming it (a bug, not an expected
// outcome). Name an expression with AS (`COUNT(*) AS n`): the engines spell unnamed
// expressions differently.
// One statement is one cached handle: two Query objects of the same SQL must not be alive
// at once on one transaction (scope the first, as a loop body does).
class Query {
  public:
    Query(Tx& tx, const char* sql);
    ~Query();
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;

    Query& bind(std::int64_t value);
    Query& bind(int value) { return bind(static_cast<std::int64_t>(value)); }
    Query& bind(double value);
    Query& bind(std::string_view value);
    Query& bind(const std::string& value) { return bind(std::string_view(value)); }
    Query& bind(const char* value) { return bind(std::string_view(value)); }
    Query& bind_null();
    template <class T>
    Query& bind(const std::optional<T>& value) {
        return value ? bind(*value) : bind_null();
    }

    // Runs a statement without rows; returns how many rows it changed.
    std::int64_t exec();
    // Runs (first call) and moves to the next row; false when there is none.
    bool next();
    [[nodiscard]] bool is_null(int column) const;
    [[nodiscard]] std::int64_t int64(int column) const;
    [[nodiscard]] double number(int column) const;
    [[nodiscard]] std::string text(int column) const;

    // The same, by column name.
    [[nodiscard]] int column(std::string_view name) const;
    [[nodiscard]] bool is_null(std::string_view name) const { return is_null(column(name)); }
    [[nodiscard]] std::int64_t int64(std::string_view name) const { return int64(column(name)); }
    [[nodiscard]] double number(std::string_view name) const { return number(column(name)); }
    [[nodiscard]] std::string text(std::string_view name) const { return text(column(name)); }
    [[nodiscard]] bool boolean(std::string_view name) const { return int64(name) != 0; }
    [[nodiscard]] std::optional<std::int64_t> optional_int64(std::string_view name) const;
    [[nodiscard]] std::optional<double> optional_number(std::string_view name) const;
    [[nodiscard]] std::optional<std::string> optional_text(std::string_view name) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The prepared statements of one connection. Owned by the Database next to the session.
class StatementCache {
  public:
    StatementCache(soci::session& session, Engine engine);
    ~StatementCache();
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;
    // Forgets every statement: the connection was re-opened and they are gone with it.
    void clear();

  private:
    friend class Query;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// How many statements this process has run on any connection, through db::Query or soci
// alike, BEGIN and COMMIT included: each is a round trip on PostgreSQL. A test reads it before
// and after a call to hold the call to its budget (nothing else may run meanwhile).
[[nodiscard]] std::uint64_t statements_run();

}  // namespace tally::db
