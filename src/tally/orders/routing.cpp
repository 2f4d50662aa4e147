#include "tally/orders/routing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <tuple>

#include <fmt/format.h>

namespace tally::orders {

namespace {

constexpr std::pair<RoutingRule, std::string_view> kRuleNames[] = {
    {RoutingRule::ship_complete, "ship_complete"},
    {RoutingRule::fewest_warehouses, "fewest_warehouses"},
    {RoutingRule::nearest, "nearest"},
    {RoutingRule::lowest_cost, "lowest_cost"},
};

struct Centroid {
    std::string_view country;
    double latitude;
    double longitude;
};

// Approximate geographic centres, enough to rank warehouses by distance.
constexpr Centroid kCentroids[] = {
    {"AE", 23.4, 53.8},  {"AR", -38.4, -63.6}, {"AT", 47.5, 14.6},   {"AU", -25.3, 133.8},
    {"BE", 50.5, 4.5},   {"BG", 42.7, 25.5},   {"BR", -14.2, -51.9}, {"CA", 56.1, -106.3},
    {"CH", 46.8, 8.2},   {"CL", -35.7, -71.5}, {"CN", 35.9, 104.2},  {"CO", 4.6, -74.3},
    {"CZ", 49.8, 15.5},  {"DE", 51.2, 10.5},   {"DK", 56.3, 9.5},    {"EE", 58.6, 25.0},
    {"EG", 26.8, 30.8},  {"ES", 40.5, -3.7},   {"FI", 61.9, 25.7},   {"FR", 46.2, 2.2},
    {"GB", 55.4, -3.4},  {"GR", 39.1, 21.8},   {"HK", 22.3, 114.2},  {"HR", 45.1, 15.2},
    {"HU", 47.2, 19.5},  {"ID", -0.8, 113.9},  {"IE", 53.4, -8.2},   {"IL", 31.0, 34.9},
    {"IN", 20.6, 79.0},  {"IS", 64.9, -19.0},  {"IT", 41.9, 12.6},   {"JP", 36.2, 138.3},
    {"KR", 35.9, 127.8}, {"LT", 55.2, 23.9},   {"LU", 49.8, 6.1},    {"LV", 56.9, 24.6},
    {"MA", 31.8, -7.1},  {"MX", 23.6, -102.6}, {"MY", 4.2, 101.98},  {"NG", 9.1, 8.7},
    {"NL", 52.1, 5.3},   {"NO", 60.5, 8.5},    {"NZ", -40.9, 174.9}, {"PE", -9.2, -75.0},
    {"PH", 12.9, 121.8}, {"PL", 51.9, 19.1},   {"PT", 39.4, -8.2},   {"RO", 45.9, 25.0},
    {"RS", 44.0, 21.0},  {"SA", 23.9, 45.1},   {"SE", 60.1, 18.6},   {"SG", 1.35, 103.8},
    {"SI", 46.2, 15.0},  {"SK", 48.7, 19.7},   {"TH", 15.9, 101.0},  {"TR", 38.9, 35.2},
    {"TW", 23.7, 121.0}, {"UA", 48.4, 31.2},   {"US", 39.8, -98.6},  {"VN", 14.1, 108.3},
    {"ZA", -30.6, 22.9},
};

constexpr double kAbroadKm = 20'000;
constexpr std::size_t kMaxExhaustive = 12;  // 4,095 subsets; beyond that, the nearest 12

struct Point {
    double latitude;
    double longitude;
};

std::optional<Point> point_of(const std::optional<double>& latitude,
                              const std::optional<double>& longitude, std::string_view country) {
    if (latitude && longitude) {
        return Point{*latitude, *longitude};
    }
    if (auto centre = country_centroid(country)) {
        return Point{centre->first, centre->second};
    }
    return std::nullopt;
}

// One way to ship: a set of warehouses (bit i = candidate i) and how it scores.
struct Option {
    unsigned members = 0;
    std::int64_t filled = 0;
    int size = 0;
    double distance = 0;
    std::int64_t cost = 0;
    std::string codes;
};

// Whole kits the parts in a warehouse make.
std::int64_t kits_in(const std::vector<KitPart>& parts, const Availability& available,
                     std::int64_t warehouse) {
    std::int64_t kits = std::numeric_limits<std::int64_t>::max();
    for (const auto& part : parts) {
        const auto it = available.find({part.product_id, warehouse});
        const std::int64_t units =
            it == available.end() ? 0 : std::max<std::int64_t>(0, it->second);
        kits = std::min(kits, part.quantity > 0 ? units / part.quantity : 0);
    }
    return parts.empty() ? 0 : kits;
}

}  // namespace

std::string_view to_string(RoutingRule rule) {
    for (const auto& [value, name] : kRuleNames) {
        if (value == rule) {
            return name;
        }
    }
    return "unknown";
}

std::optional<RoutingRule> parse_rule(std::string_view text) {
    for (const auto& [value, name] : kRuleNames) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

std::vector<RuleSetting> default_rules() {
    return {{RoutingRule::ship_complete, true},
            {RoutingRule::fewest_warehouses, true},
            {RoutingRule::nearest, true},
            {RoutingRule::lowest_cost, true}};
}

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
    constexpr double kEarthKm = 6371.0088;
    constexpr double kRad = std::numbers::pi / 180.0;
    const double dlat = (lat2 - lat1) * kRad;
    const double dlon = (lon2 - lon1) * kRad;
    const double a =
        std::sin(dlat / 2) * std::sin(dlat / 2) +
        std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(a)));
}

std::optional<std::pair<double, double>> country_centroid(std::string_view country) {
    const auto* end = std::end(kCentroids);
    const auto* found = std::lower_bound(
        std::begin(kCentroids), end, country,
        [](const Centroid& c, std::string_view value) { return c.country < value; });
    if (found == end || found->country != country) {
        return std::nullopt;
    }
    return std::pair{found->latitude, found->longitude};
}

double distance_km(const RoutingWarehouse& warehouse, const Destination& destination) {
    const auto from = point_of(warehouse.latitude, warehouse.longitude, warehouse.country);
    const auto to = point_of(destination.latitude, destination.longitude, destination.country);
    if (from && to) {
        return great_circle_km(from->latitude, from->longitude, to->latitude, to->longitude);
    }
    return warehouse.country == destination.country ? 0 : kAbroadKm;
}

RoutingPlan route(std::span<const Demand> demands, std::span<const RoutingWarehouse> warehouses,
                  const Availability& available, const Destination& destination,
                  std::span<const RuleSetting> rules, const Kits& kits) {
    RoutingPlan plan;
    const std::vector<KitPart> plain;
    auto parts_of = [&](const Demand& demand) -> const std::vector<KitPart>& {
        const auto it = kits.find(demand.product_id);
        return it == kits.end() ? plain : it->second;
    };
    plan.lines.resize(demands.size());

    // A kit is available where its parts make whole kits. That figure ranks the warehouses;
    // filling the lines below takes the parts themselves, so a part two lines share is
    // never promised twice.
    Availability effective = available;
    for (const auto& demand : demands) {
        if (parts_of(demand).empty()) {
            continue;
        }
        for (const auto& warehouse : warehouses) {
            effective[{demand.product_id, warehouse.id}] =
                kits_in(parts_of(demand), available, warehouse.id);
        }
    }

    // What each product needs in all, and what each warehouse has of it.
    std::map<std::int64_t, std::int64_t> needed;
    std::int64_t total = 0;
    for (const auto& demand : demands) {
        needed[demand.product_id] += demand.quantity;
        total += demand.quantity;
    }
    auto stock_of = [&](std::int64_t product, std::int64_t warehouse) -> std::int64_t {
        const auto it = effective.find({product, warehouse});
        return it == effective.end() ? 0 : std::max<std::int64_t>(0, it->second);
    };

    // Candidates: warehouses holding any of it, nearest first, at most kMaxExhaustive.
    struct Candidate {
        const RoutingWarehouse* warehouse;
        double distance;
    };
    std::vector<Candidate> candidates;
    for (const auto& warehouse : warehouses) {
        const bool useful = std::any_of(needed.begin(), needed.end(), [&](const auto& need) {
            return stock_of(need.first, warehouse.id) > 0;
        });
        if (useful) {
            candidates.push_back({&warehouse, distance_km(warehouse, destination)});
        }
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return std::tie(a.distance, a.warehouse->cost, a.warehouse->code) <
               std::tie(b.distance, b.warehouse->cost, b.warehouse->code);
    });
    if (candidates.size() > kMaxExhaustive) {
        candidates.resize(kMaxExhaustive);
    }

    auto filled_by = [&](unsigned members) {
        std::int64_t filled = 0;
        for (const auto& [product, quantity] : needed) {
            std::int64_t held = 0;
            for (std::size_t i = 0; i < candidates.size(); ++i) {
                if ((members >> i) & 1U) {
                    held += stock_of(product, candidates[i].warehouse->id);
                }
            }
            filled += std::min(quantity, held);
        }
        return filled;
    };

    std::vector<Option> options;
    const unsigned all = (1U << candidates.size()) - 1;
    for (unsigned members = 1; members <= all && !candidates.empty(); ++members) {
        Option option{.members = members, .filled = filled_by(members)};
        // Skip sets with a warehouse that adds nothing: it would only split the parcel.
        bool minimal = true;
        for (std::size_t i = 0; i < candidates.size() && minimal; ++i) {
            const unsigned without = members & ~(1U << i);
            if (((members >> i) & 1U) && without != 0 && filled_by(without) == option.filled) {
                minimal = false;
            }
        }
        if (!minimal) {
            continue;
        }
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            if ((members >> i) & 1U) {
                ++option.size;
                option.distance += candidates[i].distance;
                option.cost += candidates[i].warehouse->cost;
                option.codes += candidates[i].warehouse->code + ",";
            }
        }
        options.push_back(std::move(option));
    }

    // More filled first, then the admin's rules in their order, then codes for a stable tie.
    auto better = [&](const Option& a, const Option& b) {
        if (a.filled != b.filled) {
            return a.filled > b.filled;
        }
        for (const auto& setting : rules) {
            if (!setting.enabled) {
                continue;
            }
            switch (setting.rule) {
                case RoutingRule::ship_complete: {
                    const bool complete_a = a.size == 1 && a.filled == total;
                    const bool complete_b = b.size == 1 && b.filled == total;
                    if (complete_a != complete_b) {
                        return complete_a;
                    }
                    break;
                }
                case RoutingRule::fewest_warehouses:
                    if (a.size != b.size) {
                        return a.size < b.size;
                    }
                    break;
                case RoutingRule::nearest:
                    if (std::abs(a.distance - b.distance) > 0.5) {
                        return a.distance < b.distance;
                    }
                    break;
                case RoutingRule::lowest_cost:
                    if (a.cost != b.cost) {
                        return a.cost < b.cost;
                    }
                    break;
            }
        }
        return a.codes < b.codes;
    };
    const auto best = std::min_element(options.begin(), options.end(), better);

    // Fill each line inside the chosen set: whole from the nearest member that can, else
    // split from the nearest ones.
    std::vector<Candidate> chosen;
    if (best != options.end()) {
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            if ((best->members >> i) & 1U) {
                chosen.push_back(candidates[i]);
            }
        }
    }
    Availability left = available;
    std::vector<std::string> short_lines;
    for (std::size_t l = 0; l < demands.size(); ++l) {
        const auto& demand = demands[l];
        const auto& parts = parts_of(demand);
        auto have = [&](const Candidate& c) -> std::int64_t {
            if (!parts.empty()) {
                return kits_in(parts, left, c.warehouse->id);
            }
            return std::max<std::int64_t>(0, left[{demand.product_id, c.warehouse->id}]);
        };
        auto take = [&](const Candidate& c, std::int64_t quantity) {
            plan.lines[l].push_back({c.warehouse->id, quantity});
            if (parts.empty()) {
                left[{demand.product_id, c.warehouse->id}] -= quantity;
            }
            for (const auto& part : parts) {
                left[{part.product_id, c.warehouse->id}] -= quantity * part.quantity;
            }
        };
        std::int64_t wanted = demand.quantity;
        const auto whole = std::find_if(chosen.begin(), chosen.end(),
                                        [&](const Candidate& c) { return have(c) >= wanted; });
        if (wanted > 0 && whole != chosen.end()) {  // a line already filled takes nothing
            take(*whole, wanted);
            wanted = 0;
        }
        for (const auto& candidate : chosen) {
            const std::int64_t taken = std::min(wanted, have(candidate));
            if (taken > 0) {
                take(candidate, taken);
                wanted -= taken;
            }
        }
        if (wanted > 0) {
            plan.backordered += wanted;
            short_lines.push_back(fmt::format("{} x {}", wanted, demand.sku));
        }
    }

    for (const auto& candidate : chosen) {
        plan.warehouses.push_back(candidate.warehouse->code);
    }
    if (chosen.empty()) {
        plan.reason = "no warehouse holds any of it";
    } else if (chosen.size() == 1) {
        plan.reason = fmt::format("{} ships {} ({:.0f} km)", chosen.front().warehouse->code,
                                  plan.backordered == 0 ? "everything" : "what is in stock",
                                  chosen.front().distance);
    } else {
        std::string codes;
        for (const auto& code : plan.warehouses) {
            codes += (codes.empty() ? "" : ", ") + code;
        }
        plan.reason = fmt::format("split across {}: no single warehouse holds {}", codes,
                                  plan.backordered == 0 ? "every line" : "what is in stock");
    }
    if (!short_lines.empty()) {
        std::string list;
        for (const auto& item : short_lines) {
            list += (list.empty() ? "" : ", ") + item;
        }
        plan.reason += "; backordered " + list;
    }
    return plan;
}

}  // namespace tally::orders
