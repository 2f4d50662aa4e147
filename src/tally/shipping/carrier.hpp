#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/core/error.hpp"

namespace tally::shipping {

inline constexpr std::string_view kPickupDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

inline constexpr std::size_t kMaxServices = 100;
inline constexpr std::size_t kMaxRules = 500;
inline constexpr int kMaxWeightG = 100'000'000;  // 100 t: freight included

// One way a carrier ships (DHL "EXP"), at one of orders::kServiceLevels.
struct Service {
    std::int64_t id = 0;
    std::string code;
    std::string name;
    std::string service_level;
    bool active = true;
};

struct Carrier {
    std::int64_t id = 0;
    std::string code;
    std::string name;
    std::vector<std::string> pickup_days;  // "mon" .. "sun"
    std::string tracking_url;              // a template with {tracking}; may be empty
    bool active = true;
    std::vector<Service> services;  // inactive ones too: cartons refer to them
    core::TimestampMs created_at = 0;
    core::TimestampMs updated_at = 0;
};

struct ServiceInput {
    std::string code;
    std::string name;
    std::string service_level;
    bool active = true;
};

struct CarrierInput {
    std::string code;
    std::string name;
    std::vector<std::string> pickup_days;
    std::string tracking_url;
    bool active = true;
    std::vector<ServiceInput> services;
};

// First match by priority picks the carrier service; a condition left empty matches
// anything. Weights are inclusive at both ends.
struct ShippingRule {
    int priority = 0;  // 1 for the first rule; saving numbers the rules in list order
    std::optional<std::string> service_level;
    std::optional<std::string> country;  // ISO 3166 alpha-2
    std::optional<int> min_weight_g;
    std::optional<int> max_weight_g;
    std::string carrier;  // carrier code
    std::string service;  // service code of that carrier
};

// What the rules look at when a carton is about to ship.
struct ShipmentFacts {
    std::string service_level;
    std::string country;
    int weight_g = 0;
};

// The carrier service a shipment goes with.
struct ChosenService {
    std::int64_t carrier_id = 0;
    std::string carrier;
    std::string carrier_name;
    std::int64_t service_id = 0;
    std::string service;
    std::string service_name;

    friend bool operator==(const ChosenService&, const ChosenService&) = default;
};

// Carrier and service codes: 1-32 of A-Z, 0-9, '-' and '_'.
[[nodiscard]] bool valid_carrier_code(std::string_view code);

// True when every condition the rule sets holds for the shipment.
[[nodiscard]] bool rule_matches(const ShippingRule& rule, const ShipmentFacts& facts);

// The index of the first rule that matches, or nothing when none does.
[[nodiscard]] std::optional<std::size_t> choose_rule(
    const std::vector<ShippingRule>& rules_in_priority_order, const ShipmentFacts& facts);

// Every bad field of a carrier at once ("code", "pickup_days/0", "services/1/service_level").
void validate_carrier(const CarrierInput& input, core::FieldErrors& errors);

// Every bad field of a rule list at once ("rules/2/carrier", "rules/0/max_weight_g").
// Whether the carrier and service exist is the service's question, not this one's.
void validate_rules(const std::vector<ShippingRule>& rules, core::FieldErrors& errors);

}  // namespace tally::shipping
