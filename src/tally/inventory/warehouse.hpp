#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tally/core/clock.hpp"
#include "tally/core/error.hpp"
#include "tally/core/strong_id.hpp"

namespace tally::inventory {

using WarehouseId = core::StrongId<struct WarehouseIdTag>;
using BinId = core::StrongId<struct BinIdTag>;
using DockId = core::StrongId<struct DockIdTag>;

struct Address {
    std::string line1;
    std::string line2;
    std::string city;
    std::string region;
    std::string postal_code;
    std::string country;  // ISO 3166 alpha-2
};

struct WarehouseInput {
    std::string code;
    std::string name;
    Address address;
    std::string timezone;  // IANA, e.g. Europe/Berlin
    std::optional<double> latitude;
    std::optional<double> longitude;
};

struct Warehouse {
    WarehouseId id;
    std::string code;
    std::string name;
    Address address;
    std::string timezone;
    std::optional<double> latitude;
    std::optional<double> longitude;
    core::TimestampMs created_at = 0;
    core::TimestampMs updated_at = 0;
};

inline constexpr std::string_view kBinKinds[] = {"storage", "receiving", "staging", "damage",
                                                 "returns"};

struct BinInput {
    std::string code;  // e.g. A-03-02-B
    std::string zone;
    int pick_sequence = 0;
    std::string kind = "storage";
};

struct Bin {
    BinId id;
    WarehouseId warehouse_id;
    std::string warehouse;  // its code
    std::string code;
    std::string zone;
    int pick_sequence = 0;
    std::string kind = "storage";
    bool active = true;

    // The value printed on the bin's label (Code 128): "B:" then warehouse and bin code.
    [[nodiscard]] std::string barcode() const { return "B:" + warehouse + ":" + code; }
};

inline constexpr std::string_view kDockKinds[] = {"inbound", "outbound", "both"};

struct DockInput {
    std::string door;
    std::string kind = "both";
};

struct Dock {
    DockId id;
    std::string warehouse;
    std::string door;
    std::string kind;
};

// Warehouse codes: 1-16 of A-Z, 0-9, '-' and '_'.
[[nodiscard]] bool valid_warehouse_code(std::string_view code);
// Bin codes and door numbers: 1-32 of A-Z, 0-9, '-', '_' and '.'.
[[nodiscard]] bool valid_location_code(std::string_view code);
// An IANA zone name's shape (Area/Location, letters, digits, '_', '-', '+', '/'), or "UTC".
[[nodiscard]] bool plausible_timezone(std::string_view zone);

void validate_warehouse(const WarehouseInput& input, core::FieldErrors& errors);
void validate_bin(const BinInput& input, core::FieldErrors& errors);
void validate_dock(const DockInput& input, core::FieldErrors& errors);

}  // namespace tally::inventory
