#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/core/error.hpp"

namespace tally::core {

using CsvRow = std::vector<std::string>;

struct CsvParseResult {
    std::vector<CsvRow> rows;
    std::string error;  // empty when the text parsed; else the reason and line
};

// RFC 4180: comma-separated fields, double quotes around fields with commas, quotes or
// line breaks, "" for a quote inside them; CRLF or LF line ends; a UTF-8 BOM is skipped.
// Blank lines are skipped.
[[nodiscard]] CsvParseResult parse_csv(std::string_view text);

// Names every field of `rows` that is not valid UTF-8 ("rows/7/name", rows numbered as a
// spreadsheet shows them, the header being row 1; "columns/2" for a header name).
void check_utf8(const std::vector<CsvRow>& rows, FieldErrors& errors);

// One CSV line (with CRLF) for `fields`, quoting where needed. Fields that a spreadsheet
// would run as a formula (=, +, -, @ first) are prefixed with a quote mark.
[[nodiscard]] std::string csv_line(const std::vector<std::string>& fields);

// Column positions by header name, for reading rows by name.
class CsvHeader {
  public:
    explicit CsvHeader(const CsvRow& header);
    [[nodiscard]] std::optional<std::size_t> index(std::string_view name) const;
    // The field of `row` under `name`, or "" when the column or field is missing.
    [[nodiscard]] std::string_view get(const CsvRow& row, std::string_view name) const;
    [[nodiscard]] const CsvRow& names() const { return names_; }

  private:
    CsvRow names_;
};

}  // namespace tally::core
