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
    const auto& in = scan->input;
    check(in.barcode.size() <= size);
    check(!in.weight_g || (*in.weight_g >= 0 && *in.weight_g <= 1'000'000));
    check(!in.scan_id || in.scan_id->size() <= size);
    check(!in.reason || in.reason->size() <= size);
    check(!scan->supervisor || scan->supervisor->username.size() <= size);
    return 0;
}
