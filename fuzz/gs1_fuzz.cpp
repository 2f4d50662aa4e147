// libFuzzer target for the GS1 parser: any bytes must give either data or a reason, never a
// crash, and accepted data must keep every promise the header makes. Built by scripts/fuzz with
// clang 16 from gs1.cpp alone.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tally/catalog/gs1.hpp"

namespace {

using tally::catalog::Gs1Data;

constexpr int kYear = 2026;

void check(bool condition) {
    if (!condition) {
        __builtin_trap();
    }
}

bool digits(std::string_view text, std::size_t length) {
    if (text.size() != length) {
        return false;
    }
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

// YYYY-MM-DD within the century window around kYear.
void check_date(const std::optional<std::string>& date) {
    if (!date) {
        return;
    }
    check(date->size() == 10 && (*date)[4] == '-' && (*date)[7] == '-');
    check(digits(date->substr(0, 4), 4) && digits(date->substr(5, 2), 2) &&
          digits(date->substr(8, 2), 2));
    const int year = std::stoi(date->substr(0, 4));
    const int month = std::stoi(date->substr(5, 2));
    const int day = std::stoi(date->substr(8, 2));
    check(year >= kYear - 49 && year <= kYear + 50);
    check(month >= 1 && month <= 12 && day >= 1 && day <= 31);
}

void check_text(const std::optional<std::string>& text) {
    if (!text) {
        return;
    }
    check(!text->empty() && text->size() <= 20);
    for (const char c : *text) {
        check(c > ' ' && c < 0x7f && c != '#' && c != '$' && c != '@' && c != '\\' && c != '~');
    }
}

void check_number(const std::optional<std::int64_t>& number, std::int64_t max) {
    check(!number || (*number >= 0 && *number <= max));
}

// The data written back in the raw form, group separator after every variable-length value.
std::string encode_raw(const Gs1Data& data) {
    std::string out;
    const auto yymmdd = [](const std::string& date) {
        return date.substr(2, 2) + date.substr(5, 2) + date.substr(8, 2);
    };
    const auto variable = [&out](std::string_view ai, const std::string& value) {
        out.append(ai).append(value).push_back(tally::catalog::kGroupSeparator);
    };
    if (data.sscc)
        out += "00" + *data.sscc;
    if (data.gtin)
        out += "01" + *data.gtin;
    if (data.content_gtin)
        out += "02" + *data.content_gtin;
    if (data.production_date)
        out += "11" + yymmdd(*data.production_date);
    if (data.best_before)
        out += "15" + yymmdd(*data.best_before);
    if (data.expiry)
        out += "17" + yymmdd(*data.expiry);
    if (data.net_weight_g) {
        // The fewest decimals that hold the grams exactly in six digits.
        std::int64_t value = *data.net_weight_g;
        int decimals = 3;
        while (value > 999'999 && decimals > 0 && value % 10 == 0) {
            value /= 10;
            --decimals;
        }
        std::string six = std::to_string(value);
        check(six.size() <= 6);
        out += "310" + std::to_string(decimals) + std::string(6 - six.size(), '0') + six;
    }
    if (data.lot)
        variable("10", *data.lot);
    if (data.serial)
        variable("21", *data.serial);
    if (data.variable_count)
        variable("30", std::to_string(*data.variable_count));
    if (data.count)
        variable("37", std::to_string(*data.count));
    for (const auto& element : data.other)
        variable(element.ai, element.value);  // a separator after a fixed length is tolerated
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(bytes), size);

    (void)tally::catalog::looks_like_gs1(input);
    const int digit = tally::catalog::gs1_check_digit(input);
    check(digit >= -1 && digit <= 9);
    if (tally::catalog::valid_gtin(input)) {
        check(tally::catalog::gtin14(input).size() == 14);
    }

    const auto result = tally::catalog::parse_gs1(input, kYear);
    check(result.data.has_value() == result.error.empty());
    if (!result.data) {
        return 0;
    }
    const Gs1Data& data = *result.data;
    check(!data.sscc || tally::catalog::valid_sscc(*data.sscc));
    check(!data.gtin || (data.gtin->size() == 14 && tally::catalog::valid_gtin(*data.gtin)));
    check(!data.content_gtin ||
          (data.content_gtin->size() == 14 && tally::catalog::valid_gtin(*data.content_gtin)));
    check_date(data.production_date);
    check_date(data.best_before);
    check_date(data.expiry);
    check_text(data.lot);
    check_text(data.serial);
    check_number(data.count, 99'999'999);
    check_number(data.variable_count, 99'999'999);
    check_number(data.net_weight_g, 999'999'000);
    for (const auto& element : data.other) {
        check(element.ai.size() >= 2 && element.ai.size() <= 4 && !element.value.empty() &&
              element.value.size() <= 90);
    }

    const std::string json = tally::catalog::to_json(data);
    check(json.size() >= 2 && json.front() == '{' && json.back() == '}');
    for (const char c : json) {
        check(static_cast<unsigned char>(c) >= 0x20);
    }

    // What was read, written back, reads the same.
    const auto again = tally::catalog::parse_gs1(encode_raw(data), kYear);
    check(again.data.has_value() && *again.data == data);
    check(tally::catalog::to_json(*again.data) == json);
    return 0;
}
