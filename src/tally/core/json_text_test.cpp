#include "tally/core/json_text.hpp"

#include <gtest/gtest.h>

namespace tally::core {
namespace {

TEST(JsonQuote, EscapesQuotesBackslashesAndControlCharacters) {
    EXPECT_EQ(json_quote("plain"), "\"plain\"");
    EXPECT_EQ(json_quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(json_quote("line\nnext\t\x01"), "\"line\\nnext\\t\\u0001\"");
}

TEST(JsonObject, KeepsTheOrderOfFields) {
    EXPECT_EQ(json_object({{"role", "picker"}, {"warehouse", "BER"}}),
              "{\"role\":\"picker\",\"warehouse\":\"BER\"}");
    EXPECT_EQ(json_object({}), "{}");
}

}  // namespace
}  // namespace tally::core
