#include "tally/db/database.hpp"

#include <algorithm>
#include <exception>
#include <future>
#include <mutex>
#include <stdexcept>

#include <fcntl.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "tally/db/driver_error.hpp"
#include "tally/db/statement.hpp"

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

// A new database file is made readable by this user alone; SQLite gives its -wal and -shm
// files the database file's mode. An existing file keeps the mode its operator chose.
void create_private_file(const std::string& path) {
    if (path.empty() || path.starts_with(':') || path.starts_with("file:")) {
        return;
    }
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ::close(fd);
    }
}

}  // namespace

std::unique_ptr<Database> Database::open(const std::string& url, int pool_size) {
    auto parsed = parse_database_url(url);
    if (!parsed) {
        throw std::invalid_argument(parsed.error().fields.front().reason);
    }
    if (parsed->engine == Engine::sqlite) {
        configure_sqlite_once();
        create_private_file(parsed->target);
    }
    std::unique_ptr<Database> db(new Database(*parsed));
    if (pool_size <= 0) {
        pool_size = db->engine() == Engine::sqlite ? 4 : 16;
    }
    for (int i = 0; i < pool_size; ++i) {
        db->sessions_.push_back(db->connect());
        db->free_.push_back(db->sessions_.back().get());
    }
    for (const auto& session : db->sessions_) {
        db->statements_.emplace(session.get(),
                                std::make_unique<StatementCache>(*session, db->engine()));
    }
    if (db->engine() == Engine::sqlite) {
        db->writer_session_ = db->connect();
        db->statements_.emplace(db->writer_session_.get(), std::make_unique<StatementCache>(
                                                               *db->writer_session_, db->engine()));
        db->writer_ = std::thread([raw = db.get()] { raw->writer_loop(); });
        db->writer_id_ = db->writer_.get_id();
    }
    return db;
}

Database::Database(DatabaseUrl url) : url_(std::move(url)) {}

Database::~Database() {
    if (!writer_.joinable()) {
        return;
    }
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_cv_.notify_all();
    writer_.join();
}

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
    if (url_.engine == Engine::sqlite && mode == TxMode::write) {
        return run_queued(body);
    }
    for (int attempt = 1;; ++attempt) {
        try {
            return run_once(body);
        } catch (const soci::soci_error& e) {
            if (attempt >= kMaxAttempts || !retryable(e)) {
                throw;
            }
            spdlog::debug("transaction retried after: {}", e.what());
        }
    }
}

// SQLite reads, and everything on PostgreSQL.
std::optional<core::Error> Database::run_once(const std::function<bool(Tx&)>& body) {
    soci::session& sql = acquire();
    struct Releaser {
        Database& db;
        soci::session& sql;
        ~Releaser() { db.release(sql); }
    } releaser{*this, sql};

    try {
        sql << "BEGIN";
    } catch (const soci::soci_error&) {
        // A dropped PostgreSQL connection: reconnect once, then let a second failure out.
        if (url_.engine != Engine::postgresql) {
            throw;
        }
        spdlog::warn("database connection lost; reconnecting");
        sql.reconnect();
        statements_.at(&sql)->clear();
        sql << "SET TIME ZONE 'UTC'";
        sql << "BEGIN";
    }
    Tx tx(sql, url_.engine, *statements_.at(&sql));
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

struct Database::WriteJob {
    const std::function<bool(Tx&)>& body;
    std::promise<std::optional<core::Error>> answer;
};

namespace {

// Enough to amortize one fsync; small enough that one batch does not hold the lock for long.
constexpr std::size_t kMaxBatch = 512;

// What one job of a batch comes to, kept until the batch's COMMIT has returned.
struct JobOutcome {
    std::optional<core::Error> error;
    std::exception_ptr exception;
    bool rolled_back = false;  // a job alone in its batch ended the transaction itself
};

bool in_transaction(soci::session& sql) {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
    return sqlite_api::sqlite3_get_autocommit(backend->conn_) == 0;
}

// Runs one job in a savepoint of the open batch. Throws when the batch itself is lost.
// A job alone in its batch needs no savepoint: the batch's transaction is its own. That
// spares a large import a second copy of every page it changes (the savepoint journal).
JobOutcome run_job(soci::session& sql, StatementCache& statements,
                   const std::function<bool(Tx&)>& body, bool alone) {
    if (!alone) {
        sql << "SAVEPOINT tally_job";
    }
    JobOutcome outcome;
    bool keep = false;
    try {
        Tx tx(sql, Engine::sqlite, statements);
        keep = body(tx);
    } catch (const soci::soci_error& e) {
        outcome.error = translate_driver_error(e);
        if (!outcome.error) {
            outcome.exception = std::current_exception();
        }
    } catch (...) {
        outcome.exception = std::current_exception();
    }
    // SQLite rolls the whole transaction back on some errors (disk full, I/O, out of memory),
    // and with it the savepoints of the jobs before this one.
    if (!in_transaction(sql)) {
        if (outcome.exception) {
            std::rethrow_exception(outcome.exception);
        }
        throw std::runtime_error("SQLite rolled back the write batch");
    }
    if (alone) {
        if (!keep) {
            sql << "ROLLBACK";
            outcome.rolled_back = true;
        }
        return outcome;
    }
    if (!keep) {
        sql << "ROLLBACK TO SAVEPOINT tally_job";
    }
    sql << "RELEASE SAVEPOINT tally_job";
    return outcome;
}

}  // namespace

std::optional<core::Error> Database::run_queued(const std::function<bool(Tx&)>& body) {
    if (std::this_thread::get_id() == writer_id_) {
        throw std::logic_error("nested write transaction");
    }
    WriteJob job{body, {}};
    auto answer = job.answer.get_future();
    {
        std::lock_guard lock(queue_mutex_);
        if (stopping_) {
            throw std::runtime_error("database is closing");
        }
        queue_.push_back(&job);
    }
    queue_cv_.notify_one();
    return answer.get();
}

void Database::writer_loop() {
    std::vector<WriteJob*> batch;
    for (;;) {
        {
            std::unique_lock lock(queue_mutex_);
            queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                return;  // stopping, and every queued job has been answered
            }
            // No timer: whatever arrived during the last commit forms the next batch.
            const auto size = static_cast<std::ptrdiff_t>(std::min(queue_.size(), kMaxBatch));
            batch.assign(queue_.begin(), queue_.begin() + size);
            queue_.erase(queue_.begin(), queue_.begin() + size);
        }
        commit_batch(batch);
    }
}

void Database::commit_batch(const std::vector<WriteJob*>& batch) {
    soci::session& sql = *writer_session_;
    std::vector<JobOutcome> outcomes(batch.size());
    std::exception_ptr failure;  // set when no job of the batch was committed
    std::size_t ran = batch.size();
    try {
        sql << "BEGIN IMMEDIATE";
        for (std::size_t i = 0; i < batch.size(); ++i) {
            ran = i + 1;
            outcomes[i] = run_job(sql, *statements_.at(&sql), batch[i]->body, batch.size() == 1);
        }
        if (!outcomes.front().rolled_back) {
            sql << "COMMIT";
            ++write_batches_;
            writes_committed_ += batch.size();
        }
    } catch (...) {
        failure = std::current_exception();
        try {
            sql << "ROLLBACK";
        } catch (const soci::soci_error&) {
            // No transaction left to roll back.
        }
        try {
            // soci builds what() on first call; build it here, before callers share it.
            std::rethrow_exception(failure);
        } catch (const std::exception& e) {
            spdlog::error("write batch of {} rolled back: {}", ran, e.what());
        } catch (...) {
            spdlog::error("write batch of {} rolled back", ran);
        }
        if (ran < batch.size()) {
            // Lost mid-batch: the jobs that never ran get a batch of their own.
            std::lock_guard lock(queue_mutex_);
            queue_.insert(queue_.begin(), batch.begin() + static_cast<std::ptrdiff_t>(ran),
                          batch.end());
        }
    }
    for (std::size_t i = 0; i < ran; ++i) {
        // Once answered, the caller may return and free its job: answer from a local promise.
        auto answer = std::move(batch[i]->answer);
        if (failure) {
            answer.set_exception(failure);
        } else if (outcomes[i].exception) {
            answer.set_exception(outcomes[i].exception);
        } else {
            answer.set_value(std::move(outcomes[i].error));
        }
    }
}

}  // namespace tally::db
