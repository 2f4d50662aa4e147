#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tally/http/message.hpp"
#include "tally/identity/user.hpp"

namespace tally::http {

// What a handler knows besides the request: who is asking (absent on public routes).
struct RequestContext {
    std::optional<identity::Principal> principal;

    // The signed-in user; only called on routes that require one.
    [[nodiscard]] const identity::Principal& user() const { return *principal; }
};

using RouteHandler = std::function<Response(Request&, const RequestContext&)>;
// Answers from memory on the I/O thread when it can; never blocks, never touches the
// database. nullopt sends the request to `handler` on the workers, as if it were not there.
using FastHandler = std::function<std::optional<Response>(Request&, const RequestContext&)>;

inline const std::vector<identity::Role> kAnyRole(identity::kAllRoles.begin(),
                                                  identity::kAllRoles.end());

// One endpoint: method, path pattern with {name} parameters, who may call it, and how.
struct Route {
    std::string method;
    std::string pattern;
    std::vector<identity::Role> roles;  // who may call it; ignored when is_public
    bool is_public = false;
    // Cheap and never touches the database: answered on the I/O thread, not the worker pool.
    bool inline_io = false;
    std::string summary;
    RouteHandler handler;
    FastHandler fast;  // optional

    [[nodiscard]] bool allows(identity::Role role) const;
    [[nodiscard]] std::string label() const { return method + " " + pattern; }
};

struct RouteMatch {
    enum class Kind { found, no_path, wrong_method };
    Kind kind = Kind::no_path;
    const Route* route = nullptr;
    Fields params;
    std::vector<std::string> allowed_methods;  // for 405 answers
};

// Matches requests to routes by method and path segments.
class Router {
  public:
    // Throws std::logic_error on a duplicate method and pattern: a programming mistake.
    void add(Route route);
    [[nodiscard]] RouteMatch match(std::string_view method, std::string_view path) const;
    [[nodiscard]] const std::vector<Route>& routes() const { return routes_; }

  private:
    struct Compiled {
        std::vector<std::string> segments;  // "{name}" marks a parameter
        std::vector<bool> is_param;
        std::size_t params = 0;
    };
    struct PathHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view path) const noexcept {
            return std::hash<std::string_view>{}(path);
        }
    };
    std::vector<Route> routes_;
    std::vector<Compiled> compiled_;
    // Routes without parameters by their pattern: most requests are found here at once.
    std::unordered_map<std::string, std::vector<std::size_t>, PathHash, std::equal_to<>> literal_;
};

}  // namespace tally::http
