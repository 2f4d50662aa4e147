#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"

namespace tally::testkit {

// SQLite always; PostgreSQL too when TALLY_TEST_PG_URL names a server (make test sets it).
[[nodiscard]] std::vector<db::Engine> enabled_engines();
[[nodiscard]] std::string engine_name(const ::testing::TestParamInfo<db::Engine>& info);

// A fresh, empty database for one test: a temporary SQLite file, or a PostgreSQL schema
// of its own. Removed again when the test ends.
class TestDatabase {
  public:
    explicit TestDatabase(db::Engine engine);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    // The --db URL of this database.
    [[nodiscard]] const std::string& url() const { return url_; }
    [[nodiscard]] db::Engine engine() const { return engine_; }
    // Opens a pool on it and applies the migrations.
    [[nodiscard]] std::unique_ptr<db::Database> open_migrated(const core::Clock& clock,
                                                              int pool_size = 4) const;

  private:
    db::Engine engine_;
    std::string url_;
    std::string folder_;  // SQLite
    std::string schema_;  // PostgreSQL
};

// Base for tests that run once per engine: TEST_P(MyTest, ...) with
// INSTANTIATE_TEST_SUITE_P(Engines, MyTest, testing::ValuesIn(enabled_engines()), engine_name).
class EngineTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    EngineTest() : test_db_(GetParam()), db_(test_db_.open_migrated(clock_)) {}

    core::ManualClock clock_{1'790'000'000'000};  // 2026-09-21
    TestDatabase test_db_;
    std::unique_ptr<db::Database> db_;
};

}  // namespace tally::testkit
