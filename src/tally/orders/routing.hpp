#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tally::orders {

// How an admin orders the choice among warehouses that can fill the same quantity. Filling
// as much as possible always comes first: nothing is backordered that stock could fill.
enum class RoutingRule { ship_complete, fewest_warehouses, nearest, lowest_cost };

struct RuleSetting {
    RoutingRule rule = RoutingRule::ship_complete;
    bool enabled = true;
};

[[nodiscard]] std::string_view to_string(RoutingRule rule);
[[nodiscard]] std::optional<RoutingRule> parse_rule(std::string_view text);
// ship_complete, fewest_warehouses, nearest, lowest_cost; all enabled.
[[nodiscard]] std::vector<RuleSetting> default_rules();

struct RoutingWarehouse {
    std::int64_t id = 0;
    std::string code;
    std::string country;
    std::optional<double> latitude;
    std::optional<double> longitude;
    std::int64_t cost = 0;  // what one shipment from here costs, minor units
};

struct Destination {
    std::string country;
    std::optional<double> latitude;
    std::optional<double> longitude;
};

// One component of a kit: how many units of it one kit holds.
struct KitPart {
    std::int64_t product_id = 0;
    std::string sku;
    std::int64_t quantity = 0;

    friend bool operator==(const KitPart&, const KitPart&) = default;
};

// Kits' bills of materials by the kit's product id.
using Kits = std::map<std::int64_t, std::vector<KitPart>>;

struct Demand {
    std::int64_t product_id = 0;
    std::string sku;
    std::int64_t quantity = 0;
};

// Units available now, by (product id, warehouse id). A kit has none of its own: what its
// parts make counts.
using Availability = std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t>;

struct Take {
    std::int64_t warehouse_id = 0;
    std::int64_t quantity = 0;

    friend bool operator==(const Take&, const Take&) = default;
};

struct RoutingPlan {
    std::vector<std::vector<Take>> lines;  // per demand, in the same order
    std::vector<std::string> warehouses;   // codes of the warehouses used
    std::int64_t backordered = 0;          // units no warehouse can fill
    std::string reason;
};

// Great-circle distance in km between two points in degrees (haversine, mean Earth radius).
[[nodiscard]] double great_circle_km(double lat1, double lon1, double lat2, double lon2);
// The approximate centre of a country, for addresses without coordinates.
[[nodiscard]] std::optional<std::pair<double, double>> country_centroid(std::string_view country);
// Distance from a warehouse to a destination: coordinates when both have them, else the
// countries' centres; when even those are unknown, 0 within the same country and 20,000 km
// abroad, so a domestic warehouse still wins.
[[nodiscard]] double distance_km(const RoutingWarehouse& warehouse, const Destination& destination);

// Decides where each demand ships from. Pure: the same input gives the same plan. A demand
// for a product in `kits` is filled in whole kits, each from one warehouse holding all its
// parts; its takes count kits.
[[nodiscard]] RoutingPlan route(std::span<const Demand> demands,
                                std::span<const RoutingWarehouse> warehouses,
                                const Availability& available, const Destination& destination,
                                std::span<const RuleSetting> rules, const Kits& kits = {});

}  // namespace tally::orders
