#include "tally/db/database.hpp"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "testkit/test_database.hpp"

namespace tally::db {
namespace {

class DatabaseTest : public testkit::EngineTest {
  protected:
    DatabaseTest() {
        auto created = db_->write([](Tx& tx) -> core::Status {
            tx.sql() << "CREATE TABLE parents (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE)";
            tx.sql() << "CREATE TABLE children (id BIGINT PRIMARY KEY,"
                        " parent_id BIGINT NOT NULL REFERENCES parents (id))";
            return {};
        });
        EXPECT_TRUE(created);
    }

    int count(const std::string& table) {
        return *db_->read([&](Tx& tx) -> core::Result<int> {
            int n = 0;
            tx.sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
            return n;
        });
    }

    core::Status insert_parent(Tx& tx, long long id, const std::string& name) {
        tx.sql() << "INSERT INTO parents (id, name) VALUES (:id, :name)", soci::use(id),
            soci::use(name);
        return {};
    }
};

TEST_P(DatabaseTest, CommitsWhenTheBodyReturnsAValue) {
    ASSERT_TRUE(db_->write([&](Tx& tx) { return insert_parent(tx, 1, "a"); }));
    EXPECT_EQ(count("parents"), 1);
}

TEST_P(DatabaseTest, RollsBackWhenTheBodyReturnsAnError) {
    const auto result = db_->write([&](Tx& tx) -> core::Status {
        (void)insert_parent(tx, 1, "a");
        return core::fail(core::ErrorCode::invalid_argument, "changed my mind");
    });
    EXPECT_FALSE(result);
    EXPECT_EQ(count("parents"), 0);
}

TEST_P(DatabaseTest, RollsBackAndRethrowsOnAnUnexpectedException) {
    EXPECT_THROW((void)db_->write([&](Tx& tx) -> core::Status {
        (void)insert_parent(tx, 1, "a");
        throw std::runtime_error("bug");
    }),
                 std::runtime_error);
    EXPECT_EQ(count("parents"), 0);
}

TEST_P(DatabaseTest, TranslatesAUniqueViolationToConflict) {
    ASSERT_TRUE(db_->write([&](Tx& tx) { return insert_parent(tx, 1, "a"); }));
    const auto duplicate = db_->write([&](Tx& tx) {
        (void)insert_parent(tx, 2, "b");
        return insert_parent(tx, 3, "a");
    });
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().code, core::ErrorCode::conflict);
    EXPECT_EQ(count("parents"), 1);  // the whole transaction is gone, "b" too
}

TEST_P(DatabaseTest, TranslatesAForeignKeyViolationToInvalidArgument) {
    const auto orphan = db_->write([&](Tx& tx) -> core::Status {
        tx.sql() << "INSERT INTO children (id, parent_id) VALUES (1, 42)";
        return {};
    });
    ASSERT_FALSE(orphan);
    EXPECT_EQ(orphan.error().code, core::ErrorCode::invalid_argument);
}

TEST_P(DatabaseTest, ConcurrentWritersAllCommit) {
    constexpr int kThreads = 8;
    constexpr int kPerThread = 25;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const long long id = t * 1000 + i;
                if (!db_->write(
                        [&](Tx& tx) { return insert_parent(tx, id, "p" + std::to_string(id)); })) {
                    ++failures;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(count("parents"), kThreads * kPerThread);
}

TEST(ParseDatabaseUrl, KnowsBothEngines) {
    EXPECT_EQ(parse_database_url("sqlite:var/tally.db")->target, "var/tally.db");
    EXPECT_EQ(parse_database_url("sqlite:var/tally.db")->engine, Engine::sqlite);
    EXPECT_EQ(parse_database_url("postgresql://u@h/db")->engine, Engine::postgresql);
    EXPECT_EQ(parse_database_url("postgresql:host=h dbname=d")->target, "host=h dbname=d");
    EXPECT_FALSE(parse_database_url("mysql://u@h/db"));
    EXPECT_FALSE(parse_database_url("sqlite:"));
}

INSTANTIATE_TEST_SUITE_P(Engines, DatabaseTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally::db
