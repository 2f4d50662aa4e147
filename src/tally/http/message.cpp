#include "tally/http/message.hpp"

#include <algorithm>

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

bool plain(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '/';
}

// A target that needs no decoding: a path and, if any, a query of non-empty name=value or
// name items, all in unreserved characters. Split here; everything else goes to Boost.URL.
bool parse_plain_target(std::string_view target, std::string& path, Fields& query) {
    const auto mark = target.find('?');
    const auto path_part = target.substr(0, mark);
    if (path_part.empty() || path_part.front() != '/' || !std::ranges::all_of(path_part, plain)) {
        return false;
    }
    Fields params;
    if (mark != std::string_view::npos) {
        std::string_view rest = target.substr(mark + 1);
        do {
            const auto end = rest.find('&');
            const auto item = rest.substr(0, end);
            const auto eq = item.find('=');
            const auto name = item.substr(0, eq);
            const auto value =
                eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
            if (name.empty() || !std::ranges::all_of(name, plain) ||
                !std::ranges::all_of(value, plain)) {
                return false;
            }
            params.emplace_back(std::string(name), std::string(value));
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
            if (end != std::string_view::npos && rest.empty()) {
                return false;  // a trailing '&'
            }
        } while (!rest.empty());
    }
    path = path_part;
    query = std::move(params);
    return true;
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

std::optional<std::string_view> Request::cookie(std::string_view name) const {
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
            return pair.substr(eq + 1);
        }
        if (end == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(end + 1);
    }
    return std::nullopt;
}

bool parse_target(std::string_view target, std::string& path, Fields& query) {
    if (parse_plain_target(target, path, query)) {
        return true;
    }
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
