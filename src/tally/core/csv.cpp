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

std::string csv_line(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            out.push_back(',');
        }
        std::string value = fields[i];
        if (!value.empty() &&
            (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@')) {
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
