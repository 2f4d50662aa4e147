#pragma once

// The parts of a scan read inside its transaction, shared by the engine and the station
// reads. Private to the module.

#include <cstdint>
#include <optional>
#include <string>

#include "tally/catalog/catalog_service.hpp"
#include "tally/db/database.hpp"
#include "tally/fulfillment/settings.hpp"
#include "tally/fulfillment/station.hpp"
#include "tally/fulfillment/station_service.hpp"

namespace tally::fulfillment {

// The view of the job a station has in hand, read inside the scan's transaction. With
// `earlier`, the view read before this scan's effects, what those effects cannot change (the
// pack job's carrier, the trailer's carrier) is taken from it instead of read again.
[[nodiscard]] StationView load_view(db::Tx& tx, StationKind kind, std::int64_t warehouse,
                                    const StationState& state, const FulfillmentSettings& settings,
                                    core::TimestampMs now, const StationView* earlier = nullptr);

// What the scanned code names, with the facts the rules need.
[[nodiscard]] Scan resolve(db::Tx& tx, std::int64_t station, std::int64_t warehouse,
                           const ScanInput& input, const StationState& state,
                           const std::optional<TallyLabel>& label,
                           const std::optional<std::string>& sscc,
                           const std::optional<catalog::ResolvedScan>& product, bool has_carrier);

}  // namespace tally::fulfillment
