#include "tally/fulfillment/cartonize.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace tally::fulfillment {

namespace {

using Sides = std::array<std::int64_t, 3>;

Sides sorted_sides(std::int64_t a, std::int64_t b, std::int64_t c) {
    Sides sides{a, b, c};
    std::ranges::sort(sides);
    return sides;
}

std::int64_t volume(const Sides& sides) {
    return sides[0] * sides[1] * sides[2];
}

struct Unit {
    std::int64_t product_id = 0;
    Sides sides{};
    int weight_g = 0;
};

struct Space {
    Sides inner{};
    std::int64_t capacity = 0;  // mm³ the units may take
    int max_load_g = 0;
};

Space space_of(const Box& box, const CartonizeOptions& options) {
    const auto inner = sorted_sides(std::max(0, box.length_mm - options.padding_mm),
                                    std::max(0, box.width_mm - options.padding_mm),
                                    std::max(0, box.height_mm - options.padding_mm));
    return Space{inner, volume(inner) * options.fill_percent / 100, box.max_load_g};
}

bool unit_fits(const Unit& unit, const Space& space) {
    return unit.sides[0] <= space.inner[0] && unit.sides[1] <= space.inner[1] &&
           unit.sides[2] <= space.inner[2] && unit.weight_g <= space.max_load_g &&
           volume(unit.sides) <= space.capacity;
}

bool all_fit(const std::vector<Unit>& units, const Space& space) {
    std::int64_t used = 0;
    std::int64_t weight = 0;
    for (const auto& unit : units) {
        if (!unit_fits(unit, space)) {
            return false;
        }
        used += volume(unit.sides);
        weight += unit.weight_g;
    }
    return used <= space.capacity && weight <= space.max_load_g;
}

PlannedCarton carton_of(const std::vector<Unit>& units, const Box* box) {
    PlannedCarton carton;
    if (box != nullptr) {
        carton.box_id = box->id;
        carton.box_code = box->code;
        carton.tare_g = box->tare_g;
    }
    std::map<std::int64_t, std::int64_t> counts;
    for (const auto& unit : units) {
        ++counts[unit.product_id];
        carton.contents_weight_g += unit.weight_g;
    }
    carton.items.assign(counts.begin(), counts.end());
    return carton;
}

}  // namespace

std::vector<PlannedCarton> cartonize(std::vector<PackItem> items, std::vector<Box> boxes,
                                     const CartonizeOptions& options) {
    std::vector<Unit> units;
    for (const auto& item : items) {
        for (std::int64_t i = 0; i < item.quantity; ++i) {
            units.push_back(Unit{item.product_id,
                                 sorted_sides(item.length_mm, item.width_mm, item.height_mm),
                                 item.weight_g});
        }
    }
    // Largest first, so the big units claim space before the small ones fill the gaps.
    std::ranges::stable_sort(
        units, [](const Unit& a, const Unit& b) { return volume(a.sides) > volume(b.sides); });
    std::ranges::stable_sort(boxes, [](const Box& a, const Box& b) {
        return volume(sorted_sides(a.length_mm, a.width_mm, a.height_mm)) <
               volume(sorted_sides(b.length_mm, b.width_mm, b.height_mm));
    });

    std::vector<PlannedCarton> cartons;
    std::vector<Unit> alone;
    std::vector<Unit> rest;
    for (const auto& unit : units) {
        const bool fits_any = std::ranges::any_of(
            boxes, [&](const Box& box) { return unit_fits(unit, space_of(box, options)); });
        (fits_any ? rest : alone).push_back(unit);
    }
    while (!rest.empty()) {
        const auto whole = std::ranges::find_if(
            boxes, [&](const Box& box) { return all_fit(rest, space_of(box, options)); });
        if (whole != boxes.end()) {
            cartons.push_back(carton_of(rest, &*whole));
            break;
        }
        // No box takes everything: fill the biggest box that takes the largest unit left.
        const Box* chosen = nullptr;
        for (auto it = boxes.rbegin(); it != boxes.rend(); ++it) {
            if (unit_fits(rest.front(), space_of(*it, options))) {
                chosen = &*it;
                break;
            }
        }
        const auto space = space_of(*chosen, options);
        std::vector<Unit> inside;
        std::vector<Unit> left;
        std::int64_t used = 0;
        std::int64_t weight = 0;
        for (const auto& unit : rest) {
            if (unit_fits(unit, space) && used + volume(unit.sides) <= space.capacity &&
                weight + unit.weight_g <= space.max_load_g) {
                used += volume(unit.sides);
                weight += unit.weight_g;
                inside.push_back(unit);
            } else {
                left.push_back(unit);
            }
        }
        // Smallest box that still holds what went into the big one.
        const auto snug = std::ranges::find_if(
            boxes, [&](const Box& box) { return all_fit(inside, space_of(box, options)); });
        cartons.push_back(carton_of(inside, &*snug));
        rest = std::move(left);
    }
    for (const auto& unit : alone) {
        cartons.push_back(carton_of({unit}, nullptr));
    }
    return cartons;
}

WeightRange weight_range(int expected_g, const WeightTolerance& tolerance) {
    const int by_percent =
        static_cast<int>((static_cast<std::int64_t>(expected_g) * tolerance.percent + 99) / 100);
    const int slack = std::max(by_percent, tolerance.min_g);
    return WeightRange{expected_g, std::max(0, expected_g - slack), expected_g + slack};
}

}  // namespace tally::fulfillment
