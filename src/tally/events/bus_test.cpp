#include "tally/events/bus.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tally/db/job_queue.hpp"

#include "testkit/test_database.hpp"

namespace tally::events {
namespace {

struct ParcelSent {
    static constexpr std::string_view kName = "test.parcel_sent";
    std::int64_t parcel = 0;
    std::vector<std::string> items;
    [[nodiscard]] std::string subject() const { return "parcel:" + std::to_string(parcel); }
    [[nodiscard]] std::string key() const { return std::to_string(parcel); }
};

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const ParcelSent& e) {
    out = {{"parcel", e.parcel}, {"items", boost::json::value_from(e.items)}};
}

ParcelSent tag_invoke(boost::json::value_to_tag<ParcelSent>, const boost::json::value& json) {
    return {.parcel = json.at("parcel").as_int64(),
            .items = boost::json::value_to<std::vector<std::string>>(json.at("items"))};
}

// Another type under the same name: a mistake the bus refuses.
struct Impostor {
    static constexpr std::string_view kName = "test.parcel_sent";
    [[nodiscard]] std::string subject() const { return ""; }
};

[[maybe_unused]] void tag_invoke(boost::json::value_from_tag, boost::json::value& out,
                                 const Impostor&) {
    out = boost::json::object{};
}

[[maybe_unused]] Impostor tag_invoke(boost::json::value_to_tag<Impostor>,
                                     const boost::json::value&) {
    return {};
}

class BusTest : public testkit::EngineTest {
  protected:
    BusTest() { bus_.attach(runner_); }

    void publish(const ParcelSent& event) {
        ASSERT_TRUE(db_->write([&](db::Tx& tx) -> core::Status {
            bus_.publish(tx, event);
            return {};
        }));
    }

    std::vector<db::JobRow> jobs_of(const std::string& kind) {
        auto jobs = runner_.list(identity::Principal::system(), {.kind = kind});
        EXPECT_TRUE(jobs);
        return jobs ? *jobs : std::vector<db::JobRow>{};
    }

    jobs::Runner runner_{*db_, clock_, {.backoff = {.base_ms = 1000, .max_ms = 60'000}}};
    Bus bus_{clock_};
};

TEST_P(BusTest, EverySubscriberGetsAJobOfItsOwnAndOneDyingDoesNotStopTheOther) {
    std::vector<std::int64_t> told;
    int failures = 0;
    bus_.subscribe<ParcelSent>("ledger", [&](const ParcelSent& e) {
        told.push_back(e.parcel);
        return jobs::Outcome::done();
    });
    bus_.subscribe<ParcelSent>("mailer",
                               [&](const ParcelSent&) {
                                   ++failures;
                                   return jobs::Outcome::retry("the mail server is down");
                               },
                               {.max_attempts = 2});

    publish({.parcel = 7, .items = {"MUG-01"}});
    EXPECT_EQ(runner_.run_due(), 2);
    clock_.advance_ms(1000);
    EXPECT_EQ(runner_.run_due(), 1);

    EXPECT_EQ(told, std::vector<std::int64_t>{7});
    EXPECT_EQ(failures, 2);
    const auto ledger = jobs_of("test.parcel_sent:ledger");
    ASSERT_EQ(ledger.size(), 1U);
    EXPECT_EQ(ledger[0].status, "done");
    EXPECT_EQ(ledger[0].subject, "parcel:7");
    EXPECT_EQ(boost::json::parse(ledger[0].payload),
              boost::json::parse(R"({"parcel": 7, "items": ["MUG-01"]})"));
    const auto mailer = jobs_of("test.parcel_sent:mailer");
    ASSERT_EQ(mailer.size(), 1U);
    EXPECT_EQ(mailer[0].status, "dead");
    EXPECT_EQ(mailer[0].attempts, 2);
}

TEST_P(BusTest, AnEventNobodySubscribesToWritesNoJob) {
    publish({.parcel = 7});

    EXPECT_TRUE(jobs_of("test.parcel_sent:ledger").empty());
    EXPECT_EQ(runner_.run_due(), 0);
}

TEST_P(BusTest, TheSameKeyIsWrittenOncePerSubscriberWhileItsJobIsPending) {
    bus_.subscribe<ParcelSent>("ledger", [](const ParcelSent&) { return jobs::Outcome::done(); });

    publish({.parcel = 7});
    publish({.parcel = 7});
    publish({.parcel = 8});

    EXPECT_EQ(jobs_of("test.parcel_sent:ledger").size(), 2U);
}

TEST_P(BusTest, ObserversRunAfterTheCommitAndNotForARollback) {
    std::vector<std::int64_t> seen;
    std::vector<std::int64_t> seen_too;
    bus_.observe<ParcelSent>([&](const ParcelSent& e) { seen.push_back(e.parcel); });
    bus_.observe<ParcelSent>([&](const ParcelSent& e) { seen_too.push_back(e.parcel); });

    const auto refused = db_->write([&](db::Tx& tx) -> core::Status {
        bus_.publish(tx, ParcelSent{.parcel = 1});
        EXPECT_TRUE(seen.empty());  // not before the commit
        return core::fail(core::ErrorCode::invalid_argument, "changed my mind");
    });
    publish({.parcel = 2});

    EXPECT_FALSE(refused);
    EXPECT_EQ(seen, std::vector<std::int64_t>{2});
    EXPECT_EQ(seen_too, std::vector<std::int64_t>{2});
}

TEST_P(BusTest, ARolledBackChangeLeavesNoJobForItsSubscribers) {
    bus_.subscribe<ParcelSent>("ledger", [](const ParcelSent&) { return jobs::Outcome::done(); });

    const auto refused = db_->write([&](db::Tx& tx) -> core::Status {
        bus_.publish(tx, ParcelSent{.parcel = 1});
        return core::fail(core::ErrorCode::invalid_argument, "changed my mind");
    });

    EXPECT_FALSE(refused);
    EXPECT_TRUE(jobs_of("test.parcel_sent:ledger").empty());
}

TEST_P(BusTest, APayloadThatIsNotTheEventKillsItsJobAtOnce) {
    int runs = 0;
    bus_.subscribe<ParcelSent>("ledger", [&](const ParcelSent&) {
        ++runs;
        return jobs::Outcome::done();
    });
    ASSERT_TRUE(db_->write([&](db::Tx& tx) -> core::Result<bool> {
        return db::JobQueue::enqueue(
            tx, {.kind = "test.parcel_sent:ledger", .payload = R"({"parcel": "seven"})"},
            clock_.now_ms());
    }));

    EXPECT_EQ(runner_.run_due(), 1);

    EXPECT_EQ(runs, 0);
    const auto jobs = jobs_of("test.parcel_sent:ledger");
    ASSERT_EQ(jobs.size(), 1U);
    EXPECT_EQ(jobs[0].status, "dead");
    EXPECT_NE(jobs[0].last_error.find("not a test.parcel_sent event"), std::string::npos)
        << jobs[0].last_error;
}

TEST_P(BusTest, JobsOfTheKindBeforeSubscribersRunThroughTheSubscriber) {
    std::vector<std::int64_t> told;
    bus_.subscribe<ParcelSent>("ledger",
                               [&](const ParcelSent& e) {
                                   told.push_back(e.parcel);
                                   return jobs::Outcome::done();
                               },
                               {.legacy_kinds = {"parcel.sent"}});
    ASSERT_TRUE(db_->write([&](db::Tx& tx) -> core::Result<bool> {
        return db::JobQueue::enqueue(
            tx, {.kind = "parcel.sent", .payload = R"({"parcel": 5, "items": []})"},
            clock_.now_ms());
    }));

    EXPECT_EQ(runner_.run_due(), 1);

    EXPECT_EQ(told, std::vector<std::int64_t>{5});
    EXPECT_EQ(jobs_of("parcel.sent").at(0).status, "done");
}

TEST_P(BusTest, RefusesTheSameSubscriberTwiceAndTwoTypesUnderOneName) {
    bus_.subscribe<ParcelSent>("ledger", [](const ParcelSent&) { return jobs::Outcome::done(); });

    EXPECT_THROW(bus_.subscribe<ParcelSent>(
                     "ledger", [](const ParcelSent&) { return jobs::Outcome::done(); }),
                 std::logic_error);
    EXPECT_THROW(bus_.observe<Impostor>([](const Impostor&) {}), std::logic_error);
    EXPECT_THROW(bus_.subscribe<ParcelSent>(
                     "bad:name", [](const ParcelSent&) { return jobs::Outcome::done(); }),
                 std::logic_error);
    EXPECT_EQ(bus_.subscribers("test.parcel_sent"), std::vector<std::string>{"ledger"});
}

INSTANTIATE_TEST_SUITE_P(Engines, BusTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally::events
