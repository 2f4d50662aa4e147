#include "tally/http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace tally::http {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> segments;
    std::size_t start = 0;
    while (start < path.size()) {
        if (path[start] == '/') {
            ++start;
            continue;
        }
        const std::size_t end = std::min(path.find('/', start), path.size());
        segments.push_back(path.substr(start, end - start));
        start = end;
    }
    return segments;
}

bool is_param(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

bool Route::allows(identity::Role role) const {
    return is_public || std::ranges::find(roles, role) != roles.end();
}

void Router::add(Route route) {
    for (const auto& existing : routes_) {
        if (existing.method == route.method && existing.pattern == route.pattern) {
            throw std::logic_error("route registered twice: " + route.label());
        }
    }
    Compiled compiled;
    for (const auto segment : split_path(route.pattern)) {
        compiled.segments.emplace_back(segment);
        compiled.is_param.push_back(is_param(segment));
        compiled.params += compiled.is_param.back() ? 1 : 0;
    }
    if (compiled.params == 0) {
        literal_[route.pattern].push_back(routes_.size());
    }
    routes_.push_back(std::move(route));
    compiled_.push_back(std::move(compiled));
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
    RouteMatch result;
    // A route without parameters that matches the path as written wins over any other.
    if (const auto literal = literal_.find(path); literal != literal_.end()) {
        for (const auto i : literal->second) {
            if (routes_[i].method == method) {
                result.kind = RouteMatch::Kind::found;
                result.route = &routes_[i];
                return result;
            }
        }
    }
    const auto segments = split_path(path);
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        const auto& compiled = compiled_[i];
        if (compiled.segments.size() != segments.size()) {
            continue;
        }
        bool matched = true;
        for (std::size_t s = 0; s < segments.size() && matched; ++s) {
            matched = compiled.is_param[s] || compiled.segments[s] == segments[s];
        }
        if (!matched) {
            continue;
        }
        if (routes_[i].method != method && !(method == "HEAD" && routes_[i].method == "GET")) {
            result.allowed_methods.push_back(routes_[i].method);
            continue;
        }
        // The match with the fewest parameters wins, so /users/me beats /users/{name}.
        if (result.kind == RouteMatch::Kind::found && compiled.params >= result.params.size()) {
            continue;
        }
        result.kind = RouteMatch::Kind::found;
        result.route = &routes_[i];
        result.params.clear();
        for (std::size_t s = 0; s < segments.size(); ++s) {
            if (compiled.is_param[s]) {
                const auto& name = compiled.segments[s];
                result.params.emplace_back(name.substr(1, name.size() - 2),
                                           std::string(segments[s]));
            }
        }
    }
    if (result.kind != RouteMatch::Kind::found && !result.allowed_methods.empty()) {
        result.kind = RouteMatch::Kind::wrong_method;
    }
    return result;
}

}  // namespace tally::http
