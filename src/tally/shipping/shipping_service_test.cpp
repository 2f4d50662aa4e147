#include "tally/shipping/shipping_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tally/identity/audit.hpp"

#include "testkit/test_database.hpp"

namespace tally::shipping {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ShippingServiceTest : public testkit::EngineTest {
  protected:
    static CarrierInput dhl() {
        return CarrierInput{
            .code = "DHL",
            .name = "DHL Paket",
            .pickup_days = {"mon", "wed", "fri"},
            .tracking_url = "https://www.dhl.de/track?piececode={tracking}",
            .services = {{"PAK", "Paket", "standard"}, {"EXP", "Express", "express"}}};
    }

    static CarrierInput ups() {
        return CarrierInput{.code = "UPS",
                            .name = "UPS",
                            .pickup_days = {"mon", "tue", "wed", "thu", "fri"},
                            .services = {{"NDA", "Next Day Air", "overnight"}}};
    }

    Carrier create(const CarrierInput& input) {
        auto created = shipping_.create_carrier(admin_, input);
        EXPECT_TRUE(created) << (created ? "" : created.error().message);
        return created.value_or(Carrier{});
    }

    static ShippingRule rule(std::string carrier, std::string service) {
        return ShippingRule{.carrier = std::move(carrier), .service = std::move(service)};
    }

    std::optional<std::string> chosen(const ShipmentFacts& facts) {
        const auto choice = shipping_.choose(facts);
        EXPECT_TRUE(choice) << (choice ? "" : choice.error().message);
        if (!choice || !*choice) {
            return std::nullopt;
        }
        return (*choice)->carrier + "/" + (*choice)->service;
    }

    std::vector<std::string> audit_actions() {
        auto entries = db_->read([](db::Tx& tx) -> core::Result<std::vector<identity::AuditEntry>> {
            return identity::AuditRepo::list(tx, {});
        });
        EXPECT_TRUE(entries);
        std::vector<std::string> actions;
        for (auto it = entries->rbegin(); it != entries->rend(); ++it) {
            actions.push_back(it->action + " " + it->entity_id);
        }
        return actions;
    }

    identity::Principal admin_ = identity::Principal::system();
    ShippingService shipping_{*db_, clock_};
};

TEST_P(ShippingServiceTest, CreatesACarrierWithItsServicesAndReadsItBack) {
    const auto created = create(dhl());
    EXPECT_GT(created.id, 0);
    ASSERT_EQ(created.services.size(), 2U);
    EXPECT_GT(created.services[0].id, 0);

    const auto read = shipping_.get_carrier("DHL");
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->name, "DHL Paket");
    EXPECT_EQ(read->pickup_days, (std::vector<std::string>{"mon", "wed", "fri"}));
    EXPECT_EQ(read->tracking_url, "https://www.dhl.de/track?piececode={tracking}");
    EXPECT_TRUE(read->active);
    EXPECT_EQ(read->created_at, clock_.now_ms());
    ASSERT_EQ(read->services.size(), 2U);
    EXPECT_EQ(read->services[0].code, "PAK");
    EXPECT_EQ(read->services[0].service_level, "standard");
    EXPECT_EQ(read->services[1].code, "EXP");
    EXPECT_EQ(read->services[1].name, "Express");
    EXPECT_THAT(audit_actions(), ElementsAre("carrier.create DHL"));
}

TEST_P(ShippingServiceTest, RefusesATakenCodeAsAConflictNamingTheCode) {
    create(dhl());
    const auto again = shipping_.create_carrier(admin_, dhl());
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, core::ErrorCode::conflict);
    EXPECT_EQ(again.error().fields.at(0).field, "code");
    EXPECT_THAT(audit_actions(), ElementsAre("carrier.create DHL"));
}

TEST_P(ShippingServiceTest, RefusesABadServiceLevelAndWritesNothing) {
    auto input = dhl();
    input.services[1].service_level = "teleport";
    const auto created = shipping_.create_carrier(admin_, input);
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, core::ErrorCode::invalid_argument);
    EXPECT_EQ(created.error().fields.at(0).field, "services/1/service_level");
    const auto all = shipping_.list_carriers();
    ASSERT_TRUE(all);
    EXPECT_TRUE(all->empty());
}

TEST_P(ShippingServiceTest, ListsCarriersByCode) {
    create(ups());
    create(dhl());
    const auto all = shipping_.list_carriers();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2U);
    EXPECT_EQ((*all)[0].code, "DHL");
    EXPECT_EQ((*all)[0].services.size(), 2U);
    EXPECT_EQ((*all)[1].code, "UPS");
    EXPECT_EQ((*all)[1].services.size(), 1U);
}

TEST_P(ShippingServiceTest, UpdatingUpsertsServicesByCodeAndDeactivatesTheOnesLeftOut) {
    const auto created = create(dhl());
    clock_.advance_ms(60'000);
    CarrierInput change{
        .name = "DHL Parcel",
        .pickup_days = {"tue"},
        .tracking_url = "",
        .services = {{"EXP", "Express 12", "overnight"}, {"ECO", "Economy", "economy"}}};
    const auto updated = shipping_.update_carrier(admin_, "DHL", change);
    ASSERT_TRUE(updated) << updated.error().message;
    EXPECT_EQ(updated->id, created.id);
    EXPECT_EQ(updated->name, "DHL Parcel");
    EXPECT_EQ(updated->pickup_days, (std::vector<std::string>{"tue"}));
    EXPECT_EQ(updated->tracking_url, "");
    EXPECT_EQ(updated->updated_at, clock_.now_ms());
    EXPECT_EQ(updated->created_at, created.created_at);
    ASSERT_EQ(updated->services.size(), 3U);
    EXPECT_EQ(updated->services[0].code, "PAK");  // kept, since cartons may refer to it
    EXPECT_EQ(updated->services[0].id, created.services[0].id);
    EXPECT_FALSE(updated->services[0].active);
    EXPECT_EQ(updated->services[1].code, "EXP");
    EXPECT_EQ(updated->services[1].id, created.services[1].id);
    EXPECT_EQ(updated->services[1].name, "Express 12");
    EXPECT_EQ(updated->services[1].service_level, "overnight");
    EXPECT_TRUE(updated->services[1].active);
    EXPECT_EQ(updated->services[2].code, "ECO");
    EXPECT_TRUE(updated->services[2].active);

    // Listing it again brings it back.
    change.services.push_back({"PAK", "Paket", "standard"});
    const auto again = shipping_.update_carrier(admin_, "DHL", change);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->services[0].active);
    EXPECT_THAT(audit_actions(),
                ElementsAre("carrier.create DHL", "carrier.update DHL", "carrier.update DHL"));
}

TEST_P(ShippingServiceTest, UpdatingAnUnknownCarrierIsNotFound) {
    const auto updated = shipping_.update_carrier(admin_, "DHL", dhl());
    ASSERT_FALSE(updated);
    EXPECT_EQ(updated.error().code, core::ErrorCode::not_found);
    EXPECT_EQ(shipping_.get_carrier("DHL").error().code, core::ErrorCode::not_found);
}

TEST_P(ShippingServiceTest, SavesRulesInListOrderAndReplacesThemAll) {
    create(dhl());
    create(ups());
    auto overnight = rule("UPS", "NDA");
    overnight.service_level = "overnight";
    auto light_de = rule("DHL", "PAK");
    light_de.country = "DE";
    light_de.min_weight_g = 0;
    light_de.max_weight_g = 31'500;
    const auto saved = shipping_.save_rules(admin_, {overnight, light_de, rule("DHL", "EXP")});
    ASSERT_TRUE(saved) << saved.error().message;
    ASSERT_EQ(saved->size(), 3U);
    EXPECT_EQ((*saved)[0].priority, 1);
    EXPECT_EQ((*saved)[0].service_level, "overnight");
    EXPECT_EQ((*saved)[0].country, std::nullopt);
    EXPECT_EQ((*saved)[1].priority, 2);
    EXPECT_EQ((*saved)[1].country, "DE");
    EXPECT_EQ((*saved)[1].min_weight_g, 0);
    EXPECT_EQ((*saved)[1].max_weight_g, 31'500);
    EXPECT_EQ((*saved)[2].carrier, "DHL");
    EXPECT_EQ((*saved)[2].service, "EXP");
    EXPECT_EQ((*saved)[2].max_weight_g, std::nullopt);

    const auto replaced = shipping_.save_rules(admin_, {rule("UPS", "NDA")});
    ASSERT_TRUE(replaced);
    const auto read = shipping_.rules();
    ASSERT_TRUE(read);
    ASSERT_EQ(read->size(), 1U);
    EXPECT_EQ((*read)[0].carrier, "UPS");
    EXPECT_EQ((*read)[0].priority, 1);
    EXPECT_THAT(audit_actions(),
                ElementsAre("carrier.create DHL", "carrier.create UPS",
                            "shipping_rules.update rules", "shipping_rules.update rules"));
}

TEST_P(ShippingServiceTest, RefusesRulesNamingAnUnknownCarrierOrServiceAndKeepsTheOldOnes) {
    create(dhl());
    ASSERT_TRUE(shipping_.save_rules(admin_, {rule("DHL", "PAK")}));
    const auto saved =
        shipping_.save_rules(admin_, {rule("DHL", "EXP"), rule("FDX", "PAK"), rule("DHL", "NDA")});
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code, core::ErrorCode::invalid_argument);
    ASSERT_EQ(saved.error().fields.size(), 2U);
    EXPECT_EQ(saved.error().fields[0].field, "rules/1/service");
    EXPECT_THAT(saved.error().fields[0].reason, HasSubstr("FDX"));
    EXPECT_EQ(saved.error().fields[1].field, "rules/2/service");
    const auto read = shipping_.rules();
    ASSERT_TRUE(read);
    ASSERT_EQ(read->size(), 1U);
    EXPECT_EQ((*read)[0].service, "PAK");
}

TEST_P(ShippingServiceTest, ChoosesTheServiceOfTheFirstMatchingRule) {
    create(dhl());
    create(ups());
    auto overnight = rule("UPS", "NDA");
    overnight.service_level = "overnight";
    auto heavy = rule("DHL", "EXP");
    heavy.min_weight_g = 10'000;
    ASSERT_TRUE(shipping_.save_rules(admin_, {overnight, heavy}));

    EXPECT_EQ(chosen({"overnight", "DE", 500}), "UPS/NDA");
    EXPECT_EQ(chosen({"standard", "DE", 12'000}), "DHL/EXP");
    EXPECT_EQ(chosen({"standard", "DE", 9'999}), std::nullopt);

    const auto choice = shipping_.choose({"overnight", "US", 1});
    ASSERT_TRUE(choice && *choice);
    EXPECT_EQ((*choice)->carrier_name, "UPS");
    EXPECT_EQ((*choice)->service_name, "Next Day Air");
    EXPECT_GT((*choice)->carrier_id, 0);
    EXPECT_GT((*choice)->service_id, 0);
}

TEST_P(ShippingServiceTest, PassesOverRulesOfInactiveServicesAndCarriers) {
    create(dhl());
    create(ups());
    ASSERT_TRUE(
        shipping_.save_rules(admin_, {rule("DHL", "PAK"), rule("UPS", "NDA"), rule("DHL", "EXP")}));
    EXPECT_EQ(chosen({"standard", "DE", 500}), "DHL/PAK");

    auto without_pak = dhl();
    without_pak.services.erase(without_pak.services.begin());
    ASSERT_TRUE(shipping_.update_carrier(admin_, "DHL", without_pak));
    EXPECT_EQ(chosen({"standard", "DE", 500}), "UPS/NDA");

    auto ups_off = ups();
    ups_off.active = false;
    ASSERT_TRUE(shipping_.update_carrier(admin_, "UPS", ups_off));
    EXPECT_EQ(chosen({"standard", "DE", 500}), "DHL/EXP");
}

TEST_P(ShippingServiceTest, KeepsTheRulesForASecondUnlessThisNodeChangesThem) {
    create(dhl());
    create(ups());
    ASSERT_TRUE(shipping_.save_rules(admin_, {rule("DHL", "PAK")}));
    EXPECT_EQ(chosen({"standard", "DE", 500}), "DHL/PAK");

    // Another node saves new rules: this one goes on with what it has for a second.
    ShippingService other_node(*db_, clock_);
    ASSERT_TRUE(other_node.save_rules(admin_, {rule("UPS", "NDA")}));
    clock_.advance_ms(999);
    EXPECT_EQ(chosen({"standard", "DE", 500}), "DHL/PAK");
    clock_.advance_ms(1);
    EXPECT_EQ(chosen({"standard", "DE", 500}), "UPS/NDA");

    // Its own change is seen at once.
    ASSERT_TRUE(shipping_.save_rules(admin_, {rule("DHL", "EXP")}));
    EXPECT_EQ(chosen({"standard", "DE", 500}), "DHL/EXP");
}

INSTANTIATE_TEST_SUITE_P(Engines, ShippingServiceTest,
                         ::testing::ValuesIn(testkit::enabled_engines()), testkit::engine_name);

}  // namespace
}  // namespace tally::shipping
