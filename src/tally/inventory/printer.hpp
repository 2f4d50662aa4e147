#pragma once

#include <optional>
#include <string>

#include "tally/core/error.hpp"
#include "tally/core/strong_id.hpp"

namespace tally::inventory {

using PrinterId = core::StrongId<struct PrinterIdTag>;

inline constexpr int kDefaultPrinterPort = 9100;

struct PrinterInput {
    std::string code;  // what a station names when it prints, e.g. PACK-1
    std::string name;
    std::string host;  // a name or an address on the warehouse's network
    int port = kDefaultPrinterPort;
};

// Fields left empty are not changed.
struct PrinterChange {
    std::optional<std::string> name;
    std::optional<std::string> host;
    std::optional<int> port;
    std::optional<bool> active;
};

// A label printer an admin registered for a warehouse: the only places labels are sent.
struct Printer {
    PrinterId id;
    std::string warehouse;  // its code
    std::string code;
    std::string name;
    std::string host;
    int port = kDefaultPrinterPort;
    bool active = true;

    // "host:port", as the label printer takes it.
    [[nodiscard]] std::string address() const { return host + ":" + std::to_string(port); }
};

// Code as a bin's (1-32 of A-Z, 0-9, '-', '_', '.'); name at most 64 characters; host 1-253
// of letters, digits, '.', '-' and ':' (an IPv6 address in brackets); port 1-65535.
void validate_printer(const PrinterInput& input, core::FieldErrors& errors);

}  // namespace tally::inventory
