#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/identity/user.hpp"
#include "tally/shipping/carrier.hpp"
#include "tally/shipping/carrier_repo.hpp"

namespace tally::shipping {

// Carriers, their services and the rules that pick one for a shipment. Every change is one
// transaction with its audit row.
class ShippingService {
  public:
    ShippingService(db::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

    // invalid_argument naming every bad field; conflict naming "code" when it is taken.
    [[nodiscard]] core::Result<Carrier> create_carrier(const identity::Principal& actor,
                                                       const CarrierInput& input);
    // Replaces the name, pickup days, tracking URL and active flag of the carrier `code`
    // (input.code is ignored). Services are matched by code: listed ones are added or
    // changed, the others become inactive and are never deleted, since cartons refer to
    // them. not_found; invalid_argument.
    [[nodiscard]] core::Result<Carrier> update_carrier(const identity::Principal& actor,
                                                       const std::string& code, CarrierInput input);
    [[nodiscard]] core::Result<Carrier> get_carrier(const std::string& code);
    // Every carrier by code, inactive ones too.
    [[nodiscard]] core::Result<std::vector<Carrier>> list_carriers();

    // In priority order.
    [[nodiscard]] core::Result<std::vector<ShippingRule>> rules();
    // Replaces every rule at once; the list order is the priority. invalid_argument naming
    // "rules/N/service" when rule N names a carrier or service that does not exist.
    [[nodiscard]] core::Result<std::vector<ShippingRule>> save_rules(
        const identity::Principal& actor, std::vector<ShippingRule> rules);

    // The service of the first matching rule whose carrier and service are both active;
    // nothing when no rule matches.
    [[nodiscard]] core::Result<std::optional<ChosenService>> choose(const ShipmentFacts& facts);

  private:
    [[nodiscard]] core::Result<std::vector<RuleTarget>> rule_targets();
    void forget_rules();

    db::Database& db_;
    const core::Clock& clock_;

    // Choosing runs for every carton and the rules change rarely: each node keeps them for
    // a second, by the injected clock. A change on another node reaches this one within
    // that time.
    static constexpr core::TimestampMs kRulesTtlMs = 1000;
    std::mutex rules_mutex_;
    std::optional<std::vector<RuleTarget>> rules_;
    core::TimestampMs rules_expiry_ = 0;
};

}  // namespace tally::shipping
