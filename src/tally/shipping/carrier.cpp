#include "tally/shipping/carrier.hpp"

#include <algorithm>
#include <set>
#include <span>

#include "tally/core/money.hpp"
#include "tally/orders/order.hpp"

namespace tally::shipping {

namespace {

bool contains(std::span<const std::string_view> list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

bool plausible_tracking_url(std::string_view url) {
    return (url.starts_with("https://") || url.starts_with("http://")) &&
           url.find("{tracking}") != std::string_view::npos &&
           url.find_first_of(" \t\r\n\"<>") == std::string_view::npos;
}

constexpr const char* kCodeRule = "must be 1 to 32 of A-Z, 0-9, '-' and '_'";
constexpr const char* kLevelRule = "must be one of standard, express, overnight, economy, freight";

}  // namespace

bool valid_carrier_code(std::string_view code) {
    return !code.empty() && code.size() <= 32 && std::ranges::all_of(code, [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

bool rule_matches(const ShippingRule& rule, const ShipmentFacts& facts) {
    return (!rule.service_level || *rule.service_level == facts.service_level) &&
           (!rule.country || *rule.country == facts.country) &&
           (!rule.min_weight_g || facts.weight_g >= *rule.min_weight_g) &&
           (!rule.max_weight_g || facts.weight_g <= *rule.max_weight_g);
}

std::optional<std::size_t> choose_rule(const std::vector<ShippingRule>& rules_in_priority_order,
                                       const ShipmentFacts& facts) {
    for (std::size_t i = 0; i < rules_in_priority_order.size(); ++i) {
        if (rule_matches(rules_in_priority_order[i], facts)) {
            return i;
        }
    }
    return std::nullopt;
}

void validate_carrier(const CarrierInput& input, core::FieldErrors& errors) {
    if (!valid_carrier_code(input.code)) {
        errors.add("code", kCodeRule);
    }
    if (blank(input.name) || input.name.size() > 200) {
        errors.add("name", "must be 1 to 200 characters");
    }
    std::set<std::string_view> days;
    for (std::size_t i = 0; i < input.pickup_days.size(); ++i) {
        const auto& day = input.pickup_days[i];
        if (!contains(kPickupDays, day)) {
            errors.add("pickup_days/" + std::to_string(i),
                       "must be one of mon, tue, wed, thu, fri, sat, sun");
        } else if (!days.insert(day).second) {
            errors.add("pickup_days/" + std::to_string(i), "is listed twice");
        }
    }
    if (!input.tracking_url.empty() &&
        (input.tracking_url.size() > 500 || !plausible_tracking_url(input.tracking_url))) {
        errors.add("tracking_url",
                   "must be an http(s) URL of at most 500 characters with {tracking} in it");
    }
    if (input.services.size() > kMaxServices) {
        errors.add("services", "has more than 100 services");
    }
    std::set<std::string_view> codes;
    for (std::size_t i = 0; i < input.services.size() && i < kMaxServices; ++i) {
        const auto& service = input.services[i];
        const std::string prefix = "services/" + std::to_string(i) + "/";
        if (!valid_carrier_code(service.code)) {
            errors.add(prefix + "code", kCodeRule);
        } else if (!codes.insert(service.code).second) {
            errors.add(prefix + "code", "is listed twice");
        }
        if (blank(service.name) || service.name.size() > 200) {
            errors.add(prefix + "name", "must be 1 to 200 characters");
        }
        if (!contains(orders::kServiceLevels, service.service_level)) {
            errors.add(prefix + "service_level", kLevelRule);
        }
    }
}

void validate_rules(const std::vector<ShippingRule>& rules, core::FieldErrors& errors) {
    if (rules.size() > kMaxRules) {
        errors.add("rules", "has more than 500 rules");
        return;
    }
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const auto& rule = rules[i];
        const std::string prefix = "rules/" + std::to_string(i) + "/";
        if (rule.service_level && !contains(orders::kServiceLevels, *rule.service_level)) {
            errors.add(prefix + "service_level", kLevelRule);
        }
        if (rule.country && !core::valid_country(*rule.country)) {
            errors.add(prefix + "country", "must be an ISO 3166 alpha-2 code such as DE");
        }
        if (rule.min_weight_g && (*rule.min_weight_g < 0 || *rule.min_weight_g > kMaxWeightG)) {
            errors.add(prefix + "min_weight_g", "must be from 0 to 100000000");
        }
        if (rule.max_weight_g && (*rule.max_weight_g < 0 || *rule.max_weight_g > kMaxWeightG)) {
            errors.add(prefix + "max_weight_g", "must be from 0 to 100000000");
        } else if (rule.min_weight_g && rule.max_weight_g &&
                   *rule.max_weight_g < *rule.min_weight_g) {
            errors.add(prefix + "max_weight_g", "must not be below min_weight_g");
        }
        if (!valid_carrier_code(rule.carrier)) {
            errors.add(prefix + "carrier", kCodeRule);
        }
        if (!valid_carrier_code(rule.service)) {
            errors.add(prefix + "service", kCodeRule);
        }
    }
}

}  // namespace tally::shipping
