#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/fulfillment/fulfillment_repo.hpp"
#include "tally/fulfillment/label_printer.hpp"
#include "tally/identity/user.hpp"

namespace tally::fulfillment {

// Cartons as packed: their labels (ZPL, PNG, sent to a printer) and the packing slip. A user
// scoped to a warehouse reads only its cartons.
class CartonService {
  public:
    CartonService(db::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

    [[nodiscard]] core::Result<CartonRow> get_carton(const identity::Principal& actor,
                                                     std::int64_t id);
    [[nodiscard]] core::Result<std::vector<CartonRow>> list_cartons(
        const identity::Principal& actor, std::optional<std::int64_t> order,
        std::optional<std::int64_t> manifest);
    // The carton label as ZPL for thermal printers, or as a PNG of its SSCC barcode.
    [[nodiscard]] core::Result<std::string> carton_label_zpl(const identity::Principal& actor,
                                                             std::int64_t id);
    [[nodiscard]] core::Result<std::string> carton_label_png(const identity::Principal& actor,
                                                             std::int64_t id);
    // Sends the carton's ZPL label to `printer`, the code of an active printer registered for
    // the carton's warehouse: not_found for the carton; invalid_argument (field printer), the
    // same for an unknown, another warehouse's or an inactive printer; unavailable, without
    // detail, when the printer does not take the label. Returns the bytes sent.
    [[nodiscard]] core::Result<std::size_t> print_label(const identity::Principal& actor,
                                                        std::int64_t id,
                                                        const std::string& printer);
    void set_printer(LabelPrinter& printer) { printer_ = &printer; }
    // Plain-text packing slip: the order, its cartons and what each holds.
    [[nodiscard]] core::Result<std::string> packing_slip(const identity::Principal& actor,
                                                         std::int64_t order);

  private:
    db::Database& db_;
    const core::Clock& clock_;
    LabelPrinter* printer_ = nullptr;
};

}  // namespace tally::fulfillment
