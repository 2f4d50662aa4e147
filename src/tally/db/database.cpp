#include "tally/db/database.hpp"

#include <mutex>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include "tally/db/driver_error.hpp"

namespace tally::db {

core::Result<DatabaseUrl> parse_database_url(const std::string& url) {
    if (url.starts_with("sqlite:")) {
        std::string path = url.substr(7);
        if (path.starts_with("//")) {
            path = path.substr(2);
        }
        if (path.empty()) {
            return core::invalid_field("db", "sqlite: needs a file path, e.g. sqlite:var/tally.db");
        }
        return DatabaseUrl{Engine::sqlite, path};
    }
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return DatabaseUrl{Engine::postgresql, url};
    }
    if (url.starts_with("postgresql:")) {
        // "postgresql:" followed by a libpq key=value connection string.
        return DatabaseUrl{Engine::postgresql, url.substr(11)};
    }
    return core::invalid_field("db", "expected sqlite:PATH or postgresql://USER@HOST/DB");
}

namespace {

// Each pooled connection is used by one thread at a time, so SQLite's own per-connection
// and memory-statistics mutexes only cost time. Must run before SQLite initializes; when
// something initialized it earlier the calls fail harmlessly and the defaults stay.
void configure_sqlite_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        (void)sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
        (void)sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    });
}

}  // namespace

std::unique_ptr<Database> Database::open(const std::string& url, int pool_size) {
    auto parsed = parse_database_url(url);
    if (!parsed) {
        throw std::invalid_argument(parsed.error().fields.front().reason);
    }
    if (parsed->engine == Engine::sqlite) {
        configure_sqlite_once();
    }
    std::unique_ptr<Database> db(new Database(*parsed));
    if (pool_size <= 0) {
        pool_size = db->engine() == Engine::sqlite ? 4 : 16;
    }
    for (int i = 0; i < pool_size; ++i) {
        db->sessions_.push_back(db->connect());
        db->free_.push_back(db->sessions_.back().get());
    }
    return db;
}

Database::Database(DatabaseUrl url) : url_(std::move(url)) {}

Database::~Database() = default;

std::unique_ptr<soci::session> Database::connect() const {
    if (url_.engine == Engine::postgresql) {
        auto session = std::make_unique<soci::session>(*soci::factory_postgresql(), url_.target);
        *session << "SET TIME ZONE 'UTC'";
        return session;
    }
    auto session =
        std::make_unique<soci::session>(*soci::factory_sqlite3(), "db=\"" + url_.target + "\"");
    // An acknowledged write must survive power loss: WAL with a full sync on every commit.
    *session << "PRAGMA journal_mode = WAL";
    *session << "PRAGMA synchronous = FULL";
    *session << "PRAGMA foreign_keys = ON";
    *session << "PRAGMA busy_timeout = 10000";
    // Read pages through a memory map and keep more of them per connection.
    *session << "PRAGMA mmap_size = 268435456";
    *session << "PRAGMA cache_size = -32000";
    return session;
}

soci::session& Database::acquire() {
    std::unique_lock lock(pool_mutex_);
    pool_cv_.wait(lock, [&] { return !free_.empty(); });
    soci::session* session = free_.back();
    free_.pop_back();
    return *session;
}

void Database::release(soci::session& session) {
    {
        std::lock_guard lock(pool_mutex_);
        free_.push_back(&session);
    }
    pool_cv_.notify_one();
}

namespace {

// PostgreSQL may abort a transaction that lost a deadlock or a serialization race; running
// it again is the documented answer.
bool retryable(const soci::soci_error& error) {
    const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error);
    return pg != nullptr && (pg->sqlstate() == "40P01" || pg->sqlstate() == "40001");
}

constexpr int kMaxAttempts = 5;

}  // namespace

std::optional<core::Error> Database::run(TxMode mode, const std::function<bool(Tx&)>& body) {
    for (int attempt = 1;; ++attempt) {
        try {
            return run_once(mode, body);
        } catch (const soci::soci_error& e) {
            if (attempt >= kMaxAttempts || !retryable(e)) {
                throw;
            }
            spdlog::debug("transaction retried after: {}", e.what());
        }
    }
}

std::optional<core::Error> Database::run_once(TxMode mode, const std::function<bool(Tx&)>& body) {
    std::unique_lock<std::mutex> writer;
    if (url_.engine == Engine::sqlite && mode == TxMode::write) {
        writer = std::unique_lock(writer_mutex_);
    }
    soci::session& sql = acquire();
    struct Releaser {
        Database& db;
        soci::session& sql;
        ~Releaser() { db.release(sql); }
    } releaser{*this, sql};

    const bool immediate = url_.engine == Engine::sqlite && mode == TxMode::write;
    try {
        sql << (immediate ? "BEGIN IMMEDIATE" : "BEGIN");
    } catch (const soci::soci_error&) {
        // A dropped PostgreSQL connection: reconnect once, then let a second failure out.
        if (url_.engine != Engine::postgresql) {
            throw;
        }
        spdlog::warn("database connection lost; reconnecting");
        sql.reconnect();
        sql << "SET TIME ZONE 'UTC'";
        sql << "BEGIN";
    }
    Tx tx(sql, url_.engine);
    try {
        if (body(tx)) {
            sql << "COMMIT";
        } else {
            sql << "ROLLBACK";
        }
    } catch (const soci::soci_error& e) {
        try {
            sql << "ROLLBACK";
        } catch (const soci::soci_error&) {
            // The connection is gone; the transaction died with it.
        }
        if (auto error = translate_driver_error(e)) {
            return error;
        }
        throw;
    } catch (...) {
        try {
            sql << "ROLLBACK";
        } catch (const soci::soci_error&) {
        }
        throw;
    }
    return std::nullopt;
}

}  // namespace tally::db
