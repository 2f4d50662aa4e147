#include "tally/inventory/warehouse.hpp"

#include <algorithm>

#include "tally/core/money.hpp"

namespace tally::inventory {

namespace {

bool upper_alnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

bool valid_warehouse_code(std::string_view code) {
    return !code.empty() && code.size() <= 16 &&
           std::ranges::all_of(code, [](char c) { return upper_alnum(c) || c == '-' || c == '_'; });
}

bool valid_location_code(std::string_view code) {
    return !code.empty() && code.size() <= 32 && std::ranges::all_of(code, [](char c) {
        return upper_alnum(c) || c == '-' || c == '_' || c == '.';
    });
}

bool plausible_timezone(std::string_view zone) {
    if (zone == "UTC") {
        return true;
    }
    if (zone.empty() || zone.size() > 64 || zone.find('/') == std::string_view::npos ||
        zone.front() == '/' || zone.back() == '/' || zone.find("..") != std::string_view::npos) {
        return false;
    }
    return std::ranges::all_of(zone, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '+' || c == '/';
    });
}

void validate_warehouse(const WarehouseInput& input, core::FieldErrors& errors) {
    if (!valid_warehouse_code(input.code)) {
        errors.add("code", "must be 1 to 16 of A-Z, 0-9, '-' and '_'");
    }
    if (input.name.empty() || input.name.size() > 200) {
        errors.add("name", "must be 1 to 200 characters");
    }
    if (!core::valid_country(input.address.country)) {
        errors.add("country", "must be an ISO 3166 alpha-2 code such as DE");
    }
    if (!plausible_timezone(input.timezone)) {
        errors.add("timezone", "must be an IANA time zone such as Europe/Berlin");
    }
    if (input.latitude.has_value() != input.longitude.has_value()) {
        errors.add(input.latitude ? "longitude" : "latitude",
                   "latitude and longitude come together");
    }
    if (input.latitude && !(*input.latitude >= -90.0 && *input.latitude <= 90.0)) {
        errors.add("latitude", "must be from -90 to 90");
    }
    if (input.longitude && !(*input.longitude >= -180.0 && *input.longitude <= 180.0)) {
        errors.add("longitude", "must be from -180 to 180");
    }
}

void validate_bin(const BinInput& input, core::FieldErrors& errors) {
    if (!valid_location_code(input.code)) {
        errors.add("code", "must be 1 to 32 of A-Z, 0-9, '-', '_' and '.'");
    }
    if (input.zone.size() > 32) {
        errors.add("zone", "must be at most 32 characters");
    }
    if (input.pick_sequence < 0) {
        errors.add("pick_sequence", "must not be negative");
    }
    if (std::ranges::find(kBinKinds, input.kind) == std::end(kBinKinds)) {
        errors.add("kind", "must be one of storage, receiving, staging, damage, returns");
    }
}

void validate_dock(const DockInput& input, core::FieldErrors& errors) {
    if (!valid_location_code(input.door)) {
        errors.add("door", "must be 1 to 32 of A-Z, 0-9, '-', '_' and '.'");
    }
    if (std::ranges::find(kDockKinds, input.kind) == std::end(kDockKinds)) {
        errors.add("kind", "must be one of inbound, outbound, both");
    }
}

}  // namespace tally::inventory
