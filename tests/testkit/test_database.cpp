#include "testkit/test_database.hpp"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <unistd.h>

#include "tally/db/migrations.hpp"

namespace tally::testkit {

namespace {

const char* pg_url() {
    const char* url = std::getenv("TALLY_TEST_PG_URL");
    return url != nullptr && *url != '\0' ? url : nullptr;
}

std::string unique_suffix() {
    static std::atomic<int> counter{0};
    std::random_device random;
    return std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
           std::to_string(random() % 1000000);
}

// Runs one statement on a short-lived connection to the PostgreSQL test server.
void pg_admin(const std::string& statement) {
    const auto parsed = db::parse_database_url(pg_url());
    if (!parsed) {
        throw std::runtime_error("TALLY_TEST_PG_URL is not a PostgreSQL URL");
    }
    soci::session sql(*soci::factory_postgresql(), parsed->target);
    sql << statement;
}

}  // namespace

std::vector<db::Engine> enabled_engines() {
    std::vector<db::Engine> engines{db::Engine::sqlite};
    if (pg_url() != nullptr) {
        engines.push_back(db::Engine::postgresql);
    }
    return engines;
}

std::string engine_name(const ::testing::TestParamInfo<db::Engine>& info) {
    return info.param == db::Engine::sqlite ? "sqlite" : "postgresql";
}

TestDatabase::TestDatabase(db::Engine engine) : engine_(engine) {
    const std::string suffix = unique_suffix();
    if (engine == db::Engine::sqlite) {
        folder_ = (std::filesystem::temp_directory_path() / ("tally-test-" + suffix)).string();
        std::filesystem::create_directories(folder_);
        url_ = "sqlite:" + folder_ + "/tally.db";
        return;
    }
    if (pg_url() == nullptr) {
        throw std::runtime_error("PostgreSQL tests need TALLY_TEST_PG_URL");
    }
    schema_ = "test_" + suffix;
    pg_admin("CREATE SCHEMA " + schema_);
    const std::string base = pg_url();
    const std::string options = "options=-csearch_path%3D" + schema_;
    if (base.starts_with("postgresql://") || base.starts_with("postgres://")) {
        url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + options;
    } else {
        url_ = base + " options=-csearch_path=" + schema_;
    }
}

TestDatabase::~TestDatabase() {
    try {
        if (engine_ == db::Engine::sqlite) {
            std::filesystem::remove_all(folder_);
        } else {
            pg_admin("DROP SCHEMA " + schema_ + " CASCADE");
        }
    } catch (const std::exception&) {
        // A leftover temporary schema or folder is harmless.
    }
}

std::unique_ptr<db::Database> TestDatabase::open_migrated(const core::Clock& clock,
                                                          int pool_size) const {
    auto db = db::Database::open(url_, pool_size);
    auto migrated = db::migrate(*db, db::embedded_migrations(), clock);
    if (!migrated) {
        throw std::runtime_error("migration failed: " + migrated.error().message);
    }
    return db;
}

}  // namespace tally::testkit
