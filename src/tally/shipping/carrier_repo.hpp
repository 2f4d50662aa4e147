#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tally/db/database.hpp"
#include "tally/shipping/carrier.hpp"

namespace tally::shipping {

// A stored rule with the carrier service it names, as choosing needs it.
struct RuleTarget {
    ShippingRule rule;
    ChosenService service;
    bool active = true;  // the carrier and its service both
};

// All SQL for carriers, their services and the shipping rules.
class CarrierRepo {
  public:
    [[nodiscard]] static std::int64_t insert(db::Tx& tx, const Carrier& carrier);
    // By code; false when there is no such carrier.
    [[nodiscard]] static bool update(db::Tx& tx, const Carrier& carrier);
    [[nodiscard]] static std::int64_t insert_service(db::Tx& tx, std::int64_t carrier_id,
                                                     const Service& service);
    static void update_service(db::Tx& tx, const Service& service);

    // With its services, oldest first.
    [[nodiscard]] static std::optional<Carrier> find(db::Tx& tx, const std::string& code);
    // Every carrier by code, each with its services.
    [[nodiscard]] static std::vector<Carrier> list(db::Tx& tx);

    // In priority order.
    [[nodiscard]] static std::vector<RuleTarget> rules(db::Tx& tx);
    static void delete_rules(db::Tx& tx);
    static void insert_rule(db::Tx& tx, const ShippingRule& rule, std::int64_t service_id);
};

}  // namespace tally::shipping
