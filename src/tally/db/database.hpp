#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tally/core/error.hpp"

namespace soci {
class session;
}

namespace tally::db {

enum class Engine { sqlite, postgresql };
class StatementCache;

// What `--db` names: "sqlite:PATH" or a PostgreSQL URL/conninfo ("postgresql://...").
struct DatabaseUrl {
    Engine engine = Engine::sqlite;
    std::string target;  // the SQLite path, or the libpq connection string
};
[[nodiscard]] core::Result<DatabaseUrl> parse_database_url(const std::string& url);

// One open transaction. Repositories take a Tx& and run their SQL on sql().
class Tx {
  public:
    Tx(soci::session& sql, Engine engine, StatementCache& statements)
        : sql_(sql), engine_(engine), statements_(statements) {}
    [[nodiscard]] soci::session& sql() { return sql_; }
    [[nodiscard]] Engine engine() const { return engine_; }
    // The connection's prepared statements, for db::Query.
    [[nodiscard]] StatementCache& statements() { return statements_; }
    // Runs `fn` on the calling thread once this transaction has committed, never when it rolls
    // back; for what must not happen before the change is durable (a cache forgetting what it
    // holds, a runner woken). `fn` must not throw.
    void after_commit(std::function<void()> fn) { committed_.push_back(std::move(fn)); }
    [[nodiscard]] std::vector<std::function<void()>> take_after_commit() {
        return std::exchange(committed_, {});
    }

  private:
    soci::session& sql_;
    Engine engine_;
    StatementCache& statements_;
    std::vector<std::function<void()>> committed_;
};

enum class TxMode { read, write };

// A pool of connections to one database, and the only way to run SQL: in a transaction.
// SQLite: WAL, synchronous=FULL, foreign keys on, busy timeout; reads run on the pool, writes
// on one writer thread that group-commits them (a savepoint each, one fsync per batch).
// PostgreSQL: transactions run in parallel, one per pooled connection.
class Database {
  public:
    // Opens `pool_size` connections (0: 4 on SQLite, 16 on PostgreSQL), on SQLite plus the
    // writer's connection and thread. Throws on failure to connect: a database that cannot
    // be reached is broken infrastructure.
    static std::unique_ptr<Database> open(const std::string& url, int pool_size = 0);
    // Runs and answers every write queued so far; writes that come later throw.
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    [[nodiscard]] Engine engine() const { return url_.engine; }
    // The read pool; on SQLite the writer's connection is not counted.
    [[nodiscard]] int pool_size() const { return static_cast<int>(sessions_.size()); }
    // SQLite: how many write batches have been committed so far (0 on PostgreSQL).
    [[nodiscard]] std::size_t write_batches() const { return write_batches_; }
    // SQLite: write transactions run in those batches (each in its savepoint).
    [[nodiscard]] std::size_t writes_committed() const { return writes_committed_; }

    // Runs fn(Tx&) -> Result<T> in one transaction: commits when it returns a value, rolls
    // back when it returns an error or throws. Driver errors for unique and foreign-key
    // violations come back as conflict and invalid_argument; other exceptions propagate.
    // On SQLite a write's fn runs on the writer thread, in a savepoint of a batch shared with
    // other writes, and returns once that batch is durable. It must not start another write
    // (std::logic_error): the writer would wait for itself. Deferred constraints would only be
    // checked at the batch's COMMIT and fail every write in it: declare none.
    // What fn left for after_commit runs on the calling thread once the commit returned.
    template <class F>
    auto transact(TxMode mode, F&& fn) -> std::invoke_result_t<F&, Tx&> {
        using R = std::invoke_result_t<F&, Tx&>;
        std::optional<R> result;
        std::vector<std::function<void()>> committed;
        auto error = run(mode, [&](Tx& tx) {
            result.emplace(fn(tx));
            // A retried transaction runs fn again: only its last run's callbacks count.
            committed = tx.take_after_commit();
            return result->has_value();
        });
        if (error) {
            return std::unexpected(std::move(*error));
        }
        if (result->has_value()) {
            for (auto& callback : committed) {
                callback();
            }
        }
        return std::move(*result);
    }
    template <class F>
    auto write(F&& fn) {
        return transact(TxMode::write, std::forward<F>(fn));
    }
    template <class F>
    auto read(F&& fn) {
        return transact(TxMode::read, std::forward<F>(fn));
    }

  private:
    struct WriteJob;

    explicit Database(DatabaseUrl url);
    // Returns the translated driver error when the body threw one; commits when body
    // returns true, rolls back otherwise.
    std::optional<core::Error> run(TxMode mode, const std::function<bool(Tx&)>& body);
    std::optional<core::Error> run_once(const std::function<bool(Tx&)>& body);
    // SQLite writes: queue the body for the writer thread and wait for its batch.
    std::optional<core::Error> run_queued(const std::function<bool(Tx&)>& body);
    void writer_loop();
    void commit_batch(const std::vector<WriteJob*>& batch);
    std::unique_ptr<soci::session> connect() const;
    soci::session& acquire();
    void release(soci::session& session);

    DatabaseUrl url_;
    std::vector<std::unique_ptr<soci::session>> sessions_;
    std::vector<soci::session*> free_;
    std::mutex pool_mutex_;
    std::condition_variable pool_cv_;

    // SQLite's single writer. Jobs live on their callers' stacks until answered.
    std::unique_ptr<soci::session> writer_session_;
    std::deque<WriteJob*> queue_;
    bool stopping_ = false;
    std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::atomic<std::size_t> write_batches_{0};
    std::atomic<std::size_t> writes_committed_{0};
    std::thread writer_;
    std::thread::id writer_id_;
    // One per session above; declared after them so they are finalized first.
    std::unordered_map<const soci::session*, std::unique_ptr<StatementCache>> statements_;
};

}  // namespace tally::db
