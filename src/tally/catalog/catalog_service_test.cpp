#include "tally/catalog/catalog_service.hpp"

#include <chrono>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testkit/test_database.hpp"

namespace tally::catalog {
namespace {

using ::testing::HasSubstr;

class CatalogServiceTest : public testkit::EngineTest {
  protected:
    CatalogService catalog_{*db_, clock_};
    identity::Principal admin_ = identity::Principal::system();

    static ProductInput product(std::string sku, std::vector<std::string> barcodes = {}) {
        return ProductInput{.sku = std::move(sku),
                            .name = "Stoneware mug",
                            .barcodes = std::move(barcodes),
                            .weight_g = 350,
                            .dims = {120, 90, 100},
                            .unit_cost = {250},
                            .price = {1299},
                            .currency = "EUR"};
    }

    Product create(ProductInput input) {
        auto created = catalog_.create_product(admin_, std::move(input));
        EXPECT_TRUE(created) << (created ? "" : created.error().message);
        return *created;
    }
};

TEST_P(CatalogServiceTest, CreatesAndReadsBackEveryField) {
    ProductInput input = product("MUG-01", {"9506000134352", "MUG01"});
    input.packagings = {{"case", "19506000134359", 12}};
    input.hs_code = "6912.00";
    input.country_of_origin = "PT";
    input.fragile = true;
    const Product created = create(input);
    const auto read = catalog_.get_product(created.id);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->sku, "MUG-01");
    EXPECT_EQ(read->barcodes, (std::vector<std::string>{"09506000134352", "MUG01"}));
    EXPECT_EQ(read->packagings, (std::vector<Packaging>{{"case", "19506000134359", 12}}));
    EXPECT_EQ(read->dims, (Dimensions{120, 90, 100}));
    EXPECT_EQ(read->price.minor, 1299);
    EXPECT_EQ(read->hs_code, "691200");
    EXPECT_TRUE(read->fragile);
}

TEST_P(CatalogServiceTest, RefusesATakenSkuAndATakenBarcodeAsConflicts) {
    create(product("MUG-01", {"9506000134352"}));
    const auto same_sku = catalog_.create_product(admin_, product("MUG-01"));
    ASSERT_FALSE(same_sku);
    EXPECT_EQ(same_sku.error().code, core::ErrorCode::conflict);
    EXPECT_EQ(same_sku.error().fields.at(0).field, "sku");

    const auto same_code = catalog_.create_product(admin_, product("MUG-02", {"09506000134352"}));
    ASSERT_FALSE(same_code);
    EXPECT_EQ(same_code.error().code, core::ErrorCode::conflict);
    EXPECT_EQ(same_code.error().fields.at(0).field, "barcodes/0");
}

TEST_P(CatalogServiceTest, FindsAProductByAnyFormOfItsGtin) {
    create(product("MUG-01", {"09506000134352"}));
    for (const std::string code : {"9506000134352", "09506000134352"}) {
        const auto found = catalog_.list_products({.barcode = code});
        ASSERT_TRUE(found);
        ASSERT_EQ(found->size(), 1U) << code;
        EXPECT_EQ(found->front().sku, "MUG-01");
    }
}

TEST_P(CatalogServiceTest, SearchesBySkuPrefixOrNameIgnoringCase) {
    create(product("MUG-01"));
    ProductInput plate = product("PLATE-7");
    plate.name = "Dinner plate";
    create(plate);
    EXPECT_EQ(catalog_.list_products({.text = "PLA"})->size(), 1U);
    EXPECT_EQ(catalog_.list_products({.text = "stoneware"})->front().sku, "MUG-01");
    EXPECT_EQ(catalog_.list_products({})->size(), 2U);
}

TEST_P(CatalogServiceTest, CombinesListFiltersAndPagesByCursor) {
    const Product mug = create(product("MUG-01", {"MUG01"}));
    create(product("MUG-02", {"MUG02"}));
    create(product("PLATE-7"));

    const auto by_sku = catalog_.list_products({.sku = "MUG-02"});
    const auto mismatch = catalog_.list_products({.sku = "MUG-02", .barcode = "MUG01"});
    const auto both = catalog_.list_products({.sku = "MUG-01", .barcode = "MUG01", .text = "MUG"});
    const auto page = catalog_.list_products({.text = "MUG", .after = mug.id.value, .limit = 1});
    ASSERT_TRUE(by_sku && mismatch && both && page);
    ASSERT_EQ(by_sku->size(), 1U);
    EXPECT_EQ(by_sku->front().barcodes, std::vector<std::string>{"MUG02"});
    EXPECT_TRUE(mismatch->empty());
    ASSERT_EQ(both->size(), 1U);
    EXPECT_EQ(both->front().id, mug.id);
    ASSERT_EQ(page->size(), 1U);
    EXPECT_EQ(page->front().sku, "MUG-02");
}

TEST_P(CatalogServiceTest, ResolvesSkuBarcodeCaseAndGs1Scans) {
    ProductInput input = product("MUG-01", {"09506000134352"});
    input.packagings = {{"case", "19506000134359", 12}};
    input.lot_tracked = true;
    create(input);

    const auto by_sku = catalog_.resolve_scan("MUG-01");
    ASSERT_TRUE(by_sku);
    EXPECT_EQ(by_sku->matched_by, "sku");
    EXPECT_EQ(by_sku->quantity, 1);

    const auto by_case = catalog_.resolve_scan("19506000134359");
    ASSERT_TRUE(by_case);
    EXPECT_EQ(by_case->quantity, 12);

    const auto by_gs1 = catalog_.resolve_scan("(01)09506000134352(17)261231(10)ABC123");
    ASSERT_TRUE(by_gs1) << by_gs1.error().message;
    EXPECT_EQ(by_gs1->product.sku, "MUG-01");
    EXPECT_EQ(by_gs1->lot, "ABC123");
    EXPECT_EQ(by_gs1->expiry, "2026-12-31");
    EXPECT_EQ(by_gs1->matched_by, "gs1");

    EXPECT_EQ(catalog_.resolve_scan("NOPE").error().code, core::ErrorCode::not_found);
    EXPECT_EQ(catalog_.resolve_scan("(01)09506000134353").error().code,
              core::ErrorCode::invalid_argument);
}

TEST_P(CatalogServiceTest, ResolvesScansAsScannersSendThemAndRefusesABadCheckDigit) {
    create(product("EAN-01", {"5901234123457"}));

    for (const std::string code : {"5901234123457", "]E05901234123457", "]C05901234123457",
                                   "0105901234123457", "]d2010590123412345717261231"}) {
        const auto scan = catalog_.resolve_scan(code);
        ASSERT_TRUE(scan) << code << ": " << scan.error().message;
        EXPECT_EQ(scan->product.sku, "EAN-01") << code;
    }
    EXPECT_EQ(catalog_.resolve_scan("]C0EAN-01")->matched_by, "sku");

    const auto bad = catalog_.resolve_scan("5901234123458");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, core::ErrorCode::invalid_argument);
    ASSERT_EQ(bad.error().fields.size(), 1U);
    EXPECT_EQ(bad.error().fields.front().field, "barcode");
    EXPECT_THAT(bad.error().fields.front().reason, HasSubstr("check digit should be 7"));
    EXPECT_EQ(catalog_.resolve_scan("]E05901234123458").error().code,
              core::ErrorCode::invalid_argument);
    EXPECT_EQ(catalog_.resolve_scan("(21)S1").error().code, core::ErrorCode::invalid_argument);
}

TEST_P(CatalogServiceTest, StoresAKitsBillOfMaterials) {
    create(product("MUG-01"));
    create(product("SPOON-2"));
    ProductInput kit = product("GIFT-SET");
    kit.components = {{"MUG-01", 2, {}}, {"SPOON-2", 2, {}}};
    const Product created = create(kit);
    EXPECT_TRUE(created.is_kit());
    ASSERT_EQ(created.components.size(), 2U);
    EXPECT_EQ(created.components[0].sku, "MUG-01");
    EXPECT_EQ(created.components[0].quantity, 2);

    ProductInput broken = product("BROKEN-SET");
    broken.components = {{"NOT-THERE", 1, {}}};
    const auto refused = catalog_.create_product(admin_, broken);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().fields.at(0).field, "components/0/sku");
}

TEST_P(CatalogServiceTest, RefusesAKitInsideAKit) {
    const Product mug = create(product("MUG-01"));
    create(product("TEA-01"));
    ProductInput kit = product("GIFT-SET");
    kit.components = {{"MUG-01", 2, {}}};
    create(kit);

    ProductInput nested = product("BIG-SET");
    nested.components = {{"GIFT-SET", 1, {}}};
    const auto refused = catalog_.create_product(admin_, nested);
    ProductInput mug_as_kit = product("MUG-01");
    mug_as_kit.components = {{"TEA-01", 1, {}}};
    const auto turned = catalog_.replace_product(admin_, mug.id, mug_as_kit);

    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().fields.at(0).field, "components/0/sku");
    ASSERT_FALSE(turned);
    EXPECT_EQ(turned.error().fields.at(0).field, "components");
    EXPECT_THAT(turned.error().fields.at(0).reason, HasSubstr("component of the kit GIFT-SET"));
}

TEST_P(CatalogServiceTest, ReplacesAProductAndKeepsItsCreationTime) {
    const Product created = create(product("MUG-01", {"MUG01"}));
    clock_.advance_ms(1000);
    ProductInput changed = product("MUG-01", {"MUG01-NEW"});
    changed.price = {1499};
    const auto replaced = catalog_.replace_product(admin_, created.id, changed);
    ASSERT_TRUE(replaced);
    EXPECT_EQ(replaced->price.minor, 1499);
    EXPECT_EQ(replaced->barcodes, std::vector<std::string>{"MUG01-NEW"});
    EXPECT_EQ(replaced->created_at, created.created_at);
    EXPECT_EQ(replaced->updated_at, created.created_at + 1000);
    EXPECT_TRUE(catalog_.list_products({.barcode = "MUG01"})->empty());
}

TEST_P(CatalogServiceTest, ImportsCsvAllOrNothingNamingEachBadRow) {
    create(product("MUG-01"));
    const std::string bad =
        "sku,name,barcodes,price,currency\n"
        "CUP-1,Cup,9506000134352,450,EUR\n"
        "CUP-2,,,-3,EUR\n"
        "CUP-3,Cup three,12345678,100,EURO\n";
    const auto refused = catalog_.import_products_csv(admin_, bad);
    ASSERT_FALSE(refused);
    std::vector<std::string> fields;
    for (const auto& e : refused.error().fields) {
        fields.push_back(e.field);
    }
    EXPECT_EQ(fields, (std::vector<std::string>{"rows/3/name", "rows/3/price", "rows/4/barcodes/0",
                                                "rows/4/currency"}));
    EXPECT_EQ(catalog_.list_products({})->size(), 1U) << "nothing of a refused file is kept";

    const std::string good =
        "sku,name,barcodes,price,currency,fragile\n"
        "CUP-1,Cup,9506000134352,450,EUR,true\n"
        "MUG-01,Mug renamed,,1299,EUR,false\n";
    const auto imported = catalog_.import_products_csv(admin_, good);
    ASSERT_TRUE(imported) << imported.error().message;
    EXPECT_EQ(imported->created, 1);
    EXPECT_EQ(imported->updated, 1);
    EXPECT_EQ(catalog_.get_product_by_sku("MUG-01")->name, "Mug renamed");
    EXPECT_TRUE(catalog_.get_product_by_sku("CUP-1")->fragile);
}

TEST_P(CatalogServiceTest, RefusesUnknownAndMissingColumns) {
    const auto refused = catalog_.import_products_csv(admin_, "sku,colour\nMUG-01,blue\n");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().fields.at(0).field, "columns/colour");
    EXPECT_EQ(refused.error().fields.at(1).field, "columns/name");
}

TEST_P(CatalogServiceTest, ExportsWhatImportReads) {
    ProductInput input = product("MUG-01", {"9506000134352"});
    input.name = "Mug, \"large\"";
    create(input);
    const auto csv = catalog_.export_products_csv();
    ASSERT_TRUE(csv);
    EXPECT_THAT(*csv, HasSubstr("\"Mug, \"\"large\"\"\""));
    const auto again = catalog_.import_products_csv(admin_, *csv);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->updated, 1);
    EXPECT_EQ(catalog_.get_product_by_sku("MUG-01")->name, "Mug, \"large\"");
}

TEST_P(CatalogServiceTest, KeepsBoxTypesSmallestFirst) {
    ASSERT_TRUE(catalog_.create_box_type(admin_, {.code = "L",
                                                  .name = "Large",
                                                  .inner = {600, 400, 400},
                                                  .tare_g = 600,
                                                  .max_load_g = 25000,
                                                  .cost = {180},
                                                  .currency = "EUR"}));
    ASSERT_TRUE(catalog_.create_box_type(admin_, {.code = "S",
                                                  .name = "Small",
                                                  .inner = {200, 150, 100},
                                                  .tare_g = 120,
                                                  .max_load_g = 5000,
                                                  .cost = {40},
                                                  .currency = "EUR"}));
    const auto boxes = catalog_.list_box_types(false);
    ASSERT_EQ(boxes->size(), 2U);
    EXPECT_EQ(boxes->front().code, "S");
    const auto duplicate = catalog_.create_box_type(admin_, {.code = "S",
                                                             .name = "Again",
                                                             .inner = {1, 1, 1},
                                                             .tare_g = 1,
                                                             .max_load_g = 1,
                                                             .currency = "EUR"});
    EXPECT_EQ(duplicate.error().code, core::ErrorCode::conflict);
}

TEST_P(CatalogServiceTest, KeepsBarcodeLookupsInMemoryUntilTheCatalogChanges) {
    catalog_.render_lookups_with([](const Product& p) { return p.sku + ": " + p.name; });
    const Product mug = create(product("MUG-01", {"9506000134352"}));
    create(product("TEA-01", {"4006381333931"}));
    EXPECT_EQ(catalog_.cached_by_barcode("9506000134352"), nullptr);

    ASSERT_TRUE(catalog_.list_products({.barcode = "9506000134352"}));
    const auto cached = catalog_.cached_by_barcode("09506000134352");
    ASSERT_NE(cached, nullptr);
    EXPECT_EQ(cached->product.sku, "MUG-01");
    EXPECT_EQ(cached->rendered, "MUG-01: Stoneware mug");
    // The first lookup also loads the rest of the catalog, in the background.
    for (int i = 0; i < 500 && !catalog_.cached_by_barcode("4006381333931"); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_NE(catalog_.cached_by_barcode("4006381333931"), nullptr);

    // A change made here is seen at once.
    auto renamed = product("MUG-01", {"9506000134352"});
    renamed.name = "Blue mug";
    ASSERT_TRUE(catalog_.replace_product(admin_, mug.id, renamed));
    EXPECT_EQ(catalog_.cached_by_barcode("9506000134352"), nullptr);
    EXPECT_EQ(catalog_.list_products({.barcode = "9506000134352"})->front().name, "Blue mug");
    EXPECT_EQ(catalog_.cached_by_barcode("9506000134352")->rendered, "MUG-01: Blue mug");
}

TEST_P(CatalogServiceTest, TrustsItsMemoryForOneSecondAfterAChangeOnAnotherNode) {
    const Product mug = create(product("MUG-01", {"9506000134352"}));
    ASSERT_TRUE(catalog_.list_products({.barcode = "9506000134352"}));
    CatalogService other_node(*db_, clock_);

    auto renamed = product("MUG-01", {"9506000134352"});
    renamed.name = "Blue mug";
    ASSERT_TRUE(other_node.replace_product(admin_, mug.id, renamed));

    EXPECT_EQ(catalog_.cached_by_barcode("9506000134352")->product.name, "Stoneware mug");
    clock_.advance_ms(1001);
    EXPECT_EQ(catalog_.cached_by_barcode("9506000134352"), nullptr);
    EXPECT_EQ(catalog_.list_products({.barcode = "9506000134352"})->front().name, "Blue mug");
    EXPECT_EQ(catalog_.cached_by_barcode("9506000134352")->product.name, "Blue mug");
}

TEST_P(CatalogServiceTest, ConfirmsItsMemoryAheadOfTimeWhileLookupsKeepComing) {
    create(product("MUG-01", {"9506000134352"}));
    ASSERT_TRUE(catalog_.list_products({.barcode = "9506000134352"}));

    // Past half its age, a lookup from memory has the version confirmed in the background...
    clock_.advance_ms(600);
    ASSERT_NE(catalog_.cached_by_barcode("9506000134352"), nullptr);
    clock_.advance_ms(500);
    // ...so 1.1 s after the lookup that went to the database, memory still answers.
    std::shared_ptr<const CachedProduct> cached;
    for (int i = 0; i < 500 && !cached; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        cached = catalog_.cached_by_barcode("9506000134352");
    }
    ASSERT_NE(cached, nullptr);
    EXPECT_EQ(cached->product.sku, "MUG-01");
}

INSTANTIATE_TEST_SUITE_P(Engines, CatalogServiceTest,
                         ::testing::ValuesIn(testkit::enabled_engines()), testkit::engine_name);

}  // namespace
}  // namespace tally::catalog
