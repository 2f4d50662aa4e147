#pragma once

#include <compare>
#include <cstdint>
#include <string_view>

namespace tally::core {

// An amount in minor units (cents) of a currency named elsewhere. Never floating point.
struct Money {
    std::int64_t minor = 0;

    friend auto operator<=>(const Money&, const Money&) = default;
};

// ISO 4217 alphabetic code: three upper-case letters.
[[nodiscard]] inline bool valid_currency(std::string_view code) {
    return code.size() == 3 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' &&
           code[1] <= 'Z' && code[2] >= 'A' && code[2] <= 'Z';
}

// ISO 3166-1 alpha-2 country code: two upper-case letters.
[[nodiscard]] inline bool valid_country(std::string_view code) {
    return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

}  // namespace tally::core
