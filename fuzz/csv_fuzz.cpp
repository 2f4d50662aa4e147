// libFuzzer target for the CSV reader: any bytes give rows or a reason, never a crash; rows
// written back with csv_line read the same, unless csv_line defused them as formulas.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tally/core/csv.hpp"

#include "check.hpp"

namespace {

using tally::fuzz::check;

// csv_line changes these on purpose (a quote mark before a formula), and a row of one empty
// field is a blank line, which the reader skips: neither can come back as it was.
bool round_trips(const tally::core::CsvRow& row) {
    if (row.empty() || (row.size() == 1 && row.front().empty())) {
        return false;
    }
    for (const auto& field : row) {
        if (!field.empty() &&
            std::string_view("=+-@\t\r'").find(field.front()) != std::string_view::npos) {
            return false;
        }
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(bytes), size);

    const auto parsed = tally::core::parse_csv(input);
    if (!parsed.error.empty()) {
        check(parsed.rows.empty() || parsed.rows.size() <= size);
        return 0;
    }
    check(parsed.rows.size() <= size);
    if (parsed.rows.empty()) {
        return 0;
    }
    const tally::core::CsvHeader header(parsed.rows.front());
    std::vector<tally::core::CsvRow> kept;
    std::string written;
    for (const auto& row : parsed.rows) {
        for (const auto& name : header.names()) {
            check(header.get(row, name).size() <= size);
        }
        // A BOM at the start of the text is skipped, so a field that begins with one cannot be
        // the first thing written.
        const bool leads_with_bom = kept.empty() && row.front().starts_with("\xEF\xBB\xBF");
        if (round_trips(row) && !leads_with_bom) {
            written += tally::core::csv_line(row);
            kept.push_back(row);
        }
    }
    const auto again = tally::core::parse_csv(written);
    check(again.error.empty());
    check(again.rows == kept);
    return 0;
}
