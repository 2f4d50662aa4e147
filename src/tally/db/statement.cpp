#include "tally/db/statement.hpp"

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace tally::db {

struct StatementCache::Impl {
    Engine engine;
    sqlite_api::sqlite3* sqlite = nullptr;
    PGconn* pg = nullptr;
    struct SqliteStatement {
        sqlite_api::sqlite3_stmt* statement = nullptr;
        ColumnIndex columns;
    };
    struct PgStatement {
        std::string name;
        std::optional<ColumnIndex> columns;  // from the first result
    };
    std::unordered_map<std::string, SqliteStatement> sqlite_statements;
    std::unordered_map<std::string, PgStatement> pg_names;  // SQL → prepared statement

    void finalize() {
        for (auto& [sql, prepared] : sqlite_statements) {
            sqlite_api::sqlite3_finalize(prepared.statement);
        }
        sqlite_statements.clear();
        pg_names.clear();
    }
};

namespace {

std::atomic<std::uint64_t> statements_run_total{0};

// Counts the statements run through soci; db::Query counts its own.
class StatementCounter : public soci::logger_impl {
  public:
    void start_query(const std::string& /*query*/) override { ++statements_run_total; }

  private:
    logger_impl* do_clone() const override { return new StatementCounter; }
};

}  // namespace

std::uint64_t statements_run() {
    return statements_run_total;
}

StatementCache::StatementCache(soci::session& session, Engine engine)
    : impl_(std::make_unique<Impl>()) {
    session.set_logger(new StatementCounter);  // the session owns it
    impl_->engine = engine;
    if (engine == Engine::sqlite) {
        impl_->sqlite = static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
    } else {
        impl_->pg = static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
    }
}

StatementCache::~StatementCache() {
    impl_->finalize();
}

void StatementCache::clear() {
    // PostgreSQL forgot its statements with the old connection; SQLite keeps its handle.
    impl_->pg_names.clear();
}

namespace {

// SQLITE_TRANSIENT, spelled out: the macro names its type outside SOCI's sqlite_api namespace.
const auto kCopyText = reinterpret_cast<sqlite_api::sqlite3_destructor_type>(-1);

// A name two columns share is marked, so reading it fails instead of picking one.
constexpr int kAmbiguous = -1;

void add_column(ColumnIndex& columns, const char* name, int position) {
    auto [it, added] = columns.emplace(name, position);
    if (!added) {
        it->second = kAmbiguous;
    }
}

[[noreturn]] void throw_sqlite(sqlite_api::sqlite3* db, int rc, const char* sql) {
    throw soci::sqlite3_soci_error(
        fmt::format("{} while executing \"{}\"", sqlite_api::sqlite3_errmsg(db), sql), rc);
}

}  // namespace

struct Query::Impl {
    StatementCache::Impl& cache;
    const char* sql;
    int next_param = 1;
    // SQLite
    sqlite_api::sqlite3_stmt* statement = nullptr;
    bool stepped = false;
    // PostgreSQL: text parameters, one result
    std::vector<std::optional<std::string>> params;
    PGresult* result = nullptr;
    int row = -1;
    // Both
    const ColumnIndex* columns = nullptr;

    Impl(StatementCache::Impl& c, const char* text) : cache(c), sql(text) {}

    void run_pg() {
        auto [it, added] = cache.pg_names.try_emplace(sql);
        if (added) {
            it->second.name = fmt::format("tally_q{}", cache.pg_names.size());
            PGresult* prepared = PQprepare(cache.pg, it->second.name.c_str(), sql, 0, nullptr);
            const bool ok = PQresultStatus(prepared) == PGRES_COMMAND_OK;
            if (!ok) {
                cache.pg_names.erase(it);
                throw_pg(prepared);
            }
            PQclear(prepared);
        }
        std::vector<const char*> values;
        values.reserve(params.size());
        for (const auto& p : params) {
            values.push_back(p ? p->c_str() : nullptr);
        }
        result = PQexecPrepared(cache.pg, it->second.name.c_str(), static_cast<int>(values.size()),
                                values.data(), nullptr, nullptr, 0);
        const auto status = PQresultStatus(result);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            PGresult* failed = result;
            result = nullptr;
            throw_pg(failed);
        }
        if (!it->second.columns) {
            ColumnIndex names;
            for (int c = 0; c < PQnfields(result); ++c) {
                add_column(names, PQfname(result, c), c);
            }
            it->second.columns = std::move(names);
        }
        columns = &*it->second.columns;
    }

    [[noreturn]] void throw_pg(PGresult* failed) const {
        const char* state =
            failed != nullptr ? PQresultErrorField(failed, PG_DIAG_SQLSTATE) : nullptr;
        std::string message = failed != nullptr ? PQresultErrorMessage(failed) : "";
        if (message.empty()) {
            message = PQerrorMessage(cache.pg);
        }
        const std::string code = state != nullptr ? state : "08000";
        PQclear(failed);
        throw soci::postgresql_soci_error(message + " while executing \"" + sql + "\"",
                                          code.c_str());
    }

    const char* value(int column) const { return PQgetvalue(result, row, column); }
};

Query::Query(Tx& tx, const char* sql) : impl_(std::make_unique<Impl>(*tx.statements().impl_, sql)) {
    ++statements_run_total;
    auto& cache = impl_->cache;
    if (cache.engine != Engine::sqlite) {
        return;
    }
    auto [it, added] = cache.sqlite_statements.try_emplace(sql);
    auto& prepared = it->second;
    if (added) {
        const int rc = sqlite_api::sqlite3_prepare_v3(
            cache.sqlite, sql, -1, SQLITE_PREPARE_PERSISTENT, &prepared.statement, nullptr);
        if (rc != SQLITE_OK) {
            cache.sqlite_statements.erase(it);
            throw_sqlite(cache.sqlite, rc, sql);
        }
        for (int c = 0; c < sqlite_api::sqlite3_column_count(prepared.statement); ++c) {
            add_column(prepared.columns, sqlite_api::sqlite3_column_name(prepared.statement, c), c);
        }
    }
    impl_->statement = prepared.statement;
    impl_->columns = &prepared.columns;
}

Query::~Query() {
    if (impl_->statement != nullptr) {
        sqlite_api::sqlite3_reset(impl_->statement);
        sqlite_api::sqlite3_clear_bindings(impl_->statement);
    }
    if (impl_->result != nullptr) {
        PQclear(impl_->result);
    }
}

Query& Query::bind(std::int64_t value) {
    if (impl_->statement != nullptr) {
        sqlite_api::sqlite3_bind_int64(impl_->statement, impl_->next_param++, value);
    } else {
        impl_->params.emplace_back(std::to_string(value));
    }
    return *this;
}

Query& Query::bind(double value) {
    if (impl_->statement != nullptr) {
        sqlite_api::sqlite3_bind_double(impl_->statement, impl_->next_param++, value);
    } else {
        impl_->params.emplace_back(fmt::format("{}", value));
    }
    return *this;
}

Query& Query::bind(std::string_view value) {
    if (impl_->statement != nullptr) {
        sqlite_api::sqlite3_bind_text(impl_->statement, impl_->next_param++, value.data(),
                                      static_cast<int>(value.size()), kCopyText);
    } else {
        impl_->params.emplace_back(std::string(value));
    }
    return *this;
}

Query& Query::bind_null() {
    if (impl_->statement != nullptr) {
        sqlite_api::sqlite3_bind_null(impl_->statement, impl_->next_param++);
    } else {
        impl_->params.emplace_back(std::nullopt);
    }
    return *this;
}

std::int64_t Query::exec() {
    auto& i = *impl_;
    if (i.statement != nullptr) {
        int rc = SQLITE_ROW;
        while (rc == SQLITE_ROW) {
            rc = sqlite_api::sqlite3_step(i.statement);
        }
        if (rc != SQLITE_DONE) {
            throw_sqlite(i.cache.sqlite, rc, i.sql);
        }
        return sqlite_api::sqlite3_changes(i.cache.sqlite);
    }
    i.run_pg();
    const char* changed = PQcmdTuples(i.result);
    return changed != nullptr && *changed != '\0' ? std::atoll(changed) : 0;
}

bool Query::next() {
    auto& i = *impl_;
    if (i.statement != nullptr) {
        const int rc = sqlite_api::sqlite3_step(i.statement);
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc != SQLITE_DONE) {
            throw_sqlite(i.cache.sqlite, rc, i.sql);
        }
        return false;
    }
    if (i.result == nullptr) {
        i.run_pg();
    }
    return ++i.row < PQntuples(i.result);
}

bool Query::is_null(int column) const {
    if (impl_->statement != nullptr) {
        return sqlite_api::sqlite3_column_type(impl_->statement, column) == SQLITE_NULL;
    }
    return PQgetisnull(impl_->result, impl_->row, column) != 0;
}

std::int64_t Query::int64(int column) const {
    if (impl_->statement != nullptr) {
        return sqlite_api::sqlite3_column_int64(impl_->statement, column);
    }
    // PostgreSQL's SUM of bigints is numeric: take the whole part of "12" or "12.000".
    const char* text = impl_->value(column);
    std::int64_t value = 0;
    std::from_chars(text, text + std::char_traits<char>::length(text), value);
    return value;
}

double Query::number(int column) const {
    if (impl_->statement != nullptr) {
        return sqlite_api::sqlite3_column_double(impl_->statement, column);
    }
    return std::strtod(impl_->value(column), nullptr);
}

int Query::column(std::string_view name) const {
    if (impl_->columns != nullptr) {
        const auto found = impl_->columns->find(name);
        if (found != impl_->columns->end() && found->second != kAmbiguous) {
            return found->second;
        }
        if (found != impl_->columns->end()) {
            throw std::logic_error(fmt::format(
                "column \"{}\" appears twice in the result of \"{}\"", name, impl_->sql));
        }
    }
    throw std::logic_error(
        fmt::format("no column \"{}\" in the result of \"{}\"", name, impl_->sql));
}

std::optional<std::int64_t> Query::optional_int64(std::string_view name) const {
    const int c = column(name);
    return is_null(c) ? std::nullopt : std::optional(int64(c));
}

std::optional<double> Query::optional_number(std::string_view name) const {
    const int c = column(name);
    return is_null(c) ? std::nullopt : std::optional(number(c));
}

std::optional<std::string> Query::optional_text(std::string_view name) const {
    const int c = column(name);
    return is_null(c) ? std::nullopt : std::optional(text(c));
}

std::string Query::text(int column) const {
    if (impl_->statement != nullptr) {
        const auto* text = sqlite_api::sqlite3_column_text(impl_->statement, column);
        return text != nullptr ? std::string(reinterpret_cast<const char*>(text)) : std::string();
    }
    return impl_->value(column);
}

}  // namespace tally::db
