#pragma once

// The application identifiers (AIs) of the GS1 General Specifications as data: each AI's format,
// whether its length is predefined, and the AIs it needs or excludes, with facts taken from GS1's
// Barcode Syntax Dictionary. Standard library only, C++20 (gs1.cpp, its user, builds with clang 14
// for the fuzzer).

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tally::catalog {

// One AI, or a range of AIs of the same length and meaning such as 3100-3105.
struct Gs1AiDefinition {
    std::string_view first;  // the AI, or the first of the range
    std::string_view last;   // the same as `first` for a single AI
    // In GS1's table of predefined-length AIs (General Specifications figure 7.8.5-2): the value
    // has a fixed length and no FNC1 separator follows it in a raw scan.
    bool predefined_length;
    // The AI's last digit is the number of implied decimals of the value (310n-369n, 390n-395n).
    bool decimal_point;
    // The value's components as the syntax dictionary writes them, separated by spaces: a type
    // (N digits, X GS1 character set 82, Y set 39, Z set 64) with a length ("N6" exactly six,
    // "X..20" one to twenty), in brackets when optional, then linters after commas: "csum" (mod-10
    // check digit), "yymmdd", "yymmd0" (a date where day 00 means the month's end), "hhmi", ...
    std::string_view spec;
    // Associations: space-separated groups that must each be met by one of their comma-separated
    // alternatives, an alternative being AIs joined by '+', an 'n' in an AI any digit. "00 02,8026"
    // needs (00), and (02) or (8026).
    std::string_view requires_all;
    std::string_view excludes;  // comma-separated AIs (or patterns) that must not be present
    std::string_view title;
};

// The characters a component may hold.
enum class Gs1Charset { numeric, cset82, cset39, cset64 };

// One component of an AI's value, parsed from its spec.
struct Gs1Component {
    Gs1Charset charset = Gs1Charset::numeric;
    std::size_t min_length = 0;
    std::size_t max_length = 0;
    bool optional = false;
    std::string_view linters;  // comma-separated, as in the spec
};

// An AI's value format: up to eight components; `valid` is false when the spec does not parse.
struct Gs1Format {
    std::array<Gs1Component, 8> components{};
    std::size_t size = 0;
    std::size_t min_length = 0;  // of the whole value, optional components left out
    std::size_t max_length = 0;
    bool valid = false;
};

// The whole table, in lexical order of the AIs.
[[nodiscard]] std::span<const Gs1AiDefinition> gs1_ai_table();

// The definition holding `ai` (2 to 4 digits), or nullptr when GS1 defines no such AI.
[[nodiscard]] const Gs1AiDefinition* find_gs1_ai(std::string_view ai);

// The components of a spec such as "N6,yymmdd [N4],hhmi".
[[nodiscard]] Gs1Format gs1_format(std::string_view spec);

// GS1's predefined-length AIs by their first two digits (figure 7.8.5-2), with the length of AI
// and value together; 0 for a prefix whose AIs need an FNC1 separator when not last.
[[nodiscard]] std::size_t gs1_predefined_length(std::string_view ai_prefix);

// The number of digits of every AI starting with `ai_prefix` (two digits): GS1 fixes it by the
// first two digits (General Specifications, table of AIs by prefix).
[[nodiscard]] std::size_t gs1_ai_length(std::string_view ai_prefix);

// YYMMDD as YYYY-MM-DD, or nothing when it names no real day. The century is that of GS1 General
// Specifications section 7.12: a year from 49 years before `current_year` (four digits) to 50
// years after it. DD = 00 means the last day of the month.
[[nodiscard]] std::optional<std::string> gs1_date(std::string_view yymmdd, int current_year);

// Why `part`, one component of a value, fails the linter `linter` of the syntax dictionary, as
// "261331 is not a valid date" (the AI is for the caller to name); empty when it passes. Applied:
// csum, yymmdd, yymmd0, yyyymmdd, hhmi, hh, mi, ss, yesno, zero, nonzero, winding, iso5218,
// pieceoftotal, nozeroprefix, hasnondigit, hyphen, latitude, longitude, pcenc. The others (iso3166,
// iso4217, iban, csumalpha, gcppos1/2, importeridx, packagetype, mediatype, posinseqslash and the
// coupon codes) need code lists or rules beyond syntax and pass here.
[[nodiscard]] std::string gs1_lint(std::string_view linter, std::string_view part,
                                   int current_year);

}  // namespace tally::catalog
