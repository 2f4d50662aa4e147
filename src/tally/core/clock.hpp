#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tally::core {

// UTC milliseconds since the Unix epoch: the one representation of time in the database.
using TimestampMs = std::int64_t;

// The only way code reads the time, so tests can set it.
class Clock {
  public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual TimestampMs now_ms() const = 0;
};

class SystemClock final : public Clock {
  public:
    [[nodiscard]] TimestampMs now_ms() const override;
};

// A clock that moves only when told to.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(TimestampMs start) : now_(start) {}
    [[nodiscard]] TimestampMs now_ms() const override { return now_.load(); }
    void advance_ms(TimestampMs delta) { now_ += delta; }
    void set(TimestampMs value) { now_ = value; }

  private:
    std::atomic<TimestampMs> now_;
};

// ISO 8601 in UTC with milliseconds: 2026-11-26T08:30:00.000Z.
[[nodiscard]] std::string format_iso8601(TimestampMs ms);

// Parses ISO 8601 date-times with a Z or ±hh:mm offset, and plain dates (midnight UTC).
[[nodiscard]] std::optional<TimestampMs> parse_iso8601(std::string_view text);

}  // namespace tally::core
