#include "tally/catalog/product_cache.hpp"

#include <gtest/gtest.h>

namespace tally::catalog {
namespace {

std::shared_ptr<const Product> mug() {
    Product product;
    product.id = ProductId{7};
    product.sku = "MUG-01";
    return std::make_shared<const Product>(product);
}

TEST(ProductCache, FindsWhatWasPutAtTheConfirmedVersion) {
    ProductCache cache(1000);
    cache.confirm(3, 10'000);
    cache.put("09506000134352", mug(), 3);

    const auto found = cache.find("09506000134352", 10'500);

    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->sku, "MUG-01");
    EXPECT_EQ(cache.find("00000000000000", 10'500), nullptr);
}

TEST(ProductCache, TrustsNothingLongerThanItsMaxAgeAfterTheLastConfirmation) {
    ProductCache cache(1000);
    cache.confirm(3, 10'000);
    cache.put("09506000134352", mug(), 3);

    EXPECT_EQ(cache.find("09506000134352", 11'001), nullptr);
    cache.confirm(3, 11'001);
    EXPECT_NE(cache.find("09506000134352", 11'500), nullptr);
}

TEST(ProductCache, ANewVersionDropsWhatWasReadBefore) {
    ProductCache cache(1000);
    cache.confirm(3, 10'000);
    cache.put("09506000134352", mug(), 3);

    EXPECT_FALSE(cache.confirm(3, 10'050));
    EXPECT_TRUE(cache.confirm(4, 10'100));

    EXPECT_EQ(cache.find("09506000134352", 10'200), nullptr);
}

TEST(ProductCache, RefusesAnEntryReadAtAnotherVersion) {
    ProductCache cache(1000);
    cache.confirm(4, 10'000);

    cache.put("09506000134352", mug(), 3);

    EXPECT_EQ(cache.find("09506000134352", 10'100), nullptr);
}

TEST(ProductCache, ALocalChangeInvalidatesEverythingUntilTheNextConfirmation) {
    ProductCache cache(1000);
    cache.confirm(3, 10'000);
    cache.put("09506000134352", mug(), 3);

    cache.invalidate();

    EXPECT_EQ(cache.find("09506000134352", 10'100), nullptr);
    cache.put("09506000134352", mug(), 3);
    EXPECT_EQ(cache.find("09506000134352", 10'100), nullptr);
}

}  // namespace
}  // namespace tally::catalog
