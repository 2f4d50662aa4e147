#include "tally/fulfillment/weight_tolerance.hpp"

#include <algorithm>

namespace tally::fulfillment {

CartonWeighing carton_weighing(int expected_g, std::optional<int> lightest_unit_g,
                               const WeightTolerance& wanted, int scale_precision_g) {
    const WeightRange flat = weight_range(expected_g, wanted);
    const int floor_g = 2 * std::clamp(scale_precision_g, 1, kMaxScalePrecisionG);
    int tolerance = std::max(flat.max_g - expected_g, floor_g);
    bool count_required = false;
    if (lightest_unit_g) {
        // Half a unit w, rounded down, and at least 2p: a reading of the carton without that
        // unit is at most E - w + p, so it is refused (w - p > w / 2 holds for any w > 2p), and a
        // reading of the whole carton, within ±p, is accepted.
        const int cap = std::max(*lightest_unit_g, 0) / 2;
        if (cap < floor_g) {
            tolerance = floor_g;
            count_required = true;
        } else {
            tolerance = std::min(tolerance, cap);
        }
    }
    return CartonWeighing{.range = WeightRange{expected_g, std::max(0, expected_g - tolerance),
                                               expected_g + tolerance},
                          .tolerance_g = tolerance,
                          .floor_g = floor_g,
                          .count_required = count_required};
}

}  // namespace tally::fulfillment
