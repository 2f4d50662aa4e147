#include "tally/catalog/product.hpp"

#include <gtest/gtest.h>

namespace tally::catalog {
namespace {

ProductInput mug() {
    return ProductInput{.sku = "MUG-01",
                        .name = "Mug",
                        .barcodes = {"9506000134352"},
                        .weight_g = 350,
                        .dims = {120, 90, 100},
                        .unit_cost = {250},
                        .price = {1299},
                        .currency = "EUR"};
}

std::vector<std::string> fields(const core::FieldErrors& errors) {
    std::vector<std::string> out;
    for (const auto& e : errors.list()) {
        out.push_back(e.field);
    }
    return out;
}

TEST(ValidateProduct, AcceptsAGoodProductAndStoresGtinsAsFourteenDigits) {
    ProductInput input = mug();
    core::FieldErrors errors;
    validate_product(input, errors);
    EXPECT_TRUE(errors.empty());
    EXPECT_EQ(input.barcodes.at(0), "09506000134352");
}

TEST(ValidateProduct, RefusesAGtinWithAWrongCheckDigitAndSaysTheRightOne) {
    ProductInput input = mug();
    input.barcodes = {"09506000134353"};
    core::FieldErrors errors;
    validate_product(input, errors);
    ASSERT_EQ(fields(errors), std::vector<std::string>{"barcodes/0"});
    EXPECT_NE(errors.list()[0].reason.find("should be 2"), std::string::npos);
}

TEST(ValidateProduct, KeepsFreeFormCodesAsTheyAre) {
    ProductInput input = mug();
    input.barcodes = {"MUG01-BLUE", "12345"};
    core::FieldErrors errors;
    validate_product(input, errors);
    EXPECT_TRUE(errors.empty());
    EXPECT_EQ(input.barcodes, (std::vector<std::string>{"MUG01-BLUE", "12345"}));
}

TEST(ValidateProduct, NamesEveryBadField) {
    ProductInput input{.sku = "bad sku",
                       .name = "",
                       .barcodes = {"x y"},
                       .packagings = {{"case", "123", 1}},
                       .weight_g = -1,
                       .dims = {-1, 0, 0},
                       .unit_cost = {-5},
                       .price = {-1},
                       .currency = "euro",
                       .hs_code = "12",
                       .country_of_origin = "Germany",
                       .storage_class = "attic",
                       .components = {{"MUG-02", 0, {}}}};
    core::FieldErrors errors;
    validate_product(input, errors);
    EXPECT_EQ(fields(errors),
              (std::vector<std::string>{
                  "sku", "name", "barcodes/0", "packagings/0/quantity", "packagings/0/gtin",
                  "weight_g", "dims_mm/length", "unit_cost", "price", "currency", "hs_code",
                  "country_of_origin", "storage_class", "components/0/quantity"}));
}

TEST(ValidateProduct, RefusesABarcodeListedTwiceEvenInAnotherForm) {
    ProductInput input = mug();
    input.barcodes = {"9506000134352", "09506000134352"};
    core::FieldErrors errors;
    validate_product(input, errors);
    EXPECT_EQ(fields(errors), std::vector<std::string>{"barcodes/1"});
}

TEST(ValidateProduct, RefusesAKitThatContainsItself) {
    ProductInput input = mug();
    input.components = {{"MUG-01", 1, {}}};
    core::FieldErrors errors;
    validate_product(input, errors);
    EXPECT_EQ(fields(errors), std::vector<std::string>{"components/0/sku"});
}

TEST(ValidateProduct, ExpiryTrackingImpliesLots) {
    ProductInput input = mug();
    input.expiry_tracked = true;
    core::FieldErrors errors;
    validate_product(input, errors);
    EXPECT_TRUE(input.lot_tracked);
}

TEST(ValidSku, AllowsLettersDigitsAndSomePunctuation) {
    EXPECT_TRUE(valid_sku("MUG-01/blue_2.0"));
    EXPECT_FALSE(valid_sku(""));
    EXPECT_FALSE(valid_sku("MUG 01"));
    EXPECT_FALSE(valid_sku(std::string(65, 'A')));
}

}  // namespace
}  // namespace tally::catalog
