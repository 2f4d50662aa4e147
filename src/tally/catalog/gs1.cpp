#include "tally/catalog/gs1.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <vector>

#include "tally/catalog/gs1_ai_table.hpp"

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

// What a symbology identifier (ISO/IEC 15424, "]" + code letter + modifier) announces.
enum class Announces { element_string, ean, ean_add_on_only, plain_data, unknown };

Announces announced_by(std::string_view identifier) {
    for (const std::string_view id : {"]C1", "]d2", "]Q3", "]e0"}) {
        if (identifier == id) {
            return Announces::element_string;
        }
    }
    for (const std::string_view id : {"]E0", "]E3", "]E4"}) {
        if (identifier == id) {
            return Announces::ean;
        }
    }
    if (identifier == "]E1" || identifier == "]E2") {
        return Announces::ean_add_on_only;
    }
    for (const std::string_view id : {"]C0", "]d1", "]Q1", "]I0", "]I1"}) {
        if (identifier == id) {
            return Announces::plain_data;
        }
    }
    return Announces::unknown;
}

bool in_charset(Gs1Charset charset, char c) {
    switch (charset) {
        case Gs1Charset::numeric:
            return is_digit(c);
        case Gs1Charset::cset82:
            return in_cset82(c);
        case Gs1Charset::cset39:
            return (c >= 'A' && c <= 'Z') || is_digit(c) || c == '#' || c == '-' || c == '/';
        case Gs1Charset::cset64:
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' ||
                   c == '_' || c == '=';
    }
    return false;
}

std::string_view charset_name(Gs1Charset charset) {
    return charset == Gs1Charset::cset39 ? "39" : charset == Gs1Charset::cset64 ? "64" : "82";
}

// The format as GS1 writes it, components joined by '+': "N6+N2+[N2]+[N2]".
std::string format_text(std::string_view spec) {
    std::string out;
    while (!spec.empty()) {
        const std::size_t space = spec.find(' ');
        std::string_view token = spec.substr(0, space);
        spec = space == std::string_view::npos ? std::string_view() : spec.substr(space + 1);
        token = token.substr(0, token.find(','));
        if (!token.empty()) {
            out += out.empty() ? "" : "+";
            out += token;
        }
    }
    return out;
}

// True when the AI `ai` matches `pattern`, where 'n' stands for any digit: 310n, 31nn.
bool matches(std::string_view pattern, std::string_view ai) {
    if (pattern.size() != ai.size()) {
        return false;
    }
    for (std::size_t i = 0; i < ai.size(); ++i) {
        if (pattern[i] != ai[i] && pattern[i] != 'n') {
            return false;
        }
    }
    return true;
}

// Calls `each` with every part of `list` between `separator`s.
template <typename Each>
void for_each_part(std::string_view list, char separator, Each each) {
    while (!list.empty()) {
        const std::size_t at = list.find(separator);
        each(list.substr(0, at));
        list = at == std::string_view::npos ? std::string_view() : list.substr(at + 1);
    }
}

std::int64_t to_integer(std::string_view digits) {
    std::int64_t value = 0;
    for (const char c : digits) {
        value = value * 10 + (c - '0');
    }
    return value;
}

// kg with `decimals` implied decimals (value < 10^6) to grams, half up, exactly.
std::int64_t grams(std::int64_t value, int decimals) {
    std::int64_t scale = 1;
    for (int i = 0; i < decimals; ++i) {
        scale *= 10;
    }
    return (value * 1000 + scale / 2) / scale;
}

std::string name(std::string_view ai) {
    return "(" + std::string(ai) + ")";
}

// One element string as read, for the duplicate and association checks.
struct Read {
    std::string_view ai;
    const Gs1AiDefinition* definition;
};

// Reads a scan: a plain GTIN or SSCC, or one element string after another, stopping at the
// first fault, then checks GS1's association rules.
class Parser {
  public:
    Parser(std::string_view input, int current_year) : in_(input), current_year_(current_year) {}

    Gs1ParseResult run() {
        if (in_.empty()) {
            return fail("empty input");
        }
        if (in_.front() != ']') {
            return plain({});
        }
        const std::string_view identifier = in_.substr(0, 3);
        pos_ = identifier.size();
        switch (identifier.size() == 3 ? announced_by(identifier) : Announces::unknown) {
            case Announces::element_string:
                return element_strings();
            case Announces::ean:
                return ean(identifier);
            case Announces::ean_add_on_only:
                return fail(std::string(identifier) +
                            " is an EAN/UPC add-on alone, which carries no GTIN");
            case Announces::plain_data:
                return plain(identifier);
            case Announces::unknown:
                break;
        }
        return fail("symbology identifier " + printable(identifier) + " is not one Tally reads");
    }

  private:
    Gs1ParseResult fail(std::string message) { return {std::nullopt, std::move(message)}; }

    bool error(std::string message) {
        error_ = std::move(message);
        return false;
    }

    // A GTIN or SSCC on its own, check digit included: kept as (01), padded to 14, or (00).
    Gs1ParseResult key(std::string_view digits) {
        const bool sscc = digits.size() == 18;
        const int expected = gs1_check_digit(digits.substr(0, digits.size() - 1));
        if (expected != digits.back() - '0') {
            const std::string what = sscc ? "SSCC" : "GTIN-" + std::to_string(digits.size());
            return fail(what + " check digit should be " + std::to_string(expected) + ", got " +
                        std::string(1, digits.back()));
        }
        (sscc ? data_.sscc : data_.gtin) = sscc ? std::string(digits) : gtin14(digits);
        return {std::move(data_), {}};
    }

    // What follows ]E0 (13 digits, or a UPC-A's 12), ]E3 (that and a 2- or 5-digit add-on, which
    // Tally has no use for) or ]E4 (8 digits).
    Gs1ParseResult ean(std::string_view identifier) {
        const std::string_view digits = in_.substr(pos_);
        const bool eight = identifier == "]E4";
        const bool add_on = identifier == "]E3";
        const std::size_t size = digits.size();
        const bool fits = eight    ? size == 8
                          : add_on ? size == 15 || size == 18 || size == 14 || size == 17
                                   : size == 12 || size == 13;
        if (!all_digits(digits) || !fits) {
            const std::string what = eight    ? "(EAN-8) carries 8 digits"
                                     : add_on ? "(EAN-13 or UPC-A with an add-on) carries 14 to 18 "
                                                "digits"
                                              : "(EAN-13 or UPC-A) carries 12 or 13 digits";
            return fail(
                std::string(identifier) + " " + what + ", got " +
                (all_digits(digits) || digits.empty() ? std::to_string(size) : printable(digits)));
        }
        // An add-on has 2 or 5 digits, after a 13-digit EAN-13 or a 12-digit UPC-A.
        const std::size_t main = add_on ? size - (size >= 17 ? 5 : 2) : size;
        return key(digits.substr(0, main));
    }

    // A scan without a GS1 symbology identifier, or with one that announces plain data.
    Gs1ParseResult plain(std::string_view identifier) {
        const std::string_view rest = in_.substr(pos_);
        const std::size_t size = rest.size();
        if (all_digits(rest) &&
            (size == 8 || size == 12 || size == 13 || size == 14 || size == 18)) {
            return key(rest);
        }
        if (!identifier.empty() && !rest.starts_with('(')) {
            return fail("symbology identifier " + std::string(identifier) +
                        " announces plain data, not a GS1 element string");
        }
        return element_strings();
    }

    Gs1ParseResult element_strings() {
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
        if (!check_exclusions() || !check_requirements()) {
            return {std::nullopt, std::move(error_)};
        }
        return {std::move(data_), {}};
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
        const std::size_t length = gs1_ai_length(in_.substr(pos_, 2));
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
        const Gs1AiDefinition* definition = find_gs1_ai(ai);
        if (definition == nullptr) {
            return error("unknown application identifier " + name(ai));
        }
        const Gs1Format format = gs1_format(definition->spec);
        if (!format.valid) {
            return error("unsupported application identifier " + name(ai));  // a table fault
        }
        // A predefined-length value in the raw form is exactly its length, whatever follows; in
        // the bracketed form it runs to the next '(' like any value.
        const bool fixed = format.min_length == format.max_length;
        const std::size_t limit =
            definition->predefined_length && !bracketed_ ? format.max_length : in_.size();
        const std::size_t end = value_end(limit);
        const std::string_view value = in_.substr(pos_, end - pos_);
        pos_ = end;
        if (fixed && value.size() < format.max_length && end == in_.size()) {
            return error("unexpected end of input in " + name(ai) + ": expected " +
                         std::to_string(format.max_length) + " digits");
        }
        if (!check_value(ai, *definition, format, value)) {
            return false;
        }
        for (const auto& earlier : read_) {
            if (earlier.ai == ai) {
                return error("duplicate application identifier " + name(ai));
            }
        }
        read_.push_back({ai, definition});
        store(ai, value);
        return true;
    }

    // The value's length, then each component's characters and linters.
    bool check_value(std::string_view ai, const Gs1AiDefinition& definition,
                     const Gs1Format& format, std::string_view value) {
        bool numeric = true;
        for (std::size_t i = 0; i < format.size; ++i) {
            numeric = numeric && format.components[i].charset == Gs1Charset::numeric;
        }
        const std::string unit = numeric ? " digits" : " characters";
        if (value.empty()) {
            return error(name(ai) + " is empty");
        }
        if (format.min_length == format.max_length && value.size() != format.max_length) {
            return error(name(ai) + " must be " + std::to_string(format.max_length) + unit +
                         ", got " + std::to_string(value.size()));
        }
        if (value.size() > format.max_length) {
            return error(name(ai) + " is longer than " + std::to_string(format.max_length) + unit);
        }
        const auto misfit = [&] {
            return error(name(ai) + " does not fit its format " + format_text(definition.spec));
        };
        std::size_t pos = 0;
        for (std::size_t i = 0; i < format.size; ++i) {
            const Gs1Component& component = format.components[i];
            if (pos == value.size() && component.optional) {
                break;
            }
            const std::size_t left = value.size() - pos;
            const bool variable = component.min_length != component.max_length;
            const std::size_t take = variable ? left : component.max_length;
            if (left < take || take < component.min_length) {
                return misfit();
            }
            const std::string_view part = value.substr(pos, take);
            pos += take;
            for (const char c : part) {
                if (!in_charset(component.charset, c)) {
                    return error(component.charset == Gs1Charset::numeric
                                     ? name(ai) + " must be digits only, got " + describe(c)
                                     : name(ai) + " contains " + describe(c) +
                                           ", which is not in the GS1 character set " +
                                           std::string(charset_name(component.charset)));
                }
            }
            std::string fault;
            for_each_part(component.linters, ',', [&](std::string_view linter) {
                if (fault.empty()) {
                    fault = gs1_lint(linter, part, current_year_);
                }
            });
            if (!fault.empty()) {
                return error(name(ai) + " " + fault);
            }
        }
        return pos == value.size() || misfit();
    }

    // Values are checked; what Tally interprets goes to its member, the rest to `other`.
    void store(std::string_view ai, std::string_view value) {
        std::string text(value);
        if (ai == "00") {
            data_.sscc = std::move(text);
        } else if (ai == "01") {
            data_.gtin = std::move(text);
        } else if (ai == "02") {
            data_.content_gtin = std::move(text);
        } else if (ai == "11" || ai == "15" || ai == "17") {
            auto& member = ai == "11"   ? data_.production_date
                           : ai == "15" ? data_.best_before
                                        : data_.expiry;
            member = gs1_date(value, current_year_);
        } else if (ai == "10") {
            data_.lot = std::move(text);
        } else if (ai == "21") {
            data_.serial = std::move(text);
        } else if (ai == "30" || ai == "37") {
            (ai == "30" ? data_.variable_count : data_.count) = to_integer(value);
        } else if (ai.size() == 4 && ai.starts_with("310") && !data_.net_weight_g) {
            // A second 310n is refused by the exclusions (ex=310n) once all is read.
            data_.net_weight_g = grams(to_integer(value), ai[3] - '0');
        } else if (!(ai.size() == 4 && ai.starts_with("310"))) {
            data_.other.push_back({std::string(ai), std::move(text)});
        }
    }

    bool present(std::string_view pattern) const {
        for (const auto& element : read_) {
            if (matches(pattern, element.ai)) {
                return true;
            }
        }
        return false;
    }

    // GS1's ex= attributes: pairs that must not be used together, named in the order scanned.
    bool check_exclusions() {
        for (std::size_t i = 0; i < read_.size(); ++i) {
            std::string_view clash;
            for_each_part(read_[i].definition->excludes, ',', [&](std::string_view pattern) {
                for (const auto& other : read_) {
                    if (clash.empty() && other.ai != read_[i].ai && matches(pattern, other.ai)) {
                        clash = other.ai;
                    }
                }
            });
            if (!clash.empty()) {
                bool clash_first = false;
                for (std::size_t j = 0; j < i; ++j) {
                    clash_first = clash_first || read_[j].ai == clash;
                }
                const std::string_view first = clash_first ? clash : read_[i].ai;
                const std::string_view second = clash_first ? read_[i].ai : clash;
                return error(name(first) + " and " + name(second) + " must not be used together");
            }
        }
        return true;
    }

    // GS1's req= attributes: each group needs one of its alternatives, all of whose AIs are here.
    bool check_requirements() {
        for (const auto& element : read_) {
            std::string_view unmet;
            for_each_part(element.definition->requires_all, ' ', [&](std::string_view group) {
                bool met = false;
                for_each_part(group, ',', [&](std::string_view alternative) {
                    bool all = true;
                    for_each_part(alternative, '+',
                                  [&](std::string_view ai) { all = all && present(ai); });
                    met = met || all;
                });
                unmet = met || !unmet.empty() ? unmet : group;
            });
            if (!unmet.empty()) {
                return error(name(element.ai) + " requires " + alternatives(unmet));
            }
        }
        return true;
    }

    // A req= group as a person reads it: "(01), (03) or (8006)", "(01) with (21)".
    static std::string alternatives(std::string_view group) {
        std::vector<std::string> shown;
        for_each_part(group, ',', [&](std::string_view alternative) {
            std::string text;
            for_each_part(alternative, '+', [&](std::string_view ai) {
                text += (text.empty() ? "" : " with ") + name(ai);
            });
            shown.push_back(std::move(text));
        });
        std::string out;
        for (std::size_t i = 0; i < shown.size(); ++i) {
            out += i == 0 ? "" : i + 1 < shown.size() ? ", " : " or ";
            out += shown[i];
        }
        return out;
    }

    std::string_view in_;
    int current_year_;
    std::size_t pos_ = 0;
    bool bracketed_ = false;
    Gs1Data data_;
    std::vector<Read> read_;
    std::string error_;
};

void append_key(std::string& out, std::string_view key) {
    out += out.size() > 1 ? ",\"" : "\"";
    out += key;
    out += "\":";
}

void append_escaped(std::string& out, std::string_view text) {
    out.push_back('"');
    for (const char c : text) {
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

void append_string(std::string& out, std::string_view key, const std::optional<std::string>& v) {
    if (!v) {
        return;
    }
    append_key(out, key);
    append_escaped(out, *v);
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
    if (!data.other.empty()) {
        append_key(out, "other");
        out.push_back('{');
        for (std::size_t i = 0; i < data.other.size(); ++i) {
            out += i == 0 ? "" : ",";
            append_escaped(out, data.other[i].ai);
            out.push_back(':');
            append_escaped(out, data.other[i].value);
        }
        out.push_back('}');
    }
    out.push_back('}');
    return out;
}

bool looks_like_gs1(std::string_view input) {
    input = without_plain_data_identifier(input);
    const Announces announced = announced_by(input.substr(0, 3));
    if (announced == Announces::element_string || announced == Announces::ean ||
        announced == Announces::ean_add_on_only || separator_length(input) > 0) {
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

std::string_view without_plain_data_identifier(std::string_view input) {
    return announced_by(input.substr(0, 3)) == Announces::plain_data ? input.substr(3) : input;
}

}  // namespace tally::catalog
