#include "tally/shipping/label.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "tally/catalog/gs1.hpp"

namespace tally::shipping {

namespace {

// A 4 x 6 inch label at 203 dots per inch.
constexpr int kWidth = 812;
constexpr int kLength = 1218;
constexpr int kLeft = 40;

// Characters that fit one line at a font height, roughly: ^A0 letters are about half as wide
// as they are high, and the line is 730 dots wide.
constexpr std::size_t kSmallChars = 52;   // 24 dots
constexpr std::size_t kMediumChars = 44;  // 26-28 dots
constexpr std::size_t kLargeChars = 28;   // 40-44 dots

bool digits_only(std::string_view text) {
    return std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

// Text safe inside ^FD...^FS: printable ASCII without '^' and '~', cut to `max_length`. A
// UTF-8 sequence becomes one '?', not one per byte.
std::string zpl_text(std::string_view text, std::size_t max_length) {
    std::string out;
    bool in_sequence = false;
    for (const char c : text) {
        if (out.size() == max_length) {
            break;
        }
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80) {
            // A lead byte stands for the whole sequence; its continuation bytes add nothing.
            if (byte >= 0xC0 || !in_sequence) {
                out.push_back('?');
            }
            in_sequence = true;
            continue;
        }
        in_sequence = false;
        out.push_back(byte < 32 || byte == 127 || c == '^' || c == '~' ? '?' : c);
    }
    return out;
}

// As zpl_text, and without '>', which starts a subset switch in ^BC field data.
std::string code128_data(std::string_view text, std::size_t max_length) {
    auto out = zpl_text(text, max_length);
    std::replace(out.begin(), out.end(), '>', '?');
    return out;
}

std::string join(const std::vector<std::string_view>& parts, std::string_view separator) {
    std::string out;
    for (const auto part : parts) {
        if (part.empty()) {
            continue;
        }
        if (!out.empty()) {
            out += separator;
        }
        out += part;
    }
    return out;
}

// The address as lines, blank ones left out.
std::vector<std::string> address_lines(const Address& a) {
    std::vector<std::string> lines;
    for (const auto& line : {a.name, a.company, a.line1, a.line2,
                             join({a.postal_code, a.city}, " "), a.region, a.country}) {
        if (line.find_first_not_of(' ') != std::string::npos) {
            lines.push_back(line);
        }
    }
    return lines;
}

class Zpl {
  public:
    void command(std::string_view text) {
        out_ += text;
        out_ += '\n';
    }
    // One line of sanitised text in font 0, `height` dots high.
    void text(int x, int y, int height, std::string_view value, std::size_t max_length) {
        out_ += fmt::format("^FO{},{}^A0N,{},{}^FD{}^FS\n", x, y, height, height,
                            zpl_text(value, max_length));
    }
    void rule(int y) { out_ += fmt::format("^FO0,{}^GB{},3,3^FS\n", y, kWidth); }
    [[nodiscard]] std::string take() { return std::move(out_); }

  private:
    std::string out_;
};

}  // namespace

bool valid_sscc_settings(int extension, std::string_view company_prefix) {
    return extension >= 0 && extension <= 9 && company_prefix.size() >= 7 &&
           company_prefix.size() <= 10 && digits_only(company_prefix);
}

std::string make_sscc(int extension_digit, std::string_view company_prefix, std::int64_t serial) {
    if (!valid_sscc_settings(extension_digit, company_prefix)) {
        throw std::logic_error("SSCC settings out of range: extension " +
                               std::to_string(extension_digit) + ", company prefix " +
                               std::string(company_prefix));
    }
    const std::size_t serial_digits = 16 - company_prefix.size();
    std::int64_t limit = 1;
    for (std::size_t i = 0; i < serial_digits; ++i) {
        limit *= 10;
    }
    if (serial < 0 || serial >= limit) {
        throw std::logic_error("SSCC serial " + std::to_string(serial) + " does not fit in " +
                               std::to_string(serial_digits) + " digits");
    }
    auto sscc = fmt::format("{}{}{:0{}}", extension_digit, company_prefix, serial, serial_digits);
    sscc.push_back(static_cast<char>('0' + catalog::gs1_check_digit(sscc)));
    return sscc;
}

std::string format_weight_kg(int weight_g) {
    // Hundredths of a kilogram, rounded half up, in integers: 1235 g is 1.24 kg.
    const std::int64_t centi = (std::max<std::int64_t>(weight_g, 0) + 5) / 10;
    return fmt::format("{}.{:02} kg", centi / 100, centi % 100);
}

std::string carton_label_zpl(const CartonLabel& label) {
    Zpl zpl;
    zpl.command("^XA");
    zpl.command("^CI0");
    zpl.command(fmt::format("^PW{}", kWidth));
    zpl.command(fmt::format("^LL{}", kLength));
    zpl.command("^LH0,0");

    zpl.text(kLeft, 20, 20, "FROM", kSmallChars);
    int y = 44;
    for (const auto& line : address_lines(label.from)) {
        zpl.text(kLeft, y, 24, line, kSmallChars);
        y += 27;
    }
    zpl.rule(215);

    zpl.text(kLeft, 228, 20, "SHIP TO", kSmallChars);
    y = 254;
    for (const auto& line : address_lines(label.to)) {
        zpl.text(kLeft, y, 44, line, kLargeChars);
        y += 50;
    }
    zpl.rule(560);

    zpl.text(kLeft, 572, 40, join({label.carrier, label.service}, " "), kLargeChars);
    zpl.text(kLeft, 620, 26, "ORDER " + label.order_ref, 26);
    zpl.text(520, 620, 26, fmt::format("CARTON {} OF {}", label.carton_no, label.carton_count),
             kMediumChars);
    zpl.text(kLeft, 654, 26, "WEIGHT " + format_weight_kg(label.weight_g), kMediumChars);
    if (!label.tracking_number.empty()) {
        zpl.text(kLeft, 690, 22, "TRACKING " + label.tracking_number, kSmallChars);
        zpl.command(fmt::format("^FO{},716^BY2^BCN,80,N,N,N^FD{}^FS", kLeft,
                                code128_data(label.tracking_number, 40)));
    }
    zpl.rule(808);

    // GS1-128: >; starts in subset C, >8 is FNC1, then AI (00) and the 18 digits. X = 4
    // dots (0.5 mm) is the smallest module GS1 allows for logistic labels.
    std::string sscc;
    std::copy_if(label.sscc.begin(), label.sscc.end(), std::back_inserter(sscc),
                 [](char c) { return c >= '0' && c <= '9'; });
    sscc.resize(std::min<std::size_t>(sscc.size(), 18));
    zpl.text(kLeft, 820, 20, "SSCC", kSmallChars);
    zpl.command(fmt::format("^FO94,846^BY4^BCN,256,N,N,N^FD>;>800{}^FS", sscc));
    zpl.text(kLeft, 1118, 34, "(00) " + sscc, kLargeChars);
    zpl.command("^XZ");
    return zpl.take();
}

}  // namespace tally::shipping
