#include "tally/jobs/runner.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "tally/identity/audit.hpp"
#include "tally/identity/crypto.hpp"

namespace tally::jobs {

core::TimestampMs backoff_ms(int failed_attempts, const BackoffPolicy& policy) {
    core::TimestampMs wait = policy.base_ms;
    for (int i = 1; i < failed_attempts && wait < policy.max_ms; ++i) {
        wait *= 2;
    }
    return std::min(wait, policy.max_ms);
}

Settlement settle(const db::JobRow& job, const Outcome& outcome, const BackoffPolicy& policy,
                  core::TimestampMs now) {
    switch (outcome.kind) {
        case Outcome::Kind::done:
            return {.status = "done", .run_at = now, .result = outcome.message};
        case Outcome::Kind::again:
            return {.status = "pending",
                    .run_at = std::max(outcome.at, now),
                    .result = outcome.message,
                    .reset_attempts = true};
        case Outcome::Kind::fail:
            return {.status = "dead", .run_at = now, .error = outcome.message};
        case Outcome::Kind::retry:
            break;
    }
    if (job.attempts >= job.max_attempts) {
        return {.status = "dead",
                .run_at = now,
                .error = outcome.message + " (gave up after " + std::to_string(job.attempts) +
                         " attempts)"};
    }
    const auto at = outcome.at > now ? outcome.at : now + backoff_ms(job.attempts, policy);
    return {.status = "pending", .run_at = at, .error = outcome.message};
}

Runner::Runner(db::Database& db, const core::Clock& clock, RunnerOptions options)
    : db_(db), clock_(clock), options_(options) {
    char host[256] = {};
    ::gethostname(host, sizeof(host) - 1);
    // A restarted process is another owner: its predecessor's leases are not its own.
    owner_ = std::string(host) + ":" + std::to_string(::getpid()) + ":" +
             identity::random_secret("").substr(0, 8);
}

Runner::~Runner() {
    stop();
}

void Runner::handle(std::string kind, Handler handler) {
    {
        const std::scoped_lock lock(mutex_);
        if (!threads_.empty()) {
            throw std::logic_error("the handler of " + kind + " comes after the runner started");
        }
    }
    // A second handler would silently unhook the first: two modules claim one kind.
    if (!handlers_.try_emplace(kind, std::move(handler)).second) {
        throw std::logic_error("jobs of kind " + kind + " have a handler already");
    }
}

void Runner::start() {
    const std::scoped_lock lock(mutex_);
    if (!threads_.empty()) {
        return;
    }
    stopping_ = false;
    for (int i = 0; i < std::max(1, options_.threads); ++i) {
        threads_.emplace_back([this, i] { loop(i); });
    }
}

void Runner::stop() {
    std::vector<std::thread> threads;
    {
        const std::scoped_lock lock(mutex_);
        stopping_ = true;
        threads.swap(threads_);
    }
    wake_.notify_all();
    for (auto& thread : threads) {
        thread.join();
    }
}

void Runner::wake() {
    {
        const std::scoped_lock lock(mutex_);
        ++wakes_;
    }
    wake_.notify_one();
}

void Runner::loop(int index) {
    // One thread polls; the others sleep until there is work, each that finds a job waking
    // the next, so an idle node costs one read per poll whatever its thread count.
    const auto idle_wait = index == 0 ? options_.poll : options_.poll * 40;
    while (true) {
        {
            const std::scoped_lock lock(mutex_);
            if (stopping_) {
                return;
            }
        }
        bool ran = false;
        try {
            ran = run_one();
        } catch (const std::exception& e) {
            // The database is away: the jobs wait in it, and this thread tries again later.
            spdlog::warn("jobs: {}", e.what());
        }
        if (ran) {
            wake();
            continue;
        }
        std::unique_lock lock(mutex_);
        if (wakes_ == 0) {
            wake_.wait_for(lock, idle_wait, [this] { return stopping_ || wakes_ > 0; });
        }
        wakes_ = std::max(0, wakes_ - 1);
    }
}

int Runner::run_due() {
    int ran = 0;
    while (run_one()) {
        ++ran;
    }
    return ran;
}

bool Runner::run_one() {
    const auto now = clock_.now_ms();
    // A read first: an idle node polls the read pool, not the writer.
    const auto due = db_.read([&](db::Tx& tx) -> core::Result<std::vector<std::int64_t>> {
        return db::JobQueue::due(tx, now, 1);
    });
    if (!due || due->empty()) {
        return false;
    }
    auto claimed = db_.write([&](db::Tx& tx) -> core::Result<std::optional<db::JobRow>> {
        return db::JobQueue::claim_next(tx, owner_, now, now + options_.lease_ms);
    });
    if (!claimed || !*claimed) {
        return false;  // another thread or node took what was due
    }
    const auto& job = **claimed;
    Outcome outcome;
    const auto handler = handlers_.find(job.kind);
    if (handler == handlers_.end()) {
        outcome = Outcome::retry("No handler for jobs of kind " + job.kind + " on this node.");
    } else {
        try {
            outcome = handler->second(job);
        } catch (const std::exception& e) {
            outcome = Outcome::retry(e.what());
        }
    }
    const auto finished = clock_.now_ms();
    const auto s = settle(job, outcome, options_.backoff, finished);
    if (s.status != "done" && !s.error.empty()) {
        spdlog::warn("job {} ({} {}) attempt {}: {}", job.id, job.kind, job.subject, job.attempts,
                     s.error);
    }
    const auto written = db_.write([&](db::Tx& tx) -> core::Result<bool> {
        return db::JobQueue::finish(tx, job.id, owner_, s.status, s.run_at, s.error, s.result,
                                    s.reset_attempts, finished);
    });
    if (written && !*written) {
        spdlog::warn("job {} outlived its lease; another node may have run it again", job.id);
    }
    return true;
}

core::Result<std::vector<db::JobRow>> Runner::list(const identity::Principal& actor,
                                                   const db::JobFilter& filter) {
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<db::JobRow>> {
        return db::JobQueue::list(tx, filter);
    });
}

core::Result<db::JobRow> Runner::get(const identity::Principal& actor, std::int64_t id) {
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    return db_.read([&](db::Tx& tx) -> core::Result<db::JobRow> {
        auto job = db::JobQueue::find(tx, id);
        if (!job) {
            return core::fail(core::ErrorCode::not_found,
                              "No job has the id " + std::to_string(id) + ".");
        }
        return *job;
    });
}

core::Result<db::JobRow> Runner::retry(const identity::Principal& actor, std::int64_t id) {
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    const auto now = clock_.now_ms();
    auto revived = db_.write([&](db::Tx& tx) -> core::Result<db::JobRow> {
        auto job = db::JobQueue::find(tx, id);
        if (!job) {
            return core::fail(core::ErrorCode::not_found,
                              "No job has the id " + std::to_string(id) + ".");
        }
        if (!db::JobQueue::revive(tx, id, now)) {
            return core::fail(core::ErrorCode::invalid_transition,
                              "Only a dead job can be retried; this one is " + job->status + ".");
        }
        identity::record_audit(tx, actor, now, "job.retry", "job", std::to_string(id));
        return *db::JobQueue::find(tx, id);
    });
    if (revived) {
        wake();
    }
    return revived;
}

}  // namespace tally::jobs
