#pragma once

// Carton labels: the SSCC that names a carton, and the 4x6 inch shipping label in ZPL II for
// 203 dpi thermal printers. Pure code: no I/O.
//
// Every text that comes from data (addresses, order reference, carrier, tracking number) is
// sanitised before it reaches the ZPL: '^' and '~', which start ZPL commands, are replaced
// by '?', and so is anything outside printable ASCII (32-126), so no data can add, end or
// change a command. Long texts are cut to fit the label.

#include <cstdint>
#include <string>
#include <string_view>

namespace tally::shipping {

// True when an SSCC can be made from them: an extension digit 0-9 and a GS1 company prefix
// of 7 to 10 digits.
[[nodiscard]] bool valid_sscc_settings(int extension, std::string_view company_prefix);

// The 18-digit SSCC: the extension digit, the company prefix, the serial zero-padded to
// fill 17 digits, then the GS1 check digit; catalog::valid_sscc accepts it.
// Preconditions: valid_sscc_settings(extension_digit, company_prefix) and
// 0 <= serial < 10^(16 - company_prefix.size()). Throws std::logic_error otherwise: a caller
// that breaks them has a bug (a serial counter that ran out must be caught before).
[[nodiscard]] std::string make_sscc(int extension_digit, std::string_view company_prefix,
                                    std::int64_t serial);

struct Address {
    std::string name;
    std::string company;
    std::string line1;
    std::string line2;
    std::string city;
    std::string region;
    std::string postal_code;
    std::string country;  // ISO 3166 alpha-2
};

// What a carton's label shows.
struct CartonLabel {
    std::string sscc;
    Address from;
    Address to;
    std::string order_ref;
    std::string carrier;
    std::string service;
    std::string tracking_number;  // empty until the carrier gave one
    int carton_no = 1;
    int carton_count = 1;
    int weight_g = 0;
};

// The weight as a label shows it, in kg with two decimals rounded half up: 1230 -> "1.23 kg".
[[nodiscard]] std::string format_weight_kg(int weight_g);

// One label, ^XA to ^XZ: ship-from, ship-to (large), carrier and service, the tracking number
// (also as a Code 128 barcode when there is one), order reference, "CARTON N OF M", weight,
// and the SSCC as a GS1-128 barcode with its "(00) ..." line.
[[nodiscard]] std::string carton_label_zpl(const CartonLabel& label);

}  // namespace tally::shipping
