#pragma once

#include <chrono>

#include "tally/fulfillment/label_printer.hpp"

namespace tally::integrations {

// A label printer reached by raw TCP ("JetDirect", port 9100): connect, write the ZPL,
// close. Each step has a deadline, so a printer that is off never holds a worker long.
class RawTcpPrinter final : public fulfillment::LabelPrinter {
  public:
    explicit RawTcpPrinter(std::chrono::milliseconds timeout = std::chrono::seconds(5))
        : timeout_(timeout) {}

    [[nodiscard]] core::Status print(const std::string& address, const std::string& zpl) override;

  private:
    std::chrono::milliseconds timeout_;
};

}  // namespace tally::integrations
