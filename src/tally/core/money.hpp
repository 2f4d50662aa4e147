#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tally::core {

// An amount in minor units (cents) of a currency named elsewhere. Never floating point.
struct Money {
    std::int64_t minor = 0;

    friend auto operator<=>(const Money&, const Money&) = default;
};

// The largest unit price or unit cost Tally takes, in minor units: 10^12 (ten billion in a
// two-digit currency). With quantities capped too, no product of the two leaves 64 bits.
inline constexpr std::int64_t kMaxUnitAmount = 1'000'000'000'000;

// a + b, or nothing when the sum does not fit in 64 bits.
[[nodiscard]] inline std::optional<Money> checked_add(Money a, Money b) {
    Money sum;
    if (__builtin_add_overflow(a.minor, b.minor, &sum.minor)) {
        return std::nullopt;
    }
    return sum;
}

// `quantity` times `unit`, or nothing when the product does not fit in 64 bits.
[[nodiscard]] inline std::optional<Money> checked_mul(Money unit, std::int64_t quantity) {
    Money product;
    if (__builtin_mul_overflow(unit.minor, quantity, &product.minor)) {
        return std::nullopt;
    }
    return product;
}

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
