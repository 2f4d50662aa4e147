#pragma once

// GS1 General Specifications: check digits, GTINs, SSCCs and GS1 element strings (application
// identifiers) as barcode scanners deliver them. Pure code on the C++20 standard library only:
// the libFuzzer target builds this file with clang 14, where <expected> and tally/core are out
// of reach.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tally::catalog {

// ASCII 29, the group separator a scanner sends for FNC1 between variable-length fields.
inline constexpr char kGroupSeparator = '\x1d';

// The GS1 mod-10 check digit of `digits_without_check` (weights 3, 1, 3, ... from the right):
// 0 to 9, or -1 when the text is empty or holds anything but the digits 0-9.
[[nodiscard]] int gs1_check_digit(std::string_view digits_without_check);

// True for a GTIN-8, GTIN-12, GTIN-13 or GTIN-14: only digits, one of those lengths, and the
// right check digit.
[[nodiscard]] bool valid_gtin(std::string_view gtin);

// The GTIN zero-padded on the left to 14 digits, the form Tally stores.
// Precondition: valid_gtin(gtin); text of 14 characters or more is returned unchanged.
[[nodiscard]] std::string gtin14(std::string_view gtin);

// True for an SSCC (serial shipping container code): 18 digits with the right check digit.
[[nodiscard]] bool valid_sscc(std::string_view sscc);

// What a GS1 element string says: one member per supported application identifier (AI), set
// only when the AI was present. Members are declared in the key order of to_json.
struct Gs1Data {
    std::optional<std::string> sscc;             // (00) 18 digits, check digit verified
    std::optional<std::string> gtin;             // (01) 14 digits, check digit verified
    std::optional<std::string> content_gtin;     // (02) 14 digits, check digit verified
    std::optional<std::string> production_date;  // (11) YYYY-MM-DD
    std::optional<std::string> best_before;      // (15) YYYY-MM-DD
    std::optional<std::string> expiry;           // (17) YYYY-MM-DD
    std::optional<std::string> lot;              // (10) 1-20 characters of GS1 set 82
    std::optional<std::string> serial;           // (21) 1-20 characters of GS1 set 82
    std::optional<std::int64_t> count;           // (37) trade items in a logistic unit
    std::optional<std::int64_t> variable_count;  // (30) variable count of items
    std::optional<std::int64_t> net_weight_g;    // (3100)-(3105) kg, in whole grams

    friend bool operator==(const Gs1Data&, const Gs1Data&) = default;
};

// The outcome of parse_gs1: `data` is set exactly when `error` is empty.
struct Gs1ParseResult {
    std::optional<Gs1Data> data;
    std::string error;  // why the input was refused, naming the AI at fault; safe to show

    [[nodiscard]] bool ok() const { return data.has_value(); }
};

// Parses a GS1 element string, in either of two forms:
//   - bracketed, as printed under a barcode: "(01)09506000134352(17)261231(10)ABC123", where a
//     variable-length value ends at the next '(' (so it cannot itself contain '(');
//   - raw, as a scanner sends it: "010950600013435210ABC123<GS>17261231", the group separator
//     (ASCII 29, shown <GS>) ending each variable-length value that is not last.
// Either may start with the symbology identifier ]C1 (GS1-128), ]d2 (GS1 DataMatrix), ]Q3
// (GS1 QR Code) or ]e0 (GS1 DataBar), which is dropped, and with a leading FNC1/GS, which is
// ignored. The text forms "<GS>" and "{GS}" that keyboard-wedge scanners are often set up to
// send are read as the group separator wherever they appear; a lot or serial therefore cannot
// contain them. A separator after a fixed-length value is tolerated.
// Supported AIs: 00, 01, 02, 10, 11, 15, 17, 21, 30, 37 and 3100-3105. Any other AI is refused
// ("unknown application identifier (99)") rather than skipped, since its length may be unknown
// and dropping data silently would hide a wrong label; in the raw form the AI is delimited by
// GS1's rule that its first two digits fix its length. A repeated AI is refused, as are two
// net weights with different decimals.
// Dates (YYMMDD) take the century of GS1 General Specifications section 7.12: a year from 49
// years before `current_year` (a four-digit year) to 50 years after it. DD = 00 means the last
// day of the month.
// Net weights are converted to whole grams, rounding half up, with integer arithmetic.
// Never reads outside `input`, whatever it holds.
[[nodiscard]] Gs1ParseResult parse_gs1(std::string_view input, int current_year);

// As above, with the current UTC year from the system clock.
[[nodiscard]] Gs1ParseResult parse_gs1(std::string_view input);

// The data as one JSON object holding only the members that are set, in declaration order:
// {"gtin":"09506000134352","expiry":"2026-12-31","lot":"ABC123"}. Strings are escaped
// (quotes, backslashes, control characters); counts and grams are JSON numbers.
[[nodiscard]] std::string to_json(const Gs1Data& data);

// Tells a GS1 element string from a plain code (a SKU or a bare GTIN): true when the input
// starts with a GS1 symbology identifier (]C1, ]d2, ]Q3, ]e0), with FNC1/GS ("\x1d", "<GS>" or
// "{GS}"), or with '(' followed by 2 to 4 digits and ')'. It does not validate the rest.
[[nodiscard]] bool looks_like_gs1(std::string_view input);

}  // namespace tally::catalog
