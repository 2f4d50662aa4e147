#pragma once

#include <string>

#include "tally/core/error.hpp"

namespace tally::fulfillment {

// Where carton labels go: a thermal printer on the network. The fulfillment module owns
// this interface; integrations/ implements it (raw TCP to port 9100, as Zebra printers take).
class LabelPrinter {
  public:
    virtual ~LabelPrinter() = default;
    // Sends `zpl` to the printer at `address` ("host:port"). unavailable when the printer
    // cannot be reached or does not take the data in time.
    [[nodiscard]] virtual core::Status print(const std::string& address,
                                             const std::string& zpl) = 0;
};

}  // namespace tally::fulfillment
