// libFuzzer target for the body of POST /api/v1/stations/{code}/scans: any bytes give a scan or
// a 400's field list, never a crash; a scan decoded keeps within its limits.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tally/http/routes/request_decode.hpp"

#include "check.hpp"

namespace {

using tally::fuzz::check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(bytes), size);

    const auto scan = tally::http::decode_scan_request(input);
    if (!scan) {
        check(scan.error().code == tally::core::ErrorCode::invalid_argument);
        check(!scan.error().fields.empty());
        return 0;
    }
    check(scan->barcode.size() <= size);
    check(!scan->weight_g || (*scan->weight_g >= 0 && *scan->weight_g <= 1'000'000));
    check(!scan->scan_id || scan->scan_id->size() <= size);
    return 0;
}
