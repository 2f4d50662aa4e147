#include "tally/catalog/gs1.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdio>

namespace tally::catalog {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool all_digits(std::string_view text) {
    for (const char c : text) {
        if (!is_digit(c)) {
            return false;
        }
    }
    return !text.empty();
}

// GS1 AI encodable character set 82 (General Specifications, figure 7.11-1): the printable
// ASCII characters except space, # $ @ [ \ ] ^ ` { | } ~.
bool in_cset82(char c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '%' && c <= '?')) {
        return true;  // '%' to '?' is % & ' ( ) * + , - . / 0-9 : ; < = > ?
    }
    return c == '!' || c == '"' || c == '_';
}

// One character as an error message shows it: 'A', or 0x1b for what would not print.
std::string describe(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte > 0x20 && byte < 0x7f) {
        return std::string{'\'', c, '\''};
    }
    if (c == ' ') {
        return "a space";
    }
    std::array<char, 8> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "0x%02x", static_cast<unsigned>(byte));
    return buffer.data();
}

// Text from the input for an error message, with bytes that would not print as \xNN.
std::string printable(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7f) {
            out.push_back(c);
        } else {
            std::array<char, 8> buffer{};
            std::snprintf(buffer.data(), buffer.size(), "\\x%02x", static_cast<unsigned>(byte));
            out += buffer.data();
        }
    }
    return out;
}

// Length of the FNC1 separator that starts `rest`: 1 for GS, 4 for the text forms, else 0.
std::size_t separator_length(std::string_view rest) {
    if (!rest.empty() && rest.front() == kGroupSeparator) {
        return 1;
    }
    if (rest.starts_with("<GS>") || rest.starts_with("{GS}")) {
        return 4;
    }
    return 0;
}

constexpr std::array<std::string_view, 4> kGs1SymbologyIdentifiers = {"]C1", "]d2", "]Q3", "]e0"};

bool is_gs1_symbology_identifier(std::string_view text) {
    for (const auto identifier : kGs1SymbologyIdentifiers) {
        if (text == identifier) {
            return true;
        }
    }
    return false;
}

// GS1 fixes the length of every AI by its first two digits (General Specifications, table of
// AIs by prefix); prefixes not listed there are two-digit AIs.
std::size_t ai_length_for_prefix(int prefix) {
    switch (prefix) {
        case 23:
        case 24:
        case 25:
        case 40:
        case 41:
        case 42:
        case 71:
            return 3;
        case 31:
        case 32:
        case 33:
        case 34:
        case 35:
        case 36:
        case 39:
        case 43:
        case 70:
        case 72:
        case 80:
        case 81:
        case 82:
            return 4;
        default:
            return 2;
    }
}

enum class Kind { sscc, gtin, date, text, count, net_weight };
enum class Field {
    sscc,
    gtin,
    content_gtin,
    production_date,
    best_before,
    expiry,
    lot,
    serial,
    count,
    variable_count,
    net_weight
};

struct AiSpec {
    std::string_view ai;
    Kind kind;
    Field field;
    std::size_t length;  // exact for fixed-length AIs, the maximum for the others
    bool fixed;
    int decimals;  // net weight only: the n of 310n, implied decimals
};

constexpr std::array kAiSpecs = {
    AiSpec{"00", Kind::sscc, Field::sscc, 18, true, 0},
    AiSpec{"01", Kind::gtin, Field::gtin, 14, true, 0},
    AiSpec{"02", Kind::gtin, Field::content_gtin, 14, true, 0},
    AiSpec{"10", Kind::text, Field::lot, 20, false, 0},
    AiSpec{"11", Kind::date, Field::production_date, 6, true, 0},
    AiSpec{"15", Kind::date, Field::best_before, 6, true, 0},
    AiSpec{"17", Kind::date, Field::expiry, 6, true, 0},
    AiSpec{"21", Kind::text, Field::serial, 20, false, 0},
    AiSpec{"30", Kind::count, Field::variable_count, 8, false, 0},
    AiSpec{"37", Kind::count, Field::count, 8, false, 0},
    AiSpec{"3100", Kind::net_weight, Field::net_weight, 6, true, 0},
    AiSpec{"3101", Kind::net_weight, Field::net_weight, 6, true, 1},
    AiSpec{"3102", Kind::net_weight, Field::net_weight, 6, true, 2},
    AiSpec{"3103", Kind::net_weight, Field::net_weight, 6, true, 3},
    AiSpec{"3104", Kind::net_weight, Field::net_weight, 6, true, 4},
    AiSpec{"3105", Kind::net_weight, Field::net_weight, 6, true, 5},
};

const AiSpec* find_ai(std::string_view ai) {
    for (const auto& spec : kAiSpecs) {
        if (spec.ai == ai) {
            return &spec;
        }
    }
    return nullptr;
}

std::int64_t to_integer(std::string_view digits) {
    std::int64_t value = 0;
    for (const char c : digits) {
        value = value * 10 + (c - '0');
    }
    return value;
}

bool leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap_year(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// GS1 General Specifications 7.12: with C the last two digits of the current year, a YY of
// C + 51 or more is last century, C - 50 or less is next century, anything between this one.
int full_year(int yy, int current_year) {
    const int century = current_year - current_year % 100;
    const int difference = yy - current_year % 100;
    if (difference >= 51) {
        return century - 100 + yy;
    }
    if (difference <= -50) {
        return century + 100 + yy;
    }
    return century + yy;
}

// YYMMDD as YYYY-MM-DD, or nothing when it names no real day. `yymmdd` is six digits.
std::optional<std::string> iso_date(std::string_view yymmdd, int current_year) {
    const int year = full_year(static_cast<int>(to_integer(yymmdd.substr(0, 2))), current_year);
    const int month = static_cast<int>(to_integer(yymmdd.substr(2, 2)));
    int day = static_cast<int>(to_integer(yymmdd.substr(4, 2)));
    if (month < 1 || month > 12 || day > days_in_month(year, month)) {
        return std::nullopt;
    }
    if (day == 0) {
        day = days_in_month(year, month);  // DD = 00: the day is not given, read the month's last
    }
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-%02d", year, month, day);
    return std::string(buffer.data());
}

// kg with `decimals` implied decimals (value < 10^6) to grams, half up, exactly.
std::int64_t grams(std::int64_t value, int decimals) {
    std::int64_t scale = 1;
    for (int i = 0; i < decimals; ++i) {
        scale *= 10;
    }
    return (value * 1000 + scale / 2) / scale;
}

// Reads one element string after another, stopping at the first fault.
class Parser {
  public:
    Parser(std::string_view input, int current_year) : in_(input), current_year_(current_year) {}

    Gs1ParseResult run() {
        if (in_.empty()) {
            return fail("empty input");
        }
        if (in_.front() == ']') {
            const std::string_view identifier = in_.substr(0, 3);
            if (!is_gs1_symbology_identifier(identifier)) {
                return fail("symbology identifier " + printable(identifier) +
                            " does not announce GS1 data (expected ]C1, ]d2, ]Q3 or ]e0)");
            }
            pos_ = identifier.size();
        }
        skip_separators();
        if (pos_ == in_.size()) {
            return fail("no application identifier in the input");
        }
        bracketed_ = in_[pos_] == '(';
        while (true) {
            skip_separators();
            if (pos_ == in_.size()) {
                break;
            }
            if (!read_element()) {
                return {std::nullopt, std::move(error_)};
            }
        }
        return {std::move(data_), {}};
    }

  private:
    Gs1ParseResult fail(std::string message) { return {std::nullopt, std::move(message)}; }

    bool error(std::string message) {
        error_ = std::move(message);
        return false;
    }

    void skip_separators() {
        while (pos_ < in_.size()) {
            const std::size_t length = separator_length(in_.substr(pos_));
            if (length == 0) {
                return;
            }
            pos_ += length;
        }
    }

    // Where the value starting at pos_ ends: at a separator, at the end, and in the bracketed
    // form at the next '('.
    std::size_t value_end(std::size_t limit) const {
        std::size_t end = pos_;
        while (end < in_.size() && end - pos_ < limit && separator_length(in_.substr(end)) == 0 &&
               !(bracketed_ && in_[end] == '(')) {
            ++end;
        }
        return end;
    }

    std::string offset() const { return std::to_string(pos_); }

    // The AI at pos_, without brackets; a view into the input.
    bool read_ai(std::string_view& ai) {
        if (bracketed_) {
            if (in_[pos_] != '(') {
                return error("expected '(' at offset " + offset() + ", got " + describe(in_[pos_]));
            }
            std::size_t end = pos_ + 1;
            while (end < in_.size() && end - pos_ <= 5 && is_digit(in_[end])) {
                ++end;
            }
            const std::size_t length = end - pos_ - 1;
            if (end == in_.size() || in_[end] != ')' || length < 2 || length > 4) {
                return error("malformed application identifier at offset " + offset() +
                             ": expected 2 to 4 digits between '(' and ')'");
            }
            ai = in_.substr(pos_ + 1, length);
            pos_ = end + 1;
            return true;
        }
        if (!is_digit(in_[pos_])) {
            return error("expected an application identifier at offset " + offset() + ", got " +
                         describe(in_[pos_]));
        }
        if (pos_ + 1 == in_.size() || !is_digit(in_[pos_ + 1])) {
            return error("incomplete application identifier at offset " + offset());
        }
        const int prefix = (in_[pos_] - '0') * 10 + (in_[pos_ + 1] - '0');
        const std::size_t length = ai_length_for_prefix(prefix);
        const std::string_view candidate = in_.substr(pos_, length);
        if (candidate.size() < length || !all_digits(candidate)) {
            return error("incomplete application identifier at offset " + offset());
        }
        ai = candidate;
        pos_ += length;
        return true;
    }

    bool read_element() {
        std::string_view ai;
        if (!read_ai(ai)) {
            return false;
        }
        const AiSpec* spec = find_ai(ai);
        if (spec == nullptr) {
            return error("unknown application identifier " + name(ai));
        }

        // A fixed-length value in the raw form is exactly its length, whatever follows; in the
        // bracketed form it runs to the next '(' like any value, and must have that length.
        const std::size_t limit = spec->fixed && !bracketed_ ? spec->length : in_.size();
        const std::size_t end = value_end(limit);
        const std::string_view value = in_.substr(pos_, end - pos_);
        pos_ = end;

        if (spec->fixed) {
            if (value.size() < spec->length && end == in_.size()) {
                return error("unexpected end of input in " + name(ai) + ": expected " +
                             std::to_string(spec->length) + " digits");
            }
            if (value.size() != spec->length) {
                return error(name(ai) + " must be " + std::to_string(spec->length) +
                             " digits, got " + std::to_string(value.size()));
            }
        } else if (value.empty()) {
            return error(name(ai) + " is empty");
        } else if (value.size() > spec->length) {
            return error(name(ai) + " is longer than " + std::to_string(spec->length) +
                         (spec->kind == Kind::text ? " characters" : " digits"));
        }

        if (spec->kind == Kind::text) {
            for (const char c : value) {
                if (!in_cset82(c)) {
                    return error(name(ai) + " contains " + describe(c) +
                                 ", which is not in the GS1 character set 82");
                }
            }
        } else {
            for (const char c : value) {
                if (!is_digit(c)) {
                    return error(name(ai) + " must be digits only, got " + describe(c));
                }
            }
        }
        return store(*spec, value);
    }

    static std::string name(std::string_view ai) { return "(" + std::string(ai) + ")"; }

    bool check_digit(std::string_view ai, std::string_view value) {
        const int expected = gs1_check_digit(value.substr(0, value.size() - 1));
        const int got = value.back() - '0';
        if (expected != got) {
            return error(name(ai) + " check digit should be " + std::to_string(expected) +
                         ", got " + std::to_string(got));
        }
        return true;
    }

    template <typename T>
    bool set_once(std::optional<T>& member, std::string_view ai, T value) {
        if (member) {
            return error("duplicate application identifier " + name(ai));
        }
        member = std::move(value);
        return true;
    }

    bool store(const AiSpec& spec, std::string_view value) {
        const std::string_view ai = spec.ai;
        switch (spec.kind) {
            case Kind::sscc:
            case Kind::gtin:
                if (!check_digit(ai, value)) {
                    return false;
                }
                return set_once(spec.field == Field::sscc   ? data_.sscc
                                : spec.field == Field::gtin ? data_.gtin
                                                            : data_.content_gtin,
                                ai, std::string(value));
            case Kind::date: {
                auto date = iso_date(value, current_year_);
                if (!date) {
                    return error(name(ai) + " " + std::string(value) + " is not a valid date");
                }
                return set_once(spec.field == Field::production_date ? data_.production_date
                                : spec.field == Field::best_before   ? data_.best_before
                                                                     : data_.expiry,
                                ai, std::move(*date));
            }
            case Kind::text:
                return set_once(spec.field == Field::lot ? data_.lot : data_.serial, ai,
                                std::string(value));
            case Kind::count:
                return set_once(spec.field == Field::count ? data_.count : data_.variable_count, ai,
                                to_integer(value));
            case Kind::net_weight:
                if (data_.net_weight_g && ai != weight_ai_) {
                    return error(name(ai) + " repeats the net weight already given by " +
                                 name(weight_ai_));
                }
                weight_ai_ = ai;
                return set_once(data_.net_weight_g, ai, grams(to_integer(value), spec.decimals));
        }
        return error("unsupported application identifier " + name(ai));  // unreachable
    }

    std::string_view in_;
    int current_year_;
    std::size_t pos_ = 0;
    bool bracketed_ = false;
    Gs1Data data_;
    std::string_view weight_ai_;  // the 310n that gave the net weight, for a clear error
    std::string error_;
};

void append_key(std::string& out, std::string_view key) {
    out += out.size() > 1 ? ",\"" : "\"";
    out += key;
    out += "\":";
}

void append_string(std::string& out, std::string_view key, const std::optional<std::string>& v) {
    if (!v) {
        return;
    }
    append_key(out, key);
    out.push_back('"');
    for (const char c : *v) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (static_cast<unsigned char>(c) < 0x20) {
            std::array<char, 8> buffer{};
            std::snprintf(buffer.data(), buffer.size(), "\\u%04x",
                          static_cast<unsigned>(static_cast<unsigned char>(c)));
            out += buffer.data();
        } else {
            out.push_back(c);
        }
    }
    out.push_back('"');
}

void append_number(std::string& out, std::string_view key, const std::optional<std::int64_t>& v) {
    if (!v) {
        return;
    }
    append_key(out, key);
    out += std::to_string(*v);
}

}  // namespace

int gs1_check_digit(std::string_view digits_without_check) {
    if (!all_digits(digits_without_check)) {
        return -1;
    }
    int sum = 0;
    int weight = 3;
    for (auto it = digits_without_check.rbegin(); it != digits_without_check.rend(); ++it) {
        sum += (*it - '0') * weight;
        weight = 4 - weight;
    }
    return (10 - sum % 10) % 10;
}

bool valid_gtin(std::string_view gtin) {
    const std::size_t size = gtin.size();
    if (size != 8 && size != 12 && size != 13 && size != 14) {
        return false;
    }
    return all_digits(gtin) && gs1_check_digit(gtin.substr(0, size - 1)) == gtin.back() - '0';
}

std::string gtin14(std::string_view gtin) {
    if (gtin.size() >= 14) {
        return std::string(gtin);
    }
    return std::string(14 - gtin.size(), '0') + std::string(gtin);
}

bool valid_sscc(std::string_view sscc) {
    return sscc.size() == 18 && all_digits(sscc) &&
           gs1_check_digit(sscc.substr(0, 17)) == sscc.back() - '0';
}

Gs1ParseResult parse_gs1(std::string_view input, int current_year) {
    return Parser(input, current_year).run();
}

Gs1ParseResult parse_gs1(std::string_view input) {
    const std::chrono::year_month_day today{
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    return parse_gs1(input, static_cast<int>(today.year()));
}

std::string to_json(const Gs1Data& data) {
    std::string out = "{";
    append_string(out, "sscc", data.sscc);
    append_string(out, "gtin", data.gtin);
    append_string(out, "content_gtin", data.content_gtin);
    append_string(out, "production_date", data.production_date);
    append_string(out, "best_before", data.best_before);
    append_string(out, "expiry", data.expiry);
    append_string(out, "lot", data.lot);
    append_string(out, "serial", data.serial);
    append_number(out, "count", data.count);
    append_number(out, "variable_count", data.variable_count);
    append_number(out, "net_weight_g", data.net_weight_g);
    out.push_back('}');
    return out;
}

bool looks_like_gs1(std::string_view input) {
    if (is_gs1_symbology_identifier(input.substr(0, 3)) || separator_length(input) > 0) {
        return true;
    }
    if (input.empty() || input.front() != '(') {
        return false;
    }
    std::size_t digits = 0;
    while (1 + digits < input.size() && is_digit(input[1 + digits])) {
        ++digits;
    }
    return digits >= 2 && digits <= 4 && 1 + digits < input.size() && input[1 + digits] == ')';
}

}  // namespace tally::catalog
