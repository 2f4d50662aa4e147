#include "tally/jobs/runner.hpp"

#include <atomic>
#include <stdexcept>

#include <gtest/gtest.h>

#include "testkit/test_database.hpp"

namespace tally::jobs {
namespace {

TEST(Backoff, DoublesFromTheBaseUpToTheCap) {
    const BackoffPolicy policy{.base_ms = 1000, .max_ms = 5000};

    EXPECT_EQ(backoff_ms(1, policy), 1000);
    EXPECT_EQ(backoff_ms(2, policy), 2000);
    EXPECT_EQ(backoff_ms(3, policy), 4000);
    EXPECT_EQ(backoff_ms(4, policy), 5000);
    EXPECT_EQ(backoff_ms(60, policy), 5000);
}

TEST(Settle, RetriesWithBackoffUntilTheLastAttemptAndThenGivesUp) {
    const BackoffPolicy policy{.base_ms = 1000, .max_ms = 60'000};
    db::JobRow job{.attempts = 2, .max_attempts = 3};

    const auto again = settle(job, Outcome::retry("503"), policy, 10'000);
    EXPECT_EQ(again.status, "pending");
    EXPECT_EQ(again.run_at, 12'000);
    EXPECT_EQ(again.error, "503");

    job.attempts = 3;
    const auto dead = settle(job, Outcome::retry("503"), policy, 10'000);
    EXPECT_EQ(dead.status, "dead");
    EXPECT_EQ(dead.error, "503 (gave up after 3 attempts)");
}

TEST(Settle, HonoursTheReceiversOwnRetryTimeAndRecurringRuns) {
    const db::JobRow job{.attempts = 1, .max_attempts = 5};

    EXPECT_EQ(settle(job, Outcome::retry("throttled", 42'000), {}, 10'000).run_at, 42'000);
    const auto recurring = settle(job, Outcome::again(70'000, "3 orders"), {}, 10'000);
    EXPECT_EQ(recurring.status, "pending");
    EXPECT_EQ(recurring.run_at, 70'000);
    EXPECT_TRUE(recurring.reset_attempts);
    EXPECT_EQ(settle(job, Outcome::fail("bad"), {}, 10'000).status, "dead");
}

class RunnerTest : public testkit::EngineTest {
  protected:
    void enqueue(db::NewJob job) {
        const auto written = db_->write([&](db::Tx& tx) -> core::Result<bool> {
            return db::JobQueue::enqueue(tx, job, clock_.now_ms());
        });
        ASSERT_TRUE(written);
        last_enqueued_ = *written;
    }

    db::JobRow only_job() {
        auto jobs = runner_.list(identity::Principal::system(), {});
        EXPECT_TRUE(jobs && jobs->size() == 1U);
        return jobs && !jobs->empty() ? jobs->front() : db::JobRow{};
    }

    Runner runner_{*db_, clock_, {.backoff = {.base_ms = 1000, .max_ms = 60'000}}};
    bool last_enqueued_ = false;
};

TEST_P(RunnerTest, RunsADueJobOnceAndRecordsItsResult) {
    int runs = 0;
    runner_.handle("test.echo", [&](const db::JobRow& job) {
        ++runs;
        return Outcome::done("echo " + job.payload);
    });
    enqueue({.kind = "test.echo", .subject = "order:1", .payload = R"({"n":1})"});

    EXPECT_EQ(runner_.run_due(), 1);
    EXPECT_EQ(runner_.run_due(), 0);
    EXPECT_EQ(runs, 1);
    const auto job = only_job();
    EXPECT_EQ(job.status, "done");
    EXPECT_EQ(job.result, R"(echo {"n":1})");
    EXPECT_EQ(job.attempts, 1);
}

TEST_P(RunnerTest, WaitsForTheBackoffBeforeTheNextAttempt) {
    int runs = 0;
    runner_.handle("test.flaky", [&](const db::JobRow&) {
        return ++runs < 3 ? Outcome::retry("receiver said 500") : Outcome::done();
    });
    enqueue({.kind = "test.flaky"});

    EXPECT_EQ(runner_.run_due(), 1);
    EXPECT_EQ(only_job().last_error, "receiver said 500");
    clock_.advance_ms(999);
    EXPECT_EQ(runner_.run_due(), 0);  // 1 s after the first failure
    clock_.advance_ms(1);
    EXPECT_EQ(runner_.run_due(), 1);
    clock_.advance_ms(1999);
    EXPECT_EQ(runner_.run_due(), 0);  // 2 s after the second
    clock_.advance_ms(1);
    EXPECT_EQ(runner_.run_due(), 1);
    EXPECT_EQ(only_job().status, "done");
    EXPECT_EQ(runs, 3);
}

TEST_P(RunnerTest, GivesUpAfterTheLastAttemptUntilAPersonRetriesIt) {
    runner_.handle("test.broken", [](const db::JobRow&) { return Outcome::retry("down"); });
    enqueue({.kind = "test.broken", .max_attempts = 2});
    runner_.run_due();
    clock_.advance_ms(60'000);
    runner_.run_due();
    ASSERT_EQ(only_job().status, "dead");
    clock_.advance_ms(3'600'000);
    EXPECT_EQ(runner_.run_due(), 0);

    const auto revived = runner_.retry(identity::Principal::system(), only_job().id);

    ASSERT_TRUE(revived);
    EXPECT_EQ(revived->status, "pending");
    EXPECT_EQ(runner_.run_due(), 1);
    const auto again = runner_.retry(identity::Principal::system(), only_job().id);
    EXPECT_FALSE(again);  // pending again, not dead
}

TEST_P(RunnerTest, KeepsOnePendingJobPerDedupeKey) {
    enqueue({.kind = "test.sync", .dedupe_key = "sync:shop:1"});
    EXPECT_TRUE(last_enqueued_);
    enqueue({.kind = "test.sync", .dedupe_key = "sync:shop:1"});
    EXPECT_FALSE(last_enqueued_);
    runner_.handle("test.sync", [](const db::JobRow&) { return Outcome::done(); });
    runner_.run_due();

    enqueue({.kind = "test.sync", .dedupe_key = "sync:shop:1"});

    EXPECT_TRUE(last_enqueued_);  // the first one is done
}

TEST_P(RunnerTest, LetsOneOfTwoNodesClaimAJobAndTheOtherTakeItWhenTheLeaseRunsOut) {
    Runner other{*db_, clock_, {.lease_ms = 10'000}};
    std::atomic<int> runs = 0;
    runner_.handle("test.slow", [&](const db::JobRow&) {
        ++runs;
        // While this node holds the lease, the other finds nothing to do.
        EXPECT_EQ(other.run_due(), 0);
        return Outcome::done();
    });
    other.handle("test.slow", [&](const db::JobRow&) {
        ++runs;
        return Outcome::done();
    });
    enqueue({.kind = "test.slow"});

    EXPECT_EQ(runner_.run_due(), 1);
    EXPECT_EQ(runs.load(), 1);

    // A job whose node died mid-attempt: claimed and never finished.
    enqueue({.kind = "test.slow", .subject = "orphan"});
    const auto id = runner_.list(identity::Principal::system(), {.subject = "orphan"})->front().id;
    const auto claimed = db_->write([&](db::Tx& tx) -> core::Result<bool> {
        return db::JobQueue::claim(tx, id, "dead-node", clock_.now_ms(), clock_.now_ms() + 10'000)
            .has_value();
    });
    ASSERT_TRUE(claimed && *claimed);
    EXPECT_EQ(other.run_due(), 0);
    clock_.advance_ms(10'001);
    EXPECT_EQ(other.run_due(), 1);
    EXPECT_EQ(runner_.get(identity::Principal::system(), id)->status, "done");
    EXPECT_EQ(runner_.get(identity::Principal::system(), id)->attempts, 2);
}

TEST_P(RunnerTest, RunsJobsOnItsThreadsWhenWoken) {
    std::atomic<int> runs = 0;
    runner_.handle("test.echo", [&](const db::JobRow&) {
        ++runs;
        return Outcome::done();
    });
    runner_.start();
    for (int i = 0; i < 5; ++i) {
        enqueue({.kind = "test.echo"});
        runner_.wake();
    }
    for (int i = 0; i < 500 && runs.load() < 5; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    runner_.stop();

    EXPECT_EQ(runs.load(), 5);
}

TEST_P(RunnerTest, RefusesASecondHandlerForAKindRatherThanUnhookingTheFirst) {
    int first = 0;
    runner_.handle("test.echo", [&](const db::JobRow&) {
        ++first;
        return Outcome::done();
    });

    EXPECT_THROW(runner_.handle("test.echo", [](const db::JobRow&) { return Outcome::done(); }),
                 std::logic_error);

    enqueue({.kind = "test.echo"});
    EXPECT_EQ(runner_.run_due(), 1);
    EXPECT_EQ(first, 1);
}

TEST_P(RunnerTest, RefusesAHandlerAfterItStarted) {
    runner_.start();

    EXPECT_THROW(runner_.handle("test.late", [](const db::JobRow&) { return Outcome::done(); }),
                 std::logic_error);
    runner_.stop();
}

INSTANTIATE_TEST_SUITE_P(Engines, RunnerTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally::jobs
