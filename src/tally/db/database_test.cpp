#include "tally/db/database.hpp"

#include <atomic>
#include <functional>
#include <latch>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "tally/db/statement.hpp"

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

    std::set<long long> parent_ids() {
        return *db_->read([&](Tx& tx) -> core::Result<std::set<long long>> {
            std::set<long long> ids;
            soci::rowset<long long> rows = tx.sql().prepare << "SELECT id FROM parents";
            ids.insert(rows.begin(), rows.end());
            return ids;
        });
    }

    core::Status insert_parent(Tx& tx, long long id, const std::string& name) {
        tx.sql() << "INSERT INTO parents (id, name) VALUES (:id, :name)", soci::use(id),
            soci::use(name);
        return {};
    }
};

// Runs write(thread, i) for i < per_thread on `threads` threads that start together, so
// that their writes meet in the writer's queue.
void run_concurrently(int threads, int per_thread, const std::function<void(int, int)>& write) {
    std::latch start(threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            start.arrive_and_wait();
            for (int i = 0; i < per_thread; ++i) {
                write(t, i);
            }
        });
    }
    for (auto& thread : pool) {
        thread.join();
    }
}

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

TEST_P(DatabaseTest, RunsAfterCommitCallbacksOnceTheChangeIsVisible) {
    int seen = -1;
    ASSERT_TRUE(db_->write([&](Tx& tx) {
        tx.after_commit([&] { seen = count("parents"); });
        return insert_parent(tx, 1, "a");
    }));
    EXPECT_EQ(seen, 1);
}

TEST_P(DatabaseTest, DropsAfterCommitCallbacksOfARolledBackChange) {
    bool ran = false;
    ASSERT_TRUE(db_->write([&](Tx& tx) { return insert_parent(tx, 1, "a"); }));
    const auto refused = db_->write([&](Tx& tx) -> core::Status {
        tx.after_commit([&] { ran = true; });
        return core::fail(core::ErrorCode::invalid_argument, "changed my mind");
    });
    const auto duplicate = db_->write([&](Tx& tx) {
        tx.after_commit([&] { ran = true; });
        return insert_parent(tx, 2, "a");
    });
    EXPECT_FALSE(refused);
    EXPECT_FALSE(duplicate);
    EXPECT_FALSE(ran);
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

TEST_P(DatabaseTest, ConcurrentWritesAllLandAndShareCommitsOnSqlite) {
    constexpr int kThreads = 32;
    constexpr int kPerThread = 50;
    const std::size_t batches_before = db_->write_batches();
    const std::size_t writes_before = db_->writes_committed();
    std::atomic<int> failures{0};

    run_concurrently(kThreads, kPerThread, [&](int t, int i) {
        const long long id = t * 1000 + i;
        if (!db_->write([&](Tx& tx) { return insert_parent(tx, id, "p" + std::to_string(id)); })) {
            ++failures;
        }
    });

    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(count("parents"), kThreads * kPerThread);
    const std::size_t batches = db_->write_batches() - batches_before;
    if (db_->engine() == Engine::sqlite) {
        EXPECT_GE(batches, 1U);
        EXPECT_LT(batches, static_cast<std::size_t>(kThreads * kPerThread));
        EXPECT_EQ(db_->writes_committed() - writes_before,
                  static_cast<std::size_t>(kThreads * kPerThread));
    } else {
        EXPECT_EQ(batches, 0U);
    }
}

TEST_P(DatabaseTest, AFailingWriteLeavesNoTraceAndDoesNotSinkTheOthers) {
    ASSERT_TRUE(db_->write([&](Tx& tx) { return insert_parent(tx, 999'999, "taken"); }));
    constexpr int kThreads = 24;
    constexpr int kPerThread = 30;
    std::atomic<int> unexpected{0};

    // Per write, by i % 3: commits; inserts then returns an error; inserts then hits a
    // unique violation.
    run_concurrently(kThreads, kPerThread, [&](int t, int i) {
        const long long id = t * 1000 + i;
        const auto result = db_->write([&](Tx& tx) -> core::Status {
            (void)insert_parent(tx, id, "p" + std::to_string(id));
            if (i % 3 == 1) {
                return core::fail(core::ErrorCode::invalid_argument, "changed my mind");
            }
            if (i % 3 == 2) {
                return insert_parent(tx, id + 500'000, "taken");
            }
            return {};
        });
        const bool as_expected =
            i % 3 == 0   ? result.has_value()
            : i % 3 == 1 ? !result && result.error().code == core::ErrorCode::invalid_argument
                         : !result && result.error().code == core::ErrorCode::conflict;
        if (!as_expected) {
            ++unexpected;
        }
    });

    EXPECT_EQ(unexpected.load(), 0);
    std::set<long long> expected{999'999};
    for (int t = 0; t < kThreads; ++t) {
        for (int i = 0; i < kPerThread; i += 3) {
            expected.insert(t * 1000 + i);
        }
    }
    EXPECT_EQ(parent_ids(), expected);
}

TEST_P(DatabaseTest, AnExceptionInOneWriteReachesItsCallerWhileOthersCommit) {
    constexpr int kThreads = 16;
    constexpr int kPerThread = 20;
    std::atomic<int> bugs{0};
    std::atomic<int> driver_errors{0};
    std::atomic<int> unexpected{0};

    // Per write, by i % 4: commits, commits, throws a bug, runs SQL the driver rejects.
    run_concurrently(kThreads, kPerThread, [&](int t, int i) {
        const long long id = t * 1000 + i;
        try {
            const auto result = db_->write([&](Tx& tx) -> core::Status {
                (void)insert_parent(tx, id, "p" + std::to_string(id));
                if (i % 4 == 2) {
                    throw std::runtime_error("bug");
                }
                if (i % 4 == 3) {
                    tx.sql() << "INSERT INTO nowhere (id) VALUES (1)";
                }
                return {};
            });
            if (!result || i % 4 >= 2) {
                ++unexpected;
            }
        } catch (const soci::soci_error&) {
            ++(i % 4 == 3 ? driver_errors : unexpected);
        } catch (const std::runtime_error& e) {
            ++(i % 4 == 2 && std::string(e.what()) == "bug" ? bugs : unexpected);
        }
    });

    EXPECT_EQ(unexpected.load(), 0);
    EXPECT_EQ(bugs.load(), kThreads * kPerThread / 4);
    EXPECT_EQ(driver_errors.load(), kThreads * kPerThread / 4);
    std::set<long long> expected;
    for (int t = 0; t < kThreads; ++t) {
        for (int i = 0; i < kPerThread; ++i) {
            if (i % 4 < 2) {
                expected.insert(t * 1000 + i);
            }
        }
    }
    EXPECT_EQ(parent_ids(), expected);
}

TEST_P(DatabaseTest, AWriteWhoseCommitFailsLeavesNoTraceAndTheNextOneCommits) {
    ASSERT_TRUE(db_->write([](Tx& tx) -> core::Status {
        tx.sql() << "CREATE TABLE late (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL"
                    " REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED)";
        return {};
    }));
    const auto orphan = [&] {
        return db_->write([](Tx& tx) -> core::Status {
            tx.sql() << "INSERT INTO late (id, parent_id) VALUES (1, 42)";
            return {};
        });
    };

    if (db_->engine() == Engine::sqlite) {
        // Checked only at the batch's COMMIT, which fails as a whole: an exception.
        EXPECT_THROW((void)orphan(), soci::soci_error);
    } else {
        const auto result = orphan();
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().code, core::ErrorCode::invalid_argument);
    }
    EXPECT_EQ(count("late"), 0);
    EXPECT_TRUE(db_->write([&](Tx& tx) { return insert_parent(tx, 1, "a"); }));
    EXPECT_EQ(count("parents"), 1);
}

TEST_P(DatabaseTest, AWriteInsideAWriteIsRefusedOnSqlite) {
    const auto nested = [&] {
        return db_->write([&](Tx& tx) -> core::Status {
            (void)insert_parent(tx, 1, "a");
            return db_->write([&](Tx& inner) { return insert_parent(inner, 2, "b"); });
        });
    };

    if (db_->engine() == Engine::sqlite) {
        // The body runs on the writer thread, which would wait for itself.
        EXPECT_THROW((void)nested(), std::logic_error);
        EXPECT_EQ(count("parents"), 0);
        EXPECT_TRUE(db_->write([&](Tx& tx) { return insert_parent(tx, 3, "c"); }));
        EXPECT_EQ(parent_ids(), (std::set<long long>{3}));
    } else {
        // Two pooled connections, two independent transactions.
        EXPECT_TRUE(nested());
        EXPECT_EQ(parent_ids(), (std::set<long long>{1, 2}));
    }
}

TEST_P(DatabaseTest, ClosingRightAfterConcurrentWritesKeepsThemAll) {
    constexpr int kThreads = 16;
    constexpr int kPerThread = 20;
    std::atomic<int> failures{0};
    run_concurrently(kThreads, kPerThread, [&](int t, int i) {
        const long long id = t * 1000 + i;
        if (!db_->write([&](Tx& tx) { return insert_parent(tx, id, "p" + std::to_string(id)); })) {
            ++failures;
        }
    });

    db_.reset();

    EXPECT_EQ(failures.load(), 0);
    db_ = Database::open(test_db_.url());
    EXPECT_EQ(count("parents"), kThreads * kPerThread);
}

TEST_P(DatabaseTest, APreparedQueryBindsEveryTypeAndRunsAgain) {
    ASSERT_TRUE(db_->write([](Tx& tx) -> core::Status {
        tx.sql() << "CREATE TABLE things (id BIGINT PRIMARY KEY, name TEXT, weight DOUBLE"
                    " PRECISION, note TEXT)";
        return {};
    }));
    for (int round = 0; round < 2; ++round) {  // the second round reuses the statement
        ASSERT_TRUE(db_->write([&](Tx& tx) -> core::Status {
            Query insert(tx, "INSERT INTO things (id, name, weight, note) VALUES ($1, $2, $3, $4)");
            insert.bind(std::int64_t{10} + round)
                .bind("it's " + std::to_string(round))
                .bind(2.5)
                .bind(std::optional<std::string>());
            EXPECT_EQ(insert.exec(), 1);
            return {};
        }));
    }
    const auto rows = db_->read([](Tx& tx) -> core::Result<std::vector<std::string>> {
        Query select(tx, "SELECT id, name, weight, note FROM things WHERE id >= $1 ORDER BY id");
        select.bind(0);
        std::vector<std::string> out;
        while (select.next()) {
            out.push_back(std::to_string(select.int64(0)) + " " + select.text(1) + " " +
                          std::to_string(select.number(2)) + (select.is_null(3) ? " null" : ""));
        }
        return out;
    });
    ASSERT_TRUE(rows);
    EXPECT_EQ(*rows,
              (std::vector<std::string>{"10 it's 0 2.500000 null", "11 it's 1 2.500000 null"}));
    const auto changed = db_->write([](Tx& tx) -> core::Result<std::int64_t> {
        Query update(tx, "UPDATE things SET weight = weight + $1 WHERE id > $2");
        return update.bind(1.0).bind(0).exec();
    });
    EXPECT_EQ(changed.value_or(-1), 2);
}

TEST_P(DatabaseTest, APreparedQueryReportsConstraintsLikeTheRest) {
    ASSERT_TRUE(db_->write([&](Tx& tx) { return insert_parent(tx, 1, "a"); }));
    const auto duplicate = db_->write([](Tx& tx) -> core::Status {
        Query insert(tx, "INSERT INTO parents (id, name) VALUES ($1, $2)");
        insert.bind(2).bind("a").exec();
        return {};
    });
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().code, core::ErrorCode::conflict);
    // The connection and its cached statement still work afterwards.
    EXPECT_TRUE(db_->write([](Tx& tx) -> core::Status {
        Query insert(tx, "INSERT INTO parents (id, name) VALUES ($1, $2)");
        EXPECT_EQ(insert.bind(3).bind("c").exec(), 1);
        return {};
    }));
    EXPECT_EQ(count("parents"), 2);
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
