#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"

namespace tally::db {

// A side effect to run after the transaction that wrote it commits (the outbox).
struct NewJob {
    std::string kind;     // which handler runs it: "shopify.webhook", "order.shipped", ...
    std::string subject;  // what it is about: "order:42", "shop:1"
    std::string payload = "{}";
    // At most one pending or running job has this key; a second is not written.
    std::optional<std::string> dedupe_key;
    core::TimestampMs run_at = 0;  // 0: now
    int max_attempts = 25;
};

struct JobRow {
    std::int64_t id = 0;
    std::string kind;
    std::string subject;
    std::string payload;
    std::string status;  // pending, running, done, dead
    int attempts = 0;
    int max_attempts = 0;
    core::TimestampMs run_at = 0;
    std::string last_error;
    std::string result;
    core::TimestampMs created_at = 0;
    core::TimestampMs updated_at = 0;
};

struct JobFilter {
    std::optional<std::string> subject;
    std::optional<std::string> kind;
    std::optional<std::string> status;
    std::int64_t after = 0;  // cursor: ids above it
    int limit = 50;
};

// All SQL of the jobs table: the outbox rows domain code writes in its own transactions,
// and the leases nodes claim them with. Claims are compare-and-set, so each attempt of a
// job runs on one node at a time.
class JobQueue {
  public:
    // Returns false when a pending or running job already has the dedupe key.
    static bool enqueue(Tx& tx, const NewJob& job, core::TimestampMs now);
    // Ids of jobs due by `now`, oldest first: pending ones, and running ones whose lease ran
    // out (their node died).
    [[nodiscard]] static std::vector<std::int64_t> due(Tx& tx, core::TimestampMs now, int limit);
    // Takes the oldest due job for `owner` until `lease_until` and counts the attempt, in one
    // statement: on PostgreSQL concurrent claims skip each other's rows (SKIP LOCKED), on
    // SQLite the single writer serialises them. nullopt when nothing is due.
    [[nodiscard]] static std::optional<JobRow> claim_next(Tx& tx, const std::string& owner,
                                                          core::TimestampMs now,
                                                          core::TimestampMs lease_until);
    // Takes the job for `owner` until `lease_until` and counts the attempt; nullopt when
    // another node took it first or it is no longer due.
    [[nodiscard]] static std::optional<JobRow> claim(Tx& tx, std::int64_t id,
                                                     const std::string& owner,
                                                     core::TimestampMs now,
                                                     core::TimestampMs lease_until);
    // The outcome of an attempt, written only while `owner` still holds the lease.
    static bool finish(Tx& tx, std::int64_t id, const std::string& owner, const std::string& status,
                       core::TimestampMs run_at, const std::string& error,
                       const std::string& result, bool reset_attempts, core::TimestampMs now);
    // A dead job back to pending, its attempts counted afresh. False unless it was dead.
    static bool revive(Tx& tx, std::int64_t id, core::TimestampMs now);
    [[nodiscard]] static std::optional<JobRow> find(Tx& tx, std::int64_t id);
    [[nodiscard]] static std::vector<JobRow> list(Tx& tx, const JobFilter& filter);
    // The earliest run_at of a pending job, to sleep until it.
    [[nodiscard]] static std::optional<core::TimestampMs> next_due(Tx& tx);
};

}  // namespace tally::db
