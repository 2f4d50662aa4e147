#pragma once

#include <string>
#include <string_view>

#include "tally/core/error.hpp"

namespace tally::shipping {

enum class Symbology { code128, gs1_128, qr };

// A barcode as the bytes of a PNG file (8-bit greyscale, human-readable text under linear
// codes), drawn by libzint in memory: no temporary files. GS1-128 takes the AIs in brackets
// as printed, "(00)106141411234567897", or as zint wants them, "[00]...".
// invalid_argument naming "data", with zint's reason, when the data cannot be encoded in
// that symbology (a bad GS1 string, too long, empty).
[[nodiscard]] core::Result<std::string> barcode_png(std::string_view data, Symbology symbology);

}  // namespace tally::shipping
