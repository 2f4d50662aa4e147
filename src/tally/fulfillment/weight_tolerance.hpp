#pragma once

#include <optional>

#include "tally/fulfillment/cartonize.hpp"

namespace tally::fulfillment {

// What a carton's weighing allows: the range, and whether the scale can see its lightest unit.
struct CartonWeighing {
    WeightRange range;
    int tolerance_g = 0;          // ± around the expected weight
    int floor_g = 0;              // the narrowest tolerance the scale supports: 2 × its precision
    bool count_required = false;  // the lightest unit cannot be told apart: count the contents
};

// The default stated precision of the pack scale: a reading is within ± this of the truth.
inline constexpr int kDefaultScalePrecisionG = 2;
inline constexpr int kMaxScalePrecisionG = 1000;

// The tolerance of one carton. The wanted tolerance (the larger of percent of the expected
// weight and min_g, which absorbs units that weigh a little more or less than stated) is
// narrowed to half the lightest unit in the carton, so that leaving one out always shows,
// and never narrower than twice the scale's precision, which is what the scale can tell apart.
// When half the lightest unit is below that floor (or a unit has no weight), the tolerance
// is the floor and count_required says that weighing cannot see that unit missing.
// An empty carton (no lightest unit) gets the wanted tolerance, at least the floor.
[[nodiscard]] CartonWeighing carton_weighing(int expected_g, std::optional<int> lightest_unit_g,
                                             const WeightTolerance& wanted, int scale_precision_g);

}  // namespace tally::fulfillment
