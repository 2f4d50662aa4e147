#include "tally/db/statement.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "testkit/test_database.hpp"

namespace tally::db {
namespace {

constexpr const char* kInsertThing =
    "INSERT INTO things (id, name, weight, note) VALUES ($1, $2, $3, $4)";

class QueryTest : public testkit::EngineTest {
  protected:
    QueryTest() {
        auto created = db_->write([](Tx& tx) -> core::Status {
            tx.sql() << "CREATE TABLE things (id BIGINT PRIMARY KEY, name TEXT NOT NULL,"
                        " weight DOUBLE PRECISION, note TEXT)";
            return {};
        });
        EXPECT_TRUE(created);
        auto inserted = db_->write([](Tx& tx) -> core::Status {
            {
                Query insert(tx, kInsertThing);
                insert.bind(1).bind("mug").bind(2.5).bind("fragile").exec();
            }
            Query insert(tx, kInsertThing);
            insert.bind(2).bind("cup").bind_null().bind_null().exec();
            return {};
        });
        EXPECT_TRUE(inserted);
    }
};

constexpr const char* kSelectThings =
    "SELECT note, weight, name, t.id AS thing_id, COUNT(*) OVER () AS total FROM things t"
    " WHERE id >= $1 ORDER BY id";

TEST_P(QueryTest, ReadsColumnsByNameWhateverTheirOrder) {
    for (int round = 0; round < 2; ++round) {  // the second round reuses the cached names
        const auto rows = db_->read([](Tx& tx) -> core::Result<std::vector<std::string>> {
            Query select(tx, kSelectThings);
            select.bind(0);
            std::vector<std::string> out;
            while (select.next()) {
                out.push_back(std::to_string(select.int64("thing_id")) + " " + select.text("name") +
                              " " + std::to_string(select.optional_number("weight").value_or(-1)) +
                              " " + select.optional_text("note").value_or("null") + " of " +
                              std::to_string(select.int64("total")));
            }
            return out;
        });
        ASSERT_TRUE(rows);
        EXPECT_EQ(*rows, (std::vector<std::string>{"1 mug 2.500000 fragile of 2",
                                                   "2 cup -1.000000 null of 2"}));
    }
}

TEST_P(QueryTest, TellsANullColumnByName) {
    const auto nulls = db_->read([](Tx& tx) -> core::Result<std::vector<bool>> {
        Query select(tx, kSelectThings);
        select.bind(0);
        std::vector<bool> out;
        while (select.next()) {
            out.push_back(select.is_null("note"));
            out.push_back(select.optional_int64("thing_id").has_value());
        }
        return out;
    });
    ASSERT_TRUE(nulls);
    EXPECT_EQ(*nulls, (std::vector<bool>{false, true, true, true}));
}

TEST_P(QueryTest, AMissingColumnThrowsAnErrorThatNamesIt) {
    std::string message;
    const auto read = db_->read([&](Tx& tx) -> core::Status {
        Query select(tx, kSelectThings);
        select.bind(0);
        EXPECT_TRUE(select.next());
        try {
            (void)select.text("colour");
        } catch (const std::logic_error& e) {
            message = e.what();
        }
        return {};
    });
    EXPECT_TRUE(read);
    EXPECT_NE(message.find("\"colour\""), std::string::npos) << message;
    EXPECT_NE(message.find("FROM things"), std::string::npos) << message;
}

TEST_P(QueryTest, AColumnNameTwoColumnsShareIsRefusedNotGuessed) {
    std::string message;
    const auto read = db_->read([&](Tx& tx) -> core::Status {
        Query select(tx, "SELECT a.id, b.id FROM things a JOIN things b ON b.id = a.id");
        EXPECT_TRUE(select.next());
        try {
            (void)select.int64("id");
        } catch (const std::logic_error& e) {
            message = e.what();
        }
        return {};
    });
    EXPECT_TRUE(read);
    EXPECT_NE(message.find("\"id\" appears twice"), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(Engines, QueryTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally::db
