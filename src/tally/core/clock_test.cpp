#include "tally/core/clock.hpp"

#include <gtest/gtest.h>

namespace tally::core {
namespace {

TEST(FormatIso8601, WritesUtcWithMilliseconds) {
    EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(format_iso8601(1'795'681'800'123), "2026-11-26T08:30:00.123Z");
}

TEST(ParseIso8601, ReadsWhatFormatWrites) {
    const TimestampMs t = 1'795'681'800'123;
    EXPECT_EQ(parse_iso8601(format_iso8601(t)), t);
}

TEST(ParseIso8601, AppliesTheOffset) {
    EXPECT_EQ(parse_iso8601("2026-11-26T09:30:00+01:00"), parse_iso8601("2026-11-26T08:30:00Z"));
    EXPECT_EQ(parse_iso8601("2026-11-26T03:30:00-05:00"), parse_iso8601("2026-11-26T08:30:00Z"));
}

TEST(ParseIso8601, ReadsAPlainDateAsMidnightUtc) {
    EXPECT_EQ(parse_iso8601("2026-11-26"), parse_iso8601("2026-11-26T00:00:00Z"));
}

TEST(ParseIso8601, RefusesMalformedOrImpossibleTimes) {
    EXPECT_FALSE(parse_iso8601(""));
    EXPECT_FALSE(parse_iso8601("2026-02-30"));
    EXPECT_FALSE(parse_iso8601("2026-11-26T25:00:00Z"));
    EXPECT_FALSE(parse_iso8601("2026-11-26T08:30:00"));  // no offset: ambiguous
    EXPECT_FALSE(parse_iso8601("2026-11-26T08:30:00Zjunk"));
    EXPECT_FALSE(parse_iso8601("26-11-2026"));
}

TEST(ManualClock, MovesOnlyWhenTold) {
    ManualClock clock(1000);
    EXPECT_EQ(clock.now_ms(), 1000);
    clock.advance_ms(500);
    EXPECT_EQ(clock.now_ms(), 1500);
}

}  // namespace
}  // namespace tally::core
