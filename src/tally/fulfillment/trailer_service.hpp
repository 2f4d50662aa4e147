#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/events/bus.hpp"
#include "tally/fulfillment/fulfillment_events.hpp"
#include "tally/fulfillment/fulfillment_repo.hpp"
#include "tally/identity/user.hpp"
#include "tally/shipping/shipping_service.hpp"

namespace tally::fulfillment {

struct ManifestInput {
    std::string carrier;
    std::string warehouse;
};

struct Manifest {
    ManifestRow row;
    std::int64_t loaded = 0;
    std::vector<std::string> missing;  // SSCCs staged for the carrier and not loaded
};

// What left the building for one order on one trailer: its cartons and what each held.
struct ShippedCarton {
    std::string sscc;
    std::optional<std::string> tracking;
    std::vector<std::pair<std::string, std::int64_t>> items;  // SKU, units
};
struct Shipment {
    std::int64_t order_id = 0;
    std::int64_t manifest_id = 0;
    std::string warehouse;
    std::string carrier;  // code
    std::string carrier_name;
    std::string tracking_url;  // the carrier's template with {tracking}; may be empty
    std::vector<ShippedCarton> cartons;
};

// Trailers: a manifest per carrier and warehouse that load stations fill, closed when the
// trailer leaves; closing ships its orders and publishes OrderShipped for each.
class TrailerService {
  public:
    TrailerService(db::Database& db, const core::Clock& clock, shipping::ShippingService& shipping)
        : db_(db), clock_(clock), shipping_(shipping) {}
    // Where a closed trailer publishes OrderShipped; without it nobody is told.
    void set_events(events::Bus& events) { events_ = &events; }

    [[nodiscard]] core::Result<Manifest> create_manifest(const identity::Principal& actor,
                                                         const ManifestInput& input);
    // Reads take the actor: a user scoped to a warehouse reads only its trailers.
    [[nodiscard]] core::Result<Manifest> get_manifest(const identity::Principal& actor,
                                                      std::int64_t id);
    [[nodiscard]] core::Result<std::vector<Manifest>> list_manifests(
        const identity::Principal& actor, const std::optional<std::string>& warehouse,
        const std::optional<std::string>& status, std::int64_t after, int limit);
    // Closes the trailer and ships its orders; invalid_transition while staged cartons for
    // the carrier are not on it.
    [[nodiscard]] core::Result<Manifest> close_manifest(const identity::Principal& actor,
                                                        std::int64_t id);
    // The order's cartons that left on the trailer; not_found for an unknown order or trailer.
    [[nodiscard]] core::Result<Shipment> shipment(std::int64_t order, std::int64_t manifest);

  private:
    db::Database& db_;
    const core::Clock& clock_;
    shipping::ShippingService& shipping_;
    events::Bus* events_ = nullptr;
};

}  // namespace tally::fulfillment
