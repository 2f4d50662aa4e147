#include "tally/catalog/product_cache.hpp"

#include <gtest/gtest.h>

namespace tally::catalog {
namespace {

std::shared_ptr<const CachedProduct> mug() {
    CachedProduct cached;
    cached.product.id = ProductId{7};
    cached.product.sku = "MUG-01";
    return std::make_shared<const CachedProduct>(std::move(cached));
}

TEST(ProductCache, FindsWhatWasPutAtTheConfirmedVersion) {
    ProductCache cache(1000);
    cache.confirm(3, 10'000);
    cache.put("09506000134352", mug(), 3);

    const auto found = cache.find("09506000134352", 10'500);

    ASSERT_NE(found.product, nullptr);
    EXPECT_EQ(found.product->product.sku, "MUG-01");
    EXPECT_EQ(cache.find("00000000000000", 10'500).product, nullptr);
}

TEST(ProductCache, TrustsNothingLongerThanItsMaxAgeAfterTheLastConfirmation) {
    ProductCache cache(1000);
    cache.confirm(3, 10'000);
    cache.put("09506000134352", mug(), 3);

    EXPECT_EQ(cache.find("09506000134352", 11'001).product, nullptr);
    cache.confirm(3, 11'001);
    EXPECT_NE(cache.find("09506000134352", 11'500).product, nullptr);
}

TEST(ProductCache, AsksForAConfirmationOncePastHalfItsMaxAge) {
    ProductCache cache(1000);
    cache.confirm(3, 10'000);
    cache.put("09506000134352", mug(), 3);

    EXPECT_FALSE(cache.find("09506000134352", 10'500).confirm_soon);
    const auto late = cache.find("09506000134352", 10'501);
    EXPECT_NE(late.product, nullptr);
    EXPECT_TRUE(late.confirm_soon);
    cache.confirm(3, 10'600);
    EXPECT_FALSE(cache.find("09506000134352", 10'700).confirm_soon);
}

TEST(ProductCache, ANewVersionDropsWhatWasReadBefore) {
    ProductCache cache(1000);
    cache.confirm(3, 10'000);
    cache.put("09506000134352", mug(), 3);

    EXPECT_FALSE(cache.confirm(3, 10'050));
    EXPECT_TRUE(cache.confirm(4, 10'100));

    EXPECT_EQ(cache.find("09506000134352", 10'200).product, nullptr);
}

TEST(ProductCache, RefusesAnEntryReadAtAnotherVersion) {
    ProductCache cache(1000);
    cache.confirm(4, 10'000);

    cache.put("09506000134352", mug(), 3);

    EXPECT_EQ(cache.find("09506000134352", 10'100).product, nullptr);
}

TEST(ProductCache, TakesManyEntriesAtOnceOnlyAtTheConfirmedVersion) {
    ProductCache cache(1000);
    cache.confirm(3, 10'000);

    EXPECT_FALSE(cache.put({{"09506000134352", mug()}}, 2));
    EXPECT_EQ(cache.find("09506000134352", 10'100).product, nullptr);
    EXPECT_TRUE(cache.put({{"09506000134352", mug()}, {"04006381333931", mug()}}, 3));
    EXPECT_NE(cache.find("09506000134352", 10'100).product, nullptr);
    EXPECT_NE(cache.find("04006381333931", 10'100).product, nullptr);
}

TEST(ProductCache, ALocalChangeInvalidatesEverythingUntilTheNextConfirmation) {
    ProductCache cache(1000);
    cache.confirm(3, 10'000);
    cache.put("09506000134352", mug(), 3);

    cache.invalidate();

    EXPECT_EQ(cache.find("09506000134352", 10'100).product, nullptr);
    cache.put("09506000134352", mug(), 3);
    EXPECT_EQ(cache.find("09506000134352", 10'100).product, nullptr);
}

}  // namespace
}  // namespace tally::catalog
