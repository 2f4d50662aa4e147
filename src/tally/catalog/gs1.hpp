#pragma once

// GS1 General Specifications: check digits, GTINs, SSCCs and GS1 element strings (application
// identifiers) as barcode scanners deliver them. Pure code on the C++20 standard library only:
// the libFuzzer target builds this file with clang 14, where <expected> and tally/core are out
// of reach.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// One element string that Tally keeps without interpreting it: the AI and its value as scanned
// (digits of a decimal-point AI without the point).
struct Gs1Element {
    std::string ai;
    std::string value;

    friend bool operator==(const Gs1Element&, const Gs1Element&) = default;
};

// What a GS1 scan says: one member per application identifier (AI) Tally interprets, set only
// when the AI was present, and every other AI of the GS1 table in `other`. Members are declared
// in the key order of to_json.
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
    std::vector<Gs1Element> other;               // every other AI, in the order scanned

    friend bool operator==(const Gs1Data&, const Gs1Data&) = default;
};

// The outcome of parse_gs1: `data` is set exactly when `error` is empty.
struct Gs1ParseResult {
    std::optional<Gs1Data> data;
    std::string error;  // why the input was refused, naming the AI at fault; safe to show

    [[nodiscard]] bool ok() const { return data.has_value(); }
};

// Parses what a scanner sends for a GS1 barcode:
//   - a plain GTIN or SSCC: an input of only digits that is 8, 12, 13 or 14 long is a GTIN and 18
//     long an SSCC, whose check digit must be right; it is never read as AIs (so "2112233789658",
//     a GTIN-13 with a wrong check digit, is refused rather than read as serial (21)). Digits of
//     any other length are a raw element string ("0109506000134352" is (01)). The GTIN is given
//     padded to 14 digits;
//   - an element string, bracketed as printed under a barcode, "(01)09506000134352(17)261231",
//     where a value ends at the next '(' (so it cannot itself contain '('), or raw as a scanner
//     sends it, "010950600013435210ABC123<GS>17261231": an AI whose length GS1 predefines (figure
//     7.8.5-2: prefixes 00-03, 11-20, 31-36, 41) takes exactly that many characters, any other
//     value ends at the group separator (ASCII 29, shown <GS>) or at the end.
// A symbology identifier may lead: ]C1 (GS1-128), ]d2 (GS1 DataMatrix), ]Q3 (GS1 QR Code) and ]e0
// (GS1 DataBar) announce an element string; ]E0 (EAN-13, or UPC-A as 12 or 13 digits) and ]E4
// (EAN-8) a GTIN; ]E3 an EAN-13 or UPC-A with a 2- or 5-digit add-on, which is dropped; ]E1 and ]E2
// (an add-on alone) are refused. ]C0, ]d1, ]Q1, ]I0 and ]I1 announce plain data: read as a plain
// GTIN or SSCC or the bracketed form, never as a raw element string. Others are refused.
// An element string may start with FNC1/GS, which is ignored. The text forms "<GS>" and "{GS}"
// that keyboard-wedge scanners are often set up to send are read as the group separator wherever
// they appear; a value therefore cannot contain them. A separator after a fixed-length value is
// tolerated.
// Every AI of the GS1 General Specifications is known (gs1_ai_table.hpp); its value must fit its
// format (lengths, character set) and pass its check digit (csum), date (yymmdd; yymmd0, where day
// 00 means the month's last day), time (hh, mi, ss, hhmi) and other simple rules. An AI GS1 does
// not define is refused ("unknown application identifier (59)"), as is a repeated AI. Then GS1's
// association rules apply: a pair that must not be used together is refused, "(01) and (37) must
// not be used together", and so is an AI without the ones it requires, "(21) requires (01), (03)
// or (8006)".
// Dates (YYMMDD) take the century of GS1 General Specifications section 7.12: a year from 49
// years before `current_year` (a four-digit year) to 50 years after it.
// Net weights are converted to whole grams, rounding half up, with integer arithmetic.
// Never reads outside `input`, whatever it holds.
[[nodiscard]] Gs1ParseResult parse_gs1(std::string_view input, int current_year);

// As above, with the current UTC year from the system clock.
[[nodiscard]] Gs1ParseResult parse_gs1(std::string_view input);

// The data as one JSON object holding only the members that are set, in declaration order, the
// other AIs as an object by AI: {"gtin":"09506000134352","expiry":"2026-12-31","lot":"ABC123",
// "other":{"91":"abc"}}. Strings are escaped (quotes, backslashes, control characters); counts
// and grams are JSON numbers.
[[nodiscard]] std::string to_json(const Gs1Data& data);

// Tells GS1 data from a plain code (a SKU or a bare GTIN): true when the input starts with a
// symbology identifier of GS1 data or EAN/UPC (]C1, ]d2, ]Q3, ]e0, ]E0 to ]E4), with FNC1/GS
// ("\x1d", "<GS>" or "{GS}"), or with '(' followed by 2 to 4 digits and ')', also after a
// plain-data identifier (]C0, ]d1, ]Q1, ]I0, ]I1). It does not validate the rest.
[[nodiscard]] bool looks_like_gs1(std::string_view input);

// The input without a leading plain-data symbology identifier (]C0, ]d1, ]Q1, ]I0, ]I1), which
// says only that the code is not GS1 data: "]C0ORD-12" is "ORD-12". Other input is returned whole.
[[nodiscard]] std::string_view without_plain_data_identifier(std::string_view input);

}  // namespace tally::catalog
