#include "tally/core/clock.hpp"

#include <chrono>

#include <fmt/format.h>

namespace tally::core {

TimestampMs SystemClock::now_ms() const {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_iso8601(TimestampMs ms) {
    using namespace std::chrono;
    const sys_time<milliseconds> tp{milliseconds{ms}};
    const auto day = floor<days>(tp);
    const year_month_day ymd{day};
    const hh_mm_ss hms{tp - day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                       hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                       hms.subseconds().count());
}

namespace {

// Reads exactly `width` digits at `pos`, advancing it.
std::optional<int> digits(std::string_view text, std::size_t& pos, std::size_t width) {
    if (pos + width > text.size()) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    pos += width;
    return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
    if (pos < text.size() && text[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

}  // namespace

std::optional<TimestampMs> parse_iso8601(std::string_view text) {
    using namespace std::chrono;
    std::size_t pos = 0;
    const auto y = digits(text, pos, 4);
    if (!y || !expect(text, pos, '-')) {
        return std::nullopt;
    }
    const auto mo = digits(text, pos, 2);
    if (!mo || !expect(text, pos, '-')) {
        return std::nullopt;
    }
    const auto d = digits(text, pos, 2);
    if (!d) {
        return std::nullopt;
    }
    const year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)},
                             day{static_cast<unsigned>(*d)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    TimestampMs result = duration_cast<milliseconds>(sys_days{ymd}.time_since_epoch()).count();
    if (pos == text.size()) {
        return result;
    }
    if (!expect(text, pos, 'T') && !expect(text, pos, 't') && !expect(text, pos, ' ')) {
        return std::nullopt;
    }
    const auto h = digits(text, pos, 2);
    if (!h || !expect(text, pos, ':')) {
        return std::nullopt;
    }
    const auto mi = digits(text, pos, 2);
    if (!mi || !expect(text, pos, ':')) {
        return std::nullopt;
    }
    const auto s = digits(text, pos, 2);
    if (!s || *h > 23 || *mi > 59 || *s > 60) {
        return std::nullopt;
    }
    int millis = 0;
    if (expect(text, pos, '.')) {
        int scale = 100;
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            millis += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start) {
            return std::nullopt;
        }
    }
    int offset_min = 0;
    if (expect(text, pos, 'Z') || expect(text, pos, 'z')) {
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int sign = text[pos] == '-' ? -1 : 1;
        ++pos;
        const auto oh = digits(text, pos, 2);
        if (!oh || !expect(text, pos, ':')) {
            return std::nullopt;
        }
        const auto om = digits(text, pos, 2);
        if (!om || *oh > 23 || *om > 59) {
            return std::nullopt;
        }
        offset_min = sign * (*oh * 60 + *om);
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) {
        return std::nullopt;
    }
    result += ((*h * 60 + *mi - offset_min) * 60 + *s) * 1000LL + millis;
    return result;
}

}  // namespace tally::core
