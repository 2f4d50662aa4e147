#include "tally/http/message.hpp"

#include <boost/url/parse.hpp>

namespace tally::http {

namespace {

std::optional<std::string_view> find(const Fields& fields, std::string_view name) {
    for (const auto& [key, value] : fields) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == ' ') {
        text.remove_suffix(1);
    }
    return text;
}

}  // namespace

std::optional<std::string_view> Request::header(std::string_view name) const {
    return find(headers, name);
}

std::optional<std::string_view> Request::query_param(std::string_view name) const {
    return find(query, name);
}

std::optional<std::string_view> Request::param(std::string_view name) const {
    return find(params, name);
}

std::optional<std::string> Request::cookie(std::string_view name) const {
    const auto value = header("cookie");
    if (!value) {
        return std::nullopt;
    }
    std::string_view rest = *value;
    while (!rest.empty()) {
        const auto end = rest.find(';');
        const std::string_view pair = trim(rest.substr(0, end));
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
            return std::string(pair.substr(eq + 1));
        }
        if (end == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(end + 1);
    }
    return std::nullopt;
}

bool parse_target(std::string_view target, std::string& path, Fields& query) {
    const auto url = boost::urls::parse_origin_form(target);
    if (!url) {
        return false;
    }
    path = url->path();
    query.clear();
    for (const auto& param : url->params()) {
        query.emplace_back(param.key, param.has_value ? param.value : std::string());
    }
    return true;
}

}  // namespace tally::http
