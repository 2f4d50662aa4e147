#include "tally/db/job_queue.hpp"

#include "tally/db/statement.hpp"

namespace tally::db {

namespace {

constexpr const char* kEnqueue =
    "INSERT INTO jobs (kind, subject, payload, dedupe_key, status, max_attempts, run_at,"
    " created_at, updated_at) VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $7)"
    " ON CONFLICT (dedupe_key) WHERE status IN ('pending', 'running') DO NOTHING";
constexpr const char* kDue =
    "SELECT id FROM jobs WHERE (status = 'pending' AND run_at <= $1)"
    " OR (status = 'running' AND lease_until < $1) ORDER BY run_at, id LIMIT $2";
constexpr const char* kClaim =
    "UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $2,"
    " attempts = attempts + 1, updated_at = $3 WHERE id = $4 AND ((status = 'pending' AND"
    " run_at <= $3) OR (status = 'running' AND lease_until < $3))";
constexpr const char* kClaimNextSqlite =
    "UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $2,"
    " attempts = attempts + 1, updated_at = $3 WHERE id = (SELECT id FROM jobs WHERE"
    " (status = 'pending' AND run_at <= $3) OR (status = 'running' AND lease_until < $3)"
    " ORDER BY run_at, id LIMIT 1) RETURNING id";
constexpr const char* kClaimNextPostgres =
    "UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $2,"
    " attempts = attempts + 1, updated_at = $3 WHERE id = (SELECT id FROM jobs WHERE"
    " (status = 'pending' AND run_at <= $3) OR (status = 'running' AND lease_until < $3)"
    " ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id";
constexpr const char* kFinish =
    "UPDATE jobs SET status = $1, run_at = $2, last_error = $3, result = $4,"
    " attempts = CASE WHEN $5 = 1 THEN 0 ELSE attempts END, lease_owner = NULL,"
    " lease_until = NULL, updated_at = $6 WHERE id = $7 AND status = 'running' AND lease_owner = "
    "$8";
constexpr const char* kRevive =
    "UPDATE jobs SET status = 'pending', attempts = 0, run_at = $1, updated_at = $1"
    " WHERE id = $2 AND status = 'dead'";
constexpr const char* kFind =
    "SELECT id, kind, subject, payload, status, attempts, max_attempts, run_at, last_error,"
    " result, created_at, updated_at FROM jobs WHERE id = $1";
constexpr const char* kList =
    "SELECT id, kind, subject, payload, status, attempts, max_attempts, run_at, last_error,"
    " result, created_at, updated_at FROM jobs WHERE id > $1 AND ($2 = '' OR subject = $2)"
    " AND ($3 = '' OR kind = $3) AND ($4 = '' OR status = $4) ORDER BY id LIMIT $5";
constexpr const char* kNextDue = "SELECT MIN(run_at) FROM jobs WHERE status = 'pending'";

JobRow read_row(const Query& q) {
    return JobRow{.id = q.int64(0),
                  .kind = q.text(1),
                  .subject = q.text(2),
                  .payload = q.text(3),
                  .status = q.text(4),
                  .attempts = static_cast<int>(q.int64(5)),
                  .max_attempts = static_cast<int>(q.int64(6)),
                  .run_at = q.int64(7),
                  .last_error = q.text(8),
                  .result = q.text(9),
                  .created_at = q.int64(10),
                  .updated_at = q.int64(11)};
}

}  // namespace

bool JobQueue::enqueue(Tx& tx, const NewJob& job, core::TimestampMs now) {
    Query q(tx, kEnqueue);
    q.bind(job.kind)
        .bind(job.subject)
        .bind(job.payload)
        .bind(job.dedupe_key)
        .bind(job.max_attempts)
        .bind(job.run_at > 0 ? job.run_at : now)
        .bind(now);
    return q.exec() == 1;
}

std::vector<std::int64_t> JobQueue::due(Tx& tx, core::TimestampMs now, int limit) {
    Query q(tx, kDue);
    q.bind(now).bind(limit);
    std::vector<std::int64_t> ids;
    while (q.next()) {
        ids.push_back(q.int64(0));
    }
    return ids;
}

std::optional<JobRow> JobQueue::claim(Tx& tx, std::int64_t id, const std::string& owner,
                                      core::TimestampMs now, core::TimestampMs lease_until) {
    Query q(tx, kClaim);
    q.bind(owner).bind(lease_until).bind(now).bind(id);
    if (q.exec() != 1) {
        return std::nullopt;
    }
    return find(tx, id);
}

std::optional<JobRow> JobQueue::claim_next(Tx& tx, const std::string& owner, core::TimestampMs now,
                                           core::TimestampMs lease_until) {
    Query q(tx, tx.engine() == Engine::sqlite ? kClaimNextSqlite : kClaimNextPostgres);
    q.bind(owner).bind(lease_until).bind(now);
    if (!q.next()) {
        return std::nullopt;
    }
    const auto id = q.int64(0);
    while (q.next()) {
    }
    return find(tx, id);
}

bool JobQueue::finish(Tx& tx, std::int64_t id, const std::string& owner, const std::string& status,
                      core::TimestampMs run_at, const std::string& error, const std::string& result,
                      bool reset_attempts, core::TimestampMs now) {
    Query q(tx, kFinish);
    q.bind(status)
        .bind(run_at)
        .bind(error)
        .bind(result)
        .bind(reset_attempts ? 1 : 0)
        .bind(now)
        .bind(id)
        .bind(owner);
    return q.exec() == 1;
}

bool JobQueue::revive(Tx& tx, std::int64_t id, core::TimestampMs now) {
    Query q(tx, kRevive);
    q.bind(now).bind(id);
    return q.exec() == 1;
}

std::optional<JobRow> JobQueue::find(Tx& tx, std::int64_t id) {
    Query q(tx, kFind);
    q.bind(id);
    if (!q.next()) {
        return std::nullopt;
    }
    return read_row(q);
}

std::vector<JobRow> JobQueue::list(Tx& tx, const JobFilter& filter) {
    Query q(tx, kList);
    q.bind(filter.after)
        .bind(filter.subject.value_or(""))
        .bind(filter.kind.value_or(""))
        .bind(filter.status.value_or(""))
        .bind(filter.limit);
    std::vector<JobRow> rows;
    while (q.next()) {
        rows.push_back(read_row(q));
    }
    return rows;
}

std::optional<core::TimestampMs> JobQueue::next_due(Tx& tx) {
    Query q(tx, kNextDue);
    if (!q.next() || q.is_null(0)) {
        return std::nullopt;
    }
    return q.int64(0);
}

}  // namespace tally::db
