#include "tally/shipping/shipping_service.hpp"

#include <algorithm>

#include "tally/identity/audit.hpp"

namespace tally::shipping {

namespace {

core::Error no_carrier(const std::string& code) {
    return core::Error{.code = core::ErrorCode::not_found,
                       .message = "There is no carrier " + code + "."};
}

const Service* service_named(const Carrier& carrier, const std::string& code) {
    const auto it = std::find_if(carrier.services.begin(), carrier.services.end(),
                                 [&](const Service& s) { return s.code == code; });
    return it == carrier.services.end() ? nullptr : &*it;
}

}  // namespace

core::Result<Carrier> ShippingService::create_carrier(const identity::Principal& actor,
                                                      const CarrierInput& input) {
    core::FieldErrors errors;
    validate_carrier(input, errors);
    if (!errors.empty()) {
        return errors.to_error();
    }
    const auto now = clock_.now_ms();
    auto created = db_.write([&](db::Tx& tx) -> core::Result<Carrier> {
        Carrier carrier{.code = input.code,
                        .name = input.name,
                        .pickup_days = input.pickup_days,
                        .tracking_url = input.tracking_url,
                        .active = input.active,
                        .services = {},
                        .created_at = now,
                        .updated_at = now};
        carrier.id = CarrierRepo::insert(tx, carrier);
        for (const auto& s : input.services) {
            Service service{.code = s.code,
                            .name = s.name,
                            .service_level = s.service_level,
                            .active = s.active};
            service.id = CarrierRepo::insert_service(tx, carrier.id, service);
            carrier.services.push_back(std::move(service));
        }
        identity::record_audit(tx, actor, now, "carrier.create", "carrier", carrier.code);
        return carrier;
    });
    return core::name_conflict(std::move(created), "code", "The carrier code is already taken.");
}

core::Result<Carrier> ShippingService::update_carrier(const identity::Principal& actor,
                                                      const std::string& code, CarrierInput input) {
    input.code = code;
    core::FieldErrors errors;
    validate_carrier(input, errors);
    if (!errors.empty()) {
        return errors.to_error();
    }
    const auto now = clock_.now_ms();
    auto updated = db_.write([&](db::Tx& tx) -> core::Result<Carrier> {
        auto carrier = CarrierRepo::find(tx, code);
        if (!carrier) {
            return std::unexpected(no_carrier(code));
        }
        carrier->name = input.name;
        carrier->pickup_days = input.pickup_days;
        carrier->tracking_url = input.tracking_url;
        carrier->active = input.active;
        carrier->updated_at = now;
        (void)CarrierRepo::update(tx, *carrier);
        for (const auto& s : input.services) {
            Service service{.code = s.code,
                            .name = s.name,
                            .service_level = s.service_level,
                            .active = s.active};
            if (const auto* existing = service_named(*carrier, s.code)) {
                service.id = existing->id;
                CarrierRepo::update_service(tx, service);
            } else {
                (void)CarrierRepo::insert_service(tx, carrier->id, service);
            }
        }
        for (auto service : carrier->services) {
            const bool listed =
                std::any_of(input.services.begin(), input.services.end(),
                            [&](const ServiceInput& s) { return s.code == service.code; });
            if (!listed && service.active) {
                service.active = false;
                CarrierRepo::update_service(tx, service);
            }
        }
        identity::record_audit(tx, actor, now, "carrier.update", "carrier", code);
        return *CarrierRepo::find(tx, code);
    });
    if (updated) {
        forget_rules();  // a service or carrier may have become inactive, or renamed
    }
    return updated;
}

core::Result<Carrier> ShippingService::get_carrier(const std::string& code) {
    return db_.read([&](db::Tx& tx) -> core::Result<Carrier> {
        auto carrier = CarrierRepo::find(tx, code);
        if (!carrier) {
            return std::unexpected(no_carrier(code));
        }
        return *carrier;
    });
}

core::Result<std::vector<Carrier>> ShippingService::list_carriers() {
    return db_.read(
        [&](db::Tx& tx) -> core::Result<std::vector<Carrier>> { return CarrierRepo::list(tx); });
}

core::Result<std::vector<ShippingRule>> ShippingService::rules() {
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<ShippingRule>> {
        std::vector<ShippingRule> out;
        for (auto& target : CarrierRepo::rules(tx)) {
            out.push_back(std::move(target.rule));
        }
        return out;
    });
}

core::Result<std::vector<ShippingRule>> ShippingService::save_rules(
    const identity::Principal& actor, std::vector<ShippingRule> rules) {
    core::FieldErrors errors;
    validate_rules(rules, errors);
    if (!errors.empty()) {
        return errors.to_error();
    }
    for (std::size_t i = 0; i < rules.size(); ++i) {
        rules[i].priority = static_cast<int>(i) + 1;
    }
    const auto now = clock_.now_ms();
    auto saved = db_.write([&](db::Tx& tx) -> core::Status {
        const auto carriers = CarrierRepo::list(tx);
        core::FieldErrors unknown;
        std::vector<std::int64_t> service_ids;
        for (std::size_t i = 0; i < rules.size(); ++i) {
            const auto& rule = rules[i];
            const std::string field = "rules/" + std::to_string(i) + "/service";
            const auto carrier =
                std::find_if(carriers.begin(), carriers.end(),
                             [&](const Carrier& c) { return c.code == rule.carrier; });
            if (carrier == carriers.end()) {
                unknown.add(field, "names no known carrier: there is no carrier " + rule.carrier);
                continue;
            }
            const auto* service = service_named(*carrier, rule.service);
            if (service == nullptr) {
                unknown.add(field, "is not a service of carrier " + rule.carrier);
                continue;
            }
            service_ids.push_back(service->id);
        }
        if (!unknown.empty()) {
            return unknown.to_error();
        }
        CarrierRepo::delete_rules(tx);
        for (std::size_t i = 0; i < rules.size(); ++i) {
            CarrierRepo::insert_rule(tx, rules[i], service_ids[i]);
        }
        identity::record_audit(tx, actor, now, "shipping_rules.update", "shipping_rules", "rules",
                               "{\"rules\":" + std::to_string(rules.size()) + "}");
        return {};
    });
    if (!saved) {
        return std::unexpected(saved.error());
    }
    forget_rules();  // this node sees its own change at once
    return this->rules();
}

core::Result<std::optional<ChosenService>> ShippingService::choose(const ShipmentFacts& facts) {
    auto targets = rule_targets();
    if (!targets) {
        return std::unexpected(targets.error());
    }
    // A rule whose carrier or service was switched off is passed over, not a dead end.
    std::vector<ShippingRule> usable;
    std::vector<const ChosenService*> services;
    for (const auto& target : *targets) {
        if (target.active) {
            usable.push_back(target.rule);
            services.push_back(&target.service);
        }
    }
    const auto index = choose_rule(usable, facts);
    if (!index) {
        return std::optional<ChosenService>();
    }
    return std::optional(*services[*index]);
}

core::Result<std::vector<RuleTarget>> ShippingService::rule_targets() {
    const auto now = clock_.now_ms();
    {
        std::lock_guard lock(rules_mutex_);
        if (rules_ && now < rules_expiry_) {
            return *rules_;
        }
    }
    auto read = db_.read([&](db::Tx& tx) -> core::Result<std::vector<RuleTarget>> {
        return CarrierRepo::rules(tx);
    });
    if (read) {
        std::lock_guard lock(rules_mutex_);
        rules_ = *read;
        rules_expiry_ = now + kRulesTtlMs;
    }
    return read;
}

void ShippingService::forget_rules() {
    std::lock_guard lock(rules_mutex_);
    rules_.reset();
}

}  // namespace tally::shipping
