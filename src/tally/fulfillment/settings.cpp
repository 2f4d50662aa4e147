#include "tally/fulfillment/settings.hpp"

#include <algorithm>
#include <charconv>

#include "tally/fulfillment/fulfillment_repo.hpp"
#include "tally/identity/audit.hpp"
#include "tally/shipping/label.hpp"

namespace tally::fulfillment {

namespace {

int int_setting(const std::map<std::string, std::string>& stored, const std::string& name,
                int fallback) {
    const auto it = stored.find(name);
    if (it == stored.end()) {
        return fallback;
    }
    int value = 0;
    const auto& text = it->second;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc{} && end == text.data() + text.size() ? value : fallback;
}

}  // namespace

FulfillmentSettings settings_from(const std::map<std::string, std::string>& stored) {
    FulfillmentSettings s;
    s.weight_tolerance_percent =
        int_setting(stored, "weight_tolerance_percent", s.weight_tolerance_percent);
    s.weight_tolerance_min_g =
        int_setting(stored, "weight_tolerance_min_g", s.weight_tolerance_min_g);
    s.carton_padding_mm = int_setting(stored, "carton_padding_mm", s.carton_padding_mm);
    s.sscc_extension = int_setting(stored, "sscc_extension", s.sscc_extension);
    if (const auto it = stored.find("sscc_company_prefix"); it != stored.end()) {
        s.sscc_company_prefix = it->second;
    }
    s.cost_per_shipped_error =
        int_setting(stored, "cost_per_shipped_error", static_cast<int>(s.cost_per_shipped_error));
    s.seconds_per_scan = int_setting(stored, "seconds_per_scan", s.seconds_per_scan);
    s.labour_rate_per_hour =
        int_setting(stored, "labour_rate_per_hour", static_cast<int>(s.labour_rate_per_hour));
    if (const auto it = stored.find("currency"); it != stored.end()) {
        s.currency = it->second;
    }
    s.expiry_warning_days = int_setting(stored, "expiry_warning_days", s.expiry_warning_days);
    if (const auto it = stored.find("keyed_entry_requires_supervisor"); it != stored.end()) {
        s.keyed_entry_requires_supervisor = it->second == "true";
    }
    return s;
}

core::Result<FulfillmentSettings> FulfillmentSettingsStore::settings() {
    // What an admin reads is the stored text, never the cache.
    forget();
    return db_.read([&](db::Tx& tx) -> core::Result<FulfillmentSettings> { return read(tx); });
}

FulfillmentSettings FulfillmentSettingsStore::read(db::Tx& tx) {
    const auto now = clock_.now_ms();
    {
        const std::lock_guard lock(mutex_);
        if (cached_ && now >= read_at_ && now - read_at_ < kSettingsTtlMs) {
            return *cached_;
        }
    }
    auto fresh = settings_from(FulfillmentRepo::settings(tx));
    const std::lock_guard lock(mutex_);
    cached_ = fresh;
    read_at_ = now;
    return fresh;
}

void FulfillmentSettingsStore::forget() {
    const std::lock_guard lock(mutex_);
    cached_.reset();
}

core::Result<FulfillmentSettings> FulfillmentSettingsStore::save_settings(
    const identity::Principal& actor, const std::map<std::string, std::string>& changes) {
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    // name -> lowest and highest allowed value; text settings are checked on their own.
    static const std::map<std::string, std::pair<long long, long long>> kRanges = {
        {"weight_tolerance_percent", {0, 100}},
        {"weight_tolerance_min_g", {0, 100000}},
        {"carton_padding_mm", {0, 200}},
        {"sscc_extension", {0, 9}},
        {"cost_per_shipped_error", {0, 1000000000}},
        {"seconds_per_scan", {0, 3600}},
        {"labour_rate_per_hour", {0, 1000000000}},
        {"expiry_warning_days", {0, 3650}}};
    core::FieldErrors errors;
    for (const auto& [name, value] : changes) {
        if (name == "sscc_company_prefix") {
            if (!shipping::valid_sscc_settings(0, value)) {
                errors.add(name, "must be 7 to 10 digits");
            }
        } else if (name == "keyed_entry_requires_supervisor") {
            if (value != "true" && value != "false") {
                errors.add(name, "must be true or false");
            }
        } else if (name == "currency") {
            if (value.size() != 3 ||
                !std::ranges::all_of(value, [](char c) { return c >= 'A' && c <= 'Z'; })) {
                errors.add(name, "must be an ISO 4217 code such as EUR");
            }
        } else if (const auto range = kRanges.find(name); range != kRanges.end()) {
            long long number = 0;
            const auto [end, ec] =
                std::from_chars(value.data(), value.data() + value.size(), number);
            if (ec != std::errc{} || end != value.data() + value.size() ||
                number < range->second.first || number > range->second.second) {
                errors.add(name, "must be a whole number from " +
                                     std::to_string(range->second.first) + " to " +
                                     std::to_string(range->second.second));
            }
        } else {
            errors.add(name, "is not a fulfillment setting");
        }
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    auto saved = db_.write([&](db::Tx& tx) -> core::Result<FulfillmentSettings> {
        for (const auto& [name, value] : changes) {
            FulfillmentRepo::save_setting(tx, name, value);
        }
        identity::record_audit(tx, actor, clock_.now_ms(), "fulfillment.settings", "settings",
                               "fulfillment");
        return settings_from(FulfillmentRepo::settings(tx));
    });
    // Forgotten after the commit, so no scan caches the settings from before it.
    forget();
    return saved;
}

}  // namespace tally::fulfillment
