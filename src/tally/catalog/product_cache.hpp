#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tally/catalog/product.hpp"
#include "tally/core/clock.hpp"

namespace tally::catalog {

// A product as kept in memory, with its answer to a barcode lookup already written out by
// the function given to CatalogService::render_lookups_with: a lookup answered from memory
// costs no serialization.
struct CachedProduct {
    Product product;
    std::string rendered;  // empty when nothing renders lookups
};

// Products by barcode, in memory, for lookups that must not wait for the database. An
// entry is trusted only while the catalog version it was read at is the one last confirmed
// from the database, and only for `max_age_ms` after that confirmation: a change made
// through another node shows within that time, one made through this node at once
// (invalidate()). Thread-safe; readers share a lock.
class ProductCache {
  public:
    struct Found {
        std::shared_ptr<const CachedProduct> product;  // null when only the database can tell
        // The last confirmation is past half its age: confirm again before it runs out, so
        // that lookups in a steady stream never find it expired.
        bool confirm_soon = false;
    };

    explicit ProductCache(core::TimestampMs max_age_ms = 1000, std::size_t capacity = 500'000)
        : max_age_ms_(max_age_ms), capacity_(capacity) {}

    // The product for a normalized code.
    [[nodiscard]] Found find(const std::string& code, core::TimestampMs now) const;

    // The database said, at `now`, that the catalog is at `version`. Entries read at
    // another version are dropped; returns true when that happened (the cache is empty).
    bool confirm(std::int64_t version, core::TimestampMs now);

    [[nodiscard]] std::size_t capacity() const { return capacity_; }

    // Keeps `product` for `code` when `version` is the confirmed one.
    void put(const std::string& code, std::shared_ptr<const CachedProduct> product,
             std::int64_t version);
    // Many at once, under one lock. False when `version` is no longer the confirmed one.
    using Entry = std::pair<std::string, std::shared_ptr<const CachedProduct>>;
    bool put(std::vector<Entry> entries, std::int64_t version);

    // A product changed here: nothing is trusted until the next confirmation.
    void invalidate();

  private:
    core::TimestampMs max_age_ms_;
    std::size_t capacity_;
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const CachedProduct>> entries_;
    std::int64_t version_ = -1;
    core::TimestampMs confirmed_at_ = std::numeric_limits<core::TimestampMs>::min() / 2;
};

}  // namespace tally::catalog
