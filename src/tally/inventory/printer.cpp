#include "tally/inventory/printer.hpp"

#include "tally/inventory/warehouse.hpp"

namespace tally::inventory {

namespace {

bool valid_host(std::string_view host) {
    if (host.empty() || host.size() > 253) {
        return false;
    }
    for (const char c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' || c == '[' ||
                        c == ']';
        if (!ok) {
            return false;
        }
    }
    return true;
}

}  // namespace

void validate_printer(const PrinterInput& input, core::FieldErrors& errors) {
    if (!valid_location_code(input.code)) {
        errors.add("code", "must be 1 to 32 of A-Z, 0-9, '-', '_' and '.'");
    }
    if (input.name.size() > 64) {
        errors.add("name", "must be at most 64 characters");
    }
    if (!valid_host(input.host)) {
        errors.add("host", "must be a host name or address (letters, digits, '.', '-', ':')");
    }
    if (input.port < 1 || input.port > 65535) {
        errors.add("port", "must be from 1 to 65535");
    }
}

}  // namespace tally::inventory
