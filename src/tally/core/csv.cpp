#include "tally/core/csv.hpp"

namespace tally::core {

CsvParseResult parse_csv(std::string_view text) {
    CsvParseResult result;
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
    }
    CsvRow row;
    std::string field;
    bool quoted = false;  // inside a quoted field
    bool field_started = false;
    int line = 1;
    auto end_row = [&] {
        if (field_started || !row.empty()) {
            row.push_back(std::move(field));
            result.rows.push_back(std::move(row));
        }
        row = {};
        field = {};
        field_started = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field.push_back('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') {
                    ++line;
                }
                field.push_back(c);
            }
            continue;
        }
        if (c == '"') {
            if (!field.empty()) {
                result.error =
                    "line " + std::to_string(line) + ": a quote inside an unquoted field";
                return result;
            }
            quoted = true;
            field_started = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field = {};
            field_started = true;
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
            end_row();
            ++line;
        } else {
            field.push_back(c);
            field_started = true;
        }
    }
    if (quoted) {
        result.error = "line " + std::to_string(line) + ": a quoted field is not closed";
        return result;
    }
    end_row();
    return result;
}

namespace {

// Well-formed UTF-8 as RFC 3629 has it: no overlong forms, no surrogates, nothing past U+10FFFF.
bool valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            low = c == 0xE0 ? 0xA0 : 0x80;
            high = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            low = c == 0xF0 ? 0x90 : 0x80;
            high = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return false;
        }
        if (i + length > text.size()) {
            return false;
        }
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) {
                return false;
            }
        }
        i += length;
    }
    return true;
}

}  // namespace

void check_utf8(const std::vector<CsvRow>& rows, FieldErrors& errors) {
    if (rows.empty()) {
        return;
    }
    const auto& header = rows.front();
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (!valid_utf8(header[c])) {
            errors.add("columns/" + std::to_string(c + 1), "not valid UTF-8");
        }
    }
    if (!errors.empty()) {
        return;  // the rows' errors would be named after these columns
    }
    const CsvHeader names(header);
    for (std::size_t r = 1; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            if (!valid_utf8(rows[r][c])) {
                const auto column =
                    c < names.names().size() ? names.names()[c] : std::to_string(c + 1);
                errors.add("rows/" + std::to_string(r + 1) + "/" + column, "not valid UTF-8");
            }
        }
    }
}

std::string csv_line(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            out.push_back(',');
        }
        std::string value = fields[i];
        // OWASP's formula starts: a spreadsheet skips a leading TAB or CR and runs the rest.
        if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' ||
                               value[0] == '@' || value[0] == '\t' || value[0] == '\r')) {
            // Numbers stay numbers; anything else starting like a formula is defused.
            const bool number = value.find_first_not_of("+-0123456789.") == std::string::npos;
            if (!number) {
                value = "'" + value;
            }
        }
        if (value.find_first_of(",\"\r\n") != std::string::npos) {
            std::string quoted = "\"";
            for (const char c : value) {
                if (c == '"') {
                    quoted.push_back('"');
                }
                quoted.push_back(c);
            }
            quoted.push_back('"');
            value = std::move(quoted);
        }
        out += value;
    }
    out += "\r\n";
    return out;
}

CsvHeader::CsvHeader(const CsvRow& header) : names_(header) {
    for (auto& name : names_) {
        while (!name.empty() && name.back() == ' ') {
            name.pop_back();
        }
        while (!name.empty() && name.front() == ' ') {
            name.erase(0, 1);
        }
    }
}

std::optional<std::size_t> CsvHeader::index(std::string_view name) const {
    for (std::size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == name) {
            return i;
        }
    }
    return std::nullopt;
}

std::string_view CsvHeader::get(const CsvRow& row, std::string_view name) const {
    const auto i = index(name);
    if (!i || *i >= row.size()) {
        return {};
    }
    return row[*i];
}

}  // namespace tally::core
