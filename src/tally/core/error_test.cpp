#include "tally/core/error.hpp"

#include <gtest/gtest.h>

namespace tally::core {
namespace {

TEST(NameConflict, NamesTheFieldOfAUniqueKeyConflict) {
    const Result<int> conflict = fail(ErrorCode::conflict, "duplicate key");
    const auto named = name_conflict(conflict, "code", "The code is already taken.");
    ASSERT_FALSE(named);
    EXPECT_EQ(named.error().message, "The code is already taken.");
    EXPECT_EQ(named.error().fields, (std::vector<FieldError>{{"code", "is already taken"}}));
}

TEST(NameConflict, PassesOtherResultsThrough) {
    EXPECT_EQ(name_conflict(Result<int>(7), "code", "taken"), 7);
    const auto other = name_conflict(Result<int>(fail(ErrorCode::not_found, "gone")), "code", "x");
    EXPECT_EQ(other.error().code, ErrorCode::not_found);
    EXPECT_EQ(other.error().message, "gone");
}

TEST(FieldErrors, ReportsEveryFieldInOrder) {
    FieldErrors errors;
    errors.add("sku", "is required");
    errors.add("price", "must not be negative");
    const auto error = errors.to_error().error();
    EXPECT_EQ(error.code, ErrorCode::invalid_argument);
    ASSERT_EQ(error.fields.size(), 2U);
    EXPECT_EQ(error.fields[1].field, "price");
}

}  // namespace
}  // namespace tally::core
