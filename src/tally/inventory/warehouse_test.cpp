#include "tally/inventory/warehouse.hpp"

#include <gtest/gtest.h>

namespace tally::inventory {
namespace {

TEST(ValidateWarehouse, AcceptsTheContractExample) {
    const WarehouseInput input{.code = "BER",
                               .name = "Berlin",
                               .address = {.country = "DE"},
                               .timezone = "Europe/Berlin",
                               .latitude = 52.52,
                               .longitude = 13.40};
    core::FieldErrors errors;
    validate_warehouse(input, errors);
    EXPECT_TRUE(errors.empty());
}

TEST(ValidateWarehouse, NamesBadCodeCountryZoneAndCoordinates) {
    const WarehouseInput input{.code = "ber lin",
                               .name = "Berlin",
                               .address = {.country = "Germany"},
                               .timezone = "Berlin",
                               .latitude = 95.0,
                               .longitude = 13.4};
    core::FieldErrors errors;
    validate_warehouse(input, errors);
    std::vector<std::string> fields;
    for (const auto& e : errors.list()) {
        fields.push_back(e.field);
    }
    EXPECT_EQ(fields, (std::vector<std::string>{"code", "country", "timezone", "latitude"}));
}

TEST(ValidateWarehouse, WantsLatitudeAndLongitudeTogether) {
    const WarehouseInput input{.code = "BER",
                               .name = "Berlin",
                               .address = {.country = "DE"},
                               .timezone = "UTC",
                               .latitude = 52.5};
    core::FieldErrors errors;
    validate_warehouse(input, errors);
    ASSERT_EQ(errors.list().size(), 1U);
    EXPECT_EQ(errors.list()[0].field, "longitude");
}

TEST(PlausibleTimezone, AcceptsIanaShapesOnly) {
    EXPECT_TRUE(plausible_timezone("America/Argentina/Buenos_Aires"));
    EXPECT_TRUE(plausible_timezone("Etc/GMT+5"));
    EXPECT_TRUE(plausible_timezone("UTC"));
    EXPECT_FALSE(plausible_timezone("../../etc/passwd"));
    EXPECT_FALSE(plausible_timezone("Berlin"));
}

TEST(ValidateBin, ChecksCodeKindAndSequence) {
    core::FieldErrors ok;
    validate_bin({.code = "A-03-02-B", .zone = "A", .pick_sequence = 30}, ok);
    EXPECT_TRUE(ok.empty());
    core::FieldErrors bad;
    validate_bin({.code = "a 3", .pick_sequence = -1, .kind = "shelf"}, bad);
    EXPECT_EQ(bad.list().size(), 3U);
}

TEST(Bin, CarriesTheValueOnItsLabel) {
    const Bin bin{.warehouse = "BER", .code = "A-01-01"};
    EXPECT_EQ(bin.barcode(), "B:BER:A-01-01");
}

}  // namespace
}  // namespace tally::inventory
