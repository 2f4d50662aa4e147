#include "tally/orders/order.hpp"

#include <set>

#include <gtest/gtest.h>

namespace tally::orders {
namespace {

using S = OrderStatus;

// The life cycle, written out once more by hand: every pair not listed must be refused.
const std::set<std::pair<S, S>> kExpected = {
    {S::received, S::allocated},    {S::received, S::backordered},  {S::received, S::on_hold},
    {S::received, S::cancelled},    {S::received, S::exception},    {S::allocated, S::released},
    {S::allocated, S::backordered}, {S::allocated, S::on_hold},     {S::allocated, S::cancelled},
    {S::allocated, S::exception},   {S::backordered, S::allocated}, {S::backordered, S::on_hold},
    {S::backordered, S::cancelled}, {S::backordered, S::exception}, {S::on_hold, S::allocated},
    {S::on_hold, S::backordered},   {S::on_hold, S::cancelled},     {S::on_hold, S::exception},
    {S::released, S::picking},      {S::released, S::on_hold},      {S::released, S::cancelled},
    {S::released, S::exception},    {S::picking, S::picked},        {S::picking, S::exception},
    {S::picked, S::packing},        {S::picked, S::exception},      {S::packing, S::packed},
    {S::packing, S::exception},     {S::packed, S::staged},         {S::packed, S::exception},
    {S::staged, S::shipped},        {S::staged, S::exception},      {S::shipped, S::delivered},
    {S::shipped, S::exception},     {S::exception, S::on_hold},     {S::exception, S::cancelled},
};
// And the moves of split shipments and of partial_shipments = ship_available.
const std::set<std::pair<S, S>> kExpectedForShipments = {
    {S::staged, S::partially_shipped},
    {S::partially_shipped, S::shipped},
    {S::partially_shipped, S::exception},
    {S::backordered, S::released},
};

TEST(OrderLifeCycle, AllowsExactlyTheMovesOfTheTableForEveryPair) {
    int allowed = 0;
    for (const auto from : kAllStatuses) {
        for (const auto to : kAllStatuses) {
            const bool expected =
                kExpected.contains({from, to}) || kExpectedForShipments.contains({from, to});
            EXPECT_EQ(can_transition(from, to), expected)
                << to_string(from) << " -> " << to_string(to);
            allowed += can_transition(from, to) ? 1 : 0;
        }
    }
    EXPECT_EQ(allowed, static_cast<int>(kExpected.size() + kExpectedForShipments.size()));
}

TEST(OrderLifeCycle, DeliveredAndCancelledAreFinal) {
    for (const auto to : kAllStatuses) {
        EXPECT_FALSE(can_transition(S::delivered, to)) << to_string(to);
        EXPECT_FALSE(can_transition(S::cancelled, to)) << to_string(to);
    }
}

TEST(OrderLifeCycle, NoStatusMovesToItself) {
    for (const auto status : kAllStatuses) {
        EXPECT_FALSE(can_transition(status, status)) << to_string(status);
    }
}

TEST(OrderLifeCycle, StatusNamesRoundTrip) {
    for (const auto status : kAllStatuses) {
        EXPECT_EQ(parse_status(to_string(status)), status);
    }
    EXPECT_FALSE(parse_status("shipping"));
    EXPECT_FALSE(parse_status(""));
}

TEST(OrderLifeCycle, ReservationsAreHeldUntilPickingStarts) {
    EXPECT_TRUE(holds_reservations(S::allocated));
    EXPECT_TRUE(holds_reservations(S::backordered));
    EXPECT_TRUE(holds_reservations(S::on_hold));
    EXPECT_TRUE(holds_reservations(S::released));
    EXPECT_FALSE(holds_reservations(S::cancelled));
    EXPECT_FALSE(holds_reservations(S::received));
    EXPECT_FALSE(holds_reservations(S::shipped));
}

OrderInput good_order() {
    return OrderInput{.channel = "api",
                      .external_id = "A-1001",
                      .currency = "EUR",
                      .customer = {"Ada Lovelace", "ada@example.com", "+49 30 1234"},
                      .ship_to = {.name = "Ada Lovelace",
                                  .line1 = "Unter den Linden 1",
                                  .city = "Berlin",
                                  .postal_code = "10117",
                                  .country = "DE"},
                      .lines = {{.sku = "MUG-01", .quantity = 2, .unit_price = 1299}}};
}

std::vector<std::string> fields_of(const OrderInput& input) {
    core::FieldErrors errors;
    validate_order(input, errors);
    std::vector<std::string> fields;
    for (const auto& error : errors.list()) {
        fields.push_back(error.field);
    }
    return fields;
}

TEST(ValidateOrder, AcceptsAGoodOrder) {
    EXPECT_TRUE(fields_of(good_order()).empty());
}

TEST(ValidateOrder, NamesEveryBadFieldAtOnce) {
    auto input = good_order();
    input.channel = "fax";
    input.external_id = " ";
    input.currency = "euro";
    input.customer.email = "not-an-email";
    input.ship_to.country = "Germany";
    input.ship_to.city = "";
    input.service_level = "teleport";
    input.hold = "because";
    input.lines = {{.sku = "MUG-01", .quantity = 0, .unit_price = -1}, {.quantity = 1}};
    const std::vector<std::string> expected = {
        "channel",          "external_id",        "currency",      "customer/email",
        "ship_to/city",     "ship_to/country",    "service_level", "hold",
        "lines/0/quantity", "lines/0/unit_price", "lines/1/sku"};
    EXPECT_EQ(fields_of(input), expected);
}

TEST(ValidateOrder, NeedsLinesAndBoundsThem) {
    auto input = good_order();
    input.lines.clear();
    EXPECT_EQ(fields_of(input), std::vector<std::string>{"lines"});
    input.lines.assign(kMaxLines + 1, {.sku = "X", .quantity = 1});
    EXPECT_EQ(fields_of(input), std::vector<std::string>{"lines"});
}

TEST(ValidateOrder, CoordinatesComeInPairsAndInRange) {
    auto input = good_order();
    input.ship_to.latitude = 52.5;
    EXPECT_EQ(fields_of(input), std::vector<std::string>{"ship_to/latitude"});
    input.ship_to.longitude = 200;
    EXPECT_EQ(fields_of(input), std::vector<std::string>{"ship_to/longitude"});
    input.ship_to.longitude = 13.4;
    EXPECT_TRUE(fields_of(input).empty());
}

TEST(ValidateOrder, TagsMustNotHoldCommas) {
    auto input = good_order();
    input.tags = {"vip", "a,b", ""};
    EXPECT_EQ(fields_of(input), (std::vector<std::string>{"tags/1", "tags/2"}));
}

TEST(Email, TellsPlausibleAddresses) {
    EXPECT_TRUE(plausible_email("a@b.de"));
    EXPECT_TRUE(plausible_email("first.last+tag@shop.example.com"));
    EXPECT_FALSE(plausible_email("@b.de"));
    EXPECT_FALSE(plausible_email("a@b"));
    EXPECT_FALSE(plausible_email("a@b.de."));
    EXPECT_FALSE(plausible_email("a b@c.de"));
    EXPECT_FALSE(plausible_email("a@b@c.de"));
}

TEST(Tags, JoinAndSplitRoundTrip) {
    EXPECT_EQ(join_tags({"vip", "gift"}), "vip,gift");
    EXPECT_EQ(split_tags("vip, gift ,,"), (std::vector<std::string>{"vip", "gift"}));
    EXPECT_TRUE(split_tags("").empty());
}

}  // namespace
}  // namespace tally::orders
