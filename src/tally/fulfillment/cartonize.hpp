#pragma once

// Which cartons an order's units go into, and what a packed carton should weigh. Pure rules.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally::fulfillment {

// Units of one product to pack: their size (mm) and weight (g).
struct PackItem {
    std::int64_t product_id = 0;
    int length_mm = 0;
    int width_mm = 0;
    int height_mm = 0;
    int weight_g = 0;
    std::int64_t quantity = 0;
};

// A box type the packers can use.
struct Box {
    std::int64_t id = 0;
    std::string code;
    int length_mm = 0;
    int width_mm = 0;
    int height_mm = 0;
    int tare_g = 0;
    int max_load_g = 0;
};

struct PlannedCarton {
    std::optional<std::int64_t> box_id;  // empty: the units ship in their own packaging
    std::string box_code;
    int tare_g = 0;
    std::vector<std::pair<std::int64_t, std::int64_t>> items;  // product id, units
    int contents_weight_g = 0;
};

struct CartonizeOptions {
    int padding_mm = 10;    // free space around the contents on each axis
    int fill_percent = 85;  // of the inside volume (after padding) the units may take
};

// Packs the units into as few and as small boxes as it can: the smallest box (by volume)
// that holds everything when one does; otherwise the biggest box is filled with the largest
// units first and the rest is planned again. A unit fits a box when its sides, sorted, fit
// the box's sorted inside sides less padding, and the box's volume and load limits hold.
// A unit that fits no box ships alone in its own packaging (box_id empty).
[[nodiscard]] std::vector<PlannedCarton> cartonize(std::vector<PackItem> items,
                                                   std::vector<Box> boxes,
                                                   const CartonizeOptions& options);

// The weighing rule: the scale must read within the larger of `percent` of the expected
// weight and `min_g` either side of it.
struct WeightTolerance {
    int percent = 5;
    int min_g = 30;
};

struct WeightRange {
    int expected_g = 0;
    int min_g = 0;
    int max_g = 0;
    [[nodiscard]] bool contains(int weight_g) const {
        return weight_g >= min_g && weight_g <= max_g;
    }
};

[[nodiscard]] WeightRange weight_range(int expected_g, const WeightTolerance& tolerance);

}  // namespace tally::fulfillment
