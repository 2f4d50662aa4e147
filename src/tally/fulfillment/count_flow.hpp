#pragma once

// The count station's rules, and the carton count a pack bench makes when the scale cannot
// tell the carton's lightest unit. Pure: the engine resolves the scan and loads the view.
//
// A count station: scan a bin that has open count tasks (the idle instruction names the
// oldest), then each unit in it (a case or a GS1 label with a count, AI 30/37, counts its
// units), then CMD-COUNTED. The count is blind: the books' quantity is never shown. The
// submit records each task's count (effect record_count): its variance becomes a stock
// adjustment with reason cycle_count, and the task is done.

#include <cstdint>

#include "tally/fulfillment/station.hpp"
#include "tally/inventory/cycle_count.hpp"

namespace tally::fulfillment {

// Units counted so far per product, as StationState::counted keeps them.
[[nodiscard]] std::int64_t counted_of(const StationState& state, std::int64_t product);
void add_counted(StationState& state, std::int64_t product, std::int64_t units);

[[nodiscard]] Decision judge_count(std::int64_t warehouse_id, const StationState& state,
                                   const CountView& view, const Scan& scan);
[[nodiscard]] Instruction count_instruction(const StationState& state, const CountView& view);
[[nodiscard]] Progress count_progress(const StationState& state, const CountView& view);

// The pack bench's carton count (step count_carton): each unit in the carton once, then
// CMD-COUNTED, which packs the carton with the weight accepted before (state.weighed). Short:
// count_short, and the step stays.
[[nodiscard]] Decision judge_carton_count(const StationState& state, const CartonView& carton,
                                          const Scan& scan);

}  // namespace tally::fulfillment
