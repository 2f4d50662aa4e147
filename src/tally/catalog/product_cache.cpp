#include "tally/catalog/product_cache.hpp"

#include <mutex>

namespace tally::catalog {

ProductCache::Found ProductCache::find(const std::string& code, core::TimestampMs now) const {
    std::shared_lock lock(mutex_);
    const auto age = now - confirmed_at_;
    if (version_ < 0 || age > max_age_ms_) {
        return {};
    }
    const auto found = entries_.find(code);
    return {.product = found == entries_.end() ? nullptr : found->second,
            .confirm_soon = age > max_age_ms_ / 2};
}

bool ProductCache::confirm(std::int64_t version, core::TimestampMs now) {
    std::unique_lock lock(mutex_);
    const bool changed = version != version_;
    if (changed) {
        entries_.clear();
        version_ = version;
    }
    confirmed_at_ = std::max(confirmed_at_, now);
    return changed;
}

void ProductCache::put(const std::string& code, std::shared_ptr<const CachedProduct> product,
                       std::int64_t version) {
    std::unique_lock lock(mutex_);
    if (version != version_) {
        return;
    }
    if (entries_.size() >= capacity_) {
        entries_.clear();  // rare; the next lookups fill it again
    }
    entries_.insert_or_assign(code, std::move(product));
}

bool ProductCache::put(std::vector<Entry> entries, std::int64_t version) {
    std::unique_lock lock(mutex_);
    if (version != version_) {
        return false;
    }
    if (entries_.size() + entries.size() > capacity_) {
        entries_.clear();  // rare; the next lookups fill it again
    }
    for (auto& [code, product] : entries) {
        entries_.insert_or_assign(std::move(code), std::move(product));
    }
    return true;
}

void ProductCache::invalidate() {
    std::unique_lock lock(mutex_);
    entries_.clear();
    version_ = -1;
}

}  // namespace tally::catalog
