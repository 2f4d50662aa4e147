#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/core/error.hpp"
#include "tally/db/database.hpp"
#include "tally/db/job_queue.hpp"
#include "tally/identity/user.hpp"

namespace tally::jobs {

// What one attempt of a job came to.
struct Outcome {
    enum class Kind { done, retry, fail, again };
    Kind kind = Kind::done;
    std::string message;       // the result (done, again) or the error (retry, fail)
    core::TimestampMs at = 0;  // retry: when to try again (0: the backoff); again: next run

    [[nodiscard]] static Outcome done(std::string result = {}) {
        return {Kind::done, std::move(result), 0};
    }
    // Worth another attempt: the receiver failed, timed out or asked us to slow down.
    [[nodiscard]] static Outcome retry(std::string error, core::TimestampMs at = 0) {
        return {Kind::retry, std::move(error), at};
    }
    // Never worth another attempt; the job is dead until a person revives it.
    [[nodiscard]] static Outcome fail(std::string error) {
        return {Kind::fail, std::move(error), 0};
    }
    // A recurring job: runs again at `at` with its attempts counted afresh.
    [[nodiscard]] static Outcome again(core::TimestampMs at, std::string result = {}) {
        return {Kind::again, std::move(result), at};
    }
};

struct BackoffPolicy {
    core::TimestampMs base_ms = 2'000;
    core::TimestampMs max_ms = 30 * 60 * 1000;
};

// The wait after `failed_attempts` failures: base × 2^(n−1), capped at max.
[[nodiscard]] core::TimestampMs backoff_ms(int failed_attempts, const BackoffPolicy& policy);

// What the runner writes back for an attempt: status, next run and counters. Pure.
struct Settlement {
    std::string status;  // pending, done, dead
    core::TimestampMs run_at = 0;
    std::string error;
    std::string result;
    bool reset_attempts = false;
};
[[nodiscard]] Settlement settle(const db::JobRow& job, const Outcome& outcome,
                                const BackoffPolicy& policy, core::TimestampMs now);

using Handler = std::function<Outcome(const db::JobRow&)>;

struct RunnerOptions {
    int threads = 2;
    std::chrono::milliseconds poll{250};
    // Long enough for every call an attempt makes to time out; a node that dies mid-job
    // leaves it to another node after this.
    core::TimestampMs lease_ms = 5 * 60 * 1000;
    BackoffPolicy backoff;
};

// Runs the jobs of the outbox on a few threads of this node. Any number of nodes may run
// one on the same database: a job is claimed with a lease, compare-and-set, so each attempt
// runs once, and a job whose node died is taken again when its lease runs out.
class Runner {
  public:
    Runner(db::Database& db, const core::Clock& clock, RunnerOptions options);
    ~Runner();
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    // Registers the handler of a kind, before start(). std::logic_error for a kind that has a
    // handler already (each kind has one; give each subscriber a kind of its own) or after
    // start().
    void handle(std::string kind, Handler handler);
    void start();
    // Lets attempts in flight finish, then returns. Idempotent.
    void stop();
    // A job was just written on this node: look for it now rather than at the next poll.
    void wake();
    // Runs due jobs on the calling thread until none is left; how many attempts ran.
    int run_due();

    // The queue serves every warehouse: forbidden to a warehouse-scoped actor.
    [[nodiscard]] core::Result<std::vector<db::JobRow>> list(const identity::Principal& actor,
                                                             const db::JobFilter& filter);
    [[nodiscard]] core::Result<db::JobRow> get(const identity::Principal& actor, std::int64_t id);
    // A dead job gets another round of attempts. invalid_transition unless it is dead.
    [[nodiscard]] core::Result<db::JobRow> retry(const identity::Principal& actor, std::int64_t id);

  private:
    bool run_one();
    void loop(int index);

    db::Database& db_;
    const core::Clock& clock_;
    RunnerOptions options_;
    std::string owner_;
    std::map<std::string, Handler, std::less<>> handlers_;
    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    int wakes_ = 0;
};

}  // namespace tally::jobs
